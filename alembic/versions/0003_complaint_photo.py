"""complaints take a photo, like tickets (issue 9)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 06:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_path', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_column('photo_path')
