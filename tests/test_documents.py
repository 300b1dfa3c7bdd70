"""Documents list and detail (§9 e): statuses, filters, pagination, scoping."""
from datetime import date

import pytest

from ibok_app.models import DocumentType, PaymentMethod
from ibok_app.services.billing.document_detail import document_detail, document_pdf
from ibok_app.services.billing.documents import list_documents, unpaid_documents
from tests.factories import billing as f

TODAY = date(2024, 3, 15)


def _plain(s: str) -> str:
    return s.replace("\u00a0", " ")


@pytest.fixture
def mixed(session):
    """One customer with a document in every status."""
    c = f.customer(session)
    d = {
        "paid": f.document(session, c, gross_gr=10000, issue=date(2024, 1, 5), due=date(2024, 1, 20)),
        "partly": f.document(session, c, gross_gr=10000, issue=date(2024, 3, 1), due=date(2024, 3, 20)),
        "unpaid": f.document(session, c, gross_gr=5000, issue=date(2024, 3, 2), due=date(2024, 3, 25)),
        "overdue": f.document(session, c, gross_gr=7000, issue=date(2023, 11, 5), due=date(2023, 11, 20)),
        "late_partly": f.document(session, c, gross_gr=8000, issue=date(2023, 12, 5), due=date(2023, 12, 20)),
        "note": f.document(session, c, lines=[f.line("Odsetki za zwłokę", 1000, "szt.", 345, None)],
                           doc_type=DocumentType.INTEREST_NOTE, issue=date(2024, 2, 1), due=date(2024, 2, 15)),
    }
    d["lowering"] = f.correction(session, d["overdue"], -7000, issue=date(2024, 2, 10), due=date(2024, 2, 24))
    f.payment(session, c, 10000, allocate=[(d["paid"], 10000)])
    f.payment(session, c, 2500, allocate=[(d["partly"], 2500), (d["late_partly"], 0)])
    f.payment(session, c, 1000, allocate=[(d["late_partly"], 1000)])
    f.payment(session, c, 345, allocate=[(d["note"], 345)])
    session.commit()
    return c, d


def test_statuses(session, mixed):
    c, d = mixed
    rows = {r.id: r for r in list_documents(session, c.id, today=TODAY).rows}
    status = {name: rows[doc.id].status for name, doc in d.items()}
    assert status == {
        "paid": "paid", "partly": "partly_paid", "unpaid": "unpaid",
        "overdue": "settled",  # wholly cancelled by the lowering correction
        "late_partly": "overdue", "note": "paid", "lowering": "settled",
    }
    assert rows[d["partly"].id].status_label == "częściowo zapłacona"
    assert rows[d["late_partly"].id].status_label == "po terminie"
    assert rows[d["lowering"].id].status_label == "rozliczona"
    assert rows[d["partly"].id].paid_gr == 2500 and rows[d["partly"].id].outstanding_gr == 7500


def test_partly_lowered_invoice_is_paid_when_the_rest_is_paid(session):
    c = f.customer(session)
    inv = f.document(session, c, gross_gr=10000, due=date(2024, 1, 31))
    f.correction(session, inv, -2000)
    f.payment(session, c, 7999, allocate=[(inv, 7999)])
    assert list_documents(session, c.id, doc_type="invoice", today=TODAY).rows[0].status == "overdue"
    f.payment(session, c, 1, allocate=[(inv, 1)])
    assert list_documents(session, c.id, doc_type="invoice", today=TODAY).rows[0].status == "paid"


def test_rows_newest_first_with_polish_labels(session, mixed):
    c, _ = mixed
    rows = list_documents(session, c.id, today=TODAY).rows
    dates = [r.issue_date for r in rows]
    assert dates == sorted(dates, reverse=True)
    labels = {r.doc_type: r.type_label for r in rows}
    assert labels == {"invoice": "Faktura VAT", "correction": "Faktura korygująca", "interest_note": "Nota odsetkowa"}
    assert _plain(rows[0].gross_display) == "50,00 zł" and rows[0].issue_date_display == "02.03.2024"


def test_filters(session, mixed):
    c, d = mixed
    page = list_documents(session, c.id, doc_type="correction", today=TODAY)
    assert [r.id for r in page.rows] == [d["lowering"].id] and page.total == 1
    assert list_documents(session, c.id, doc_type=DocumentType.INTEREST_NOTE, today=TODAY).total == 1
    assert list_documents(session, c.id, year=2023, today=TODAY).total == 2
    assert list_documents(session, c.id, year="2024", today=TODAY).total == 5
    overdue = list_documents(session, c.id, status="overdue", today=TODAY)
    assert [r.id for r in overdue.rows] == [d["late_partly"].id]
    both = list_documents(session, c.id, doc_type="invoice", year=2024, status="paid", today=TODAY)
    assert [r.id for r in both.rows] == [d["paid"].id]
    assert list_documents(session, c.id, today=TODAY).years_available == [2024, 2023]


@pytest.mark.parametrize("junk", ["bogus", 1850, "20x4", {"a": 1}, ["paid"], True, "' OR 1=1 --", 3.5])
def test_unknown_filter_values_are_ignored(session, mixed, junk):
    c, _ = mixed
    page = list_documents(session, c.id, doc_type=junk, year=junk, status=junk, page=junk, page_size=junk,
                          today=TODAY)
    assert page.total == 7 and page.page == 1


def test_pagination(session):
    c = f.customer(session)
    for i in range(45):
        f.document(session, c, gross_gr=100 + i, issue=date(2022, 1, 1).replace(day=1 + i % 28, month=1 + i // 28))
    first = list_documents(session, c.id, page_size=20, today=TODAY)
    assert (first.total, first.pages, len(first.rows)) == (45, 3, 20)
    third = list_documents(session, c.id, page=3, page_size=20, today=TODAY)
    assert len(third.rows) == 5
    assert list_documents(session, c.id, page=1000, page_size=20, today=TODAY).page == 3
    assert list_documents(session, c.id, page="2", page_size="10", today=TODAY).page == 2
    assert len(list_documents(session, c.id, page_size=10_000, today=TODAY).rows) == 45  # capped at 100
    all_ids = [r.id for p in (1, 2, 3) for r in list_documents(session, c.id, page=p, today=TODAY).rows]
    assert len(set(all_ids)) == 45
    empty = list_documents(session, f.customer(session).id, today=TODAY)
    assert (empty.rows, empty.total, empty.page, empty.pages, empty.years_available) == ([], 0, 1, 1, [])


def test_another_customers_or_made_up_id_is_none(session, mixed):
    c, d = mixed
    other = f.customer(session)
    theirs = f.document(session, other, gross_gr=1000)
    assert document_detail(session, c.id, theirs.id) is None
    assert document_pdf(session, c.id, theirs.id) is None
    assert document_detail(session, other.id, d["paid"].id) is None
    for junk in (None, "", "abc", -1, 0, 10**20, "1; DROP TABLE document", True, 3.0, [1], theirs.id + 1000):
        assert document_detail(session, c.id, junk) is None
    assert document_detail(session, c.id, str(d["paid"].id)).id == d["paid"].id
    assert theirs.id not in {r.id for r in list_documents(session, c.id, page_size=100).rows}


def test_detail_lines_vat_summary_and_payments(session):
    c = f.customer(session)
    sp = f.service_point(session, c, street="ul. Słoneczna 3")
    inv = f.document(session, c, lines=[
        f.line("Dostawa wody", 12345, "m3", 512),
        f.line("Odprowadzanie ścieków", 12345, "m3", 1034),
        f.line("Opłata abonamentowa", 2000, "szt.", 123456),
        f.line("Usługa dodatkowa", 1000, "szt.", 10000, vat_rate=23),
    ], service_point_id=sp.id, ksef_number="5265877635-20250826-0100001AF629-AF",
        period_from=date(2023, 12, 1), period_to=date(2023, 12, 31))
    f.payment(session, c, 3000, paid_on=date(2024, 1, 15), allocate=[(inv, 3000)],
              method=PaymentMethod.ONLINE, reference="ORD-77")
    det = document_detail(session, c.id, inv.id, today=TODAY)
    assert det.title == "FAKTURA VAT" and det.type_label == "Faktura VAT" and det.is_vat_invoice
    water, sewage, sub, extra = det.lines
    assert _plain(water.quantity_display) == "12,345 m³" and water.vat_rate_display == "8%"
    assert water.net_gr == 12345 * 512 // 1000
    assert sub.quantity_display == "2 szt." and _plain(sub.unit_net_display) == "1 234,56 zł"
    assert extra.vat_rate_display == "23%"
    rates = [r.vat_rate_display for r in det.vat_summary]
    assert rates == ["23%", "8%"]
    eight = det.vat_summary[1].totals
    assert eight.net_gr == water.net_gr + sewage.net_gr + sub.net_gr
    assert eight.vat_gr == water.vat_gr + sewage.vat_gr + sub.vat_gr
    assert sum(r.totals.gross_gr for r in det.vat_summary) == det.totals.gross_gr == inv.gross_gr
    assert det.ksef_number.startswith("5265877635")
    assert det.service_point_address == "ul. Słoneczna 3, 67-120 Kożuchów"
    assert det.period_display == "01.12.2023 – 31.12.2023"
    assert [(p.amount_gr, p.method_label, p.reference) for p in det.payments] == [(3000, "płatność online", "ORD-77")]
    assert det.status == "overdue" and det.outstanding_gr == inv.gross_gr - 3000


def test_detail_of_correction_and_interest_note(session):
    c = f.customer(session)
    inv = f.document(session, c, gross_gr=10800, number="FV/2024/01/0001", issue=date(2024, 1, 10))
    cor = f.correction(session, inv, -1080, reason="Błędny odczyt wodomierza")
    det = document_detail(session, c.id, cor.id, today=TODAY)
    assert det.title == "FAKTURA KORYGUJĄCA" and det.corrected_number == "FV/2024/01/0001"
    assert det.correction.reason == "Błędny odczyt wodomierza"
    assert det.correction.before.gross_gr == 10800 and det.correction.after.gross_gr == 9720
    assert det.correction.difference.gross_gr == -1080
    assert det.status == "settled"
    assert document_detail(session, c.id, inv.id).correction_numbers == [cor.number]

    note = f.document(session, c, lines=[f.line("Odsetki od FV/2024/01/0001", 1000, "szt.", 417, None)],
                      doc_type=DocumentType.INTEREST_NOTE)
    nd = document_detail(session, c.id, note.id, today=TODAY)
    assert nd.type_label == "Nota odsetkowa" and not nd.is_vat_invoice
    assert nd.lines[0].vat_rate_display == "np." and nd.vat_summary == []


def test_unpaid_documents_oldest_due_first(session, mixed):
    c, d = mixed
    assert [r.id for r in unpaid_documents(session, c.id, today=TODAY)] == [
        d["late_partly"].id, d["partly"].id, d["unpaid"].id]


def test_document_pdf_service(session, mixed):
    c, d = mixed
    pdf = document_pdf(session, c.id, d["paid"].id)
    assert pdf.content.startswith(b"%PDF") and pdf.filename.endswith(".pdf") and "/" not in pdf.filename
