"""What `annotator projects` imports before it answers: the database layer, not the writers, readers or engines (issue 14)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.project import Workspace

# Loaded only by the commands (and facade operations) that use them.
LAZY = {
    "annotator.agreement",
    "annotator.suggest",
    "annotator.formats.exporting",
    "annotator.formats.spacy_docbin",
    "annotator.formats.jsonl",
    "annotator.project.exports",
    "annotator.project.imports",
    "annotator.project.maintenance",
    "annotator.project.annotate",
    "annotator.project.codebook_ops",
    "annotator.project.relation_ops",
    "annotator.project.suggestion_ops",
    "annotator.project.team_ops",
    "annotator.project.merge",
    "annotator.project.training",
    "annotator.storage.importer",
    "annotator.storage.backup",
    "alembic",
    "lxml",
    "numpy",
    "PySide6",
    "spacy",
    "trafilatura",
}


def _modules_after_projects(db: Path) -> set[str]:
    """The modules loaded once `annotator --db DB projects` has run, in a fresh interpreter."""
    code = (
        "import contextlib, io, sys\n"
        "from annotator.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['--db', {str(db)!r}, 'projects']) == 0\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def _loaded(names: set[str], modules: set[str]) -> set[str]:
    """The names among `names` loaded, as themselves or through a submodule."""
    return {n for n in names if any(m == n or m.startswith(n + ".") for m in modules)}


def test_listing_projects_loads_no_writer_reader_or_engine(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    with Workspace.open(str(db)) as ws:
        ws.create_project("news")
    modules = _modules_after_projects(db)
    assert "annotator.storage.glance" in modules  # it did read the database
    assert _loaded(LAZY | {"sqlalchemy"}, modules) == set()  # an up-to-date SQLite file needs no ORM


def test_the_sub_facades_still_work_when_made_on_first_use(tmp_path: Path) -> None:
    with Workspace.open(str(tmp_path / "a.sqlite3")) as ws:
        ws.create_project("news")
        assert ws.codebook is ws.codebook  # made once, then kept
        assert ws.team is ws.team and ws.links is ws.links and ws.suggestions is ws.suggestions
        assert ws.codebook.version("news") >= 0
