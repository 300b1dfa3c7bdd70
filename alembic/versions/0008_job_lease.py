"""periodic jobs run in one worker at a time (issue 11): job_lease

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:00:00

With several Granian workers every worker starts the app's periodic jobs (outbox
delivery, housekeeping, expiry of abandoned payments). A job runs only in the worker
holding its row here, renewed on each run; when that worker dies its lease runs out
and another worker takes the job over (services/common/leases.py).
"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'job_lease',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('holder', sa.String(length=100), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('job_lease')
