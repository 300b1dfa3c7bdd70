"""the office's desk (issue 10): indexes for the customer search and the work queues,
the reason of a rejected reading

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 09:00:00

The customer search (services/desk/customers.py) finds a piece of a name, an address, an
e-mail address or a phone number anywhere in the text, case-insensitively. On PostgreSQL
that is served by pg_trgm GIN indexes on lower(column) (pg_trgm ships with PostgreSQL and
is a trusted extension: the database owner may create it). On SQLite the same indexes are
plain expression indexes (the embedded default scans, which is quick enough at its size).
"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# (index, table, column) of the "contains" search
_SEARCH = (
    ('ix_customer_number_search', 'customer', 'number'),
    ('ix_customer_name_search', 'customer', 'name'),
    ('ix_customer_street_search', 'customer', 'street'),
    ('ix_service_point_street_search', 'service_point', 'street'),
    ('ix_portal_account_email_search', 'portal_account', 'email'),
    ('ix_portal_account_phone_search', 'portal_account', 'phone'),
)
# (index, table, column) of the desk's counts and filters
_PLAIN = (
    ('ix_meter_reading_status', 'meter_reading', 'status'),
    ('ix_ticket_status', 'ticket', 'status'),
    ('ix_complaint_status', 'complaint', 'status'),
    ('ix_complaint_answer_due_on', 'complaint', 'answer_due_on'),
    ('ix_portal_account_status', 'portal_account', 'status'),
    ('ix_audit_log_actor_id', 'audit_log', 'actor_id'),
)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    if postgresql:
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    with op.batch_alter_table('meter_reading', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rejection_reason', sa.String(length=500), nullable=True))
    for name, table, column in _PLAIN:
        op.create_index(name, table, [column], unique=False)
    for name, table, column in _SEARCH:
        if postgresql:
            op.create_index(name, table, [sa.text(f'lower({column}) gin_trgm_ops')], unique=False,
                            postgresql_using='gin')
        else:
            op.create_index(name, table, [sa.text(f'lower({column})')], unique=False)


def downgrade() -> None:
    for name, table, _column in reversed(_SEARCH):
        op.drop_index(name, table_name=table)
    for name, table, _column in reversed(_PLAIN):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table('meter_reading', schema=None) as batch_op:
        batch_op.drop_column('rejection_reason')
