"""Terms of service versions (§1, §10): the newest published version is in force,
and a customer must have accepted it before using the portal."""
from __future__ import annotations

import functools
from datetime import datetime

from sqlalchemy import and_, exists, literal
from sqlmodel import Session, select

from ibok_app.config import DATA_DIR, Company, settings
from ibok_app.integrations.terms_pdf import render_terms_pdf
from ibok_app.models import TermsAcceptance, TermsVersion, utcnow
from ibok_app.views.terms import TermsView

SHIPPED_V1 = DATA_DIR / "regulamin-v1.txt"
SHIPPED_TITLE = "Regulamin Internetowego Biura Obsługi Klienta"




def _view(row: TermsVersion) -> TermsView:
    return TermsView(row.id, row.version, row.title, row.body, row.published_at)


def ensure_shipped_terms(session: Session) -> None:
    """Version 1 ships with the code; load it once into an empty table."""
    if session.exec(select(TermsVersion.id).limit(1)).first() is None:
        session.add(TermsVersion(version=1, title=SHIPPED_TITLE,
                                 body=SHIPPED_V1.read_text(encoding="utf-8"),
                                 published_at=datetime(2024, 1, 1)))
        session.flush()


def current_terms(session: Session, now: datetime | None = None) -> TermsView | None:
    """The version in force now: the highest one already published."""
    now = now or utcnow()
    row = session.exec(
        select(TermsVersion).where(TermsVersion.published_at <= now)
        .order_by(TermsVersion.version.desc()).limit(1)
    ).first()
    return _view(row) if row else None


def publish(session: Session, title: str, body: str, published_at: datetime | None = None) -> TermsView:
    last = session.exec(select(TermsVersion.version).order_by(TermsVersion.version.desc()).limit(1)).first()
    row = TermsVersion(version=(last or 0) + 1, title=title.strip(), body=body.strip() + "\n",
                       published_at=published_at or utcnow())
    session.add(row)
    session.flush()
    return _view(row)


def needs_acceptance_clause(account_id, now: datetime):
    """SQL: the account has not accepted the version in force at `now` (false while no
    version is published). A clause, so the session check asks it in its one query."""
    current_id = (select(TermsVersion.id).where(TermsVersion.published_at <= now)
                  .order_by(TermsVersion.version.desc()).limit(1).scalar_subquery())
    accepted = exists().where(TermsAcceptance.account_id == account_id,
                              TermsAcceptance.terms_version_id == current_id)
    return and_(current_id.is_not(None), ~accepted)


def needs_acceptance(session: Session, account_id: int, now: datetime | None = None) -> bool:
    return bool(session.execute(select(needs_acceptance_clause(literal(account_id), now or utcnow()))).scalar())


def record_acceptance(session: Session, account_id: int, terms_version_id: int,
                      client_ip: str | None = None) -> None:
    exists = session.exec(
        select(TermsAcceptance.id).where(TermsAcceptance.account_id == account_id,
                                         TermsAcceptance.terms_version_id == terms_version_id)
    ).first()
    if exists is None:
        session.add(TermsAcceptance(account_id=account_id, terms_version_id=terms_version_id,
                                    client_ip=client_ip))
        session.flush()


def accept_current(session: Session, account_id: int, client_ip: str | None = None) -> bool:
    """Record the account's acceptance of the version in force now, whatever version a
    page showed (a newer one may have been published meanwhile). False: none in force."""
    current = current_terms(session)
    if current is None:
        return False
    record_acceptance(session, account_id, current.id, client_ip)
    return True


@functools.lru_cache(maxsize=8)
def _cached_render(terms: TermsView, company: Company) -> bytes:
    # Keyed by the whole (frozen) view, so a version whose text or date changed
    # is never served from a stale entry.
    return render_terms_pdf(terms, company)


def current_terms_pdf(session: Session) -> tuple[TermsView, bytes] | None:
    """The terms in force and their PDF (rendered once per version), or None."""
    terms = current_terms(session)
    if terms is None:
        return None
    return terms, _cached_render(terms, settings().company)


def clear_pdf_cache() -> None:
    _cached_render.cache_clear()
