"""What a command prints: its report as lines, or as one JSON object with --json; --quiet keeps notes back.

Text mode prints as it goes: notes (unless --quiet), then the summary, warnings
and problems (always). JSON mode prints nothing until `finish`, then one object
on stdout: `command`, `ok`, `counts`, `notes`, `warnings`, `problems` (each with
`file`, `line` and `message`), and what the command adds. A refused command
still gives its object (`ok` false, `error`), through `json_errors`.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import AnnotatorError

_WHERE = re.compile(r"^(?P<file>.+?): line (?P<line>\d+)\b")


def add_output_arguments(p: argparse.ArgumentParser, *, json_report: bool = True) -> None:
    """Add --quiet (and --json) to a command."""
    p.add_argument("-q", "--quiet", action="store_true", help="no progress and no notes")
    if json_report:
        p.add_argument(
            "--json",
            action="store_true",
            help="print the report as one JSON object on stdout (for pipelines)",
        )


def located(text: str, fallback: str | None = None) -> dict[str, Any]:
    """A problem as `file`, `line` (or None) and `message`, read from its "FILE: line N..." form."""
    found = _WHERE.match(text)
    if found is None:
        return {"file": fallback, "line": None, "message": text}
    return {"file": found["file"], "line": int(found["line"]), "message": text}


@dataclass
class Report:
    """A command's report, printed as lines or gathered into one JSON object."""

    command: str
    as_json: bool = False
    quiet: bool = False
    counts: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    ok: bool = True

    @classmethod
    def of(cls, command: str, args: argparse.Namespace) -> Report:
        """The report of a command, printing as its --json and --quiet say."""
        return cls(command, bool(getattr(args, "json", False)), bool(getattr(args, "quiet", False)))

    def note(self, text: str, *, shown: str | None = None) -> None:
        """Something worth knowing (what was decided, skipped, added): silenced by --quiet; `shown` is its text line."""
        self.notes.append(text)
        if not self.as_json and not self.quiet:
            print(shown if shown is not None else text)

    def line(self, text: str) -> None:
        """A line of the summary (text mode only; JSON has the counts)."""
        if not self.as_json:
            print(text)

    def warn(self, text: str) -> None:
        """What the user must see even with --quiet."""
        self.warnings.append(text)
        if not self.as_json:
            print(f"warning: {text}")

    def problem(self, text: str, *, shown: str | None = None, **fields: Any) -> None:
        """A problem with its file and line; `shown` is its text line (default: the problem itself)."""
        entry = located(text, fields.pop("file", None))
        entry.update(fields)
        self.problems.append(entry)
        if not self.as_json:
            print(shown if shown is not None else text)

    def finish(self) -> None:
        """Print the JSON object (in JSON mode)."""
        if self.as_json:
            obj = {
                "command": self.command,
                "ok": self.ok,
                "counts": self.counts,
                "notes": self.notes,
                "warnings": self.warnings,
                "problems": self.problems,
                **self.extra,
            }
            print(json.dumps(obj, ensure_ascii=False, default=str))


def json_errors(
    command: str,
) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    """With --json, a refused command also prints its JSON object (`ok` false, `error`); the error then goes on."""

    def wrap(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        @functools.wraps(func)
        def run(args: argparse.Namespace) -> int:
            try:
                return func(args)
            except AnnotatorError as exc:
                if getattr(args, "json", False):
                    problem = located(str(exc))
                    obj = {"command": command, "ok": False, "error": str(exc), "problems": [problem]}
                    print(json.dumps(obj, ensure_ascii=False))
                    sys.stdout.flush()
                raise

        return run

    return wrap
