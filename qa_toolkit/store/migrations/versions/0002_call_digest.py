"""Each stored call keeps a digest of its result and findings: a re-run that finds the
call unchanged only notes the run.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('calls') as batch_op:
        batch_op.add_column(sa.Column('digest', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('calls') as batch_op:
        batch_op.drop_column('digest')
