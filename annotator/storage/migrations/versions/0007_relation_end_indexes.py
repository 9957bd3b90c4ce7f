"""Indexes on the two ends of a relation, so deleting a span does not scan every relation.

SQLite checks each deleted span against relations.head_id and relations.tail_id (the
foreign keys cascade); without an index on them that is a full scan of the relations
per deleted span (replacing a run's suggestions over 20 articles took 18 s).

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-10
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index relations.head_id and relations.tail_id."""
    op.create_index("ix_relations_head", "relations", ["head_id"])
    op.create_index("ix_relations_tail", "relations", ["tail_id"])


def downgrade() -> None:
    """Drop the two indexes."""
    op.drop_index("ix_relations_tail", table_name="relations")
    op.drop_index("ix_relations_head", table_name="relations")
