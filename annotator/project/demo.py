"""The demo project a fresh default database starts with."""

from __future__ import annotations

from pathlib import Path

from annotator.paths import resources_dir
from annotator.project import Workspace

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
