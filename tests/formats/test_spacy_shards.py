"""The spacy writer's own check equals reading its shards back; the child process writes the same shards and always ends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import AnnotatorError, Cancelled, SelfCheckError
from annotator.core.types import AnnotatedDocument
from annotator.formats import registry, spacy_docbin, spacy_worker
from annotator.formats.base import ExportContext, ReadContext
from annotator.formats.exporting import self_check
from annotator.formats.spacy_build import DocPlan, ShardBuilder

from . import codebook_corpus
from .conftest import corpus

spacy = pytest.importorskip("spacy")

SHARDED = ExportContext(options={"shard_docs": "2"})


def _records() -> list[AnnotatedDocument]:
    return corpus() + codebook_corpus.corpus()


def _write(out: Path, ctx: ExportContext = SHARDED, records: Any = None) -> Any:
    return spacy_docbin.write(_records() if records is None else records, out, ctx)


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in spacy_docbin.shards(out)}


@pytest.fixture
def in_child(monkeypatch: pytest.MonkeyPatch) -> list[spacy_worker.ShardWorker]:
    """Exports of a few documents go to the child (as large ones do); the children started are listed."""
    started: list[spacy_worker.ShardWorker] = []
    real = spacy_worker.ShardWorker.__init__

    def init(self: spacy_worker.ShardWorker, key: str) -> None:
        real(self, key)
        started.append(self)

    monkeypatch.setattr(spacy_worker, "START", 3)
    monkeypatch.setattr(spacy_worker, "BATCH", 2)
    monkeypatch.setattr(spacy_worker, "free_cores", lambda: 1)
    monkeypatch.setattr(spacy_worker.ShardWorker, "__init__", init)
    return started


@pytest.mark.parametrize("options", [{"shard_docs": "2"}, {"shard_docs": "3"}, {}])
def test_the_writers_check_finds_what_reading_the_shards_back_finds(tmp_path: Path, options: Any) -> None:
    out = tmp_path / "c.spacy"
    stats = _write(out, ExportContext(options=options))
    full = spacy_docbin.validate(out, ReadContext(), None)
    assert stats.checked is not None
    assert (stats.checked.documents, stats.checked.spans) == (full.documents, full.spans)
    assert stats.checked.problems == full.problems
    assert sorted(stats.written) == [str(p) for p in spacy_docbin.shards(out)]


def test_a_bad_doc_is_named_by_the_writer_as_by_the_validator(tmp_path: Path) -> None:
    """An entity outside the span group (a writer bug): the same problem, in the same words, either way."""
    builder = ShardBuilder("sc")
    words, spaces = ["Ada", "said", "so"], [True, True, False]
    builder.add(DocPlan("Ada said so", words, spaces, [(0, 1, "SOURCE")], [(2, 3, "CLAIM")], {}, {}))
    saved = builder.save(tmp_path / "bad.spacy")
    full = spacy_docbin.validate(tmp_path / "bad.spacy", ReadContext(), None)
    assert [str(p) for p in saved.problems] == [str(p) for p in full.problems]
    assert [str(p) for p in saved.problems] == [
        f"{tmp_path / 'bad.spacy'}: doc 1 [9, 11) 'CLAIM': entity missing from doc.spans['sc']"
    ]


@pytest.mark.parametrize("damage", ["flip", "truncate", "remove"])
def test_a_damaged_shard_fails_the_self_check_as_it_fails_validation(tmp_path: Path, damage: str) -> None:
    out = tmp_path / "c.spacy"
    stats = _write(out)
    shard = spacy_docbin.shards(out)[1]
    data = shard.read_bytes()
    if damage == "flip":
        shard.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    elif damage == "truncate":
        shard.write_bytes(data[: len(data) // 2])
    else:
        shard.unlink()
    with pytest.raises(SelfCheckError, match=str(shard)):
        self_check(registry.get_format("spacy"), out, stats, SHARDED)
    full = spacy_docbin.validate(out, ReadContext(), None)
    assert not full.ok or full.documents < stats.documents


def test_the_child_writes_the_same_shards_as_this_process(
    tmp_path: Path, in_child: list[spacy_worker.ShardWorker]
) -> None:
    here, there = tmp_path / "here.spacy", tmp_path / "there.spacy"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(spacy_worker, "free_cores", lambda: 0)
        mine = _write(here)
    theirs = _write(there)
    assert len(in_child) == 1
    assert _files(there) == _files(here)
    assert theirs.checked is not None and mine.checked is not None
    assert (theirs.documents, theirs.spans, theirs.checked.spans) == (
        mine.documents,
        mine.spans,
        mine.checked.spans,
    )
    assert [Path(p).name for p in theirs.written] == [Path(p).name for p in mine.written]


def test_a_small_export_or_a_single_core_builds_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_child(self: object, key: str) -> None:
        raise AssertionError("no child process expected")

    monkeypatch.setattr(spacy_worker.ShardWorker, "__init__", no_child)
    _write(tmp_path / "small.spacy")  # fewer documents than START
    monkeypatch.setattr(spacy_worker, "START", 2)
    monkeypatch.setattr(spacy_worker, "free_cores", lambda: 0)
    _write(tmp_path / "one-core.spacy")


def test_a_cancel_ends_the_child(tmp_path: Path, in_child: list[spacy_worker.ShardWorker]) -> None:
    def records() -> Iterator[AnnotatedDocument]:
        yield from _records()[:6]
        raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        _write(tmp_path / "c.spacy", records=records())
    assert len(in_child) == 1
    assert in_child[0]._proc is None  # closed: pipes shut, the process waited for


def test_a_failure_in_the_child_is_one_line_and_ends_it(
    tmp_path: Path, in_child: list[spacy_worker.ShardWorker], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = spacy_docbin._plan
    made: list[DocPlan] = []

    def bad(*args: Any) -> DocPlan:
        plan = real(*args)
        made.append(plan)  # the first shard is built here, before the child starts
        return plan if len(made) < 5 else plan._replace(spans=[(0, len(plan.words) + 5, "CLAIM")])

    monkeypatch.setattr(spacy_docbin, "_plan", bad)
    with pytest.raises(AnnotatorError, match=r"^the spacy export's worker process stopped: \w+") as caught:
        _write(tmp_path / "c.spacy")
    assert "\n" not in str(caught.value)
    assert in_child[0]._proc is None


def test_an_answer_longer_than_the_pipe_is_read_whole(
    tmp_path: Path, in_child: list[spacy_worker.ShardWorker]
) -> None:
    records = _records() * 60  # one shard each: the child's answer, a few hundred shards, outgrows 64 KiB
    stats = _write(tmp_path / "many.spacy", ExportContext(options={"shard_docs": "1"}), records)
    assert in_child
    assert len(spacy_docbin.shards(tmp_path / "many.spacy")) == len(records)
    assert stats.documents == len(records)
