"""Alembic environment: runs on the connection the annotator hands it."""

from alembic import context

from annotator.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only from the alembic command line
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url") or "").connect()


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the full-text search objects, which the models do not describe, to the migrations."""
    return not (name or "").startswith(("documents_fts", "ix_documents_search"))


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
