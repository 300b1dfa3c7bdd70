"""The back office in Chromium (issue 10): the first administrator made by the command
line signs in with a second factor it enrols in the page (pyotp computes the codes),
manages staff accounts; an operator is refused the administrators' page, and neither a
customer's session nor none opens /admin."""
from __future__ import annotations

import re

import pyotp
from browser_helpers import check_layout, goto, open_page, sign_in
from playwright.sync_api import expect
from sqlmodel import select

from ibok_app.models import AuditLog, StaffUser

ADMIN_PASSWORD = "Biuro-Obslugi-2026!"


def _create_admin(portal, login: str) -> None:
    """`create-staff` reads the password from stdin, never from an argument."""
    import subprocess
    import sys

    from browser_helpers import ROOT
    out = subprocess.run([sys.executable, "-m", "ibok_app.cli", "create-staff", "--login", login,
                          "--name", "Anna Administratorka", "--email", f"{login}@example.com", "--role", "admin"],
                         input=ADMIN_PASSWORD + "\n", cwd=ROOT, env=portal.env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr


def _staff_login(page, portal, login: str, password: str) -> None:
    goto(page, portal.url + "/admin/logowanie")
    page.get_by_label("Login", exact=True).fill(login)
    page.get_by_label("Hasło", exact=True).fill(password)
    page.get_by_role("button", name="Zaloguj się").click()


def test_admin_enrols_a_second_factor_and_manages_staff(portal, page, browser):
    _create_admin(portal, "anna.admin")

    # a wrong password: one message for every failure, beside the form
    _staff_login(page, portal, "anna.admin", "zle-haslo-123456")
    expect(page.get_by_role("alert").filter(has_text="Nieprawidłowy login lub hasło")).to_be_visible()

    # the office requires a second factor of everyone: switched on from the command line's admin
    with portal.session() as s:
        from ibok_app.services.staff import policy
        assert policy.set_second_factor_required(s, actor_id=None, required=True).ok
        s.commit()
    _staff_login(page, portal, "anna.admin", ADMIN_PASSWORD)
    expect(page.get_by_role("heading", name="Włącz drugi składnik logowania")).to_be_visible()
    qr = page.get_by_role("img", name=re.compile("Kod QR"))
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    check_layout(page, "admin: włączanie drugiego składnika")
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Kod", exact=True).fill("000000" if totp.now() != "000000" else "111111")
    page.get_by_role("button", name="Włącz i zaloguj").click()
    expect(page.locator("#code-error")).not_to_be_empty()
    page.get_by_label("Kod", exact=True).fill(totp.now())
    page.get_by_role("button", name="Włącz i zaloguj").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text().strip()
    check_layout(page, "admin: kody zapasowe")
    page.get_by_role("button", name=re.compile("Zapisałem kody")).click()
    page.wait_for_url(re.compile(r"/admin/?$"))
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    expect(page.get_by_text("Anna Administratorka")).to_be_visible()
    counts = page.get_by_test_id("desk-counts")
    expect(counts).to_contain_text("Odczyty do weryfikacji")
    expect(counts).to_contain_text("Reklamacje po terminie")
    check_layout(page, "admin: pulpit")

    # staff accounts: a new operator, with errors beside the fields first
    page.get_by_role("link", name="Pracownicy", exact=True).click()
    page.wait_for_url(re.compile("/admin/pracownicy"))
    page.wait_for_selector(".loading", state="detached")
    page.get_by_label("Login", exact=True).fill("jan.operator")
    page.get_by_label("Imię i nazwisko").fill("Jan Operator")
    page.get_by_label("E-mail").fill("to-nie-jest-email")
    page.get_by_label("Rola", exact=True).select_option("operator")
    page.get_by_label("Hasło początkowe").fill("Operator-Haslo-2026!")
    page.get_by_label("Powtórz hasło").fill("Operator-Haslo-2026!")
    page.get_by_role("button", name="Utwórz konto").click()
    expect(page.locator("#email-error")).not_to_be_empty()
    # the refused submit puts focus on the field to correct (and then leaves it to the user)
    expect(page.get_by_label("E-mail")).to_be_focused()
    with portal.session() as s:
        assert s.exec(select(StaffUser).where(StaffUser.login == "jan.operator")).first() is None
    page.get_by_label("E-mail").fill("jan.operator@example.com")
    page.get_by_label("Hasło początkowe").fill("Operator-Haslo-2026!")
    page.get_by_label("Powtórz hasło").fill("Operator-Haslo-2026!")
    expect(page.get_by_label("E-mail")).to_have_value("jan.operator@example.com")
    create = page.get_by_role("button", name="Utwórz konto")
    expect(create).to_be_enabled()
    create.click()
    # bcrypt on a loaded 2-core machine: give the server time, the page says when it is done
    expect(page.get_by_role("status").filter(has_text="Utworzono konto pracownika jan.operator")).to_be_visible(
        timeout=20_000)
    row = page.locator("tbody tr", has_text="jan.operator")
    expect(row).to_contain_text("Jan Operator")
    check_layout(page, "admin: pracownicy")

    # deactivation asks first; cancelling changes nothing, confirming does
    row.get_by_role("button", name="Dezaktywuj").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Dezaktywować konto Jan Operator")
    dialog.get_by_role("button", name="Anuluj").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    expect(row).to_contain_text("aktywne")
    with portal.session() as s:
        operator = s.exec(select(StaffUser).where(StaffUser.login == "jan.operator")).one()
        assert operator.active and operator.role == "operator"
        actions = [a for a in s.exec(select(AuditLog.action).where(AuditLog.actor_kind == "staff")).all()]
        assert "staff.create" in actions

    # the operator signs in (enrols too: the second factor is required) and is refused the admins' page
    other = browser.new_context()
    try:
        op = other.new_page()
        _staff_login(op, portal, "jan.operator", "Operator-Haslo-2026!")
        expect(op.get_by_role("heading", name="Włącz drugi składnik logowania")).to_be_visible()
        op_totp = pyotp.TOTP(op.get_by_test_id("totp-secret").inner_text().replace(" ", ""))
        op.get_by_label("Kod", exact=True).fill(op_totp.now())
        op.get_by_role("button", name="Włącz i zaloguj").click()
        op.get_by_role("button", name=re.compile("Zapisałem kody")).click()
        # the administrator chose this password: it must be changed before anything else opens
        op.wait_for_url(re.compile(r"/admin/haslo"))
        op.wait_for_selector(".loading", state="detached")
        expect(op.get_by_text("Administrator nadał Ci hasło początkowe")).to_be_visible()
        goto(op, portal.url + "/admin/klienci")
        op.wait_for_url(re.compile(r"/admin/haslo"))
        op.wait_for_selector(".loading", state="detached")
        check_layout(op, "admin: zmiana hasła")
        op.get_by_label("Obecne hasło", exact=True).fill("Operator-Haslo-2026!")
        op.get_by_label("Nowe hasło", exact=True).fill("Wlasne-Haslo-Jana-7")
        op.get_by_label("Powtórz nowe hasło", exact=True).fill("Inne-Haslo-Jana-7")
        op.get_by_role("button", name="Zmień hasło", exact=True).click()
        expect(op.locator("#new_password_confirm-error")).not_to_be_empty()
        op.get_by_label("Obecne hasło", exact=True).fill("Operator-Haslo-2026!")
        op.get_by_label("Nowe hasło", exact=True).fill("Wlasne-Haslo-Jana-7")
        op.get_by_label("Powtórz nowe hasło", exact=True).fill("Wlasne-Haslo-Jana-7")
        op.get_by_role("button", name="Zmień hasło", exact=True).click()
        expect(op.get_by_role("status").filter(has_text="Hasło zostało zmienione")).to_be_visible(timeout=20_000)
        op.get_by_role("link", name="Przejdź do pulpitu").click()
        op.wait_for_url(re.compile(r"/admin/?$"))
        expect(op.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
        expect(op.get_by_role("link", name="Pracownicy", exact=True)).to_have_count(0)
        goto(op, portal.url + "/admin/pracownicy")
        op.wait_for_url(re.compile(r"/admin\?odmowa=1"))
        expect(op.get_by_role("alert").filter(has_text="nie pozwala")).to_be_visible()
        with portal.session() as s:
            refused = s.exec(select(AuditLog).where(AuditLog.action == "staff.refused",
                                                    AuditLog.actor_id == operator.id)).all()
            assert refused, "the refused attempt is in the audit log"
    finally:
        other.close()

    # the admin signs in again with a recovery code (once) after logging out
    page.get_by_role("button", name="Wyloguj").click()
    page.wait_for_url(re.compile(r"/admin/logowanie"))
    expect(page.get_by_text("Wylogowano z biura obsługi.")).to_be_visible()
    _staff_login(page, portal, "anna.admin", ADMIN_PASSWORD)
    expect(page.get_by_role("heading", name="Kod z aplikacji")).to_be_visible()
    page.get_by_label("Kod", exact=True).fill(recovery)
    page.get_by_role("button", name="Potwierdź").click()
    page.wait_for_url(re.compile(r"/admin/?$"))


def test_a_customer_session_or_none_opens_nothing_in_the_back_office(portal, demo_accounts, page):
    goto(page, portal.url + "/admin")
    page.wait_for_url(re.compile(r"/admin/logowanie"))
    sign_in(page, portal, demo_accounts["registered"][0])
    for path in ("/admin", "/admin/pracownicy"):
        goto(page, portal.url + path)
        page.wait_for_url(re.compile(r"/admin/logowanie"))
        expect(page.get_by_role("heading", name="Logowanie pracownika")).to_be_visible()
    check_layout(page, "admin: logowanie")
    open_page(page, portal.url + "/panel")  # the customer's own session is untouched
    expect(page.get_by_role("button", name="Wyloguj")).to_be_visible()


def _member(portal, login: str, role: str) -> None:
    """A staff member who signs in with the password alone (another test may have made
    the second factor required of everyone: this one does not)."""
    from ibok_app.services.staff import accounts, policy
    with portal.session() as s:
        assert policy.set_second_factor_required(s, actor_id=None, required=False).ok
        result = accounts.create_staff(s, actor_id=None, login=login, full_name=f"Pracownik {login}",
                                       email=f"{login}@example.com", role=role, password=ADMIN_PASSWORD)
        assert result.ok, result.errors
        s.commit()


def test_the_office_finds_a_customer_opens_the_card_and_ends_their_sessions(portal, demo_accounts, page, browser):
    from ibok_app.models import Customer, PortalAccount, UserSession
    account = demo_accounts["registered"][0]
    with portal.session() as s:
        customer = s.exec(select(Customer).join(PortalAccount, PortalAccount.customer_id == Customer.id)
                          .where(PortalAccount.login == account["login"])).one()
    # the customer is signed in elsewhere
    other = browser.new_context()
    try:
        sign_in(other.new_page(), portal, account)
    finally:
        other.close()
    _member(portal, "ola.operator", "operator")
    _staff_login(page, portal, "ola.operator", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.get_by_role("link", name="Klienci", exact=True).click()
    page.wait_for_url(re.compile("/admin/klienci"))
    page.wait_for_selector(".loading", state="detached")
    page.get_by_label("Szukaj klienta").fill(customer.name.split()[-1].lower())
    page.get_by_role("button", name="Szukaj").click()
    page.wait_for_url(re.compile(r"/admin/klienci\?q="))
    expect(page.get_by_test_id("found-count")).to_be_visible()
    link = page.get_by_role("link", name=customer.number, exact=True)
    expect(link).to_be_visible()
    check_layout(page, "admin: wyszukiwanie klientów")
    link.click()
    page.wait_for_url(re.compile(r"/admin/klienci/karta\?id="))
    page.wait_for_selector(".loading", state="detached")
    expect(page.get_by_role("heading", level=1)).to_contain_text(customer.number)
    expect(page.get_by_role("heading", name="Dokumenty (faktury, noty)")).to_be_visible()
    expect(page.get_by_role("heading", name="Konto w IBOK")).to_be_visible()
    check_layout(page, "admin: karta klienta")
    href = page.get_by_role("link", name=re.compile(r"\(PDF\)")).first.get_attribute("href")
    answer = page.request.get(portal.url + href)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")
    stranger = browser.new_context()
    try:
        assert stranger.request.get(portal.url + href).status == 404
    finally:
        stranger.close()
    with portal.session() as s:
        viewed = s.exec(select(AuditLog).where(AuditLog.action == "customer.card_viewed",
                                               AuditLog.customer_id == customer.id)).all()
        assert viewed, "opening the card is in the audit log"
        assert s.exec(select(AuditLog).where(AuditLog.action == "customer.document_downloaded",
                                             AuditLog.customer_id == customer.id)).first() is not None
        assert s.exec(select(UserSession).join(PortalAccount, PortalAccount.id == UserSession.account_id)
                      .where(PortalAccount.customer_id == customer.id)).first() is not None

    page.get_by_role("button", name="Zakończ wszystkie sesje").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Potwierdź").click()
    expect(page.get_by_role("status").filter(has_text="sesj")).to_be_visible()
    with portal.session() as s:
        assert s.exec(select(UserSession).join(PortalAccount, PortalAccount.id == UserSession.account_id)
                      .where(PortalAccount.customer_id == customer.id)).first() is None
        assert s.exec(select(AuditLog).where(AuditLog.customer_id == customer.id,
                                             AuditLog.actor_kind == "staff",
                                             AuditLog.action != "customer.card_viewed")).first() is not None

    # an auditor reads the card but has no account actions
    _member(portal, "adam.audytor", "auditor")
    auditor = browser.new_context()
    try:
        a_page = auditor.new_page()
        _staff_login(a_page, portal, "adam.audytor", ADMIN_PASSWORD)
        a_page.wait_for_url(re.compile(r"/admin/?$"))
        open_page(a_page, f"{portal.url}/admin/klienci/karta?id={customer.id}")
        expect(a_page.get_by_role("heading", name="Konto w IBOK")).to_be_visible()
        expect(a_page.get_by_role("button", name="Zablokuj konto")).to_have_count(0)
    finally:
        auditor.close()


def test_a_rejected_reading_shows_its_reason_to_the_customer_and_is_emailed(portal, demo_accounts, page, browser):
    from ibok_app.models import Meter, MeterReading, PortalAccount, ReadingSource, ReadingStatus
    from ibok_app.views.formats import today_in_warsaw
    account = demo_accounts["registered"][2]
    with portal.session() as s:
        owner = s.exec(select(PortalAccount).where(PortalAccount.login == account["login"])).one()
        last = s.exec(select(MeterReading).join(Meter, Meter.id == MeterReading.meter_id)
                      .where(MeterReading.customer_id == owner.customer_id,
                             MeterReading.status == ReadingStatus.ACCEPTED)
                      .order_by(MeterReading.read_on.desc(), MeterReading.id.desc())).first()
        odd = MeterReading(meter_id=last.meter_id, customer_id=owner.customer_id, read_on=today_in_warsaw(),
                           value_l=last.value_l + 950_000, source=ReadingSource.CUSTOMER,
                           status=ReadingStatus.TO_VERIFY)
        s.add(odd)
        s.commit()
        odd_id, email_addr = odd.id, owner.email
    _member(portal, "ewa.operator", "operator")
    _staff_login(page, portal, "ewa.operator", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.get_by_role("link", name="Odczyty do weryfikacji", exact=True).click()
    page.wait_for_url(re.compile("/admin/odczyty"))
    page.wait_for_selector(".loading", state="detached")
    item = page.get_by_test_id("verify-list").locator("li", has=page.locator(f"#reason-{odd_id}")).first
    expect(item).to_be_visible()
    check_layout(page, "admin: odczyty do weryfikacji")
    item.get_by_role("button", name="Odrzuć odczyt").click()
    expect(page.locator(f"#reason-{odd_id}-error")).not_to_be_empty()
    with portal.session() as s:
        assert s.get(MeterReading, odd_id).status == ReadingStatus.TO_VERIFY  # nothing half-done
    reason = "Stan niemożliwy: prosimy o zdjęcie licznika i ponowne podanie odczytu."
    page.locator(f"#reason-{odd_id}").fill(reason)
    item.get_by_role("button", name="Odrzuć odczyt").click()
    expect(page.get_by_role("status").filter(has_text="odrzuc")).to_be_visible()
    with portal.session() as s:
        saved = s.get(MeterReading, odd_id)
        assert saved.status == ReadingStatus.REJECTED and saved.rejection_reason == reason
    portal.mail.wait_for(email_addr, "nie został przyjęty")

    customer = browser.new_context()
    try:
        c_page = customer.new_page()
        sign_in(c_page, portal, account)
        open_page(c_page, portal.url + "/odczyty")
        expect(c_page.get_by_test_id("history-table")).to_contain_text(reason)
    finally:
        customer.close()


def test_the_audit_log_shows_refusals_filters_and_exports_the_view(portal, page, browser):
    _member(portal, "olek.operator", "operator")
    _member(portal, "ala.admin", "admin")
    other = browser.new_context()
    try:
        op = other.new_page()
        _staff_login(op, portal, "olek.operator", ADMIN_PASSWORD)
        op.wait_for_url(re.compile(r"/admin/?$"))
        expect(op.get_by_role("link", name="Dziennik zdarzeń", exact=True)).to_have_count(0)
        goto(op, portal.url + "/admin/dziennik")
        op.wait_for_url(re.compile(r"/admin\?odmowa=1"))
        assert op.request.get(portal.url + "/api/admin/dziennik.csv").status == 404  # the role may not export
    finally:
        other.close()
    assert page.request.get(portal.url + "/api/admin/dziennik.csv").status == 404  # no session: nothing

    _staff_login(page, portal, "ala.admin", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.get_by_role("link", name="Dziennik zdarzeń", exact=True).click()
    page.wait_for_url(re.compile("/admin/dziennik"))
    page.wait_for_selector(".loading", state="detached")
    page.get_by_label("Czynność").select_option("staff.refused")
    page.get_by_role("button", name="Pokaż").click()
    page.wait_for_url(re.compile(r"/admin/dziennik\?czynnosc=staff.refused"))
    page.wait_for_selector(".loading", state="detached")
    rows = page.locator("tbody tr")
    expect(rows.filter(has_text="olek.operator").first).to_be_visible()
    check_layout(page, "admin: dziennik zdarzeń")
    href = page.get_by_role("link", name="Pobierz CSV (ten widok)").get_attribute("href")
    assert href.startswith("/api/admin/dziennik.csv?") and "czynnosc=staff.refused" in href
    answer = page.request.get(portal.url + href)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/csv")
    text = answer.body().decode("utf-8")
    assert text.startswith("\ufeffData i godzina;Kto;") and "staff.refused" in text
    assert "customer.card_viewed" not in text  # only the filtered view

    # the follow-up lists behind the start page's payment and closure counts
    page.get_by_role("link", name="Do wyjaśnienia", exact=True).click()
    page.wait_for_url(re.compile("/admin/do-wyjasnienia"))
    page.wait_for_selector(".loading", state="detached")
    expect(page.get_by_role("heading", name="Płatności online oczekujące zbyt długo")).to_be_visible()
    expect(page.get_by_role("heading", name="Konta w okresie zamykania (§7)")).to_be_visible()
    check_layout(page, "admin: do wyjaśnienia")


def test_the_office_takes_a_ticket_replies_and_notes_and_the_customer_sees_only_the_reply(portal, demo_accounts,
                                                                                           page, browser):
    from ibok_app.models import PortalAccount, Ticket, TicketCategory
    from ibok_app.services.cases import tickets
    account = demo_accounts["registered"][1]
    with portal.session() as s:
        owner = s.exec(select(PortalAccount).where(PortalAccount.login == account["login"])).one()
        made = tickets.create_ticket(s, owner.customer_id, category=TicketCategory.LEAK.value, service_point_id=None,
                                     description="Woda cieknie spod wodomierza od wczoraj wieczorem.",
                                     contact_phone="600 100 200")
        assert made.ok, made.field_errors or made.message
        s.commit()
        ticket_id, number, email_addr = made.ticket_id, made.number, owner.email
    _member(portal, "tomek.operator", "operator")
    _staff_login(page, portal, "tomek.operator", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.get_by_role("link", name="Zgłoszenia", exact=True).click()
    page.wait_for_url(re.compile("/admin/zgloszenia"))
    page.wait_for_selector(".loading", state="detached")
    page.get_by_label("Status").select_option("new")
    page.get_by_label("Rodzaj").select_option("leak")
    page.get_by_role("button", name="Pokaż").click()
    page.wait_for_url(re.compile(r"/admin/zgloszenia\?status=new&rodzaj=leak"))
    page.wait_for_selector(".loading", state="detached")
    expect(page.get_by_role("link", name=number)).to_be_visible()
    check_layout(page, "admin: zgłoszenia")
    page.get_by_role("link", name=number).click()
    page.wait_for_url(re.compile(r"/admin/zgloszenia/sprawa\?id="))
    page.wait_for_selector(".loading", state="detached")
    page.get_by_role("button", name="Przypisz do mnie").click()
    expect(page.get_by_text("Prowadzisz to zgłoszenie.")).to_be_visible()

    page.get_by_role("button", name="Wyślij odpowiedź").click()  # empty: the error beside the field
    expect(page.locator("#reply-error")).not_to_be_empty()
    note = "Wysłać ekipę z nowym wodomierzem, klient prosi o telefon przed przyjazdem."
    page.get_by_label(re.compile("Notatka wewnętrzna")).fill(note)
    page.get_by_role("button", name="Dodaj notatkę").click()
    expect(page.locator(".timeline__entry--note")).to_contain_text(note)
    reply = "Ekipa przyjedzie jutro między 8 a 12. Prosimy o dostęp do studzienki."
    page.get_by_label(re.compile("Odpowiedź dla klienta")).fill(reply)
    page.get_by_role("button", name="Wyślij odpowiedź").click()
    expect(page.locator(".timeline").filter(has_text=reply)).to_be_visible()
    page.get_by_label("Nowy status").select_option("in_progress")
    page.get_by_role("button", name="Zmień status").click()
    expect(page.locator(".case-status").first).to_have_text("W realizacji")
    check_layout(page, "admin: zgłoszenie")
    with portal.session() as s:
        assert s.get(Ticket, ticket_id).assigned_to_id is not None
    portal.mail.wait_for(email_addr, number)

    customer = browser.new_context()
    try:
        c_page = customer.new_page()
        sign_in(c_page, portal, account)
        open_page(c_page, f"{portal.url}/zgloszenia?id={ticket_id}")
        timeline = c_page.locator(".timeline")
        expect(timeline).to_contain_text(reply)
        expect(timeline).not_to_contain_text(note)
        assert note not in c_page.content()
    finally:
        customer.close()


def test_an_overdue_complaint_is_marked_answered_late_and_the_customer_sees_the_answer(portal, demo_accounts,
                                                                                        page, browser):
    from datetime import timedelta

    from ibok_app.models import CaseStatus, Complaint, PortalAccount
    from ibok_app.services.cases import complaints
    from ibok_app.views.formats import today_in_warsaw
    account = demo_accounts["registered"][0]
    received = today_in_warsaw() - timedelta(days=20)
    with portal.session() as s:
        owner = s.exec(select(PortalAccount).where(PortalAccount.login == account["login"])).one()
        late = Complaint(number=f"RK/{received.year}/9{owner.customer_id:05d}", customer_id=owner.customer_id,
                         subject="Naliczono opłatę za ścieki, a nie mam kanalizacji",
                         description="Posesja ma szambo, a faktura nalicza opłatę za odprowadzanie ścieków.",
                         received_on=received, answer_due_on=complaints.answer_due(received),
                         status=CaseStatus.NEW)
        s.add(late)
        s.commit()
        complaint_id, number, email_addr = late.id, late.number, owner.email
    _member(portal, "kasia.operator", "operator")
    _staff_login(page, portal, "kasia.operator", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.get_by_role("link", name=re.compile("Reklamacje po terminie")).click()
    page.wait_for_url(re.compile(r"/admin/reklamacje\?termin=overdue"))
    page.wait_for_selector(".loading", state="detached")
    row = page.locator("tr.row--overdue", has_text=number)
    expect(row).to_contain_text("po terminie")
    check_layout(page, "admin: reklamacje")
    row.get_by_role("link", name=number).click()
    page.wait_for_url(re.compile(r"/admin/reklamacje/sprawa\?id="))
    page.wait_for_selector(".loading", state="detached")
    page.get_by_role("button", name="Wyślij odpowiedź i zamknij").click()
    expect(page.locator("#answer-error")).not_to_be_empty()
    expect(page.locator("#outcome-error")).not_to_be_empty()
    answer = "Sprawdziliśmy: posesja nie jest podłączona do kanalizacji. Wystawimy korektę faktury."
    page.get_by_label(re.compile("Odpowiedź dla klienta")).fill(answer)
    page.get_by_label("Wynik").select_option("resolved")
    page.get_by_role("button", name="Wyślij odpowiedź i zamknij").click()
    expect(page.get_by_text("odpowiedź po terminie").first).to_be_visible()
    check_layout(page, "admin: reklamacja z odpowiedzią")
    with portal.session() as s:
        saved = s.get(Complaint, complaint_id)
        assert saved.status == CaseStatus.RESOLVED and saved.answered_at and saved.answered_by_id
        assert complaints.late_answers(s) >= 1
    portal.mail.wait_for(email_addr, number)

    customer = browser.new_context()
    try:
        c_page = customer.new_page()
        sign_in(c_page, portal, account)
        open_page(c_page, portal.url + "/reklamacje")
        expect(c_page.locator("ol.case-list > li", has_text=number)).to_contain_text(answer)
    finally:
        customer.close()


def test_the_office_closes_an_account_for_the_company_and_housekeeping_erases_it_after_14_days(portal, page,
                                                                                                 browser):
    """§7 pt 5, the company's side: the office starts the closure on the card (asked
    first), the customer is e-mailed, can still log in and download documents for 14
    days; after them (the clock moved in the database) housekeeping invalidates the login
    and erases the personal data, and the documents stay."""
    from datetime import timedelta

    from browser_helpers import extra_account, login, text_body

    from ibok_app.models import AccountStatus, Customer, Document, PortalAccount, UserSession
    account = extra_account(portal, "K900301")
    with portal.session() as s:
        owner = s.exec(select(PortalAccount).where(PortalAccount.login == account["login"])).one()
        customer_id, account_id = owner.customer_id, owner.id
        documents = s.exec(select(Document.id).where(Document.customer_id == customer_id)).all()
    assert documents

    _member(portal, "zofia.operator", "operator")
    _staff_login(page, portal, "zofia.operator", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    open_page(page, f"{portal.url}/admin/klienci/karta?id={customer_id}")
    page.get_by_role("button", name="Rozpocznij zamknięcie konta (§7)", exact=True).click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("umowa zakończona, §7")
    dialog.get_by_role("button", name="Anuluj").click()  # asked first: cancelling changes nothing
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    with portal.session() as s:
        assert s.get(PortalAccount, account_id).status == AccountStatus.ACTIVE
    page.get_by_role("button", name="Rozpocznij zamknięcie konta (§7)", exact=True).click()
    page.get_by_role("alertdialog").get_by_role("button", name="Potwierdź").click()
    expect(page.get_by_role("status").filter(has_text="§7")).to_be_visible()
    expect(page.get_by_role("button", name="Rozpocznij zamknięcie konta (§7)", exact=True)).to_have_count(0)
    check_layout(page, "admin: karta klienta w okresie zamykania")
    with portal.session() as s:
        closing = s.get(PortalAccount, account_id)
        assert closing.status == AccountStatus.CLOSING and closing.closing_requested_at is not None
        assert s.exec(select(AuditLog).where(AuditLog.action == "account.closure_started",
                                             AuditLog.customer_id == customer_id)).first() is not None
    notice = portal.mail.wait_for(account["email"], "dezaktywacja konta")
    assert "14 dni" in text_body(notice)

    # during the 14 days: the customer logs in and downloads a document
    customer = browser.new_context()
    try:
        c_page = customer.new_page()
        sign_in(c_page, portal, account)
        open_page(c_page, portal.url + "/faktury")
        href = c_page.get_by_role("link", name=re.compile("Pobierz PDF")).first.get_attribute("href")
        answer = c_page.request.get(portal.url + href)
        assert answer.status == 200 and answer.body().startswith(b"%PDF")

        # the 14 days are over: the clock moved in the database, housekeeping runs
        with portal.session() as s:
            row = s.get(PortalAccount, account_id)
            row.closing_requested_at = row.closing_requested_at - timedelta(days=14, minutes=5)
            s.add(row)
            s.commit()
        portal.cli("housekeeping")
        with portal.session() as s:
            assert s.get(PortalAccount, account_id) is None  # login, e-mail, phone, password: gone
            assert s.exec(select(UserSession).where(UserSession.account_id == account_id)).first() is None
            assert s.get(Customer, customer_id) is not None  # the customer record of the contract stays
            assert sorted(s.exec(select(Document.id).where(Document.customer_id == customer_id)).all()) == \
                sorted(documents)  # documents are retained (VAT act)
            assert s.exec(select(AuditLog).where(AuditLog.action == "account.erased",
                                                 AuditLog.customer_id == customer_id)).first() is not None
        # the open session is over, and the login no longer works
        goto(c_page, portal.url + "/panel")
        c_page.wait_for_url(re.compile(r"/logowanie"))
        assert c_page.request.get(portal.url + href).status == 404
        login(c_page, portal, account["login"], account["password"])
        expect(c_page.get_by_role("alert").filter(has_text="Nieprawidłowy login lub hasło")).to_be_visible()
    finally:
        customer.close()

    # the office's card still opens, without a portal account
    open_page(page, f"{portal.url}/admin/klienci/karta?id={customer_id}")
    expect(page.get_by_text("Klient nie ma konta w IBOK.")).to_be_visible()


def test_the_desk_sorts_its_tables_by_headers_and_folds_its_menu_on_a_phone(portal, page):
    _member(portal, "sara.admin", "admin")
    _staff_login(page, portal, "sara.admin", ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    open_page(page, portal.url + "/admin/klienci?q=ul")
    header = page.locator("th", has=page.get_by_role("button", name=re.compile("^Klient")))
    expect(header).to_have_attribute("aria-sort", "none")
    number = page.locator("th", has=page.get_by_role("button", name=re.compile("^Numer")))
    expect(number).to_have_attribute("aria-sort", "ascending")
    # keyboard: focus the header's button and press Enter
    page.get_by_role("button", name=re.compile("^Klient")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/klienci\?q=ul&sort=name"))
    page.wait_for_selector(".loading", state="detached")
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Klient")
    page.get_by_role("button", name=re.compile("^Klient")).click()
    page.wait_for_url(re.compile(r"sort=-name"))
    page.wait_for_selector(".loading", state="detached")
    expect(page.locator("th[aria-sort='descending']")).to_contain_text("Klient")
    expect(page.get_by_label("Sortuj")).to_have_count(0)  # no sort select next to the headers
    check_layout(page, "admin: wyszukiwanie posortowane")

    open_page(page, portal.url + "/admin/dziennik")
    expect(page.locator("th[aria-sort='descending']")).to_contain_text("Kiedy")
    page.get_by_role("button", name=re.compile("^Czynność")).click()
    page.wait_for_url(re.compile(r"/admin/dziennik\?sort=action"))
    page.wait_for_selector(".loading", state="detached")
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Czynność")
    expect(page.get_by_role("link", name="Pobierz CSV (ten widok)")).to_have_attribute("href",
                                                                                         re.compile("sort=action"))

    # a phone: the menu is behind "Menu", and opens and closes like the customer's
    page.set_viewport_size({"width": 360, "height": 800})
    menu = page.get_by_role("button", name=re.compile(r"Menu$"))
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Klienci", exact=True)).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Zmień hasło", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/haslo"))
    page.wait_for_selector(".loading", state="detached")
    expect(page.get_by_role("button", name=re.compile(r"Menu$"))).to_have_attribute("aria-expanded", "false")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("link", name="Klienci", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"Menu$"))).to_be_hidden()
