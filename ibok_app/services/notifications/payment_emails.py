"""The e-mail receipt of an online payment (§9 g), sent through the outbox when the
gateway confirmed it; rendered in the branded layout of notifications/emails.py."""
from __future__ import annotations

from ibok_app import routes
from ibok_app.config import settings
from ibok_app.services.notifications.emails import Email, render
from ibok_app.views.formats import money


def payment_receipt_email(*, order_id: str, amount_gr: int, fee_gr: int, documents: list[str],
                          overpayment_gr: int) -> Email:
    url = settings().public_url + routes.PAYMENTS
    lines = [
        "Dzień dobry,",
        "",
        f"zaksięgowaliśmy Twoją płatność internetową {order_id} na kwotę {money(amount_gr)}.",
    ]
    if fee_gr:
        lines.append(f"Opłata za płatność: {money(fee_gr)}.")
    if documents:
        lines.append("Opłacone dokumenty: " + ", ".join(documents) + ".")
    if overpayment_gr:
        lines.append(f"Nadpłata {money(overpayment_gr)} zostanie zaliczona na poczet kolejnych należności.")
    lines += ["", "Historię płatności znajdziesz w IBOK w zakładce „Płatności”:", url]
    return render(f"IBOK {settings().company.short_name}: potwierdzenie płatności {order_id}", lines, url)
