"""PostgreSQL search: index only the first 500,000 characters of each article.

A tsvector holds at most 1 MB, so indexing a whole long transcript failed its import.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Rebuild the PostgreSQL search index on a bounded prefix; SQLite's FTS5 has no such limit."""
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_documents_search")
    op.execute(
        "CREATE INDEX ix_documents_search ON documents USING gin "
        "(to_tsvector('simple', left(title || ' ' || text, 500000)))"
    )


def downgrade() -> None:
    """Back to indexing whole texts."""
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_documents_search")
    op.execute(
        "CREATE INDEX ix_documents_search ON documents USING gin "
        "(to_tsvector('simple', title || ' ' || text))"
    )
