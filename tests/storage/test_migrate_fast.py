"""Opening an up-to-date database decides so without Alembic; the migration files name the head revision."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.project import Workspace
from annotator.storage import migrate


def test_the_newest_migration_file_is_alembics_head() -> None:
    assert migrate.newest_file_revision() == migrate.head_revision()


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def test_opening_an_up_to_date_database_loads_no_alembic(tmp_path: Path) -> None:
    target = tmp_path / "fresh.sqlite3"
    with Workspace.open(str(target)):
        pass  # created: Alembic ran
    loaded = _modules_after(
        f"from annotator.project import Workspace\nWorkspace.open({str(target)!r}).close()"
    )
    assert "alembic" not in loaded
    assert "numpy" not in loaded  # the agreement engine loads when agreement is computed


def test_the_command_line_parser_loads_neither_the_database_layer_nor_qt() -> None:
    loaded = _modules_after("import annotator.cli\nannotator.cli.build_parser()")
    assert not {"sqlalchemy", "alembic", "numpy", "PySide6", "spacy", "trafilatura"} & loaded
