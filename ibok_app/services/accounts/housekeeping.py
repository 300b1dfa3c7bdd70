"""Daily duties: erase portal accounts whose §7 window has passed, drop dead sessions.

Run by the app every hour and by `python -m ibok_app.cli housekeeping` (e.g. from cron).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from ibok_app.db import session_scope
from ibok_app.services.accounts import closure as account_closure
from ibok_app.services.accounts import sessions
from ibok_app.services.common import leases

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HousekeepingReport:
    erased_accounts: int
    purged_sessions: int

    def __str__(self) -> str:
        return f"Usunięte konta (§7): {self.erased_accounts}, wygasłe sesje: {self.purged_sessions}"


def run_housekeeping(now: datetime | None = None) -> HousekeepingReport:
    with session_scope() as session:
        erased = account_closure.erase_due_accounts(session, now=now)
    with session_scope() as session:
        purged = sessions.purge_expired(session, now=now)
    return HousekeepingReport(erased, purged)


def _housekeeping_pass() -> None:
    report = run_housekeeping()
    if report.erased_accounts or report.purged_sessions:
        log.info("Housekeeping: %s", report)


async def run_periodically(interval_s: float = 3600.0) -> None:
    """The app's hourly loop, in one worker process at a time; a failure is logged and
    retried next hour."""
    await leases.run_exclusively("housekeeping", _housekeeping_pass, interval_s=interval_s, logger=log,
                                 failure="housekeeping failed")
