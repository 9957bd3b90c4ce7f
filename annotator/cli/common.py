"""What every command shares: the parser class, opening the database, progress on a terminal, format options."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from annotator.cli.progress import FileBytes, Progress
from annotator.core.errors import AnnotatorError
from annotator.paths import database_target

if TYPE_CHECKING:  # the facade (SQLAlchemy, Alembic) loads when a command opens a database, not for --help
    from annotator.project import Workspace

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit with code 2 and one clear line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def open_workspace(args: argparse.Namespace, *, create: bool = False) -> Workspace:
    """Open the database named by --db / $ANNOTATOR_DB / the default; seed the demo on first use.

    Only commands that write pass `create`: for the others a mistyped path is refused, naming
    it, instead of becoming a new empty database (the default database is still made on first use).
    """
    from annotator.project.demo import open_target

    ws = open_target(database_target(args.db), create=create)
    if ws.backup_path is not None:
        print(f"migrated the database; a copy of the old one is at {ws.backup_path}", file=sys.stderr)
    return ws


def progress(
    label: str, args: argparse.Namespace | None = None, *, unit: str = "", files: FileBytes | None = None
) -> Progress:
    """The progress shown on stderr for a long command (nothing with --quiet); use it with `with`."""
    return Progress(label, quiet=bool(getattr(args, "quiet", False)), unit=unit, files=files)


def given_options(args: argparse.Namespace) -> dict[str, str]:
    """The settings given as --option KEY=VALUE (a key's dashes read as underscores)."""
    options: dict[str, str] = {}
    for item in getattr(args, "option", None) or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AnnotatorError(f"--option {item!r}: expected KEY=VALUE")
        options[key.strip().replace("-", "_")] = value
    return options


def format_options(args: argparse.Namespace) -> dict[str, str]:
    """The format settings given on the command line (--option and the format flags), as one mapping."""
    options = given_options(args)
    for key in ("text_column", "title_column", "id_column", "encoding", "offsets", "delimiter"):
        value = getattr(args, key, None)
        if value is not None:
            options[key] = value
    return options


def add_option_arguments(p: argparse.ArgumentParser) -> None:
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
