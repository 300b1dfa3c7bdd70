"""The built-in payment gateway simulator's pages, at /symulator-platnosci.

It stands where Autopay's `{gateway}/payment` would, with the same protocol and the
configured ServiceID and key: it checks the start form's hash (a wrong one gets the
gateway's error page), shows the amount with "Zapłać" and "Odrzuć", sends the ITN to
the portal (integrations/payment_simulator.py, retried until CONFIRMED) and sends
the browser back to the return URL with its hash. Mounted only while no real
gateway is configured (IBOK_PAYMENT_GATEWAY_URL) and the simulator is allowed.
"""
from __future__ import annotations

from html import escape
from urllib.parse import parse_qs, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ibok_app import routes
from ibok_app.api.payment_notifications import BodyTooLarge, read_body
from ibok_app.bootstrap import integrations
from ibok_app.config import settings
from ibok_app.integrations.autopay import CURRENCY, START_FIELDS, amount_grosze, return_hash, start_hash_ok
from ibok_app.integrations.payment_simulator import SimulatedPayment, notify_in_background
from ibok_app.views.formats import money

MAX_FORM_BYTES = 8 * 1024
FORM_FIELDS = (*START_FIELDS, "Hash")

_STYLE = """
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b2430;background:#eef1f5;line-height:1.5}
header{background:#2b2d42;color:#fff;padding:.8rem 1rem}header p{margin:0;font-weight:700}
main{max-width:520px;margin:1.5rem auto;padding:0 1rem}
.box{background:#fff;border:1px solid #c9d2dc;border-radius:8px;padding:1.25rem}
.note{background:#fff6dc;border:1px solid #e0c36a;border-radius:8px;padding:.75rem 1rem;margin-bottom:1rem}
.error{background:#fdecec;border:1px solid #a4161a;border-radius:8px;padding:.75rem 1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem;margin:0 0 1rem}dt{color:#4a5563}dd{margin:0;word-break:break-word}
.amount{font-size:1.6rem;font-weight:700}
.actions{display:flex;flex-wrap:wrap;gap:.75rem}
button{min-height:44px;padding:.6rem 1.4rem;font:inherit;font-weight:600;border-radius:6px;cursor:pointer;border:2px solid #17663a;background:#17663a;color:#fff}
button.reject{background:#fff;color:#a4161a;border-color:#a4161a}
:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
"""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (f'<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} — symulator płatności</title><style>{_STYLE}</style></head><body>"
            f"<header><p>Symulator bramki płatności (protokół Autopay)</p></header>"
            f"<main><h1>{escape(title)}</h1>{body}</main></body></html>")
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _error(text: str) -> HTMLResponse:
    return _page("Błąd transakcji", f'<p class="error" role="alert">{escape(text)}</p>', status=400)


async def _form(request: Request) -> dict[str, str] | None:
    try:
        raw = (await read_body(request, MAX_FORM_BYTES)).decode("utf-8")
        parsed = parse_qs(raw, max_num_fields=30)
    except (BodyTooLarge, UnicodeDecodeError, ValueError):
        return None
    return {k: v[0] for k, v in parsed.items() if k in (*FORM_FIELDS, "decision") and v}


def _checked(form: dict[str, str] | None) -> str:
    """Why the gateway refuses this start form ("" when it accepts it)."""
    gateway = integrations().payments
    if not form or form.get("ServiceID") != gateway.service_id:
        return "Nieznany serwis (ServiceID). Transakcja nie została rozpoczęta."
    if not start_hash_ok(form, gateway.shared_key):
        return "Nieprawidłowy podpis transakcji (Hash). Transakcja nie została rozpoczęta."
    if amount_grosze(form.get("Amount")) is None or form.get("Currency", CURRENCY) != CURRENCY \
            or not form.get("OrderID"):
        return "Nieprawidłowe dane transakcji. Transakcja nie została rozpoczęta."
    return ""


def _hidden(form: dict[str, str]) -> str:
    return "".join(f'<input type="hidden" name="{name}" value="{escape(form[name], quote=True)}">'
                   for name in FORM_FIELDS if name in form)


async def start(request: Request) -> Response:
    """POST {gateway}/payment: the customer arrives with the start form."""
    form = await _form(request)
    problem = _checked(form)
    if problem:
        return _error(problem)
    amount = money(amount_grosze(form["Amount"]))
    company = escape(settings().company.name)
    body = (
        '<p class="note">To jest symulator do prób i pokazów: żadne pieniądze nie zostaną pobrane.</p>'
        '<div class="box">'
        f'<dl><dt>Odbiorca</dt><dd>{company}</dd>'
        f'<dt>Tytuł</dt><dd>{escape(form.get("Description", ""))}</dd>'
        f'<dt>Numer transakcji</dt><dd>{escape(form["OrderID"])}</dd>'
        f'<dt>Kwota</dt><dd class="amount">{escape(amount)}</dd></dl>'
        f'<form method="post" action="{routes.PAYMENT_SIMULATOR}/decyzja">{_hidden(form)}'
        '<div class="actions"><button type="submit" name="decision" value="pay">Zapłać</button>'
        '<button type="submit" name="decision" value="reject" class="reject">Odrzuć</button></div>'
        "</form></div>"
    )
    return _page("Płatność za należność", body)


async def decide(request: Request) -> Response:
    """The customer pressed "Zapłać" or "Odrzuć": the ITN follows, the browser goes back."""
    form = await _form(request)
    problem = _checked(form)
    if problem or form.get("decision") not in ("pay", "reject"):
        return _error(problem or "Nie wybrano, czy zapłacić.")
    cfg, gateway = settings(), integrations().payments
    notify_in_background(gateway, cfg.public_url + routes.PAYMENT_ITN, SimulatedPayment(
        order_id=form["OrderID"], amount_gr=amount_grosze(form["Amount"]), currency=form.get("Currency", CURRENCY),
        status="SUCCESS" if form["decision"] == "pay" else "FAILURE"))
    query = urlencode({"ServiceID": gateway.service_id, "OrderID": form["OrderID"],
                       "Hash": return_hash(gateway.service_id, form["OrderID"], gateway.shared_key)})
    return RedirectResponse(f"{cfg.public_url}{routes.PAYMENT_RETURN}?{query}", status_code=303)


def simulator_routes() -> list[Route]:
    """The simulator's routes, or none when a real gateway is configured or it is not allowed."""
    payments = settings().payments
    if not (payments.simulated and payments.simulator_allowed):
        return []
    return [Route(f"{routes.PAYMENT_SIMULATOR}/payment", start, methods=["POST"]),
            Route(f"{routes.PAYMENT_SIMULATOR}/decyzja", decide, methods=["POST"])]
