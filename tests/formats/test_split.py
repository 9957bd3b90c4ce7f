"""Splits: deterministic for a seed, groups and duplicate texts never straddle parts, a manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator import __version__
from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Document, Span
from annotator.formats.split import Item, assign, parse_ratios
from annotator.project import Workspace


def test_ratios_are_checked() -> None:
    assert parse_ratios("0.8,0.1,0.1") == (0.8, 0.1, 0.1)
    for bad in ("0.8,0.3", "1", "a,b", "0.5,0.5,0.5,-0.5"):
        with pytest.raises(ValidationError):
            parse_ratios(bad)


items_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.one_of(st.none(), st.sampled_from("abcdef"))), min_size=1, max_size=80
)


@given(items_strategy, st.integers(0, 5))
def test_groups_and_duplicates_never_straddle_and_the_seed_decides(
    raw: list[tuple[int, str | None]], seed: int
) -> None:
    items = [Item(i, f"h{text}", group) for i, (text, group) in enumerate(raw)]
    parts = assign(items, (0.8, 0.1, 0.1), seed)
    assert set(parts) == {it.doc_id for it in items}
    by_hash: dict[str, set[str]] = {}
    by_group: dict[str, set[str]] = {}
    for it in items:
        by_hash.setdefault(it.text_hash, set()).add(parts[it.doc_id])
        if it.group is not None:
            by_group.setdefault(it.group, set()).add(parts[it.doc_id])
    assert all(len(p) == 1 for p in by_hash.values())
    assert all(len(p) == 1 for p in by_group.values())
    # Same seed, same split, whatever order the documents come in.
    assert assign(list(reversed(items)), (0.8, 0.1, 0.1), seed) == parts


def test_singletons_follow_the_ratios() -> None:
    items = [Item(i, f"h{i}") for i in range(1000)]
    parts = list(assign(items, (0.8, 0.1, 0.1), 3).values())
    assert (parts.count("train"), parts.count("dev"), parts.count("test")) == (800, 100, 100)
    other = assign(items, (0.8, 0.1, 0.1), 4)
    assert other != assign(items, (0.8, 0.1, 0.1), 3)


def _syndicated(n: int) -> list[AnnotatedDocument]:
    out = []
    for i in range(n):
        text = f"Wire story {i % 12}: the port reopened after the storm."  # copies of 12 stories
        out.append(
            AnnotatedDocument(
                Document(
                    text + " " * (i // 12) if i % 5 else text,
                    external_id=f"d{i}",
                    meta={"outlet": f"o{i % 7}"},
                ),
                (Span(0, 4, "SOURCE"),),
            )
        )
    return out


def test_export_split_writes_parts_and_manifest(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    sqlite_workspace.import_records("p", _syndicated(60))
    out = tmp_path / "parts"
    report = sqlite_workspace.export("p", out, format="jsonl", split="0.8,0.1,0.1", seed=5)
    manifest = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert manifest["version"] == __version__ and manifest["seed"] == 5 and manifest["group_by"] is None
    assert sorted(p.name for p in out.iterdir()) == ["dev.jsonl", "export.json", "test.jsonl", "train.jsonl"]
    texts: dict[str, str] = {}
    total = 0
    for name, part in manifest["parts"].items():
        lines = (out / part["file"]).read_text(encoding="utf-8").splitlines()
        assert len(lines) == part["documents"]
        assert part["labels"] == ({"SOURCE": part["spans"]} if part["spans"] else {})
        total += part["documents"]
        for line in lines:
            text = json.loads(line)["text"]
            assert texts.setdefault(text, name) == name  # exact duplicates stay together
    assert total == report.documents
    again = tmp_path / "again"
    sqlite_workspace.export("p", again, format="jsonl", split="0.8,0.1,0.1", seed=5)
    for name in ("train", "dev", "test"):
        assert (again / f"{name}.jsonl").read_bytes() == (out / f"{name}.jsonl").read_bytes()


def test_group_by_keeps_an_outlet_in_one_part(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    sqlite_workspace.import_records("p", _syndicated(60))
    out = tmp_path / "parts"
    sqlite_workspace.export("p", out, format="doccano", split="0.7,0.3", seed=1, group_by="outlet")
    manifest = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert manifest["group_by"] == "outlet" and set(manifest["parts"]) == {"train", "dev"}
    where: dict[str, set[str]] = {}
    for name in ("train", "dev"):
        for line in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            where.setdefault(json.loads(line)["outlet"], set()).add(name)
    assert where and all(len(v) == 1 for v in where.values())
