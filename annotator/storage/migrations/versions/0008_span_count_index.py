"""An index that counts a document's annotations without reading its span rows.

The article list shows each article's annotations (the coder's and unattributed
ones, not pending suggestions), and refreshes an article's row after every
change to it. Counting them through the (document_id, start) index read every
span row for its annotator and origin: 0.2 s for a transcript with 200,000
spans, after every span added to it. With annotator and origin in the index the
count reads the index alone (15 ms).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index spans by document, annotator and origin."""
    op.create_index("ix_spans_document_owner", "spans", ["document_id", "annotator_id", "origin"])


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_spans_document_owner", table_name="spans")
