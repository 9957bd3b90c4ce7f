"""Exports checked as they are written: a corrupted byte on disk, a wrong object or a span off its text still fails the self-check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import AnnotatorError
from annotator.formats import brat, jsonl, registry
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats
from annotator.formats.registry import Format
from annotator.formats.validate import validate_file
from annotator.project import Workspace

CHECKED = ["jsonl", "brat", "conll", "hf"]
"""Formats whose writer checks what it writes, so the self-check re-reads bytes instead of parsing."""
SUFFIX = {"jsonl": ".jsonl", "brat": "", "conll": ".conll", "hf": ".jsonl"}


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


def test_a_brat_span_whose_text_differs_is_caught(
    filled: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = brat._quoted
    monkeypatch.setattr(brat, "_quoted", lambda text, frags: real(text, frags) + "x")
    with pytest.raises(AnnotatorError, match="failed its own check.*differs from the .txt"):
        filled.export("p", tmp_path / "out", format="brat")
    assert not (tmp_path / "out").exists()


def test_a_brat_span_outside_its_text_is_caught(
    filled: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = brat._written

    def past_the_end(text: str, span: Any, stats: WriteStats) -> list[tuple[int, int]]:
        return [(a + len(text), b + len(text)) for a, b in real(text, span, stats)]

    monkeypatch.setattr(brat, "_written", past_the_end)
    with pytest.raises(AnnotatorError, match="failed its own check.*not a non-empty range inside the text"):
        filled.export("p", tmp_path / "out", format="brat")
    assert not (tmp_path / "out").exists()


def test_a_brat_text_starting_with_a_byte_order_mark_is_checked_as_read(tmp_path: Path) -> None:
    """The in-memory check reads a pair as `validate` reads the files: the mark dropped, offsets weighed."""
    text = "\ufeffMayor Ada said so."
    ann = "T1\tSOURCE 1 10\tMayor Ada\n"
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    (tmp_path / "d.ann").write_text(ann, encoding="utf-8")
    from_memory = ValidationResult("brat")
    brat._check_written(from_memory, tmp_path / "d.ann", text, ann)
    from_disk = brat.validate(tmp_path, ReadContext({}), None)
    assert (from_memory.documents, from_memory.spans, from_memory.problems) == (
        from_disk.documents,
        from_disk.spans,
        from_disk.problems,
    )
