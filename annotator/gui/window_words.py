"""Messages written for the command line, told in the window's words: the dialog option instead of the flag."""

from __future__ import annotations

import re

IMPORT_OPTIONS = "the Import options dialog"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"pass --encoding NAME", f'choose its encoding under "Encoding" in {IMPORT_OPTIONS}'),
        (r"pass --encoding ([\w.-]+)", rf'choose \1 under "Encoding" in {IMPORT_OPTIONS}'),
        (r"(?:name its encoding )?with --encoding", f'under "Encoding" in {IMPORT_OPTIONS}'),
        (r"--encoding", f'"Encoding" in {IMPORT_OPTIONS}'),
        (
            r"pass --format and --skip-invalid",
            f'choose the format under "Format" and tick "Skip invalid lines" in {IMPORT_OPTIONS}',
        ),
        (r"pass --format", f'choose the format under "Format" in {IMPORT_OPTIONS}'),
        (r"with --format", f'with the format chosen under "Format" in {IMPORT_OPTIONS}'),
        (r"--skip-invalid", f'"Skip invalid lines" in {IMPORT_OPTIONS}'),
        (r"use --add-labels", f'tick "Add labels that the project does not have" in {IMPORT_OPTIONS}'),
        (r"--add-labels", f'"Add labels that the project does not have" in {IMPORT_OPTIONS}'),
        (r"pass --overwrite", "confirm replacing it when the save dialog asks, or choose another name"),
        (r"with --overwrite", "by confirming when the save dialog asks"),
        (r"--overwrite", "replacing it when the save dialog asks"),
        (r"with --annotator", "with an annotator (the window imports as the coder you annotate as)"),
        (
            r"(?:pass|use|with) --option ([\w.=-]+)",
            r"with the command line's option \1 (annotator import --option)",
        ),
    )
)


def for_window(text: str) -> str:
    """`text` with each command-line flag it names replaced by the window's way of saying it."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
