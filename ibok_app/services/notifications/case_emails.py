"""Polish e-mail texts for tickets (§9 h), complaints (§5), e-mail address change
and account closure (§7).

Each function returns (subject, text, html) through notifications/emails.py `render`,
the one branded layout (company header and footer, escaped HTML) of every e-mail.
"""
from __future__ import annotations

from datetime import date, datetime

from ibok_app import routes
from ibok_app.config import settings
from ibok_app.services.notifications.emails import Email, hours_text, render
from ibok_app.views.formats import count_pl, date_pl, datetime_pl


def _short() -> str:
    return settings().company.short_name


def _portal(path: str = "") -> str:
    return settings().public_url + path


def ticket_created_email(*, number: str, category_label: str, place: str, created_at: datetime) -> Email:
    url = _portal(routes.TICKETS)
    return render(f"IBOK {_short()}: przyjęliśmy zgłoszenie {number}", [
        "Dzień dobry,",
        "",
        f"przyjęliśmy Twoje zgłoszenie eksploatacyjne nr {number} z {datetime_pl(created_at)}.",
        f"Rodzaj: {category_label}",
        f"Miejsce: {place}" if place else "Miejsce: nie wskazano",
        "",
        ("O zmianie statusu poinformujemy Cię e-mailem. Przebieg sprawy i odpowiedzi "
         "znajdziesz w IBOK w zakładce „Zgłoszenia”:"),
        url,
        "",
        ("W sytuacji zagrożenia (np. duży wyciek na ulicy) dzwoń całą dobę na numer alarmowy: "
         f"{settings().company.emergency_phone}."),
    ], url)


def ticket_status_email(*, number: str, status_label: str, message: str | None) -> Email:
    url = _portal(routes.TICKETS)
    lines = [
        "Dzień dobry,",
        "",
        f"zmienił się status Twojego zgłoszenia nr {number}: {status_label}.",
    ]
    if message:
        lines += ["", "Wiadomość od Biura Obsługi Klienta:", message]
    lines += ["", "Szczegóły zgłoszenia znajdziesz w IBOK:", url]
    return render(f"IBOK {_short()}: zgłoszenie {number} — {status_label}", lines, url)


def ticket_reply_email(*, number: str, message: str) -> Email:
    """The office answered in a ticket's timeline (the status did not change)."""
    url = _portal(routes.TICKETS)
    return render(f"IBOK {_short()}: odpowiedź w zgłoszeniu {number}", [
        "Dzień dobry,",
        "",
        f"Biuro Obsługi Klienta odpowiedziało w Twoim zgłoszeniu nr {number}:",
        "",
        message,
        "",
        "Przebieg zgłoszenia znajdziesz w IBOK w zakładce „Zgłoszenia”:",
        url,
    ], url)


def complaint_received_email(*, number: str, subject: str, received_on: date, answer_due_on: date) -> Email:
    url = _portal(routes.COMPLAINTS)
    return render(f"IBOK {_short()}: przyjęliśmy reklamację {number}", [
        "Dzień dobry,",
        "",
        f"przyjęliśmy Twoją reklamację nr {number} („{subject}”) w dniu {date_pl(received_on)}.",
        (f"Rozpatrzymy ją w ciągu {count_pl((answer_due_on - received_on).days, 'dnia', 'dni', 'dni')}, czyli do {date_pl(answer_due_on)} (§5 regulaminu IBOK), "
         "chyba że sprawa będzie wymagała dodatkowych wyjaśnień lub zmian oprogramowania — "
         "wtedy poinformujemy Cię o nowym terminie."),
        "",
        "Odpowiedź wyślemy e-mailem i pokażemy w IBOK w zakładce „Reklamacje”:",
        url,
    ], url)


def complaint_answered_email(*, number: str, subject: str, status_label: str, answer: str) -> Email:
    url = _portal(routes.COMPLAINTS)
    return render(f"IBOK {_short()}: odpowiedź na reklamację {number}", [
        "Dzień dobry,",
        "",
        f"rozpatrzyliśmy Twoją reklamację nr {number} („{subject}”).",
        f"Wynik: {status_label}.",
        "",
        "Odpowiedź:",
        answer,
        "",
        "Reklamację i odpowiedź znajdziesz też w IBOK:",
        url,
    ], url)


def email_change_confirm_email(*, login: str, new_email: str, link: str, valid_hours: int) -> Email:
    return render(f"IBOK {_short()}: potwierdź nowy adres e-mail", [
        "Dzień dobry,",
        "",
        f"w IBOK poproszono o zmianę adresu e-mail konta {login} na {new_email}.",
        f"Aby potwierdzić, że ten adres należy do Ciebie, otwórz poniższy link w ciągu {hours_text(valid_hours)}:",
        link,
        "",
        ("Do czasu potwierdzenia wiadomości wysyłamy na dotychczasowy adres. "
         "Jeśli to nie Ty prosiłeś o zmianę, zignoruj tę wiadomość."),
    ], link)


def email_change_notice_email(*, login: str, new_email_masked: str) -> Email:
    c = settings().company
    return render(f"IBOK {c.short_name}: prośba o zmianę adresu e-mail", [
        "Dzień dobry,",
        "",
        (f"w IBOK poproszono o zmianę adresu e-mail konta {login} na {new_email_masked}. "
         "Zmiana nastąpi dopiero po kliknięciu linku wysłanego na nowy adres."),
        "",
        ("Jeśli to nie Ty, nie klikaj żadnych linków, zmień hasło w IBOK i skontaktuj się z nami: "
         f"tel. {c.phone}, e-mail {c.email}."),
    ])


def closure_requested_email(*, login: str, requested_at: datetime, access_until: datetime) -> Email:
    c = settings().company
    url = _portal()
    return render(f"IBOK {c.short_name}: rezygnacja z konta w IBOK", [
        "Dzień dobry,",
        "",
        f"{datetime_pl(requested_at)} przyjęliśmy rezygnację z korzystania z IBOK (konto {login}).",
        "",
        (f"Do {datetime_pl(access_until)} ({count_pl((access_until - requested_at).days, 'dzień', 'dni', 'dni')}, "
         "§7 regulaminu) możesz nadal się logować. "
         "W tym czasie pobierz wszystkie udostępnione faktury elektroniczne i inne dokumenty:"),
        url,
        "",
        ("Po tym terminie login i hasło zostaną unieważnione, a dane osobowe konta IBOK "
         "(adres e-mail, numer telefonu, ustawienia powiadomień, zgody, treści zgłoszeń) — usunięte."),
        ("Faktury i dokumenty rozliczeniowe, płatności oraz umowa o dostawę wody i odprowadzanie "
         "ścieków pozostają w naszej ewidencji: przepisy podatkowe wymagają przechowywania faktur "
         "przez 5 lat od końca roku, w którym upłynął termin płatności podatku."),
        (f"Kopię tych dokumentów możesz też otrzymać w Biurze Obsługi Klienta: tel. {c.phone}, "
         f"e-mail {c.email}."),
        "",
        "Jeśli to nie Ty złożyłeś rezygnację, skontaktuj się z nami przed upływem tego terminu.",
    ], url)


def closure_by_company_email(*, login: str, notified_at: datetime, access_until: datetime) -> Email:
    """§7 pt 5: the water or sewage contract ended, so the IBOK account is deactivated
    14 days after this notice."""
    c = settings().company
    url = _portal()
    return render(f"IBOK {c.short_name}: dezaktywacja konta w IBOK", [
        "Dzień dobry,",
        "",
        (f"w związku z rozwiązaniem umowy o zaopatrzenie w wodę lub odprowadzanie ścieków konto {login} "
         f"w IBOK zostanie dezaktywowane (§7 regulaminu IBOK). Powiadomienie z {datetime_pl(notified_at)}."),
        "",
        (f"Do {datetime_pl(access_until)} ({count_pl((access_until - notified_at).days, 'dzień', 'dni', 'dni')}) "
         "możesz nadal się logować. W tym czasie pobierz wszystkie udostępnione faktury elektroniczne "
         "i inne dokumenty:"),
        url,
        "",
        ("Po tym terminie login i hasło zostaną unieważnione, a dane osobowe konta IBOK "
         "(adres e-mail, numer telefonu, ustawienia powiadomień, zgody, treści zgłoszeń) — usunięte."),
        ("Faktury i dokumenty rozliczeniowe, płatności oraz umowa pozostają w naszej ewidencji: przepisy "
         "podatkowe wymagają przechowywania faktur przez 5 lat od końca roku, w którym upłynął termin "
         "płatności podatku."),
        f"Kopię dokumentów możesz też otrzymać w Biurze Obsługi Klienta: tel. {c.phone}, e-mail {c.email}.",
    ], url)


def reading_rejected_email(*, meter_serial: str, read_on: date, value_text: str, reason: str) -> Email:
    url = _portal(routes.READINGS)
    return render(f"IBOK {_short()}: odczyt wodomierza {meter_serial} nie został przyjęty", [
        "Dzień dobry,",
        "",
        (f"sprawdziliśmy odczyt wodomierza nr {meter_serial} z dnia {date_pl(read_on)} (stan {value_text}) "
         "i nie mogliśmy go przyjąć."),
        "",
        "Powód:",
        reason,
        "",
        ("Jeśli stan licznika jest inny, podaj odczyt ponownie w IBOK w zakładce „Odczyty” — najlepiej "
         "ze zdjęciem licznika:"),
        url,
    ], url)

