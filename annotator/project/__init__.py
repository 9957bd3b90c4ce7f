"""The Qt-free facade every front end uses: `Workspace`, its operations, and what they report.

Every name but the light reports loads on first use (PEP 562): a command that only opens
the database and reads does not import the format writers, and one that only glances
(`annotator projects`) does not import SQLAlchemy (issue 14).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from annotator.core.changes import Changes, OpResult
from annotator.core.errors import Cancelled
from annotator.core.reports import DoctorReport, ExportReport, Finding, ImportReport
from annotator.project.progress import Progress

if TYPE_CHECKING:
    from annotator.project.exports import ExportFormat, export_formats
    from annotator.project.glance import glance_projects
    from annotator.project.imports import (
        ImportFormat,
        check_import_options,
        check_option_keys,
        import_formats,
    )
    from annotator.project.maintenance import backup_database, restore_database
    from annotator.project.queries import Article, ListFilter
    from annotator.project.relations import Attribution, Part
    from annotator.project.workspace import Workspace

_LAZY = {
    "Article": "queries",
    "ListFilter": "queries",
    "Workspace": "workspace",
    "glance_projects": "glance",
    "ExportFormat": "exports",
    "export_formats": "exports",
    "ImportFormat": "imports",
    "check_import_options": "imports",
    "check_option_keys": "imports",
    "import_formats": "imports",
    "backup_database": "maintenance",
    "restore_database": "maintenance",
    "Attribution": "relations",
    "Part": "relations",
}


def __getattr__(name: str) -> Any:
    """A name of the lazy modules, imported on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"annotator.project.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Article",
    "Attribution",
    "Cancelled",
    "Changes",
    "DoctorReport",
    "ExportFormat",
    "ExportReport",
    "Finding",
    "ImportFormat",
    "ImportReport",
    "ListFilter",
    "OpResult",
    "Part",
    "Progress",
    "Workspace",
    "backup_database",
    "check_import_options",
    "check_option_keys",
    "export_formats",
    "glance_projects",
    "import_formats",
    "restore_database",
]
