"""The Qt-free facade every front end uses: `Workspace`, its operations, and what they report."""

from annotator.core.changes import Changes, OpResult
from annotator.core.errors import Cancelled
from annotator.core.reports import DoctorReport, ExportReport, Finding, ImportReport
from annotator.project.exports import ExportFormat, export_formats
from annotator.project.imports import ImportFormat, check_import_options, check_option_keys, import_formats
from annotator.project.maintenance import backup_database, restore_database
from annotator.project.progress import Progress
from annotator.project.queries import Article, ListFilter
from annotator.project.relations import Attribution, Part
from annotator.project.workspace import Workspace

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
    "import_formats",
    "restore_database",
]
