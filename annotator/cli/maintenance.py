"""Looking after the database: backup, restore, doctor."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from annotator.cli.common import EXIT_OK, EXIT_USER, progress
from annotator.cli.output import add_output_arguments
from annotator.paths import database_target


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy a live database into a backup file."""
    from annotator.project import backup_database

    result = backup_database(database_target(args.db), Path(args.output), overwrite=args.overwrite)
    print(f"backed up to {result.summary()}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Load a backup into a new, empty database."""
    target = database_target(args.db)
    from annotator.project import restore_database

    result = restore_database(Path(args.backup), target)
    print(f"restored {result.summary()} into {target}")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check the database; with --repair mend what is safe, after a backup copy."""
    target = database_target(args.db)
    from annotator.project import Workspace

    with Workspace.open(target, read_only=not args.repair) as ws, progress("checking", args) as bar:
        report = ws.doctor(repair=args.repair, progress=bar)
    print(f"checked {ws.url}")
    for finding in report.findings:
        mark = " (repairable)" if finding.repairable and not args.repair else ""
        print(f"{finding.check}: {finding.message}{mark}")
    if report.backup is not None:
        print(f"backed up to {report.backup} before repairing")
    for line in report.repairs:
        print(f"repaired: {line}")
    left = [f for f in report.findings if not (args.repair and f.repairable)]
    if not report.findings:
        print("no problems found")
    elif left:
        hint = " (run with --repair to mend the repairable ones)" if any(f.repairable for f in left) else ""
        print(f"{len(left)} problem(s) remain{hint}")
    return EXIT_OK if not left else EXIT_USER


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add backup, restore and doctor."""
    p = sub.add_parser(
        "backup",
        parents=[common],
        help="copy the database (safe while others keep annotating)",
        description="A SQLite database is copied into a SQLite file; a PostgreSQL database "
        "(or any database, when OUT ends in .jsonl) is dumped to JSONL, one row a line.",
    )
    p.add_argument("output", metavar="OUT", help="the backup file to write")
    p.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        parents=[common],
        help="load a backup into a new, empty database",
        description="Restores a SQLite copy or a JSONL dump into the database named by --db, "
        "which must be new or empty (SQLite and PostgreSQL both work); all or nothing.",
    )
    p.add_argument("backup", metavar="IN", help="a file written by `annotator backup`")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "doctor",
        parents=[common],
        help="check the database (and recent exports' folders); --repair mends what is safe",
        description="Checks SQLite's integrity and foreign keys, rows no operation writes, every text "
        "against its hash, every span inside its text, and leftovers of interrupted exports beside "
        "recent exports. Changes nothing unless --repair, which first makes a backup copy.",
    )
    p.add_argument("--repair", action="store_true", help="mend what can be mended safely, after a backup")
    add_output_arguments(p, json_report=False)
    p.set_defaults(func=cmd_doctor)
