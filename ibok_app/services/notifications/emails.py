"""Polish e-mail templates for the account lifecycle.

Each function returns (subject, text, html): the plain text is the message, the
HTML a simple rendering of the same content. Values are escaped for HTML.
"""
from __future__ import annotations

from datetime import datetime
from html import escape

from ibok_app.config import settings
from ibok_app.views.formats import count_pl, datetime_pl

Email = tuple[str, str, str]


def hours_text(n: int) -> str:
    """"48 godzin", "24 godziny", "1 godzinę" (accusative: "ważny przez …")."""
    return count_pl(n, "godzinę", "godziny", "godzin")


def _footer() -> list[str]:
    c = settings().company
    return ["", "Pozdrawiamy", c.name, f"tel. {c.phone}, e-mail: {c.email}", "",
            ("Wiadomość wysłana automatycznie przez Internetowe Biuro Obsługi Klienta (IBOK). "
             "Prosimy na nią nie odpowiadać.")]


def render(subject: str, lines: list[str], link: str | None = None) -> Email:
    """Plain text = lines + footer; HTML = the same paragraphs, the link clickable."""
    all_lines = lines + _footer()
    text = "\n".join(all_lines) + "\n"
    paragraphs = []
    for line in all_lines:
        if not line:
            continue
        if link and line == link:
            safe = escape(link, quote=True)
            paragraphs.append(f'<p><a href="{safe}">{safe}</a></p>')
        else:
            paragraphs.append(f"<p>{escape(line)}</p>")
    html = ('<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">'
            f"<title>{escape(subject)}</title></head><body>" + "".join(paragraphs) + "</body></html>")
    return subject, text, html


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
    url = settings().public_url
    return render(f"IBOK {short}: hasło tymczasowe", [
        "Dzień dobry,",
        "",
        "otrzymaliśmy prośbę o nowe hasło do Internetowego Biura Obsługi Klienta.",
        f"Login (numer klienta): {login}",
        f"Hasło tymczasowe: {password}",
        "",
        (f"Hasło tymczasowe jest ważne przez {hours_text(valid_hours)} i można go użyć jeden raz. "
         "Po zalogowaniu ustaw własne hasło."),
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
