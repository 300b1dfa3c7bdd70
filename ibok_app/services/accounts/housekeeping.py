"""Daily duties: erase portal accounts whose §7 window has passed, drop dead sessions.

Run by the app every hour and by `python -m ibok_app.cli housekeeping` (e.g. from cron).
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from ibok_app.db import session_scope
from ibok_app.services.accounts import closure as account_closure
from ibok_app.services.accounts import sessions

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


async def run_periodically(interval_s: float = 3600.0) -> None:
    """The app's hourly loop; a failure is logged and retried next hour."""
    while True:
        try:
            report = await asyncio.to_thread(run_housekeeping)
            if report.erased_accounts or report.purged_sessions:
                log.info("Housekeeping: %s", report)
        except Exception:  # noqa: BLE001 - keep the loop alive
            log.exception("housekeeping failed")
        await asyncio.sleep(interval_s)
