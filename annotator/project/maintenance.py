"""Looking after a database: backups, restores, and `doctor`'s checks and safe repairs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from annotator.core.errors import ReadOnlyError
from annotator.core.reports import DoctorReport, Finding
from annotator.formats.output import find_leftovers, recover_leftovers
from annotator.paths import default_database_path
from annotator.project.context import Context
from annotator.project.progress import Progress
from annotator.storage import backup, doctor
from annotator.storage.backup import BackupResult


def backup_database(target: str | Path, out: Path, *, overwrite: bool = False) -> BackupResult:
    """Copy a live database into `out`: a SQLite file, or a JSONL dump (PostgreSQL, or OUT.jsonl)."""
    return backup.backup_database(target, out, overwrite=overwrite)


def restore_database(source: Path, target: str | Path) -> BackupResult:
    """Load a backup (SQLite copy or JSONL dump) into a new, empty database, all or nothing."""
    return backup.restore_database(source, target)


def run_doctor(ctx: Context, *, repair: bool = False, progress: Progress | None = None) -> DoctorReport:
    """Check the database (and the folders of recent exports); with `repair`, mend what is safe after a backup."""
    report = DoctorReport()

    def step(done: int, total: int | None) -> None:
        if progress is not None:
            progress(done, total)

    with ctx.uow.reading() as s:
        report.findings += doctor.sqlite_integrity(s)
        report.findings += doctor.orphans(s)
        report.findings += doctor.texts_and_offsets(s, step)
        targets = doctor.export_targets(s)
    for target in targets:
        report.findings += [
            Finding(
                "export leftovers", f"{x.path}: left by an interrupted export to {target}", repairable=True
            )
            for x in find_leftovers(target)
            if x.stale
        ]
    if not repair or not any(f.repairable for f in report.findings):
        return report
    if ctx.uow.read_only:
        raise ReadOnlyError(f"{ctx.uow.url}: the database is open read-only; nothing was repaired")
    report.backup = _backup_before_repair(ctx)
    with ctx.uow.writing("the repairs") as s:
        report.repairs += doctor.repair_rows(s, report.findings)
    for target in targets:
        report.repairs += recover_leftovers(target)
    return report


def _backup_before_repair(ctx: Context) -> Path:
    """A copy of the database beside it (SQLite) or a JSONL dump in the data folder (PostgreSQL)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = ctx.uow.sqlite_path
    if path is not None:
        out = path.with_name(f"{path.name}.before-repair-{stamp}.bak")
    else:
        folder = default_database_path().parent
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"postgresql-before-repair-{stamp}.jsonl"
    backup.backup(ctx.uow.engine.url, out)
    return out
