"""the office's ticket queue (issue 10): who works a ticket, internal notes

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 09:00:00

`ticket.assigned_to_id` is the staff member who took the ticket ("przypisz do mnie"),
indexed for the queue's "mine" / "unassigned" filters. `ticket_message.internal` marks an
office note that the customer never sees (services/cases/tickets.py): existing messages
are all customer-visible, so the column is filled with false.
"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_ticket_assigned_to_id', ['assigned_to_id'], unique=False)
        batch_op.create_foreign_key('fk_ticket_assigned_to_id_staff_user', 'staff_user',
                                    ['assigned_to_id'], ['id'])
    with op.batch_alter_table('ticket_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('internal', sa.Boolean(), nullable=False, server_default=sa.false()))
    # The server default only filled existing rows; the model always sets the value.
    with op.batch_alter_table('ticket_message', schema=None) as batch_op:
        batch_op.alter_column('internal', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('ticket_message', schema=None) as batch_op:
        batch_op.drop_column('internal')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint('fk_ticket_assigned_to_id_staff_user', type_='foreignkey')
        batch_op.drop_index('ix_ticket_assigned_to_id')
        batch_op.drop_column('assigned_to_id')
