"""Running the command line in-process from a test."""

from __future__ import annotations

import pytest

from annotator.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of `annotator ARGS`."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
