"""Account lifecycle (§4): registration by invoice data, activation, login, temporary
passwords, password change. bcrypt is slow, so each test hashes only a few times."""
from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import func
from sqlmodel import select

from ibok_app.models import (
    AccountStatus,
    AuditLog,
    CustomerStatus,
    DocumentType,
    OutboxMessage,
    PortalAccount,
    TermsAcceptance,
    UserSession,
    utcnow,
)
from ibok_app.services.accounts.authentication import (
    MSG_BAD_LOGIN,
    MSG_NOT_ACTIVATED,
    login,
)
from ibok_app.services.accounts.password_reset import (
    MSG_RESET,
    account_summary,
    change_password,
    request_password_reset,
)
from ibok_app.services.accounts.registration import (
    MSG_ACCOUNT_EXISTS,
    MSG_BAD_ACTIVATION,
    MSG_EXPIRED_ACTIVATION,
    MSG_NO_MATCH,
    activate,
    register,
)
from ibok_app.services.accounts.sessions import create_session, resolve_session
from ibok_app.services.accounts.terms import ensure_shipped_terms
from ibok_app.services.common import inputs, throttle
from tests.factories.accounts import (
    KNOWN_PASSWORD,
    make_account,
    make_customer,
    make_invoice,
)

NEW_PASSWORD = "Niebieski-Słoń-2025"


@pytest.fixture
def terms(session):
    ensure_shipped_terms(session)


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _form(customer_number, invoice_number, gross_amount, **extra):
    data = {"customer_number": customer_number, "invoice_number": invoice_number, "gross_amount": gross_amount,
            "phone": "601 234 567", "email": "Jan.Kowalski@Example.com", "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD, "accepted_terms": True}
    data.update(extra)
    return data


def _outbox(session) -> list[OutboxMessage]:
    return session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _activation_token(message: OutboxMessage) -> str:
    link = re.search(r"http\S+/aktywacja\?token=\S+", message.body_text).group(0)
    return parse_qs(urlparse(link).query)["token"][0]


def _temp_password(message: OutboxMessage) -> str:
    return re.search(r"Hasło tymczasowe: (\S+)", message.body_text).group(1)


# --- registration ------------------------------------------------------------

@pytest.mark.parametrize("typed", ["1234,56", "1234.56", "1234,56 zł", "1 234,56"])
def test_registration_accepts_every_amount_format(session, terms, typed):
    customer = make_customer(session)
    make_invoice(session, customer, number="FV/0042/2025", gross_gr=123456)
    result = register(session, client_ip="192.0.2.1", **_form(customer.number, "fv/0042/2025", typed))
    assert result.ok, result
    assert result.login == customer.number
    account = session.exec(select(PortalAccount)).one()
    assert account.status == AccountStatus.PENDING
    assert account.email == "jan.kowalski@example.com"
    assert account.phone == "+48601234567"
    assert account.password_hash.startswith("$2b$") and NEW_PASSWORD not in account.password_hash
    assert _count(session, TermsAcceptance) == 1


def test_registration_sends_a_single_use_activation_link(session, terms):
    customer = make_customer(session)
    make_invoice(session, customer, number="FV/1/2025", gross_gr=9999)
    assert register(session, client_ip="192.0.2.1", **_form(customer.number, "FV/1/2025", "99,99")).ok
    [mail] = _outbox(session)
    assert mail.recipient == "jan.kowalski@example.com"
    assert "aktywacja" in mail.subject and customer.number in mail.body_text
    assert mail.body_text.count("http://localhost:3999/aktywacja?token=") == 1
    token = _activation_token(mail)
    account = session.exec(select(PortalAccount)).one()
    assert token not in (account.activation_token_hash or "")  # only the hash is stored
    audit = session.exec(select(AuditLog)).one()
    assert audit.action == "account.registered" and token not in (audit.after_json or "")
    assert "hash" not in (audit.after_json or "")

    result = activate(session, token)
    assert result.ok and result.login == customer.number
    first = login(session, login=customer.number, password=NEW_PASSWORD)
    assert first.ok and not first.needs_terms  # accepted while registering
    assert account.status == AccountStatus.ACTIVE and account.activated_at is not None
    assert account.activation_token_hash is None
    again = activate(session, token)
    assert not again.ok and again.message == MSG_BAD_ACTIVATION


def test_activation_link_expires_after_48_hours(session, terms):
    customer = make_customer(session)
    make_invoice(session, customer, number="FV/2/2025", gross_gr=5000)
    assert register(session, **_form(customer.number, "FV/2/2025", "50,00")).ok
    token = _activation_token(_outbox(session)[0])
    late = activate(session, token, now=utcnow() + timedelta(hours=48, minutes=1))
    assert not late.ok and late.message == MSG_EXPIRED_ACTIVATION
    assert session.exec(select(PortalAccount)).one().status == AccountStatus.PENDING


@pytest.mark.parametrize("token", [None, 42, "", "x", "a" * 43, "ą" * 43, "y" * 10_000_000, ["t"]])
def test_activation_never_raises(session, token):
    result = activate(session, token)
    assert not result.ok and result.message == MSG_BAD_ACTIVATION


def _mismatch_cases(session):
    """Each case: the form that fails to match one customer's real invoice."""
    today = date.today()
    customer = make_customer(session)
    make_invoice(session, customer, number="FV/OK/1", gross_gr=12345)
    other = make_customer(session)
    make_invoice(session, other, number="FV/OTHER/1", gross_gr=12345)
    make_invoice(session, customer, number="NO/ODS/1", gross_gr=12345, doc_type=DocumentType.INTEREST_NOTE)
    make_invoice(session, customer, number="FV/OLD/1", gross_gr=12345, issued=today - timedelta(days=750))
    ended = make_customer(session, status=CustomerStatus.TERMINATED)
    make_invoice(session, ended, number="FV/END/1", gross_gr=12345)
    buried = make_customer(session)
    make_invoice(session, buried, number="FV/BURIED/1", gross_gr=12345, issued=today - timedelta(days=200))
    for i in range(6):  # six newer invoices push the first out of the "six newest"
        make_invoice(session, buried, gross_gr=1000, issued=today - timedelta(days=30 * i + 1))
    return [
        ("K999999", "FV/OK/1", "123,45"),  # unknown customer
        (customer.number, "FV/NOPE/1", "123,45"),  # unknown invoice
        (customer.number, "FV/OK/1", "123,46"),  # wrong amount
        (customer.number, "FV/OTHER/1", "123,45"),  # another customer's invoice
        (customer.number, "NO/ODS/1", "123,45"),  # interest note is not a VAT invoice
        (customer.number, "FV/OLD/1", "123,45"),  # older than 24 months
        (ended.number, "FV/END/1", "123,45"),  # contract ended
        (buried.number, "FV/BURIED/1", "123,45"),  # not among the six newest
    ]


def test_any_mismatch_gives_one_message_and_saves_nothing(session, terms):
    for number, invoice, amount in _mismatch_cases(session):
        result = register(session, **_form(number, invoice, amount))
        assert not result.ok and result.message == MSG_NO_MATCH and result.field_errors == {}, (number, invoice)
    for model in (PortalAccount, OutboxMessage, TermsAcceptance, AuditLog):
        assert _count(session, model) == 0, model


def test_the_matching_invoice_itself_registers(session, terms):
    customer = make_customer(session)
    make_invoice(session, customer, number="FV/OK/1", gross_gr=12345, issued=date.today() - timedelta(days=700))
    assert register(session, **_form(customer.number, " FV/OK/1 ", "123,45")).ok


@pytest.mark.parametrize("field, value, key", [
    ("email", "nie-email", "email"),
    ("email", "a@b", "email"),
    ("phone", "12345", "phone"),
    ("phone", "+49 601 234 567", "phone"),
    ("phone", "012 345 678", "phone"),
    ("password", "krótkie", "password"),
    ("password", "qwerty123", "password"),
    ("password_confirm", "Inne-Hasło-123", "password_confirm"),
    ("accepted_terms", False, "accepted_terms"),
    ("accepted_terms", "true", "accepted_terms"),
    ("gross_amount", "sto złotych", "gross_amount"),
    ("customer_number", "", "customer_number"),
    ("invoice_number", "   ", "invoice_number"),
])
def test_field_errors_are_reported_per_field(session, field, value, key):
    form = _form("K000001", "FV/1", "10,00")
    form[field] = value
    result = register(session, **form)
    assert not result.ok
    assert key in result.field_errors and result.field_errors[key].endswith(".")
    assert _count(session, PortalAccount) == 0


def test_password_containing_the_customer_number_is_refused(session):
    result = register(session, **_form("K000777", "FV/1", "10,00", password="Haslo-K000777!",
                                       password_confirm="Haslo-K000777!"))
    assert "numeru klienta" in result.field_errors["password"]


@pytest.mark.parametrize("garbage", [None, 12, 3.5, ["x"], {"a": 1}, "x" * 10_000_000, "\x00", "\ud800"])
def test_registration_never_raises(session, garbage):
    form = {k: garbage for k in _form("a", "b", "c")}
    result = register(session, client_ip=garbage, **form)
    assert not result.ok and result.field_errors


@pytest.mark.parametrize("phone, stored", [("601234567", "+48601234567"), ("+48 601-234-567", "+48601234567"),
                                           ("0048 (68) 355 22 08", "+48683552208")])
def test_phone_normalisation(phone, stored):
    assert inputs.normalise_phone(phone) == stored


def test_registration_throttled_per_address(session, terms):
    customer = make_customer(session)
    make_invoice(session, customer, number="FV/T/1", gross_gr=10000)
    free = throttle.POLICIES["register_ip"].free
    for n in range(free + 1):  # guesses at other customers' invoices from one address
        assert register(session, client_ip="192.0.2.50", **_form(f"K9{n:05d}", "FV/T/1", "1,00")).message \
            == MSG_NO_MATCH
    blocked = register(session, client_ip="192.0.2.50", **_form(customer.number, "FV/T/1", "100,00"))
    assert not blocked.ok and blocked.retry_after > 0 and "Spróbuj ponownie za" in blocked.message
    assert _count(session, PortalAccount) == 0
    # another address is not affected
    assert register(session, client_ip="192.0.2.51", **_form(customer.number, "FV/T/1", "100,00")).ok


def test_registration_throttled_per_customer_number_across_addresses(session, terms):
    """Issue 6: a guess at one invoice's amount spread over many addresses is slowed too."""
    customer, bystander = make_customer(session), make_customer(session)
    make_invoice(session, customer, number="FV/T/2", gross_gr=10000)
    make_invoice(session, bystander, number="FV/T/3", gross_gr=5000)
    for n in range(throttle.POLICIES["register_customer"].free + 1):
        assert register(session, client_ip=f"198.51.100.{n}",
                        **_form(customer.number, "FV/T/2", f"{n + 1},00")).message == MSG_NO_MATCH
    right = register(session, client_ip="198.51.100.200", **_form(customer.number, "FV/T/2", "100,00"))
    assert not right.ok and right.retry_after > 0 and _count(session, PortalAccount) == 0
    assert register(session, client_ip="198.51.100.200", **_form(bystander.number, "FV/T/3", "50,00")).ok


def test_one_account_per_customer(session, terms):
    customer = make_customer(session)
    make_invoice(session, customer, number="FV/A/1", gross_gr=10000)
    make_account(session, customer)  # already active
    result = register(session, **_form(customer.number, "FV/A/1", "100,00"))
    assert not result.ok and result.message == MSG_ACCOUNT_EXISTS and "Nie pamiętam hasła" in result.message
    assert _count(session, OutboxMessage) == 0


def test_a_pending_registration_is_replaced(session, terms):
    customer = make_customer(session)
    make_invoice(session, customer, number="FV/P/1", gross_gr=10000)
    assert register(session, **_form(customer.number, "FV/P/1", "100,00")).ok
    first_token = _activation_token(_outbox(session)[0])
    assert register(session, **_form(customer.number, "FV/P/1", "100,00", email="nowy@example.com")).ok
    assert _count(session, PortalAccount) == 1
    account = session.exec(select(PortalAccount)).one()
    assert account.email == "nowy@example.com"
    assert not activate(session, first_token).ok  # the old link no longer works
    second = _outbox(session)[-1]
    assert second.recipient == "nowy@example.com"
    assert activate(session, _activation_token(second)).ok


# --- login -------------------------------------------------------------------

def test_login_success_creates_a_session(session, terms):
    account = make_account(session)
    result = login(session, login=f" {account.login} ", password=KNOWN_PASSWORD, client_ip="192.0.2.9")
    assert result.ok and result.token and not result.must_change_password
    assert result.needs_terms  # this account never accepted the terms in force
    info = resolve_session(session, result.token)
    assert info.account_id == account.id and info.customer_id == account.customer_id
    assert account.last_login_at is not None


def test_unknown_login_and_wrong_password_look_the_same(session, monkeypatch):
    """The same answer after the same work: exactly one bcrypt check at the account's
    cost either way (counted, not timed: timing on a shared machine is noise)."""
    from ibok_app.integrations import bcrypt_pool

    account = make_account(session)
    checks: list[int] = []
    real = bcrypt_pool.checkpw

    def counting(password: bytes, hashed: bytes) -> bool:
        checks.append(int(hashed.split(b"$")[2]))  # the cost of the hash it ran against
        return real(password, hashed)

    monkeypatch.setattr(bcrypt_pool, "checkpw", counting)
    wrong = login(session, login=account.login, password="Zła-Żaba-42")
    wrong_checks, checks[:] = list(checks), []
    unknown = login(session, login="K404404", password="Zła-Żaba-42")
    assert wrong == unknown
    assert wrong.message == MSG_BAD_LOGIN and wrong.token is None
    assert wrong_checks == checks == [int(account.password_hash.split("$")[2])]


def test_pending_account_asks_for_activation_only_with_the_right_password(session):
    account = make_account(session, status=AccountStatus.PENDING)
    assert login(session, login=account.login, password="Zła-Żaba-42").message == MSG_BAD_LOGIN
    result = login(session, login=account.login, password=KNOWN_PASSWORD)
    assert not result.ok and result.message == MSG_NOT_ACTIVATED and result.token is None


def test_closing_account_may_log_in_closed_may_not(session):
    closing = make_account(session, status=AccountStatus.CLOSING)
    assert login(session, login=closing.login, password=KNOWN_PASSWORD).ok
    closed = make_account(session, status=AccountStatus.CLOSED)
    assert login(session, login=closed.login, password=KNOWN_PASSWORD).message == MSG_BAD_LOGIN


@pytest.mark.parametrize("value", [None, 0, 7.5, b"K1", ["K1"], {"x": 1}, "", "x" * 10_000_000, "\x00", "\ud800",
                                   "K\x00\ud800" * 3])
def test_login_never_raises(session, value):
    account = make_account(session)
    assert not login(session, login=value, password=value, client_ip=value).ok
    assert not login(session, login=account.login, password=value).ok


def test_login_throttled_per_account_with_a_low_cap(session):
    account = make_account(session)
    now = utcnow()
    for _ in range(20):  # as if someone had been guessing
        throttle.record_failure(session, "login_account", account.login, now)
    blocked = login(session, login=account.login, password=KNOWN_PASSWORD, now=now)
    assert not blocked.ok and 0 < blocked.retry_after <= 60 and "Spróbuj ponownie za" in blocked.message
    ok = login(session, login=account.login, password=KNOWN_PASSWORD, now=now + timedelta(seconds=61))
    assert ok.ok
    assert throttle.retry_after(session, "login_account", account.login, now + timedelta(seconds=61)) == 0


def test_wrong_passwords_start_the_account_delay(session):
    account = make_account(session)
    now = utcnow()
    for _ in range(throttle.POLICIES["login_account"].free + 1):
        assert login(session, login=account.login, password="Zła-Żaba-42", now=now).message == MSG_BAD_LOGIN
    assert login(session, login=account.login, password=KNOWN_PASSWORD, now=now).retry_after > 0


def test_a_guesser_cannot_lock_the_owner_out_of_a_known_browser(session):
    """Issue 6: someone keeps guessing the password; the owner's browser, which logged in
    before and so holds a device cookie, still logs in at once."""
    account = make_account(session)
    first = login(session, login=account.login, password=KNOWN_PASSWORD, client_ip="192.0.2.10")
    assert first.ok and first.device_cookie
    now = utcnow()
    for i in range(40):  # one wrong guess after another, from many addresses
        login(session, login=account.login, password="Zła-Żaba-42", client_ip=f"203.0.113.{i}", now=now)
    stranger = login(session, login=account.login, password=KNOWN_PASSWORD, client_ip="192.0.2.11", now=now)
    assert not stranger.ok and stranger.retry_after > 0  # an unknown browser waits
    owner = login(session, login=account.login, password=KNOWN_PASSWORD, client_ip="192.0.2.10",
                  device_cookie=first.device_cookie, now=now)
    assert owner.ok and owner.device_cookie == first.device_cookie
    # a device cookie of another account, or a forged one, counts as unknown
    other = make_account(session)
    foreign = login(session, login=other.login, password=KNOWN_PASSWORD).device_cookie
    tampered = first.device_cookie[:-1] + ("1" if first.device_cookie.endswith("0") else "0")  # never the same
    for cookie in (foreign, tampered, "d1.x.y", ["d1"], "x" * 10_000):
        assert login(session, login=account.login, password=KNOWN_PASSWORD, client_ip="192.0.2.12",
                     device_cookie=cookie, now=now).retry_after > 0


def test_a_known_browser_has_its_own_bucket(session):
    account = make_account(session)
    cookie = login(session, login=account.login, password=KNOWN_PASSWORD).device_cookie
    now = utcnow()
    for _ in range(throttle.POLICIES["login_device"].free + 1):
        login(session, login=account.login, password="Zła-Żaba-42", device_cookie=cookie, now=now)
    assert login(session, login=account.login, password=KNOWN_PASSWORD, device_cookie=cookie,
                 now=now).retry_after > 0
    assert login(session, login=account.login, password=KNOWN_PASSWORD, now=now).ok  # the account is not locked


def test_login_throttled_per_address(session):
    account = make_account(session)
    now = utcnow()
    for _ in range(30):
        throttle.record_failure(session, "login_ip", "192.0.2.66", now)
    blocked = login(session, login=account.login, password=KNOWN_PASSWORD, client_ip="192.0.2.66", now=now)
    assert not blocked.ok and blocked.retry_after > 60
    assert login(session, login=account.login, password=KNOWN_PASSWORD, client_ip="192.0.2.67", now=now).ok


# --- temporary password ------------------------------------------------------

def test_temporary_password_flow(session):
    account = make_account(session)
    other = make_account(session)
    assert request_password_reset(session, login_or_email=account.login, client_ip="192.0.2.5") == MSG_RESET
    [mail] = _outbox(session)
    assert mail.recipient == account.email and account.login in mail.body_text
    temporary = _temp_password(mail)
    assert account.temp_password_hash and temporary not in account.temp_password_hash
    assert other.temp_password_hash is None

    # the old password keeps working until the temporary one is used
    old = login(session, login=account.login, password=KNOWN_PASSWORD)
    assert old.ok and not old.must_change_password and account.temp_password_hash

    used = login(session, login=account.login, password=temporary)
    assert used.ok and used.must_change_password
    assert account.temp_password_hash is None and account.must_change_password
    assert login(session, login=account.login, password=temporary).message == MSG_BAD_LOGIN  # single use


def test_temporary_password_email_links_to_the_login_page(session):
    account = make_account(session)
    request_password_reset(session, login_or_email=account.login)
    [mail] = _outbox(session)
    links = re.findall(r"https?://\S+", mail.body_text)
    assert links == ["http://localhost:3999/logowanie"]
    assert 'href="http://localhost:3999/logowanie"' in mail.body_html


def test_temporary_password_expires_after_24_hours(session):
    account = make_account(session)
    request_password_reset(session, login_or_email=account.email.upper())  # by e-mail, any case
    temporary = _temp_password(_outbox(session)[0])
    late = login(session, login=account.login, password=temporary, now=utcnow() + timedelta(hours=24, minutes=1))
    assert late.message == MSG_BAD_LOGIN


@pytest.mark.parametrize("who", ["K404404", "nikt@example.com", "", None, 42, "x" * 10_000_000, "\ud800"])
def test_reset_answers_the_same_for_no_match(session, who):
    make_account(session)
    assert request_password_reset(session, login_or_email=who, client_ip="192.0.2.5") == MSG_RESET
    assert _count(session, OutboxMessage) == 0


def test_reset_only_for_usable_accounts(session):
    pending = make_account(session, status=AccountStatus.PENDING)
    assert request_password_reset(session, login_or_email=pending.login) == MSG_RESET
    assert _count(session, OutboxMessage) == 0 and pending.temp_password_hash is None


def test_reset_is_throttled_silently(session):
    account = make_account(session)
    for _ in range(throttle.POLICIES["reset_account"].free + 2):
        assert request_password_reset(session, login_or_email=account.login) == MSG_RESET
    assert _count(session, OutboxMessage) == throttle.POLICIES["reset_account"].free + 1
    for _ in range(throttle.POLICIES["reset_ip"].free + 1):
        throttle.record_failure(session, "reset_ip", "192.0.2.77")
    other = make_account(session)
    before = _count(session, OutboxMessage)
    assert request_password_reset(session, login_or_email=other.login, client_ip="192.0.2.77") == MSG_RESET
    assert _count(session, OutboxMessage) == before


# --- password change ---------------------------------------------------------

def test_change_password_needs_the_current_one_and_ends_other_sessions(session):
    account = make_account(session)
    mine = create_session(session, account_id=account.id)
    elsewhere = create_session(session, account_id=account.id)

    wrong = change_password(session, account_id=account.id, current="Zła-Żaba-42", new=NEW_PASSWORD,
                            confirm=NEW_PASSWORD, keep_token=mine)
    assert not wrong.ok and "current_password" in wrong.field_errors
    same = change_password(session, account_id=account.id, current=KNOWN_PASSWORD, new=KNOWN_PASSWORD,
                           confirm=KNOWN_PASSWORD, keep_token=mine)
    assert not same.ok and "inne niż obecne" in same.field_errors["new_password"]
    mismatch = change_password(session, account_id=account.id, current=KNOWN_PASSWORD, new=NEW_PASSWORD,
                               confirm=NEW_PASSWORD + "!", keep_token=mine)
    assert "new_password_confirm" in mismatch.field_errors
    weak = change_password(session, account_id=account.id, current=KNOWN_PASSWORD, new="password1",
                           confirm="password1", keep_token=mine)
    assert "zbyt popularne" in weak.field_errors["new_password"]
    assert _count(session, OutboxMessage) == 0

    done = change_password(session, account_id=account.id, current=KNOWN_PASSWORD, new=NEW_PASSWORD,
                           confirm=NEW_PASSWORD, keep_token=mine)
    assert done.ok, done
    assert resolve_session(session, mine) is not None
    assert resolve_session(session, elsewhere) is None
    [mail] = _outbox(session)
    assert "zmienione" in mail.subject and mail.recipient == account.email
    audit = session.exec(select(AuditLog).where(AuditLog.action == "password.changed")).one()
    assert "$2b$" not in (audit.after_json or "") and NEW_PASSWORD not in (audit.after_json or "")
    assert login(session, login=account.login, password=NEW_PASSWORD).ok
    assert login(session, login=account.login, password=KNOWN_PASSWORD).message == MSG_BAD_LOGIN


def test_forced_change_after_a_temporary_password(session):
    account = make_account(session)
    request_password_reset(session, login_or_email=account.login)
    result = login(session, login=account.login, password=_temp_password(_outbox(session)[0]))
    assert result.must_change_password
    done = change_password(session, account_id=account.id, current=None, new=NEW_PASSWORD,
                           confirm=NEW_PASSWORD, keep_token=result.token)
    assert done.ok
    assert not account.must_change_password and account.temp_password_hash is None
    assert account_summary(session, account.id).must_change_password is False


@pytest.mark.parametrize("account_id", [None, "1", 10**9, True, 1.0])
def test_change_password_refuses_bad_account_ids(session, account_id):
    make_account(session)
    result = change_password(session, account_id=account_id, current="a", new="b", confirm="b", keep_token=None)
    assert not result.ok


def test_account_summary(session):
    account = make_account(session)
    summary = account_summary(session, account.id)
    assert (summary.account_id, summary.customer_id, summary.login, summary.email, summary.status) == (
        account.id, account.customer_id, account.login, account.email, "active")
    assert account_summary(session, 10**9) is None
    assert _count(session, UserSession) == 0


def test_registration_answers_with_the_address_the_link_went_to(session, terms):
    customer = make_customer(session)
    make_invoice(session, customer, number="FV/E/1", gross_gr=10000)
    result = register(session, **_form(customer.number, "FV/E/1", "100,00", email="  Jan.Kowalski@Example.COM "))
    assert result.ok and result.email == "jan.kowalski@example.com"
    assert "ważny 48 godzin" in result.message and result.email in result.message
