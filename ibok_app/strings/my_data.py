"""Polish texts of "Moje dane" (/moje-dane) and the e-mail confirmation page (§6, §7, §8)."""

TITLE = "Moje dane"
LEAD = ("Tu sprawdzisz swoje dane, zmienisz dane kontaktowe i ustawienia powiadomień, "
        "pobierzesz kopię swoich danych albo zrezygnujesz z IBOK.")

# customer data (read-only)
CUSTOMER_H = "Dane klienta"
CUSTOMER_NAME = "Imię i nazwisko / nazwa"
CUSTOMER_NUMBER = "Numer klienta (login)"
CUSTOMER_ADDRESS = "Adres"
CUSTOMER_CORR_ADDRESS = "Adres do korespondencji"
CUSTOMER_CORR_SAME = "taki sam jak adres"
CUSTOMER_FIX_BEFORE = ("Te dane pochodzą z umowy i faktur, więc nie zmienisz ich w IBOK. Jeśli są błędne, "
                       "masz prawo żądać ich sprostowania (§8 regulaminu): zadzwoń do Biura Obsługi Klienta "
                       "pod numer ")
CUSTOMER_FIX_MIDDLE = " albo napisz na adres "
CUSTOMER_FIX_AFTER = "."

# contact data
CONTACT_H = "Dane kontaktowe"
CONTACT_LEAD = ("Na ten adres e-mail i numer telefonu wysyłamy powiadomienia. Zmianę potwierdź obecnym hasłem. "
                "Nowy adres e-mail zacznie obowiązywać, gdy klikniesz link, który na niego wyślemy.")
F_EMAIL = "Adres e-mail"
F_PHONE = "Numer telefonu"
F_PHONE_HINT = "Do powiadomień SMS, np. 600 123 456. Zostaw puste, jeśli nie chcesz podawać."
F_CURRENT_PASSWORD = "Obecne hasło"
F_CURRENT_PASSWORD_HINT = "Potwierdza, że zmianę wprowadzasz Ty."
CONTACT_BUTTON = "Zapisz dane kontaktowe"
PENDING_BEFORE = "Oczekuje na potwierdzenie: wysłaliśmy link na adres "
PENDING_MIDDLE = ". Potwierdź zmianę, klikając link w tej wiadomości (ważny do "
PENDING_AFTER = "). Do tego czasu wiadomości wysyłamy na dotychczasowy adres."
PENDING_CANCEL = "Anuluj zmianę adresu"

# password
PASSWORD_H = "Hasło"
PASSWORD_LEAD = "Hasło zmienisz na osobnej stronie. Po zmianie wylogujemy Cię na innych urządzeniach."
PASSWORD_LINK = "Zmień hasło"

# notification preferences (§6)
PREFS_H = "Powiadomienia i e-faktura"
PREFS_LEAD = "Wybierz, o czym i jak mamy Cię powiadamiać."
PREFS_NO_PHONE = "Aby włączyć powiadomienia SMS, najpierw podaj numer telefonu w danych kontaktowych."
PREFS_DOCUMENTS = "Nowe dokumenty (faktury, korekty, noty)"
PREFS_OUTAGES = "Awarie i planowane prace konserwacyjne"
PREFS_READINGS = "Przypomnienia o podaniu odczytu wodomierza"
PREFS_BY_EMAIL = "E-mail"
PREFS_BY_SMS = "SMS"
PREFS_EINVOICE = "Faktura elektroniczna"
PREFS_EINVOICE_LABEL = ("Zgadzam się na otrzymywanie faktur w formie elektronicznej (e-faktura) "
                        "zamiast papierowych.")
PREFS_BUTTON = "Zapisz ustawienia"

# export (§8: right to data portability)
EXPORT_H = "Kopia moich danych"
EXPORT_LEAD = ("Pobierz wszystkie dane, które przechowujemy o Tobie w IBOK (prawo do przenoszenia danych, §8): "
               "dane klienta, konto, zgody, odczyty, dokumenty, wpłaty, umowy, zgłoszenia i reklamacje. "
               "Hasła i tokeny nie są eksportowane.")
EXPORT_JSON = "Pobierz dane (JSON)"
EXPORT_ZIP = "Pobierz dane (CSV, ZIP)"
EXPORT_NOTE = "Plik ZIP zawiera osobny plik CSV dla każdego rodzaju danych oraz opis w pliku README.txt."

# closing the account (§7)
CLOSE_H = "Rezygnacja z IBOK"
CLOSE_LEAD = "Możesz w każdej chwili zrezygnować z IBOK (§7 regulaminu). Co się wtedy stanie:"
CLOSE_CONSEQUENCES = (
    ("Przez 14 dni nadal zalogujesz się do IBOK, aby pobrać faktury i inne dokumenty. Inne urządzenia "
     "zostaną wylogowane od razu."),
    ("Po 14 dniach login i hasło zostaną unieważnione, a Twoje dane osobowe w IBOK (adres e-mail, "
     "telefon, zgody, treść zgłoszeń) — usunięte."),
    ("Faktury, wpłaty, umowy i reklamacje zachowujemy tak długo, jak wymagają tego przepisy "
     "(faktury przez 5 lat od końca roku, w którym minął termin płatności podatku)."),
    "Rezygnacja z IBOK nie rozwiązuje umowy na dostawę wody i odprowadzanie ścieków.",
)
CLOSE_EXPORT_TIP = "Przed rezygnacją możesz pobrać kopię swoich danych (powyżej)."
CLOSE_START = "Chcę zrezygnować z IBOK"
CLOSE_CONFIRM_H = "Potwierdź rezygnację"
CLOSE_CONFIRM_TEXT = ("Tej operacji nie można cofnąć w IBOK. Aby potwierdzić, że to Ty, podaj obecne hasło "
                      "i kliknij „Rezygnuję z IBOK”.")
F_CLOSE_PASSWORD = "Obecne hasło"
CLOSE_BUTTON = "Rezygnuję z IBOK"
CLOSE_CANCEL = "Anuluj"
CLOSING_H = "Konto jest zamykane"
CLOSING_REQUESTED = "Rezygnację złożono "
CLOSING_UNTIL = "Dostęp do IBOK masz do "
CLOSING_AFTER = ("Pobierz do tego czasu potrzebne faktury i dokumenty. Potem login i hasło zostaną "
                 "unieważnione, a dane osobowe w IBOK usunięte.")
DOCUMENTS_LINK = "Przejdź do faktur"


def days_left_text(days: int) -> str:
    """"został 1 dzień" / "zostały 3 dni" / "zostało 5 dni" (Polish plural rules)."""
    if days <= 0:
        return "to ostatni dzień dostępu"
    if days == 1:
        return "został 1 dzień"
    few = days % 10 in (2, 3, 4) and days % 100 not in (12, 13, 14)
    return f"{'zostały' if few else 'zostało'} {days} dni"


# /potwierdz-email
CONFIRM_TITLE = "Potwierdzenie adresu e-mail"
CONFIRM_TO_MY_DATA = "Przejdź do „Moje dane”"
CONFIRM_TO_LOGIN = "Przejdź do logowania"
