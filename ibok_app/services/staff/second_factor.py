"""The staff second factor: TOTP (RFC 6238, pyotp: 6 digits, 30 s, SHA-1, which every
authenticator app reads) and ten one-time recovery codes.

Enrolment: `start_enrolment` keeps a pending secret and returns what the page shows
(the QR code as SVG, the secret for typing by hand); `confirm_enrolment` with a code
from the app makes it the account's factor and returns the recovery codes, in plain
text this once: only their SHA-256 is stored.

Verification accepts the current code and one step either side (clock drift), and
never the same or an older time step again, so an observed code cannot be replayed;
a recovery code is used up. Both are made race-free by conditional UPDATEs.
Throttling is the login's job (authentication.py). The caller commits.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pyotp
import segno
from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.models import StaffRecoveryCode, StaffUser, utcnow
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import client_address
from ibok_app.services.staff.shared import active_staff

RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i look-alikes
_RECOVERY_GROUPS, _RECOVERY_GROUP_LEN = 3, 4  # "abcd-efgh-jkmn": ~59 bits
_TOTP_DIGITS = 6
_VALID_WINDOW = 1  # one 30-second step either side
MSG_BAD_CODE = "Kod jest nieprawidłowy. Wpisz aktualny kod z aplikacji uwierzytelniającej."
MSG_NO_ENROLMENT = "Najpierw rozpocznij konfigurację aplikacji uwierzytelniającej."
QR_TITLE = "Kod QR do zeskanowania aplikacją uwierzytelniającą"


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows."""
    secret: str  # base32, for an app that cannot scan
    secret_grouped: str  # the same in groups of four, easier to type
    uri: str  # otpauth://totp/...
    qr_svg: str  # inline <svg> markup with a <title>
    qr_data_uri: str  # data:image/svg+xml;base64,... for an <img src> (give it an alt)
    issuer: str
    account_name: str


@dataclass(frozen=True)
class EnrolmentResult:
    ok: bool
    message: str
    recovery_codes: tuple[str, ...] = field(default_factory=tuple)  # shown ONCE, never stored


def issuer() -> str:
    return f"IBOK {settings().company.short_name}".strip()


def _timestamp(now: datetime) -> int:
    """Seconds since the epoch of a naive-UTC (or aware) time; pyotp would read a
    naive datetime as local time."""
    aware = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    return int(aware.timestamp())


def _step(now: datetime) -> int:
    return _timestamp(now) // 30


def _qr(uri: str) -> tuple[str, str]:
    qr = segno.make(uri, error="m", micro=False)
    svg = qr.svg_inline(scale=5, border=4, title=QR_TITLE, dark="#000", light="#fff")
    standalone = qr.svg_inline(scale=5, border=4, dark="#000", light="#fff").replace(
        "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return svg, "data:image/svg+xml;base64," + base64.b64encode(standalone.encode("utf-8")).decode("ascii")


def start_enrolment(session: Session, staff_id: object) -> Enrolment | None:
    """A new pending secret for an active staff member (replacing any earlier pending
    one); None for anything else. The confirmed factor, if any, stays until the new
    one is confirmed."""
    staff = active_staff(session, staff_id)
    if staff is None:
        return None
    secret = pyotp.random_base32()  # 32 characters = 160 bits, RFC 4226's recommendation
    staff.totp_pending_secret = secret
    session.add(staff)
    session.flush()
    name = f"{staff.login}"
    uri = pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=issuer())
    svg, data_uri = _qr(uri)
    return Enrolment(secret=secret, secret_grouped=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
                     uri=uri, qr_svg=svg, qr_data_uri=data_uri, issuer=issuer(), account_name=name)


def _clean_code(code: object) -> str | None:
    if not isinstance(code, str) or len(code) > 40 or not code.isascii():
        return None
    text = "".join(code.split()).replace("-", "").lower()
    return text or None


def _matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step whose TOTP equals `code` (within the window, newer than
    `last_step`), or None."""
    if len(code) != _TOTP_DIGITS or not code.isdigit():
        return None
    try:
        totp = pyotp.TOTP(secret)
        current = _step(now)
        for step in range(current - _VALID_WINDOW, current + _VALID_WINDOW + 1):
            if last_step is not None and step <= last_step:
                continue
            if hmac.compare_digest(totp.generate_otp(step), code):
                return step
    except (ValueError, TypeError, binascii.Error):  # a damaged stored secret
        return None
    return None


def _claim_step(session: Session, staff_id: int, step: int) -> bool:
    """Record `step` as used unless a newer or equal one already was (two requests
    with the same code: one wins)."""
    result = session.exec(
        update(StaffUser).where(StaffUser.id == staff_id,
                                or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    session.flush()
    return result.rowcount == 1


def confirm_enrolment(session: Session, staff_id: object, code: object, *, now: datetime | None = None,
                      client_ip: object = None) -> EnrolmentResult:
    """The pending secret becomes the account's second factor when `code` comes from
    it; new recovery codes replace any old ones and are returned this once."""
    now = now or utcnow()
    staff = active_staff(session, staff_id)
    if staff is None or not staff.totp_pending_secret:
        return EnrolmentResult(False, MSG_NO_ENROLMENT)
    clean = _clean_code(code)
    step = _matching_step(staff.totp_pending_secret, clean, now, None) if clean else None
    if step is None:
        return EnrolmentResult(False, MSG_BAD_CODE)
    had_factor = bool(staff.totp_secret)
    staff.totp_secret, staff.totp_pending_secret, staff.totp_last_step = staff.totp_pending_secret, None, step
    session.add(staff)
    codes = _new_recovery_codes(session, staff.id, now)
    audit(session, actor_kind="staff", actor_id=staff.id, action="staff.second_factor_enrolled",
          entity="staff_user", entity_id=staff.id, before={"second_factor": had_factor},
          after={"second_factor": True, "recovery_codes": len(codes)}, client_ip=client_address(client_ip))
    return EnrolmentResult(True, "Aplikacja uwierzytelniająca została skonfigurowana. Zapisz kody "
                                 "odzyskiwania w bezpiecznym miejscu: każdy działa jeden raz i nie "
                                 "zobaczysz ich ponownie.", tuple(codes))


def _recovery_hash(staff_id: int, clean: str) -> str:
    return hashlib.sha256(f"ibok-recovery:{staff_id}:{clean}".encode("ascii")).hexdigest()


def _new_recovery_codes(session: Session, staff_id: int, now: datetime) -> list[str]:
    session.exec(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_id == staff_id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUPS * _RECOVERY_GROUP_LEN))
        codes.append("-".join(raw[i:i + _RECOVERY_GROUP_LEN] for i in range(0, len(raw), _RECOVERY_GROUP_LEN)))
        session.add(StaffRecoveryCode(staff_id=staff_id, code_hash=_recovery_hash(staff_id, raw), created_at=now))
    session.flush()
    return codes


def recovery_codes_left(session: Session, staff_id: object) -> int:
    staff = active_staff(session, staff_id)
    if staff is None:
        return 0
    return session.exec(select(func.count()).select_from(StaffRecoveryCode).where(
        StaffRecoveryCode.staff_id == staff.id, StaffRecoveryCode.used_at.is_(None))).one()


def verify(session: Session, staff_id: object, code: object, *, now: datetime | None = None) -> str | None:
    """"totp" or "recovery" when `code` is a valid code of the member's confirmed
    factor (a recovery code is used up), else None. Never raises."""
    now = now or utcnow()
    staff = active_staff(session, staff_id)
    clean = _clean_code(code)
    if staff is None or not staff.totp_secret or clean is None:
        return None
    if len(clean) == _TOTP_DIGITS:
        step = _matching_step(staff.totp_secret, clean, now, staff.totp_last_step)
        return "totp" if step is not None and _claim_step(session, staff.id, step) else None
    if len(clean) != _RECOVERY_GROUPS * _RECOVERY_GROUP_LEN or not clean.isalnum():
        return None
    result = session.exec(
        update(StaffRecoveryCode).where(StaffRecoveryCode.staff_id == staff.id,
                                        StaffRecoveryCode.code_hash == _recovery_hash(staff.id, clean),
                                        StaffRecoveryCode.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    session.flush()
    return "recovery" if result.rowcount == 1 else None
