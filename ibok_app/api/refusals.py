"""One short log line per refused request or event, rate-limited, so that garbage
sent from outside can neither fill the disk nor drown the log."""
from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("ibok.refused")

LINES_PER_MINUTE = 30


class _Budget:
    """A token bucket: LINES_PER_MINUTE lines, then one line saying how many were dropped."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.tokens = float(per_minute)
        self.stamp = time.monotonic()
        self.dropped = 0
        self.lock = threading.Lock()

    def take(self) -> tuple[bool, int]:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.per_minute, self.tokens + (now - self.stamp) * self.per_minute / 60)
            self.stamp = now
            if self.tokens < 1:
                self.dropped += 1
                return False, 0
            self.tokens -= 1
            dropped, self.dropped = self.dropped, 0
            return True, dropped


_budget = _Budget(LINES_PER_MINUTE)


def _printable(value: object, limit: int = 120) -> str:
    text = value if isinstance(value, str) else repr(value)
    return "".join(ch if ch.isprintable() else "?" for ch in text[:limit])


def log_refused(kind: str, detail: object, client: object = None) -> None:
    """`kind`: what was refused ("upload", "event"); `detail`: e.g. the handler name."""
    allowed, dropped = _budget.take()
    if not allowed:
        return
    address = client[0] if isinstance(client, (tuple, list)) and client else client
    suffix = f" ({dropped} more not logged)" if dropped else ""
    log.warning("refused %s %s from %s%s", kind, _printable(detail), _printable(address or "?", 60), suffix)
