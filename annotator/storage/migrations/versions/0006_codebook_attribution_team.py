"""The codebook (label definitions, versions and their log), attribution and suggestion fields, team tables.

- labels.definition: the label's whole codebook entry (attributes, variable type,
  guidelines, role) as JSON; projects.codebook_version and codebook_changes record
  every codebook change.
- spans: fragments (a discontinuous span's pieces), the codebook version it was
  made under, and for suggestions the suggester, its score and what it came from.
- relations: origin and codebook version.
- document_values: one coder's value of a document variable for one article.
- assignments: which coder is to code which article.
- rejected_suggestions: what a coder rejected, so the same suggestion is not shown again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the columns and tables."""
    with op.batch_alter_table("labels") as batch:
        batch.add_column(sa.Column("definition", sa.Text(), nullable=True))
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("codebook_version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("spans") as batch:
        batch.add_column(sa.Column("fragments", sa.Text(), nullable=True))
        batch.add_column(sa.Column("codebook_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("suggester", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("derived_from", sa.String(length=32), nullable=True))
    with op.batch_alter_table("relations") as batch:
        batch.add_column(sa.Column("origin", sa.String(length=16), nullable=False, server_default="manual"))
        batch.add_column(sa.Column("codebook_version", sa.Integer(), nullable=True))
    op.create_table(
        "codebook_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_codebook_changes_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_codebook_changes"),
    )
    op.create_index("ix_codebook_changes_project_id", "codebook_changes", ["project_id"])
    op.create_table(
        "document_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=True),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("codebook_version", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_document_values_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name="fk_document_values_annotator_id_annotators",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name="fk_document_values_label_id_labels", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_document_values"),
    )
    op.create_index("ix_document_values_document", "document_values", ["document_id", "label_id"])
    op.create_table(
        "assignments",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_assignments_document_id_documents", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name="fk_assignments_annotator_id_annotators",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "annotator_id", name="pk_assignments"),
    )
    op.create_index("ix_assignments_annotator", "assignments", ["annotator_id"])
    op.create_table(
        "rejected_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("suggester", sa.String(length=120), nullable=True),
        sa.Column("annotator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_rejected_suggestions_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name="fk_rejected_suggestions_label_id_labels", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name="fk_rejected_suggestions_annotator_id_annotators",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_rejected_suggestions"),
    )
    op.create_index("ix_rejected_suggestions_document", "rejected_suggestions", ["document_id"])


def downgrade() -> None:
    """Drop them."""
    for table in ("rejected_suggestions", "assignments", "document_values", "codebook_changes"):
        op.drop_table(table)
    with op.batch_alter_table("relations") as batch:
        batch.drop_column("codebook_version")
        batch.drop_column("origin")
    with op.batch_alter_table("spans") as batch:
        for column in ("derived_from", "score", "suggester", "codebook_version", "fragments"):
            batch.drop_column(column)
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("codebook_version")
    with op.batch_alter_table("labels") as batch:
        batch.drop_column("definition")
