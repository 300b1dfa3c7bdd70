"""Every value of a code a customer can meet has its Polish label, in the one module of
labels (ibok_app/views/labels.py): a new category, type, status or kind without one
fails here, not with a KeyError on a page; a label whose code no longer exists fails too."""
from __future__ import annotations

import pytest

from ibok_app.models import (
    AccountStatus,
    AnnouncementKind,
    CaseStatus,
    CustomerStatus,
    DocumentType,
    MeterKind,
    OnlinePaymentMode,
    OnlinePaymentStatus,
    PaymentMethod,
    ReadingSource,
    ReadingStatus,
    SubjectKind,
    TicketCategory,
)
from ibok_app.services.billing import documents
from ibok_app.views import labels

LABEL_MAPS = [
    (TicketCategory, labels.TICKET_CATEGORY_LABELS),
    (CaseStatus, labels.TICKET_STATUS_LABELS),
    (CaseStatus, labels.COMPLAINT_STATUS_LABELS),
    (DocumentType, labels.DOCUMENT_TYPE_LABELS),
    (DocumentType, labels.DOCUMENT_TYPE_TITLES),
    (PaymentMethod, labels.PAYMENT_METHOD_LABELS),
    (OnlinePaymentStatus, labels.ONLINE_PAYMENT_STATUS_LABELS),
    (OnlinePaymentMode, labels.ONLINE_PAYMENT_MODE_LABELS),
    (AnnouncementKind, labels.ANNOUNCEMENT_KIND_LABELS),
    (MeterKind, labels.METER_KIND_LABELS),
    (ReadingSource, labels.READING_SOURCE_LABELS),
    (ReadingStatus, labels.READING_STATUS_LABELS),
    (CustomerStatus, labels.CUSTOMER_STATUS_LABELS),
    (AccountStatus, labels.ACCOUNT_STATUS_LABELS),
    (SubjectKind, labels.SUBJECT_KIND_LABELS),
]


@pytest.mark.parametrize("enum, label_map", LABEL_MAPS, ids=lambda v: getattr(v, "__name__", ""))
def test_every_value_has_a_polish_label(enum, label_map):
    missing = [member for member in enum if member not in label_map and member.value not in label_map]
    assert missing == []
    codes = set(enum) | {member.value for member in enum}
    assert [code for code in label_map if code not in codes] == []
    assert all(isinstance(text, str) and text.strip() for text in label_map.values())


def test_every_document_status_has_a_label():
    """The statuses the ledger query can produce (documents._status_case) are these five."""
    produced = {documents.PAID, documents.PARTLY_PAID, documents.UNPAID, documents.OVERDUE, documents.SETTLED}
    assert set(labels.DOCUMENT_STATUS_LABELS) == produced
    assert all(text.strip() for text in labels.DOCUMENT_STATUS_LABELS.values())


def test_codes_stored_as_text_have_their_labels():
    """Ticket message authors (the export's "autor") and audit actors (AuditLog.actor_kind)."""
    assert set(labels.TICKET_MESSAGE_AUTHOR_LABELS) == {"customer", "staff"}
    assert labels.TICKET_MESSAGE_AUTHOR_LABELS["staff"] == labels.STAFF_AUTHOR
    assert set(labels.AUDIT_ACTOR_LABELS) == {"customer", "staff", "system"}
