"""Polish interface texts of the pages, kept together so a translation can be added:
common and account texts here, one module per customer-zone area beside it.

Messages that state a business rule live with the rule in services/.
"""
APP_NAME = "Internetowe Biuro Obsługi Klienta"
APP_SHORT = "IBOK"
SKIP_TO_CONTENT = "Przejdź do treści"

NAV_HOME = "Strona główna"
NAV_TERMS = "Regulamin"
NAV_LOGIN = "Logowanie"
NAV_REGISTER = "Rejestracja"
NAV_PANEL = "Panel"
NAV_LOGOUT = "Wyloguj"
NAV_LABEL_PUBLIC = "Nawigacja"
NAV_LABEL_CUSTOMER = "Strefa klienta"

LOADING = "Wczytywanie…"
GENERIC_ERROR = "Coś poszło nie tak. Spróbuj ponownie za chwilę."
SESSION_EXPIRED = "Twoja sesja wygasła. Zaloguj się ponownie."
WORKING = "Chwileczkę…"

LOGIN_TITLE = "Logowanie"
LOGIN_LEAD = "Zaloguj się numerem klienta (login) i hasłem."
LOGIN_FIELD = "Login"
LOGIN_HINT = "Login to numer klienta z faktury."
PASSWORD_FIELD = "Hasło"
LOGIN_BUTTON = "Zaloguj"
FORGOT_LINK = "Nie pamiętam hasła"
NO_ACCOUNT = "Nie masz jeszcze konta?"
REGISTER_LINK = "Zarejestruj się"
LOGGED_OUT = "Wylogowano. Do zobaczenia!"

REGISTER_TITLE = "Rejestracja w IBOK"
REGISTER_LEAD = ("Dane z dowolnej z ostatnich faktur potwierdzają, że konto zakłada klient. "
                 "Po rejestracji wyślemy link aktywacyjny na podany adres e-mail.")
F_CUSTOMER_NUMBER = "Numer klienta"
F_CUSTOMER_NUMBER_HINT = "Kod nabywcy z faktury, np. 100123. Będzie Twoim loginem."
F_INVOICE_NUMBER = "Numer faktury"
F_INVOICE_NUMBER_HINT = "Np. FV/2026/09/000123."
F_GROSS = "Kwota brutto faktury"
F_GROSS_HINT = "Np. 123,45 — tak jak na fakturze."
F_PHONE = "Numer telefonu"
F_PHONE_HINT = "Do powiadomień SMS, np. 600 123 456."
F_EMAIL = "Adres e-mail"
F_PASSWORD = "Hasło"
F_PASSWORD_CONFIRM = "Potwierdź hasło"
F_ACCEPT_TERMS_BEFORE = "Akceptuję "
F_ACCEPT_TERMS_LINK = "regulamin IBOK"
F_ACCEPT_TERMS_AFTER = " i zawieram umowę o świadczenie usług drogą elektroniczną."
REGISTER_BUTTON = "Zarejestruj"
REGISTER_DONE_TITLE = "Sprawdź skrzynkę e-mail"

ACTIVATION_TITLE = "Aktywacja konta"

FORGOT_TITLE = "Nie pamiętam hasła"
FORGOT_LEAD = ("Podaj login (numer klienta) albo adres e-mail konta. Wyślemy hasło tymczasowe "
               "ważne 24 godziny; dotychczasowe hasło działa, dopóki nie użyjesz tymczasowego.")
FORGOT_FIELD = "Login lub adres e-mail"
FORGOT_BUTTON = "Wyślij hasło tymczasowe"
BACK_TO_LOGIN = "Wróć do logowania"

CHANGE_TITLE = "Zmiana hasła"
CHANGE_FORCED = "Logujesz się hasłem tymczasowym. Ustal teraz własne hasło, aby korzystać z IBOK."
F_CURRENT_PASSWORD = "Obecne hasło"
F_NEW_PASSWORD = "Nowe hasło"
F_NEW_PASSWORD_CONFIRM = "Potwierdź nowe hasło"
CHANGE_BUTTON = "Zmień hasło"

TERMS_TITLE = "Regulamin IBOK"
TERMS_PDF = "Pobierz PDF"
TERMS_PRINT = "Drukuj"
TERMS_VERSION = "Wersja"
TERMS_IN_FORCE = "obowiązuje od"
ACCEPT_TITLE = "Nowa wersja regulaminu"
ACCEPT_LEAD = "Regulamin IBOK został zmieniony. Aby dalej korzystać z portalu, zapoznaj się z nim i zaakceptuj nową wersję."
ACCEPT_BUTTON = "Akceptuję regulamin"
ACCEPT_DECLINE = "Jeśli nie akceptujesz zmian, możesz zrezygnować z IBOK (§7 regulaminu) — wyloguj się i napisz do nas."

PANEL_TITLE = "Panel klienta"
PANEL_CUSTOMER_NUMBER = "Numer klienta"
PANEL_BALANCE = "Saldo"
PANEL_OVERDUE = "W tym po terminie"
PANEL_NEXT_DUE = "Najbliższy termin płatności"
PANEL_ANNOUNCEMENTS = "Komunikaty"

HOME_TITLE = "Internetowe Biuro Obsługi Klienta"
HOME_LEAD = ("Sprawdzaj faktury i saldo, podawaj odczyty wodomierza, płać online "
             "i zgłaszaj sprawy — bez wychodzenia z domu.")
PASSWORD_RULES = ("Od {min} do 128 znaków. Nie może zawierać loginu ani nazwy firmy "
                  "i nie może być popularnym hasłem.")
