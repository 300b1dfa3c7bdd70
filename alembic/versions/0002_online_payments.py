"""online payments: fee, choice, expiry status and the documents a transaction pays

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 19:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ACTIVE = sa.text("status IN ('started', 'pending')")


def upgrade() -> None:
    with op.batch_alter_table('online_payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fee_gr', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('currency', sa.String(length=3), nullable=False, server_default='PLN'))
        batch_op.add_column(sa.Column('mode', sa.String(length=20), nullable=False, server_default='amount'))
        batch_op.add_column(sa.Column('choice_key', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status_details', sa.String(length=100), nullable=True))
        batch_op.create_index('ix_online_payment_status', ['status'], unique=False)
        batch_op.create_index('ix_online_payment_payment_id', ['payment_id'], unique=False)
    # The server defaults only filled existing rows; the models always set the values.
    with op.batch_alter_table('online_payment', schema=None) as batch_op:
        for name in ('fee_gr', 'currency', 'mode', 'choice_key'):
            batch_op.alter_column(name, server_default=None)
    op.create_index('ux_online_payment_active_choice', 'online_payment', ['customer_id', 'choice_key'],
                    unique=True, sqlite_where=ACTIVE, postgresql_where=ACTIVE)

    op.create_table(
        'online_payment_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('online_payment_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('outstanding_gr', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.ForeignKeyConstraint(['online_payment_id'], ['online_payment.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_online_payment_document_online_payment_id', 'online_payment_document',
                    ['online_payment_id'], unique=False)
    op.create_index('ix_online_payment_document_document_id', 'online_payment_document',
                    ['document_id'], unique=False)
    op.create_index('ux_online_payment_document_active', 'online_payment_document', ['document_id'],
                    unique=True, sqlite_where=sa.text('active'), postgresql_where=sa.text('active'))


def downgrade() -> None:
    op.drop_table('online_payment_document')
    op.drop_index('ux_online_payment_active_choice', table_name='online_payment')
    with op.batch_alter_table('online_payment', schema=None) as batch_op:
        batch_op.drop_index('ix_online_payment_payment_id')
        batch_op.drop_index('ix_online_payment_status')
        for name in ('status_details', 'choice_key', 'mode', 'currency', 'fee_gr'):
            batch_op.drop_column(name)
