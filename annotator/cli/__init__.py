"""The `annotator` command: subcommands call project operations, print, and exit with codes.

Exit codes: 0 ok, 1 a user error (bad file, unknown project, unreachable database), 2 usage.
Each group of commands is a module with its handlers and a `register` that adds them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from annotator import __version__, logs
from annotator.cli import codebook, data, desktop, maintenance, suggestions, team, window
from annotator.cli.common import EXIT_USER, Parser
from annotator.core.errors import AnnotatorError
from annotator.paths import default_database_path

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `annotator` command."""
    parser = Parser(
        prog="annotator",
        description="Label spans in news articles and export training data. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="log at debug level to stderr (and the log file)"
    )
    db_help = (
        f"SQLite file or postgresql+psycopg:// URL (default: $ANNOTATOR_DB, else {default_database_path()})"
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", default=None, help=db_help)
    common = Parser(add_help=False)
    # SUPPRESS: `annotator --db X stats` and `annotator stats --db X` both work.
    common.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=db_help)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    data.register(sub, common, Parser)
    codebook.register(sub, common, Parser)
    team.register(sub, common, Parser)
    maintenance.register(sub, common)
    suggestions.register(sub, common)
    window.register(sub, common)
    desktop.register(sub)
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
