"""Opening the database a front end is given: the default file gets its folder and, when new, the demo project."""

from __future__ import annotations

from pathlib import Path

from annotator.paths import default_database_path, resources_dir
from annotator.project.workspace import Workspace

DEMO_PROJECT = "Demo"


def demo_articles_path() -> Path:
    """The bundled demo articles (native JSONL)."""
    return resources_dir() / "demo" / "articles.jsonl"


def ensure_demo(ws: Workspace) -> bool:
    """Create the demo project in an empty database; True if it was created."""
    if ws.read_only or ws.projects():
        return False
    path = demo_articles_path()
    ws.create_project(DEMO_PROJECT)
    if path.exists():
        ws.import_paths(DEMO_PROJECT, [path])
    return True


def open_target(target: str, *, read_only: bool = False, create: bool = True) -> Workspace:
    """Open a database by path or URL, the one start-up path of the CLI and the window.

    The default database (the user's data folder) is created with its folder on first
    use and starts with the demo project. Any other SQLite file that does not exist is
    created only with `create` (commands that write), and refused otherwise.
    """
    default = default_database_path()
    is_default = target == str(default)
    if is_default:
        default.parent.mkdir(parents=True, exist_ok=True)
    ws = Workspace.open(target, read_only=read_only, create=create or is_default)
    if is_default:
        ensure_demo(ws)
    return ws
