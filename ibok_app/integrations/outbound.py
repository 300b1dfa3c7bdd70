"""Shared bits of the outgoing-message senders (mail, SMS): the errors the outbox
worker understands, and the atomic file drop used by the local fakes."""
from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path


class DeliveryError(Exception):
    """Sending failed; the outbox tries again later."""


class PermanentDeliveryError(DeliveryError):
    """Sending can never succeed (e.g. a malformed address): no retries."""


def drop_file_name(ref: str | None, suffix: str, when: datetime | None = None) -> str:
    """`20261123T101500Z-<ref><suffix>`: sorts by time, says which outbox row it was."""
    stamp = (when or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    safe = re.sub(r"[^A-Za-z0-9_-]", "", ref or "") or os.urandom(6).hex()
    return f"{stamp}-{safe}{suffix}"


def write_atomic(directory: Path, name: str, data: bytes) -> Path:
    """Write to a temp file in the same folder, then rename: a reader never sees half a file."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        target = directory / name
        os.replace(tmp, target)
        return target
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
