"""Exports checked as they are written: a corrupted byte on disk, or a wrong object, still fails the self-check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import AnnotatorError
from annotator.formats import jsonl, registry
from annotator.formats.base import ExportContext, WriteStats
from annotator.formats.registry import Format
from annotator.formats.validate import validate_file
from annotator.project import Workspace

CHECKED = ["jsonl"]
"""Formats whose writer checks what it writes, so the self-check re-reads bytes instead of parsing."""
SUFFIX = {"jsonl": ".jsonl"}


def _corrupting(fmt: Format, how: str) -> Format:
    """The format with a writer that damages its own output after writing it (as a failing disk would)."""
    assert fmt.write is not None
    write = fmt.write

    def writer(records: Any, out: Path, ctx: ExportContext) -> WriteStats:
        stats = write(records, out, ctx)
        assert stats.checked is not None, "this writer should check as it writes"
        victim = Path(sorted(stats.written)[0])
        data = bytearray(victim.read_bytes())
        if how == "flip":
            data[len(data) // 2] ^= 0x01
        else:
            del data[len(data) // 3 :]
        victim.write_bytes(bytes(data))
        return stats

    return Format(
        f"{fmt.name}-bad", "test", fmt.extensions, write=writer, validate=fmt.validate, suffix=fmt.suffix
    )


@pytest.mark.parametrize("name", CHECKED)
@pytest.mark.parametrize("how", ["flip", "cut"])
def test_a_damaged_file_fails_the_self_check(
    filled: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, how: str
) -> None:
    bad = _corrupting(registry.FORMATS[name], how)
    monkeypatch.setitem(registry.FORMATS, bad.name, bad)
    out = tmp_path / f"o{SUFFIX[name]}"
    with pytest.raises(AnnotatorError, match="failed its own check.*(differ|bytes on disk)"):
        filled.export("p", out, format=bad.name)
    assert not out.exists()


@pytest.mark.parametrize("name", CHECKED)
def test_an_export_checked_as_written_passes_the_full_validator(
    filled: Workspace, tmp_path: Path, name: str
) -> None:
    out = tmp_path / f"o{SUFFIX[name]}"
    report = filled.export("p", out, format=name)
    result, _ = validate_file(out, name)
    assert result.ok, result.problems
    assert (result.documents, result.spans) == (report.documents, report.spans)


def test_a_wrong_line_is_caught_before_it_is_written(
    filled: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = jsonl.record_to_json

    def wrong(record: Any) -> dict[str, Any]:
        obj = real(record)
        for span in obj["spans"]:
            span["text"] = span["text"] + "x"
        return obj

    monkeypatch.setattr("annotator.formats.native_write.record_to_json", wrong)
    with pytest.raises(AnnotatorError, match="failed its own check.*differs from the text"):
        filled.export("p", tmp_path / "o.jsonl")
    assert not (tmp_path / "o.jsonl").exists()
