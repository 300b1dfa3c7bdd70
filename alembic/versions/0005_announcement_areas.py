"""announcements name the streets or localities they concern (issue 9: the Panel shows
those for the customer's address first)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 06:50:00
"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('areas', sa.String(length=1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.drop_column('areas')
