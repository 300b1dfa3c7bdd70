"""Audit log: who changed what, when, with the values before and after.

Secrets never go in: keys that name a password, hash or token are dropped from
before/after, whatever the caller passed.
"""
from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from ibok_app.models import AuditLog

_SECRET_WORDS = ("password", "hash", "token", "secret", "haslo", "hasło")
_ACTOR_KINDS = {"customer", "staff", "system"}


def _is_secret(key: object) -> bool:
    name = str(key).lower()
    return any(word in name for word in _SECRET_WORDS)


def scrub(value: Any) -> Any:
    """A copy of `value` without secret-named keys at any depth."""
    if isinstance(value, dict):
        return {str(k): scrub(v) for k, v in value.items() if not _is_secret(k)}
    if isinstance(value, (list, tuple)):
        return [scrub(v) for v in value]
    return value


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(scrub(value), ensure_ascii=False, sort_keys=True, default=str)


def audit(session: Session, *, actor_kind: str, actor_id: int | None, action: str,
          entity: str | None = None, entity_id: int | None = None, customer_id: int | None = None,
          before: Any = None, after: Any = None, client_ip: str | None = None) -> None:
    """Add one audit entry in the caller's transaction (the caller commits)."""
    if actor_kind not in _ACTOR_KINDS:
        raise ValueError(f"unknown actor kind {actor_kind!r}")
    session.add(AuditLog(
        actor_kind=actor_kind, actor_id=actor_id, action=action[:60],
        entity=entity[:40] if entity else None, entity_id=entity_id, customer_id=customer_id,
        before_json=_json(before), after_json=_json(after),
        client_ip=client_ip[:45] if isinstance(client_ip, str) and client_ip.isprintable() else None,
    ))
    session.flush()
