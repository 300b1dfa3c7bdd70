"""Polish e-mail templates for the account lifecycle, and the one layout every
e-mail of the portal is rendered with (`render`).

Each function returns (subject, text, html): the plain text is the message, the
HTML the same content in the company's branded layout (`layout`). The HTML is built
for mail clients: tables for the layout, inline styles only (clients drop <style>
and classes), at most 600 px wide, and every value HTML-escaped.
"""
from __future__ import annotations

from datetime import datetime
from html import escape

from ibok_app import routes
from ibok_app.config import settings
from ibok_app.views.formats import count_pl, datetime_pl

Email = tuple[str, str, str]

# Colours: text #1b2430 on white (15.6:1), white on the accent #0b4f8a (8.4:1),
# links in the accent on white (8.4:1) and always underlined.
TEXT_COLOUR = "#1b2430"
ACCENT = "#0b4f8a"
PAGE_BACKGROUND = "#eef1f5"  # around the 600 px column (nothing is written on it)
RULE = "#c9d1db"
MAX_WIDTH = 600
_FONT = "font-family:Arial,Helvetica,sans-serif;"
AUTOMATIC_NOTE = ("Wiadomość wysłana automatycznie przez Internetowe Biuro Obsługi Klienta (IBOK). "
                  "Prosimy na nią nie odpowiadać.")


def hours_text(n: int) -> str:
    """"48 godzin", "24 godziny", "1 godzinę" (accusative: "ważny przez …")."""
    return count_pl(n, "godzinę", "godziny", "godzin")


def _text_footer() -> list[str]:
    c = settings().company
    return ["", "Pozdrawiamy", c.name, c.address, f"tel. {c.phone}, e-mail: {c.email}", "", AUTOMATIC_NOTE]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _link(url: str) -> str:
    safe = _e(url)
    return (f'<a href="{safe}" style="color:{ACCENT};text-decoration:underline;word-break:break-all;">'
            f"{safe}</a>")


def _paragraphs(lines: list[str], link: str | None) -> str:
    """Lines between blank lines form one paragraph (lines joined by <br>); a line equal
    to `link` becomes a link."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(_link(line) if link and line == link else _e(line))
        elif blocks[-1]:
            blocks.append([])
    style = f"margin:0 0 16px;{_FONT}font-size:16px;line-height:24px;color:{TEXT_COLOUR};"
    return "\n".join(f'<p style="{style}">' + "<br>".join(block) + "</p>" for block in blocks if block)


def layout(subject: str, content_html: str) -> str:
    """The branded HTML e-mail around `content_html` (already escaped HTML): a header
    with the company's name, the content, a footer with the company's contact data."""
    c = settings().company
    cell = f"{_FONT}color:{TEXT_COLOUR};"
    small = f"margin:0 0 4px;{_FONT}font-size:13px;line-height:20px;color:{TEXT_COLOUR};"
    mail = _e(c.email)
    footer = [
        f'<p style="{small}font-weight:bold;">{_e(c.name)}</p>',
        f'<p style="{small}">{_e(c.address)}</p>',
        f'<p style="{small}">tel. {_e(c.phone)}, e-mail: <a href="mailto:{mail}" '
        f'style="color:{ACCENT};text-decoration:underline;">{mail}</a></p>',
        f'<p style="{small}margin-top:12px;">{_e(AUTOMATIC_NOTE)}</p>',
    ]
    table = 'role="presentation" cellpadding="0" cellspacing="0" border="0"'
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="pl">',
        '<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(subject)}</title></head>",
        f'<body style="margin:0;padding:0;background-color:{PAGE_BACKGROUND};">',
        f'<table {table} width="100%" style="width:100%;background-color:{PAGE_BACKGROUND};">',
        '<tr><td align="center" style="padding:24px 8px;">',
        f'<table {table} width="{MAX_WIDTH}" style="width:100%;max-width:{MAX_WIDTH}px;'
        f'background-color:#ffffff;border:1px solid {RULE};">',
        f'<tr><td style="padding:20px 24px;background-color:{ACCENT};{_FONT}color:#ffffff;">'
        f'<p style="margin:0;{_FONT}font-size:22px;line-height:28px;font-weight:bold;color:#ffffff;">'
        f"{_e(c.short_name)}</p>"
        f'<p style="margin:4px 0 0;{_FONT}font-size:14px;line-height:20px;color:#ffffff;">'
        "Internetowe Biuro Obsługi Klienta</p></td></tr>",
        f'<tr><td style="padding:24px;{cell}">',
        content_html,
        f'<p style="margin:0;{_FONT}font-size:16px;line-height:24px;color:{TEXT_COLOUR};">'
        f"Pozdrawiamy<br>{_e(c.short_name)}</p>",
        "</td></tr>",
        f'<tr><td style="padding:16px 24px;border-top:1px solid {RULE};background-color:#ffffff;{cell}">',
        *footer,
        "</td></tr>",
        "</table>",
        "</td></tr></table>",
        "</body>",
        "</html>",
    ]) + "\n"


def render(subject: str, lines: list[str], link: str | None = None) -> Email:
    """The one rendering of every e-mail: plain text = lines + the company's footer;
    HTML = the same paragraphs (the link clickable) in the branded `layout`."""
    text = "\n".join(lines + _text_footer()) + "\n"
    return subject, text, layout(subject, _paragraphs(lines, link))


def activation_email(*, login: str, link: str, valid_hours: int = 48) -> Email:
    short = settings().company.short_name
    return render(f"IBOK {short}: aktywacja konta", [
        "Dzień dobry,",
        "",
        f"dziękujemy za rejestrację w Internetowym Biurze Obsługi Klienta {short}.",
        f"Twój login (numer klienta): {login}",
        "",
        f"Aby aktywować konto, otwórz poniższy link w ciągu {hours_text(valid_hours)}:",
        link,
        "",
        "Jeśli to nie Ty zakładałeś konto, zignoruj tę wiadomość: bez aktywacji konto nie zostanie uruchomione.",
    ], link)


def temporary_password_email(*, login: str, password: str, valid_hours: int = 24) -> Email:
    short = settings().company.short_name
    url = settings().public_url + routes.LOGIN
    return render(f"IBOK {short}: hasło tymczasowe", [
        "Dzień dobry,",
        "",
        "otrzymaliśmy prośbę o nowe hasło do Internetowego Biura Obsługi Klienta.",
        f"Login (numer klienta): {login}",
        f"Hasło tymczasowe: {password}",
        "",
        (f"Hasło tymczasowe jest ważne przez {hours_text(valid_hours)} i można go użyć jeden raz. "
         "Zaloguj się nim na stronie logowania, a potem ustaw własne hasło:"),
        url,
        "",
        "Jeśli to nie Ty prosiłeś o nowe hasło, zignoruj tę wiadomość: dotychczasowe hasło nadal działa.",
    ], url)


def password_changed_email(*, login: str, changed_at: datetime) -> Email:
    c = settings().company
    return render(f"IBOK {c.short_name}: hasło zostało zmienione", [
        "Dzień dobry,",
        "",
        (f"hasło do konta {login} w Internetowym Biurze Obsługi Klienta zostało zmienione "
         f"{datetime_pl(changed_at)}. Pozostałe sesje na innych urządzeniach zostały zakończone."),
        "",
        ("Jeśli to nie Ty zmieniłeś hasło, skorzystaj od razu z opcji „Nie pamiętam hasła” na stronie "
         f"logowania i skontaktuj się z nami: tel. {c.phone}, e-mail {c.email}."),
    ])
