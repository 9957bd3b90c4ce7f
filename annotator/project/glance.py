"""What a command that only looks can learn without opening a Workspace (no SQLAlchemy loaded)."""

from __future__ import annotations

from annotator.core.types import ProjectInfo
from annotator.storage import glance


def glance_projects(target: str) -> list[ProjectInfo] | None:
    """The projects of an up-to-date SQLite file, by name; None: open a Workspace for the answer."""
    return glance.projects(target)
