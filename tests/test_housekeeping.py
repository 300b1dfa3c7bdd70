"""Housekeeping erases accounts whose 14-day §7 window has passed and expired sessions."""
from datetime import timedelta

from sqlmodel import select

from ibok_app import demo
from ibok_app.cli import main
from ibok_app.models import AccountStatus, PortalAccount, UserSession, utcnow
from ibok_app.services.accounts import sessions
from ibok_app.services.accounts.housekeeping import run_housekeeping


def test_closing_account_erased_after_14_days_and_dead_sessions_purged(db, session, capsys):
    demo.seed_demo(customers=4)
    accounts = session.exec(select(PortalAccount).order_by(PortalAccount.id)).all()
    closing, active = accounts[0], accounts[1]
    closing.status = AccountStatus.CLOSING
    closing.closing_requested_at = utcnow() - timedelta(days=10)
    session.add(closing)
    sessions.create_session(session, account_id=active.id, now=utcnow() - timedelta(days=2))
    session.commit()
    closing_id, active_id = closing.id, active.id

    assert run_housekeeping().erased_accounts == 0  # day 10: still readable
    report = run_housekeeping(now=utcnow() + timedelta(days=5))
    assert report.erased_accounts == 1
    session.expire_all()
    assert session.get(PortalAccount, closing_id) is None
    assert session.get(PortalAccount, active_id) is not None
    assert session.exec(select(UserSession)).all() == []

    assert main(["housekeeping"]) == 0
    assert "Usunięte konta" in capsys.readouterr().out
