"""Demo data: deterministic, internally consistent, usable for a demonstration."""
from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

from ibok_app import demo
from ibok_app.db import engine
from ibok_app.demo import context as demo_context
from ibok_app.demo import generator as demo_generator
from ibok_app.demo.documents import crc8
from ibok_app.demo.money import div_half_up, valid_nip
from ibok_app.models import (
    AccountStatus,
    Customer,
    Document,
    DocumentType,
    Meter,
    PortalAccount,
    ServicePoint,
    TermsAcceptance,
)
from ibok_app.services.accounts.passwords import password_problem, verify_password
from ibok_app.services.billing import ksef

TODAY = date(2026, 5, 15)
_RANDOM_COLUMNS = {"portal_account": {"password_hash"}, "terms_acceptance": {"terms_version_id"}}
_SKIP_TABLES = {"terms_version"}  # loaded by terms.ensure_shipped_terms, id from a sequence


def _delete_all() -> None:
    with engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


def _db_digest() -> str:
    """SHA-256 of every row of every table (except bcrypt salts and the terms' id)."""
    h = hashlib.sha256()
    with engine().connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in _SKIP_TABLES:
                continue
            cols = [c for c in table.columns if c.name not in _RANDOM_COLUMNS.get(table.name, set())]
            for row in conn.execute(select(*cols).order_by(*table.primary_key.columns)):
                h.update(repr((table.name, tuple(row))).encode())
    return h.hexdigest()


def _rows(table: str) -> list[dict]:
    t = SQLModel.metadata.tables[table]
    with engine().connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(t).order_by(t.c.id))]


def _generated(seed: int, n: int) -> str:
    ctx = demo_context.Context(
        today=TODAY, seed=seed, seller_nip="9250003346",
        tariffs=[demo_context.TariffInfo(1, date(2023, 1, 1), None, 612, 985, 450)],
        next_ids={}, counters={})
    batch = demo_context.Batch()
    for i in range(n):
        demo_generator.generate_customer(ctx, batch, 100001 + i, i)
    return hashlib.sha256(repr(sorted((k, v) for k, v in batch.rows.items())).encode()).hexdigest()


def test_generator_is_deterministic_and_depends_on_the_seed():
    assert _generated(7, 25) == _generated(7, 25)
    assert _generated(7, 25) != _generated(8, 25)


def test_seeding_twice_gives_identical_rows(db):
    first = demo.seed_demo(customers=20, seed=11, today=TODAY)
    digest = _db_digest()
    _delete_all()
    second = demo.seed_demo(customers=20, seed=11, today=TODAY)
    assert _db_digest() == digest
    assert str(first) == str(second)
    _delete_all()
    demo.seed_demo(customers=20, seed=12, today=TODAY)
    assert _db_digest() != digest


def test_fifty_customers_are_fast_and_counted(db):
    progress: list[tuple[int, int]] = []
    started = time.perf_counter()
    report = demo.seed_demo(customers=50, today=TODAY, progress=lambda d, t: progress.append((d, t)))
    assert time.perf_counter() - started < 30
    assert progress[-1] == (50, 50)
    with engine().connect() as conn:
        def count(model) -> int:
            return conn.execute(select(func.count()).select_from(model)).scalar_one()

        assert report.customers == count(Customer) == 50
        assert report.documents == count(Document) >= 50 * demo_context.PERIODS
        assert report.accounts == count(PortalAccount) == 3
    text = str(report)
    for word in ("klienci 50", "dokumenty", "odczyty", "płatności"):
        assert word in text


def test_documents_payments_and_readings_are_consistent(db):
    demo.seed_demo(customers=60, seed=3, today=TODAY)
    customers = {c["id"]: c for c in _rows("customer")}
    docs = {d["id"]: d for d in _rows("document")}
    lines = defaultdict(list)
    for line in _rows("document_line"):
        lines[line["document_id"]].append(line)

    for doc in docs.values():
        assert doc["gross_gr"] == doc["net_gr"] + doc["vat_gr"]
        assert doc["gross_gr"] == sum(x["gross_gr"] for x in lines[doc["id"]])
        assert doc["net_gr"] == sum(x["net_gr"] for x in lines[doc["id"]])
        assert doc["due_date"] == doc["issue_date"] + timedelta(days=14)
        assert doc["issue_date"] <= TODAY
        for x in lines[doc["id"]]:
            assert x["net_gr"] == div_half_up(x["quantity_milli"] * x["unit_net_gr"], 1000)
            if doc["doc_type"] in ("invoice", "correction"):
                assert x["vat_rate"] == 8 and x["vat_gr"] == div_half_up(x["net_gr"] * 8, 100)
            else:
                assert x["vat_rate"] is None and x["vat_gr"] == 0
        prefix = {"invoice": "FV", "correction": "FK", "interest_note": "NO", "accounting_note": "NK"}[doc["doc_type"]]
        assert re.fullmatch(rf"{prefix}/{doc['issue_date']:%Y/%m}/\d{{6}}", doc["number"])
        if doc["ksef_number"] is not None:
            assert ksef.is_valid_ksef_number(doc["ksef_number"])
            assert doc["ksef_number"].startswith(f"9250003346-{doc['issue_date']:%Y%m%d}-")
        if doc["doc_type"] == "correction":
            target = docs[doc["corrected_document_id"]]
            assert target["doc_type"] == "invoice" and target["customer_id"] == doc["customer_id"]
            assert doc["correction_reason"]
    types = {d["doc_type"] for d in docs.values()}
    assert types == {"invoice", "correction", "interest_note", "accounting_note"}
    assert any(d["ksef_number"] for d in docs.values()) and any(not d["ksef_number"] for d in docs.values())
    assert any(d["gross_gr"] < 0 for d in docs.values()) and any(
        d["gross_gr"] > 0 for d in docs.values() if d["doc_type"] == "correction")

    # a lowering correction lowers what is due on the corrected invoice (documents.ledger_query)
    due = {d["id"]: d["gross_gr"] for d in docs.values()}
    for d in docs.values():
        if d["doc_type"] == "correction" and d["gross_gr"] < 0:
            due[d["corrected_document_id"]] += d["gross_gr"]

    payments = {p["id"]: p for p in _rows("payment")}
    per_payment, per_doc = defaultdict(int), defaultdict(int)
    for a in _rows("payment_allocation"):
        doc, pay = docs[a["document_id"]], payments[a["payment_id"]]
        assert doc["customer_id"] == pay["customer_id"]
        assert a["amount_gr"] > 0 and doc["gross_gr"] > 0
        assert pay["paid_on"] >= doc["issue_date"]
        per_payment[a["payment_id"]] += a["amount_gr"]
        per_doc[a["document_id"]] += a["amount_gr"]
    for pid, total in per_payment.items():
        assert total <= payments[pid]["amount_gr"]
    for did, total in per_doc.items():
        assert total <= due[did] <= docs[did]["gross_gr"]
    assert all(p["paid_on"] <= TODAY and p["amount_gr"] > 0 for p in payments.values())

    # balance per customer: some overdue, some in credit, most settled
    owed, paid = defaultdict(int), defaultdict(int)
    overdue = set()
    for doc in docs.values():
        owed[doc["customer_id"]] += doc["gross_gr"]
        if per_doc[doc["id"]] < due[doc["id"]] and doc["due_date"] < TODAY:
            overdue.add(doc["customer_id"])
    for p in payments.values():
        paid[p["customer_id"]] += p["amount_gr"]
    in_credit = {c for c in customers if paid[c] > owed[c]}
    assert overdue and in_credit and not overdue & in_credit
    assert len(overdue) < len(customers) // 3 and len(in_credit) < len(customers) // 4

    # readings: never going down on a meter, within the register's 5 digits
    by_meter = defaultdict(list)
    for r in _rows("meter_reading"):
        by_meter[r["meter_id"]].append((r["read_on"], r["value_l"]))
    for values in by_meter.values():
        values.sort()
        assert all(a[1] <= b[1] for a, b in pairwise(values))
        assert values[-1][1] < 100_000 * 1000
    assert len(by_meter) == len(_rows("meter"))

    # customers: six-digit numbers, valid NIPs for businesses, Kożuchów addresses
    assert [c["number"] for c in customers.values()] == [str(100001 + i) for i in range(60)]
    assert all(valid_nip(c["nip"]) for c in customers.values() if c["is_business"])
    assert all(c["postal_code"] == "67-120" for c in customers.values())


def _consumption(readings: list[tuple[date, int]], start: date, end: date) -> int:
    """What a meter measured over an invoice's period, as billing reads it: from the last
    reading on or before the period's first day to the last one on or before its last."""
    before = [v for d, v in readings if d <= start]
    upto = [v for d, v in readings if d <= end]
    return upto[-1] - before[-1]


def test_invoices_bill_the_garden_sub_meters_water_once(db):
    """Issue 9: water = the main meter's consumption (never more), sewage = main − garden,
    never below zero, and only where the service point has sewage."""
    demo.seed_demo(customers=60, seed=3, today=TODAY)
    points = {sp["id"]: sp for sp in _rows("service_point")}
    meters = defaultdict(dict)
    for m in _rows("meter"):
        meters[m["service_point_id"]][m["kind"]] = m["id"]
    readings = defaultdict(list)
    for r in _rows("meter_reading"):
        readings[r["meter_id"]].append((r["read_on"], r["value_l"]))
    for values in readings.values():
        values.sort()
    lines = defaultdict(dict)
    for line in _rows("document_line"):
        lines[line["document_id"]][line["description"]] = line["quantity_milli"]
    gardens_billed = 0
    for doc in _rows("document"):
        if doc["doc_type"] != "invoice":
            continue
        sp = points[doc["service_point_id"]]
        period = (doc["period_from"], doc["period_to"])
        main = _consumption(readings[meters[sp["id"]]["main"]], *period)
        garden = _consumption(readings[meters[sp["id"]]["garden"]], *period) if "garden" in meters[sp["id"]] else 0
        water = lines[doc["id"]]["Dostarczanie wody"]
        assert water <= main, f"{doc['number']} bills more water than its main meter measured"
        assert water == main, doc["number"]
        if sp["has_sewage"]:
            assert lines[doc["id"]]["Odprowadzanie ścieków"] == max(0, main - garden), doc["number"]
        else:
            assert "Odprowadzanie ścieków" not in lines[doc["id"]]
        gardens_billed += garden > 0 and sp["has_sewage"]
    assert gardens_billed > 10  # the rule was exercised: sewage lowered by a garden's water


def test_interest_notes_count_days_in_polish(db):
    demo.seed_demo(customers=60, seed=3, today=TODAY)
    counted = [re.search(r"\((\d+) (dzień|dni),", x["description"]) for x in _rows("document_line")
               if x["description"].startswith("Odsetki")]
    assert counted and all(m and (m[2] == "dzień") == (m[1] == "1") for m in counted)


def test_meter_of_the_first_customer_needs_certification_soon(db):
    demo.seed_demo(customers=5, today=TODAY)
    with engine().connect() as conn:
        first = conn.execute(select(Customer.id).order_by(Customer.id).limit(1)).scalar_one()
        expiries = conn.execute(
            select(Meter.certification_expires_on, Meter.kind)
            .join(ServicePoint, ServicePoint.id == Meter.service_point_id)
            .where(ServicePoint.customer_id == first)
        ).all()
    assert any(TODAY < d <= TODAY + timedelta(days=60) for d, _ in expiries)
    assert {k for _, k in expiries} == {"main", "garden"}


def test_demo_accounts_log_in_and_can_register(db):
    demo.seed_demo(customers=40, today=TODAY)
    accounts = demo.demo_accounts()
    assert len(accounts["registered"]) >= 3 and len(accounts["unregistered"]) >= 3
    kinds = {a["meters"]: a for a in accounts["registered"]}
    assert set(kinds) == {"one", "several", "garden"}  # issue 12: a demo login for each kind
    assert kinds["one"]["meter_count"] == 1 and kinds["one"]["service_points"] == 1
    assert kinds["several"]["meter_count"] > 1 and kinds["several"]["service_points"] > 1
    assert kinds["garden"]["meter_count"] == 2 and kinds["garden"]["service_points"] == 1
    with engine().connect() as conn:
        for acc in accounts["registered"]:
            row = conn.execute(select(PortalAccount).where(PortalAccount.login == acc["login"])).one()
            assert verify_password(acc["password"], row.password_hash)
            assert password_problem(acc["password"], login=acc["login"]) is None
            assert row.status == AccountStatus.ACTIVE and not row.must_change_password
            assert row.email.endswith(("@example.com", "@example.pl")) and row.activated_at
            assert conn.execute(select(TermsAcceptance).where(TermsAcceptance.account_id == row.id)).first()
        registered_logins = {a["login"] for a in accounts["registered"]}
        for acc in accounts["unregistered"]:
            assert acc["customer_number"] not in registered_logins
            by_number = select(Customer.id).where(Customer.number == acc["customer_number"])
            customer_id = conn.execute(by_number).scalar_one()
            account = select(PortalAccount.id).where(PortalAccount.customer_id == customer_id)
            assert conn.execute(account).first() is None
            newest = conn.execute(
                select(Document.number, Document.gross_gr, Document.doc_type)
                .where(Document.customer_id == customer_id,
                       Document.doc_type.in_([DocumentType.INVOICE, DocumentType.CORRECTION]))
                .order_by(Document.issue_date.desc(), Document.id.desc()).limit(1)
            ).one()
            assert newest.doc_type == "invoice" and newest.number == acc["invoice_number"]
            assert re.fullmatch(r"\d+\.\d\d", acc["gross_amount"])
            assert acc["gross_amount"] == f"{newest.gross_gr / 100:.2f}"


def test_demo_password_is_stable_and_policy_compliant():
    assert demo.demo_password("100001") == demo.demo_password("100001")
    assert demo.demo_password("100001") != demo.demo_password("100002")
    for number in range(100001, 100101):
        assert password_problem(demo.demo_password(str(number)), login=str(number)) is None


def test_if_empty_does_nothing_the_second_time(db):
    demo.seed_demo(customers=10, today=TODAY)
    digest = _db_digest()
    report = demo.seed_demo(customers=10, if_empty=True, today=TODAY)
    assert report.skipped_existing == 10 and report.customers == 0
    assert "już" in str(report)
    assert _db_digest() == digest


def test_seeding_again_appends_and_ids_keep_working(db, session):
    demo.seed_demo(customers=6, today=TODAY)
    report = demo.seed_demo(customers=4, today=TODAY)
    assert report.customers == 4 and report.accounts == 0
    numbers = [c["number"] for c in _rows("customer")]
    assert numbers == [str(100001 + i) for i in range(10)]
    # ids were allocated in Python: the database's own id generation must still work
    session.add(Customer(number="999999", name="Test", street="ul. Polna 1", postal_code="67-120",
                         city="Kożuchów"))
    session.add(Document(customer_id=1, doc_type=DocumentType.INVOICE, number="TEST/1",
                         issue_date=TODAY, due_date=TODAY, net_gr=0, vat_gr=0, gross_gr=0))
    session.commit()


def test_fast_crc_matches_ksef_module():
    for text in ("9250003346-20260501-0123456789AB", "5265877635-20250826-0100001AF629", "1" * 32):
        assert f"{crc8(text):02X}" == ksef.ksef_checksum(text)


@pytest.mark.parametrize("day", [date(2026, 1, 3), date(2026, 12, 31), date(2028, 2, 29)])
def test_periods_end_before_today_whatever_the_day(day):
    ctx = demo_context.Context(today=day, seed=1, seller_nip="9250003346", tariffs=[], next_ids={}, counters={})
    for route in (0, 1):
        ends = ctx.period_ends(route)
        assert len(ends) == demo_context.PERIODS + 1
        assert ends[-1] + timedelta(days=demo_context.ISSUE_LAG_DAYS) <= day
        assert all((b - a).days in range(58, 63) for a, b in pairwise(ends))


def test_readme_names_a_working_demo_login():
    """The README's "Try it" login is the first demo account's derived password."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    login, password = re.search(r"as \*\*`(\d+)`\*\* with password\s+\*\*`([^`]+)`\*\*", readme).groups()
    assert demo.demo_password(login) == password
