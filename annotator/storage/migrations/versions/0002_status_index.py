"""Index document status by annotator, for progress counts and the status filter.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the index."""
    op.create_index("ix_document_status_annotator", "document_status", ["annotator_id", "status"])


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_document_status_annotator", table_name="document_status")
