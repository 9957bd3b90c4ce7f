"""A revision counter per project, bumped in every write transaction, so an idle window notices others' changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add projects.revision."""
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Drop projects.revision."""
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("revision")
