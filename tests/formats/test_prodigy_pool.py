"""The prodigy export writes the same bytes, counts and check whether a child process lays out some of its tasks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.formats import chunk_pool, prodigy
from annotator.formats.base import ExportContext, WriteStats

from . import bytes_corpus, codebook_corpus


def _export(out: Path, records: list[Any], ctx: ExportContext) -> tuple[bytes, WriteStats]:
    stats = prodigy.write(records, out, ctx)
    return out.read_bytes(), stats


def _summary(stats: WriteStats) -> tuple[Any, ...]:
    checked = stats.checked
    assert checked is not None
    return (
        stats.documents,
        stats.spans,
        stats.relations,
        stats.labels,
        stats.adjusted,
        stats.dropped,
        checked.documents,
        checked.spans,
        checked.problems,
    )


@pytest.mark.parametrize("which", ["plain", "coded"])
def test_tasks_laid_out_by_the_child_are_those_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    records = bytes_corpus.plain() if which == "plain" else codebook_corpus.corpus() * 6
    ctx = ExportContext() if which == "plain" else codebook_corpus.context()
    alone, alone_stats = _export(tmp_path / "alone.jsonl", records, ctx)

    took: list[int] = []
    real_init = chunk_pool._Child.__init__
    real_send = chunk_pool._Child.send

    def init(self: Any, setup: bytes) -> None:
        real_init(self, setup)
        answer = self.answers.get(timeout=120)  # ready, so the child takes the first chunks
        self.answers.put(answer)

    def send(self: Any, message: tuple[Any, ...]) -> None:
        took.append(len(message[2]))
        real_send(self, message)

    monkeypatch.setattr(chunk_pool, "START", 3)
    monkeypatch.setattr(chunk_pool, "CHUNK", 2)
    monkeypatch.setattr(chunk_pool, "free_cores", lambda: 1)
    monkeypatch.setattr(chunk_pool._Child, "__init__", init)
    monkeypatch.setattr(chunk_pool._Child, "send", send)
    pooled, pooled_stats = _export(tmp_path / "pooled.jsonl", records, ctx)

    assert 0 < sum(took) < len(records)  # the child laid out some tasks, this process the rest
    assert pooled == alone
    assert _summary(pooled_stats) == _summary(alone_stats)
