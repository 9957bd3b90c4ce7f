"""Pending suggestions never reach an export unless asked, and the report counts what was left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats import registry
from annotator.project import Workspace

SUGGESTED_TEXT = "👍🏽 result"


# qdc is the codebook alone: it writes no span, suggested or not.
@pytest.mark.parametrize("fmt", [name for name in registry.writer_names() if name != "qdc"])
def test_every_format_leaves_pending_suggestions_out(filled: Workspace, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("out" + registry.get_format(fmt).suffix)
    report = filled.export("p", out, format=fmt)
    assert "1 pending suggestion(s) left out" in " ".join(report.notes)
    included = filled.export(
        "p", tmp_path / ("all" + registry.get_format(fmt).suffix), format=fmt, include_suggested=True
    )
    # Citron's quotes need a cue, and the suggested CLAIM has none: the citron report counts it as dropped.
    assert included.spans == report.spans + (0 if fmt == "citron" else 1)
    assert not any("pending suggestion" in n for n in included.notes)


def test_native_export_holds_no_suggested_span_by_default(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    filled.export("p", out)
    text = out.read_text(encoding="utf-8")
    assert '"origin": "suggested"' not in text
    filled.export("p", out, include_suggested=True, overwrite=True)
    assert '"origin": "suggested"' in out.read_text(encoding="utf-8")
