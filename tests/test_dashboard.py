"""The Panel's service (services/dashboard/panel.py): each part from its own prebuilt
statement, checked against rows made by hand."""
from datetime import date, datetime, timedelta

from ibok_app import routes
from ibok_app.models import CaseStatus, Complaint, ReadingStatus, Ticket, TicketCategory
from ibok_app.services.dashboard.panel import MAX_CASES, dashboard
from tests.factories import billing as fb
from tests.factories import readings as fr

TODAY = date(2024, 3, 15)
T0 = datetime(2024, 3, 1, 9, 0)


def _plain(s: str) -> str:
    return s.replace("\u00a0", " ")


def _ticket(session, cust, number: str, status: CaseStatus, at: datetime,
            category: TicketCategory = TicketCategory.LEAK) -> Ticket:
    row = Ticket(number=number, customer_id=cust.id, category=category, description="Cieknie pod zlewem.",
                 status=status, created_at=at, updated_at=at)
    session.add(row)
    session.flush()
    return row


def _complaint(session, cust, number: str, status: CaseStatus, at: datetime, subject: str = "Zawyżona faktura"):
    row = Complaint(number=number, customer_id=cust.id, subject=subject, description="Proszę o sprawdzenie.",
                    received_on=at.date(), answer_due_on=at.date() + timedelta(days=14), status=status,
                    created_at=at)
    session.add(row)
    session.flush()
    return row


def test_a_customer_with_nothing_yet(session):
    cust = fb.customer(session, name="Ewa Pusta")
    view = dashboard(session, cust.id, today=TODAY)
    assert (view.customer_name, view.customer_number) == ("Ewa Pusta", cust.number)
    assert (view.latest, view.last_reading, view.open_cases, view.to_pay) == (None, "", [], False)
    assert view.balance_label == "Rozliczone"


def test_an_unknown_customer_has_no_panel(session):
    assert dashboard(session, 987654321, today=TODAY) is None


def test_open_cases_are_the_newest_open_ones_of_both_kinds(session):
    cust, other = fb.customer(session), fb.customer(session)
    _ticket(session, cust, "ZG/1", CaseStatus.RESOLVED, T0 + timedelta(days=9))  # closed: never listed
    old_ticket = _ticket(session, cust, "ZG/2", CaseStatus.NEW, T0, TicketCategory.NO_WATER)
    _complaint(session, cust, "RK/1", CaseStatus.IN_PROGRESS, T0 + timedelta(days=2), "Błędny odczyt")
    _complaint(session, cust, "RK/2", CaseStatus.REJECTED, T0 + timedelta(days=8))
    newest = _ticket(session, cust, "ZG/3", CaseStatus.IN_PROGRESS, T0 + timedelta(days=5))
    _ticket(session, other, "ZG/9", CaseStatus.NEW, T0 + timedelta(days=7))  # someone else's
    cases = dashboard(session, cust.id, today=TODAY).open_cases
    assert [(c.kind_label, c.number, c.title, c.status_label, c.href) for c in cases] == [
        ("Zgłoszenie", "ZG/3", "Wyciek", "W realizacji", f"{routes.TICKETS}?id={newest.id}"),
        ("Reklamacja", "RK/1", "Błędny odczyt", "W rozpatrzeniu", routes.COMPLAINTS),
        ("Zgłoszenie", "ZG/2", "Brak wody", "Nowe", f"{routes.TICKETS}?id={old_ticket.id}"),
    ]


def test_at_most_a_few_open_cases(session):
    cust = fb.customer(session)
    for i in range(MAX_CASES + 3):
        _ticket(session, cust, f"ZG/{i}", CaseStatus.NEW, T0 + timedelta(hours=i))
    cases = dashboard(session, cust.id, today=TODAY).open_cases
    assert [c.number for c in cases] == [f"ZG/{i}" for i in range(MAX_CASES + 2, 2, -1)]


def test_the_newest_reading_and_the_newest_invoice(session):
    cust, sp, main = fr.household(session, serial="WM-PANEL-1")
    fr.reading(session, main, cust, date(2024, 1, 5), 100_000)
    fr.reading(session, main, cust, date(2024, 2, 5), 112_345)
    fr.reading(session, main, cust, date(2024, 2, 6), 113_000, status=ReadingStatus.REJECTED)
    fb.document(session, cust, gross_gr=4000, issue=date(2024, 1, 10), due=date(2024, 1, 24), number="FV/1")
    fb.document(session, cust, gross_gr=12345, issue=date(2024, 3, 1), due=date(2024, 3, 29), number="FV/2")
    view = dashboard(session, cust.id, today=TODAY)
    # the history's newest row, rejected or not (Odczyty says why it was rejected)
    assert _plain(view.last_reading) == "113,000 m³ z 06.02.2024 (wodomierz WM-PANEL-1)"
    assert (view.latest.number, _plain(view.latest.gross_display), view.latest.status) == ("FV/2", "123,45 zł", "unpaid")
    assert view.to_pay and _plain(view.balance) == "163,45 zł" and _plain(view.overdue) == "40,00 zł"
    assert view.next_due == "29.03.2024"
