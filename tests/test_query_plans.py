"""Every query a customer page runs finds its rows through an index: a test that fails
when one would read a whole table of customers' data (on 50,000 customers that is
hundreds of milliseconds instead of one). The planner is told to avoid full scans
(PostgreSQL: enable_seqscan off; it still scans when no index can serve), so a scan
that remains in a plan means a missing index, whatever the test data's size."""
from __future__ import annotations

import pytest
from sqlalchemy import event, text
from sqlmodel import Session

import ibok_app.ibok_app  # noqa: F401  (registers every page and state)
from ibok_app import demo
from ibok_app.db import engine
from ibok_app.services.accounts import sessions
from ibok_app.services.accounts.portal_access import customer_context
from ibok_app.services.billing.contracts import list_contracts
from ibok_app.services.billing.documents import list_documents
from ibok_app.services.dashboard.panel import dashboard
from ibok_app.state.payments import _overview
from ibok_app.state.readings import _page_data

# The tables that grow with the customers (a dozen rows each) and with time.
BIG = {"customer", "service_point", "meter", "meter_reading", "document", "document_line", "payment",
       "payment_allocation", "portal_account", "user_session", "online_payment", "online_payment_document",
       "ticket", "ticket_message", "complaint", "contract", "terms_acceptance", "audit_log"}

PAGES = [
    ("Panel", lambda s, cid: dashboard(s, cid)),
    ("Faktury", lambda s, cid: list_documents(s, cid, page=1, page_size=20)),
    ("Faktury, rok i status", lambda s, cid: list_documents(s, cid, year=2025, status="paid", page=2, page_size=20)),
    ("Płatności", lambda s, cid: _overview(s, cid)),
    ("Odczyty", lambda s, cid: _page_data(s, cid, 20)),
    ("Umowy", lambda s, cid: list_contracts(s, cid)),
]


def _captured(run) -> list[tuple[str, object]]:
    statements: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine(), "before_cursor_execute", before)
    try:
        run()
    finally:
        event.remove(engine(), "before_cursor_execute", before)
    return statements


def _full_scans(session: Session, statement: str, parameters) -> list[str]:
    dialect = session.get_bind().dialect.name
    conn = session.connection()
    if dialect == "postgresql":
        plan = [row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
        return [line.strip() for line in plan
                if "Seq Scan on " in line and line.split("Seq Scan on ")[1].split()[0] in BIG]
    plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
    # SQLite: "SCAN document" reads the table; "SEARCH document USING INDEX …" does not
    return [line for line in plan if line.startswith("SCAN ") and line.split()[1] in BIG
            and "COVERING INDEX" not in line and " USING INDEX" not in line]


@pytest.mark.parametrize("page,load", PAGES, ids=[p for p, _ in PAGES])
def test_customer_pages_read_through_indexes(db, page, load):
    demo.seed_demo(customers=30)
    with Session(engine()) as session:
        account = demo.demo_accounts_in(session)["registered"][0]
        from sqlmodel import select

        from ibok_app.models import PortalAccount
        acc = session.exec(select(PortalAccount).where(PortalAccount.login == account["login"])).one()
        token = sessions.create_session(session, account_id=acc.id)
        session.commit()
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("ANALYZE"))
            session.commit()

    def run():
        with Session(engine()) as s:
            ctx = customer_context(s, token)
            assert ctx is not None
            load(s, ctx.customer_id)
            s.rollback()

    statements = _captured(run)
    assert len(statements) >= 2  # the session check and the page's own queries were seen
    with Session(engine()) as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SET enable_seqscan = off"))
        scans = {stmt.split("FROM", 1)[-1][:160]: found for stmt, params in statements
                 if (found := _full_scans(session, stmt, params))}
    assert scans == {}, f"{page}: full scans of customer tables:\n" + "\n".join(f"{k}\n  {v}" for k, v in scans.items())
