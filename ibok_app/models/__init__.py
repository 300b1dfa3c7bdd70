"""All tables, imported so SQLModel.metadata knows them (alembic, create_all)."""
from sqlmodel import SQLModel as _SQLModel

from ibok_app.models.billing import (  # noqa: F401
    Document,
    DocumentLine,
    DocumentType,
    OnlinePayment,
    OnlinePaymentDocument,
    OnlinePaymentMode,
    OnlinePaymentStatus,
    Payment,
    PaymentAllocation,
    PaymentMethod,
    Tariff,
)
from ibok_app.models.cases import (  # noqa: F401
    CaseStatus,
    Complaint,
    Ticket,
    TicketCategory,
    TicketMessage,
)
from ibok_app.models.common import use_naive_utc as _use_naive_utc
from ibok_app.models.common import utcnow  # noqa: F401
from ibok_app.models.contract import Contract, ContractAnnex  # noqa: F401
from ibok_app.models.customer import (  # noqa: F401
    Customer,
    CustomerStatus,
    Meter,
    MeterKind,
    MeterReading,
    ReadingSource,
    ReadingStatus,
    ServicePoint,
)
from ibok_app.models.portal import (  # noqa: F401
    AccountStatus,
    Announcement,
    AnnouncementKind,
    AppSetting,
    AuditLog,
    JobLease,
    OutboxChannel,
    OutboxMessage,
    OutboxStatus,
    PortalAccount,
    StaffLoginTicket,
    StaffRecoveryCode,
    StaffRole,
    StaffUser,
    SubjectKind,
    TermsAcceptance,
    TermsVersion,
    ThrottleBucket,
    UserSession,
)

# Every table is defined now: make their time columns follow the naive-UTC convention.
_use_naive_utc(_SQLModel.metadata)
