"""Portal accounts, staff, sessions, terms, announcements, audit, outbox, throttling."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

from ibok_app.models.common import StrEnum, enum_column, trigram_index, utcnow


class AccountStatus(StrEnum):
    PENDING = "pending"  # registered, activation link not yet used
    ACTIVE = "active"
    CLOSING = "closing"  # §7: readable for 14 days, then erased
    CLOSED = "closed"
    # locked by the office (services/desk/account_actions.py): no login, no session, no
    # temporary password; unlocking restores ACTIVE, PENDING or CLOSING from the dates
    LOCKED = "locked"


class PortalAccount(SQLModel, table=True):
    __tablename__ = "portal_account"
    __table_args__ = (trigram_index("ix_portal_account_email_search", "email"),
                      trigram_index("ix_portal_account_phone_search", "phone"))
    id: Optional[int] = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", unique=True, index=True)
    login: str = Field(max_length=20, unique=True, index=True)  # = customer number
    email: str = Field(max_length=254, index=True)
    phone: Optional[str] = Field(default=None, max_length=20)
    password_hash: str = Field(max_length=100)
    temp_password_hash: Optional[str] = Field(default=None, max_length=100)
    temp_password_expires_at: Optional[datetime] = None
    must_change_password: bool = False
    status: AccountStatus = Field(default=AccountStatus.PENDING, sa_type=enum_column(20), index=True)
    activation_token_hash: Optional[str] = Field(default=None, max_length=64, index=True)
    activation_expires_at: Optional[datetime] = None
    pending_email: Optional[str] = Field(default=None, max_length=254)
    pending_email_token_hash: Optional[str] = Field(default=None, max_length=64, index=True)
    pending_email_expires_at: Optional[datetime] = None
    notify_documents_email: bool = True
    notify_documents_sms: bool = False
    notify_outages_email: bool = True
    notify_outages_sms: bool = False
    notify_readings_email: bool = True
    notify_readings_sms: bool = False
    einvoice_consent: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    activated_at: Optional[datetime] = None
    closing_requested_at: Optional[datetime] = None
    last_login_at: Optional[datetime] = None


class StaffRole(StrEnum):
    ADMIN = "admin"  # everything, including staff accounts and settings
    OPERATOR = "operator"  # customer-service work
    AUDITOR = "auditor"  # read-only, including the audit log


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_user"
    id: Optional[int] = Field(default=None, primary_key=True)
    login: str = Field(max_length=50, unique=True, index=True)
    full_name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    password_hash: str = Field(max_length=100)
    role: StaffRole = Field(default=StaffRole.OPERATOR, sa_type=enum_column(20))
    active: bool = True
    must_change_password: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    deactivated_at: Optional[datetime] = None
    last_login_at: Optional[datetime] = None
    # Second factor (TOTP, RFC 6238): the base32 secret of a confirmed authenticator,
    # the one being enrolled, and the last time step accepted (a code is used once).
    totp_secret: Optional[str] = Field(default=None, max_length=64)
    totp_pending_secret: Optional[str] = Field(default=None, max_length=64)
    totp_last_step: Optional[int] = Field(default=None, sa_type=BigInteger)


class StaffRecoveryCode(SQLModel, table=True):
    """One-time recovery codes of a staff member's second factor: only a SHA-256."""

    __tablename__ = "staff_recovery_code"
    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff_user.id", index=True)
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    used_at: Optional[datetime] = None


class StaffLoginTicket(SQLModel, table=True):
    """A half-done staff login (password right, code still due): not a session, opens
    nothing, lives minutes and is consumed by the second step. Only a SHA-256."""

    __tablename__ = "staff_login_ticket"
    id: Optional[int] = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    staff_id: int = Field(foreign_key="staff_user.id", index=True)
    purpose: str = Field(max_length=10)  # "code" | "enrol"
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    client_ip: Optional[str] = Field(default=None, max_length=45)


class AppSetting(SQLModel, table=True):
    """Settings an administrator changes in the portal (key → text value)."""

    __tablename__ = "app_setting"
    key: str = Field(max_length=60, primary_key=True)
    value: str = Field(max_length=500)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")


class SubjectKind(StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"


class UserSession(SQLModel, table=True):
    """Server-side session: only the SHA-256 of the token is stored."""

    __tablename__ = "user_session"
    id: Optional[int] = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    subject_kind: SubjectKind = Field(sa_type=enum_column(10))
    account_id: Optional[int] = Field(default=None, foreign_key="portal_account.id", index=True)
    staff_id: Optional[int] = Field(default=None, foreign_key="staff_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime  # absolute expiry
    client_ip: Optional[str] = Field(default=None, max_length=45)


class TermsVersion(SQLModel, table=True):
    __tablename__ = "terms_version"
    id: Optional[int] = Field(default=None, primary_key=True)
    version: int = Field(unique=True)
    title: str = Field(max_length=200)
    body: str
    published_at: datetime = Field(default_factory=utcnow)  # in force from this moment


class TermsAcceptance(SQLModel, table=True):
    __tablename__ = "terms_acceptance"
    __table_args__ = (UniqueConstraint("account_id", "terms_version_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="portal_account.id", index=True)
    terms_version_id: int = Field(foreign_key="terms_version.id")
    accepted_at: datetime = Field(default_factory=utcnow)
    client_ip: Optional[str] = Field(default=None, max_length=45)


class AnnouncementKind(StrEnum):
    INFO = "info"
    OUTAGE = "outage"  # awaria
    MAINTENANCE = "maintenance"  # planned IBOK / network works (§6)


class Announcement(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    kind: AnnouncementKind = Field(default=AnnouncementKind.INFO, sa_type=enum_column(20))
    title: str = Field(max_length=200)
    body: str = Field(max_length=4000)
    visible_from: datetime = Field(default_factory=utcnow)
    visible_to: Optional[datetime] = None
    # the streets or localities it concerns, one per line ("ul. Głogowska", "Stypułów");
    # none: everyone (services/notifications/announcements.py matches them to addresses)
    areas: Optional[str] = Field(default=None, max_length=1000)
    created_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_kind: str = Field(max_length=10)  # customer | staff | system
    actor_id: Optional[int] = Field(default=None, index=True)
    action: str = Field(max_length=60, index=True)
    entity: Optional[str] = Field(default=None, max_length=40)
    entity_id: Optional[int] = None
    customer_id: Optional[int] = Field(default=None, index=True)
    before_json: Optional[str] = None
    after_json: Optional[str] = None
    client_ip: Optional[str] = Field(default=None, max_length=45)


class OutboxChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_message"
    id: Optional[int] = Field(default=None, primary_key=True)
    channel: OutboxChannel = Field(sa_type=enum_column(10))
    recipient: str = Field(max_length=254)
    subject: Optional[str] = Field(default=None, max_length=200)
    body_text: str
    body_html: Optional[str] = None
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, sa_type=enum_column(10), index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    last_error: Optional[str] = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: Optional[datetime] = None


class ThrottleBucket(SQLModel, table=True):
    """Failed attempts per (scope, key): login by account, by client address, etc."""

    __tablename__ = "throttle_bucket"
    __table_args__ = (UniqueConstraint("scope", "key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    scope: str = Field(max_length=30)
    key: str = Field(max_length=100)
    failures: int = 0
    last_failure_at: datetime = Field(default_factory=utcnow)
    blocked_until: Optional[datetime] = None


class JobLease(SQLModel, table=True):
    """Which server process runs a periodic job (outbox delivery, housekeeping…) for now:
    with several workers each job runs in exactly one of them (services/common/leases.py)."""

    __tablename__ = "job_lease"
    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=100)  # host:pid:random of the worker holding it
    expires_at: datetime  # another worker may take the job over after this

