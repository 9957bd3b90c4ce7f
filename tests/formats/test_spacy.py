"""spaCy DocBin: a blank English pipeline loads it, every span maps to the same characters; spacy train runs."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.project import Workspace

from .conftest import corpus

spacy = pytest.importorskip("spacy")


def test_blank_english_loads_every_span_exactly(filled: Workspace, tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    out = tmp_path / "corpus.spacy"
    report = filled.export("p", out, format="spacy")
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    expected = {r.document.text: {(s.start, s.end, s.label) for s in r.spans} for r in corpus()}
    assert {d.text for d in docs} == set(expected)
    for doc in docs:
        got = {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]}
        assert got == expected[doc.text]
        for s in doc.spans["sc"]:
            assert s.text == doc.text[s.start_char : s.end_char]
        ents = [(e.start_char, e.end_char) for e in doc.ents]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ents))  # no overlap in ents
    assert any("left out of doc.ents" in n for n in report.notes)


def test_spacy_train_runs_one_epoch_on_a_split(filled: Workspace, tmp_path: Path) -> None:
    """Small on purpose (about a second): a tiny ner config, one epoch, a few steps."""
    from spacy.cli.init_config import init_config

    parts = tmp_path / "parts"
    filled.export("p", parts, format="spacy", split="0.6,0.4", seed=7)
    manifest = json.loads((parts / "export.json").read_text(encoding="utf-8"))
    assert set(manifest["parts"]) == {"train", "dev"}
    config = tmp_path / "config.cfg"
    init_config(lang="en", pipeline=["ner"], optimize="efficiency").to_disk(config)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(config),
            "--paths.train",
            str(parts / "train.spacy"),
            "--paths.dev",
            str(parts / "dev.spacy"),
            "--training.max_epochs",
            "1",
            "--training.max_steps",
            "10",
            "--training.eval_frequency",
            "5",
            "--output",
            str(tmp_path / "model"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert (tmp_path / "model" / "model-last" / "meta.json").exists()
