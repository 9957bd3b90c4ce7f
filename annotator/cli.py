"""The `annotator` command: subcommands call project operations, print, and exit with codes.

Exit codes: 0 ok, 1 a user error (bad file, unknown project, unreachable database), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator import __version__, logs
from annotator.core.errors import AnnotatorError
from annotator.core.schema import DEFAULT_SCHEMA, load_schema
from annotator.formats import registry
from annotator.paths import database_target, default_annotator, default_database_path
from annotator.project import Workspace, backup_database, restore_database
from annotator.project.demo import open_target

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2
log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit with code 2 and one clear line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _open(args: argparse.Namespace) -> Workspace:
    """Open the database named by --db / $ANNOTATOR_DB / the default; seed the demo on first use."""
    ws = open_target(database_target(args.db))
    if ws.backup_path is not None:
        print(f"migrated the database; a copy of the old one is at {ws.backup_path}", file=sys.stderr)
    return ws


def _progress(label: str) -> Callable[[int, int | None], bool]:
    """A progress reporter that writes to stderr when it is a terminal."""
    tty = sys.stderr.isatty()

    def report(done: int, total: int | None) -> bool:
        if tty:
            of = f"/{total}" if total else ""
            print(f"\r{label}: {done}{of}", end="", file=sys.stderr, flush=True)
        return True

    return report


def cmd_projects(args: argparse.Namespace) -> int:
    """List projects."""
    with _open(args) as ws:
        projects = ws.projects()
        if not projects:
            print("no projects yet; create one with: annotator project create NAME")
        for p in projects:
            print(f"{p.name}\t{p.documents} document(s)")
    return EXIT_OK


def cmd_project_create(args: argparse.Namespace) -> int:
    """Create a project."""
    schema = load_schema(Path(args.labels)) if args.labels else DEFAULT_SCHEMA
    with _open(args) as ws:
        ws.create_project(args.name, schema)
        names = ", ".join(schema.names())
        print(f"created project {args.name!r} with labels {names}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Import files into a project."""
    with _open(args) as ws:
        report = ws.import_paths(
            args.project,
            [Path(p) for p in args.paths],
            format=args.format,
            annotator=args.annotator,
            add_labels=args.add_labels,
            skip_invalid=args.skip_invalid,
            progress=_progress("importing"),
            options=_format_options(args),
        )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for note in report.notes:
        print(note)
    if report.labels_added:
        print(f"labels added: {', '.join(report.labels_added)}")
    for error in report.errors:
        print(f"skipped: {error}")
    print(report.summary())
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Export a project."""
    labels = [x.strip() for x in args.labels.split(",") if x.strip()] if args.labels else None
    with _open(args) as ws:
        report = ws.export(
            args.project,
            Path(args.output),
            format=args.format,
            status=args.status,
            annotator=args.annotator,
            labels=labels,
            progress=_progress("exporting"),
            options=_format_options(args),
            split=args.split,
            seed=args.seed,
            group_by=args.group_by,
            include_suggested="suggested" in args.include,
            overwrite=args.overwrite,
        )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for note in report.notes:
        print(note)
    written = ", ".join(str(f) for f in report.files) or args.output
    print(f"exported {report.documents} document(s), {report.spans} span(s) to {written} (self-check passed)")
    return EXIT_OK


def _format_options(args: argparse.Namespace) -> dict[str, str]:
    """The format settings given on the command line, as one mapping."""
    options: dict[str, str] = {}
    for item in getattr(args, "option", None) or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AnnotatorError(f"--option {item!r}: expected KEY=VALUE")
        options[key.strip().replace("-", "_")] = value
    for key in ("text_column", "title_column", "id_column", "encoding", "offsets", "delimiter"):
        value = getattr(args, key, None)
        if value is not None:
            options[key] = value
    return options


def _add_option_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--offsets",
        choices=["utf16", "codepoints"],
        help="doccano: what offsets count (default utf16, as doccano writes them)",
    )
    p.add_argument(
        "--option",
        action="append",
        metavar="KEY=VALUE",
        help="a format setting (e.g. relations=true for doccano, caption_label=CAPTION for html); repeatable",
    )


def cmd_validate(args: argparse.Namespace) -> int:
    """Check an import or export file; list every problem; exit 1 if there is any."""
    from annotator.formats.validate import validate_file

    labels: tuple[str, ...] | None = None
    if args.project:
        with _open(args) as ws:
            labels = ws.schema(args.project).names()
    result, decided = validate_file(
        Path(args.file), args.format, labels=labels, options=_format_options(args)
    )
    print(decided)
    for problem in result.problems:
        print(problem)
    verdict = "ok" if result.ok else f"{len(result.problems)} problem(s)"
    print(f"{result.documents} document(s), {result.spans} span(s): {verdict}")
    return EXIT_OK if result.ok else EXIT_USER


def cmd_stats(args: argparse.Namespace) -> int:
    """Print documents by status and spans by label."""
    with _open(args) as ws:
        stats = ws.stats(args.project, annotator=args.annotator)
    print(f"documents: {stats.documents}")
    for status, n in stats.by_status.items():
        print(f"  {status}: {n}")
    print(f"spans: {sum(stats.spans_by_label.values())}")
    for label, n in stats.spans_by_label.items():
        print(f"  {label}: {n}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy a live database into a backup file."""
    result = backup_database(database_target(args.db), Path(args.output), overwrite=args.overwrite)
    print(f"backed up to {result.summary()}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Load a backup into a new, empty database."""
    target = database_target(args.db)
    result = restore_database(Path(args.backup), target)
    print(f"restored {result.summary()} into {target}")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check the database; with --repair mend what is safe, after a backup copy."""
    target = database_target(args.db)
    with Workspace.open(target, read_only=not args.repair) as ws:
        report = ws.doctor(repair=args.repair, progress=_progress("checking"))
    if sys.stderr.isatty():
        print(file=sys.stderr)
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


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the window."""
    try:
        from annotator.gui.app import run
    except ImportError as exc:  # Qt's system libraries missing (libEGL, libxkbcommon, ...)
        print(
            f"annotator: error: cannot load Qt ({exc}); install the desktop libraries Qt needs",
            file=sys.stderr,
        )
        return EXIT_USER

    target = database_target(args.db)
    return run(target, project=args.project, annotator=args.annotator)


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Render the window offscreen with the demo project and save a PNG."""
    from annotator.gui.screenshot import save_screenshot

    out = save_screenshot(Path(args.output), args.db, dark=args.dark)
    print(f"saved {out}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `annotator` command."""
    parser = _Parser(
        prog="annotator",
        description="Label spans in news articles and export training data. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="log at debug level to stderr (and the log file)"
    )
    db_help = (
        f"SQLite file or postgresql+psycopg:// URL (default: $ANNOTATOR_DB, else {default_database_path()})"
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", default=None, help=db_help)
    common = _Parser(add_help=False)
    # SUPPRESS: `annotator --db X stats` and `annotator stats --db X` both work.
    common.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=db_help)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("projects", parents=[common], help="list the projects in the database")
    p.set_defaults(func=cmd_projects)

    p = sub.add_parser("project", help="manage projects")
    psub = p.add_subparsers(dest="project_command", metavar="ACTION", required=True, parser_class=_Parser)
    c = psub.add_parser("create", parents=[common], help="create a project")
    c.add_argument("name", help="the project's name")
    c.add_argument("--labels", metavar="SCHEMA.json", help="label schema (default: CLAIM, SOURCE, CAPTION)")
    c.set_defaults(func=cmd_project_create)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import articles (.txt, native .jsonl, ...) from files and folders",
        description="Import articles. A document whose text is already in the project is "
        "skipped, so running an import twice is harmless. Each file is one transaction: "
        "a bad line stops that file unless --skip-invalid.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
    p.add_argument("--project", required=True, help="project to import into")
    p.add_argument(
        "--format",
        default="auto",
        choices=["auto", *registry.reader_names()],
        help="file format (default: decided from the extension and content, and said)",
    )
    p.add_argument("--text-column", help="CSV/TSV: the column with the article text (default: text)")
    p.add_argument("--title-column", help="CSV/TSV: the column with the title")
    p.add_argument("--id-column", help="CSV/TSV: the column with the article's own id")
    p.add_argument("--delimiter", help="CSV: the field separator (default: sniffed; tab for .tsv)")
    p.add_argument(
        "--encoding",
        help="the files' encoding when it is not UTF-8 (txt, CSV, HTML, JSON formats; e.g. cp1252, utf-16)",
    )
    _add_option_arguments(p)
    p.add_argument(
        "--annotator",
        default=None,
        help="who imported spans without an annotator belong to (default: nobody)",
    )
    p.add_argument("--add-labels", action="store_true", help="add unknown labels to the project")
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid lines of a file and list the invalid ones",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", parents=[common], help="export a project's annotations")
    p.add_argument("--project", required=True, help="project to export")
    p.add_argument("--format", default="jsonl", choices=registry.writer_names(), help="file format")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="output file (a folder for brat or with --split)"
    )
    p.add_argument(
        "--status", default="all", choices=["all", "done"], help="all documents, or only those marked done"
    )
    p.add_argument("--annotator", help="only this annotator's spans and status")
    p.add_argument("--labels", metavar="A,B", help="only these labels")
    p.add_argument(
        "--split",
        metavar="TRAIN,DEV[,TEST]",
        help="write train/dev/test parts into the folder OUT, e.g. 0.8,0.1,0.1 (with export.json)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the split (default 0); same seed, same split")
    p.add_argument(
        "--group-by", metavar="KEY", help="metadata key whose documents stay in one part (e.g. outlet)"
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing file or an earlier export at OUT (never a folder the annotator "
        "did not write, nor the database)",
    )
    p.add_argument(
        "--include",
        action="append",
        choices=["suggested"],
        default=[],
        help="also export pending suggestions (left out by default, and counted)",
    )
    _add_option_arguments(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "validate",
        parents=[common],
        help="check an import or export file; list every problem (exit 1 if any)",
        description="Checks that every span's text is the text at its offsets (in the format's own "
        "unit), labels are known (with --project), and nothing is duplicated.",
    )
    p.add_argument("file", metavar="FILE", help="a file (or a brat folder)")
    p.add_argument(
        "--format", default="auto", choices=["auto", *registry.validator_names()], help="file format"
    )
    p.add_argument("--project", help="check labels against this project's labels")
    _add_option_arguments(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", parents=[common], help="documents by status, spans by label")
    p.add_argument("--project", required=True)
    p.add_argument("--annotator", help="statuses of this annotator (default: anyone's furthest)")
    p.set_defaults(func=cmd_stats)

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
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("gui", parents=[common], help="open the annotation window (the default)")
    p.add_argument("--project", help="project to open")
    p.add_argument("--annotator", help=f"who is annotating (default: {default_annotator()})")
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser(
        "screenshot",
        parents=[common],
        help="save a PNG of the window with the demo project (offscreen)",
        description="Render the main window offscreen and save it as PNG. Without --db a "
        "temporary database with the demo project is used.",
    )
    p.add_argument("output", metavar="OUT.png", help="where to save the picture")
    p.add_argument("--dark", action="store_true", help="use the dark theme")
    p.set_defaults(func=cmd_screenshot)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
    written = logs.setup(debug=args.debug)
    log.debug("annotator %s: %s", __version__, args.command)
    try:
        return int(args.func(args))
    except AnnotatorError as exc:
        log.info("refused: %s", exc)
        print(f"annotator: error: {exc}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing of the running operation was kept", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: the user gets one line, the log file the traceback
        log.exception("unexpected error in %s", args.command)
        where = f" (the details are in {written})" if written else ""
        print(f"annotator: unexpected error: {type(exc).__name__}: {exc}{where}", file=sys.stderr)
        return EXIT_USER
