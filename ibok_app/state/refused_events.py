"""Events that Reflex cannot deliver to a handler — unknown names, a list where a
dict belongs, private methods, undecodable packets — are garbage from outside.
Reflex logs each with a full traceback that also prints the event's router data
(the connection's headers, session cookie included). Here each becomes one short,
rate-limited line (api/refusals.py), so garbage can neither fill the disk nor put
credentials into the log. A failure inside IBOK's own code is a bug and keeps its
traceback.

(No `from __future__ import annotations` here: Reflex checks the exception
handler's annotations as real types.)
"""
import logging
import traceback

from ibok_app.api.refusals import log_refused

log = logging.getLogger("ibok")
OWN_CODE = "/ibok_app/"

# (logger, how its message for an undeliverable event starts)
_REFUSAL_RECORDS = (
    ("reflex_base.event.processor.event_processor", "Error processing event queue entry"),
    ("reflex_base.event.processor.base_state_processor", "Error transforming event payload"),
    ("reflex.app", "Received event data as a string"),
    ("engineio.server", "message async handler error"),
)


def _raised_in_own_code(exception: BaseException) -> bool:
    return any(OWN_CODE in frame.filename for frame in traceback.extract_tb(exception.__traceback__))


def backend_exception_handler(exception: Exception) -> None:
    """rx.App(backend_exception_handler=...): no toast with Reflex's English text."""
    if _raised_in_own_code(exception):
        log.error("event handler failed: %s", type(exception).__name__,
                  exc_info=(type(exception), exception, exception.__traceback__))
    else:
        log_refused("event", type(exception).__name__)


class RefusedEventFilter(logging.Filter):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith(self.prefix):
            return True
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and _raised_in_own_code(exc):
            return True
        log_refused("event", type(exc).__name__ if exc else "undeliverable")
        return False


def install_log_filters() -> None:
    for name, prefix in _REFUSAL_RECORDS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RefusedEventFilter) for f in logger.filters):
            logger.addFilter(RefusedEventFilter(prefix))
