"""Shared fixtures: a database URL per backend (a fresh SQLite file, a fresh PostgreSQL schema)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# No test writes into the checkout: hypothesis keeps no example database (.hypothesis/) there.
settings.register_profile("annotator", database=None)
settings.load_profile("annotator")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The CLI and the window log to a file: in the tests, never into the user's log folder.
os.environ.setdefault("ANNOTATOR_LOG_DIR", tempfile.mkdtemp(prefix="annotator-test-logs-"))

PG_ENV = "ANNOTATOR_TEST_PG_URL"
PG_SKIP = f"PostgreSQL tests need {PG_ENV}, e.g. {PG_ENV}=postgresql://postgres@127.0.0.1:5432/test pytest"


def pg_base_url() -> str | None:
    """The PostgreSQL server for tests, or None when not configured."""
    return os.environ.get(PG_ENV) or None


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A path to a fresh SQLite database file."""
    return str(tmp_path / "annotator.sqlite3")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL to a fresh, empty PostgreSQL schema, dropped after the test."""
    base = pg_base_url()
    if base is None:
        pytest.skip(PG_SKIP)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    url = base.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh database of each backend: the same test runs on SQLite and PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def workspace(db_url: str):  # type: ignore[no-untyped-def]
    """An open Workspace on a fresh database of each backend, with a project "p"."""
    from annotator.project import Workspace

    ws = Workspace.open(db_url)
    ws.create_project("p")
    yield ws
    ws.close()


@pytest.fixture
def sqlite_workspace(sqlite_url: str):  # type: ignore[no-untyped-def]
    """An open Workspace on a fresh SQLite file, with a project "p"."""
    from annotator.project import Workspace

    ws = Workspace.open(sqlite_url)
    ws.create_project("p")
    yield ws
    ws.close()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark everything under tests/benchmarks as a benchmark (deselected by default)."""
    for item in items:
        if "benchmarks" in Path(str(item.path)).parts:
            item.add_marker(pytest.mark.benchmark)
