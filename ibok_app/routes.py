"""Page paths and the session cookie's name in one place, so links, redirects,
headers and the HTTP routes agree."""
from __future__ import annotations

from urllib.parse import urlencode

SESSION_COOKIE = "ibok_session"  # the customer's credential (see docs/architecture.md)
STAFF_SESSION_COOKIE = "ibok_staff"  # a staff member's credential: never the customer's cookie
DEVICE_COOKIE = "ibok_device"  # a browser known to an account (services/accounts/devices.py)

HOME = "/"
TERMS = "/regulamin"
TERMS_PDF = "/regulamin.pdf"
LOGO = "/logo.png"  # the company's logo (IBOK_LOGO_FILE)
REGISTER = "/rejestracja"
ACTIVATE = "/aktywacja"
LOGIN = "/logowanie"
FORGOT_PASSWORD = "/nie-pamietam-hasla"
CHANGE_PASSWORD = "/zmiana-hasla"
ACCEPT_TERMS = "/akceptacja-regulaminu"
PANEL = "/panel"
READINGS = "/odczyty"
DOCUMENTS = "/faktury"
PAYMENTS = "/platnosci"
PAY = "/platnosci/zaplac"  # choose what to pay online (?dokument=ID preselects one)
PAYMENT_RETURN = "/platnosci/powrot"  # the gateway sends the customer back here
PAYMENT_ITN = "/api/platnosci/itn"  # the gateway's notifications (server to server)
PAYMENT_SIMULATOR = "/symulator-platnosci"  # the built-in gateway simulator (no real money)
CONTRACTS = "/umowy"
TICKETS = "/zgloszenia"
COMPLAINTS = "/reklamacje"
MY_DATA = "/moje-dane"
CONFIRM_EMAIL = "/potwierdz-email"
PASSWORD_CHANGED = "haslo=zmienione"  # query flag: the Panel confirms a password change

# Customer-zone pages: shown in the customer navigation in this order (label, path).
CUSTOMER_NAV: list[tuple[str, str]] = [
    ("Panel", PANEL),
    ("Odczyty", READINGS),
    ("Faktury", DOCUMENTS),
    ("Płatności", PAYMENTS),
    ("Umowy", CONTRACTS),
    ("Zgłoszenia", TICKETS),
    ("Reklamacje", COMPLAINTS),
    ("Moje dane", MY_DATA),
]


# Pages that show a customer's data or act for them: never stored by a browser or proxy.
PRIVATE_PAGES: tuple[str, ...] = (*(path for _label, path in CUSTOMER_NAV), CHANGE_PASSWORD, ACCEPT_TERMS)
STAFF_PREFIX = "/admin"
STAFF_HOME = STAFF_PREFIX  # the desk's start page
STAFF_LOGIN = STAFF_PREFIX + "/logowanie"
STAFF_ACCOUNTS = STAFF_PREFIX + "/pracownicy"
STAFF_CUSTOMERS = STAFF_PREFIX + "/klienci"
STAFF_READINGS = STAFF_PREFIX + "/odczyty"
STAFF_TICKETS = STAFF_PREFIX + "/zgloszenia"
STAFF_TICKET = STAFF_TICKETS + "/sprawa"  # ?id=<ticket id>
STAFF_COMPLAINTS = STAFF_PREFIX + "/reklamacje"
STAFF_COMPLAINT = STAFF_COMPLAINTS + "/sprawa"  # ?id=<complaint id>
STAFF_AUDIT = STAFF_PREFIX + "/dziennik"
STAFF_FOLLOW_UP = STAFF_PREFIX + "/do-wyjasnienia"  # stuck online payments, accounts before erasure
STAFF_CUSTOMER_CARD = STAFF_CUSTOMERS + "/karta"  # ?id=<customer id>
STAFF_PASSWORD = STAFF_PREFIX + "/haslo"  # the member's own password (first, an initial one)
STAFF_REFUSED = "odmowa=1"  # query flag: the start page says the role may not open that page
API_PREFIX = "/api"


def pay_url(document_id=None):
    """The online payment page, with one document chosen (its id as text or a string Var)."""
    return PAY if document_id is None else PAY + "?dokument=" + document_id


def safe_next(path: object) -> str:
    """Only a local customer-zone path may be a post-login target (no open redirect)."""
    if isinstance(path, str) and path.startswith("/") and not path.startswith("//") \
            and "\\" not in path and len(path) < 200 and path not in (LOGIN, HOME):
        return path
    return PANEL


def login_url(*, next_path: str | None = None, logged_out: bool = False) -> str:
    params = {}
    if next_path and safe_next(next_path) != PANEL:
        params["next"] = next_path
    if logged_out:
        params["wylogowano"] = "1"
    return LOGIN + ("?" + urlencode(params) if params else "")
