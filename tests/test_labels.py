"""Every value of an enum a customer can meet has its Polish label: a new category,
type, status or kind without one fails here, not with a KeyError on a page."""
from __future__ import annotations

import pytest

from ibok_app.models import (
    AnnouncementKind,
    CaseStatus,
    DocumentType,
    MeterKind,
    PaymentMethod,
    ReadingSource,
    ReadingStatus,
    TicketCategory,
)
from ibok_app.services.billing import documents
from ibok_app.services.cases import complaints, tickets
from ibok_app.services.notifications import announcements
from ibok_app.services.readings import rules

LABEL_MAPS = [
    (TicketCategory, tickets.CATEGORY_LABELS),
    (CaseStatus, tickets.STATUS_LABELS),
    (CaseStatus, complaints.STATUS_LABELS),
    (DocumentType, documents.TYPE_LABELS),
    (DocumentType, documents.TYPE_TITLES),
    (PaymentMethod, documents.METHOD_LABELS),
    (AnnouncementKind, announcements.KIND_LABELS),
    (MeterKind, rules.KIND_LABELS),
    (ReadingSource, rules.SOURCE_LABELS),
    (ReadingStatus, rules.STATUS_LABELS),
]


@pytest.mark.parametrize("enum, labels", LABEL_MAPS, ids=lambda v: getattr(v, "__name__", ""))
def test_every_value_has_a_polish_label(enum, labels):
    missing = [member for member in enum if member not in labels and member.value not in labels]
    assert missing == []
    assert all(isinstance(text, str) and text.strip() for text in labels.values())


def test_every_document_status_has_a_label():
    """The statuses the ledger query can produce (documents._status_case) are these five."""
    produced = {documents.PAID, documents.PARTLY_PAID, documents.UNPAID, documents.OVERDUE, documents.SETTLED}
    assert set(documents.STATUS_LABELS) == produced
    assert all(text.strip() for text in documents.STATUS_LABELS.values())
