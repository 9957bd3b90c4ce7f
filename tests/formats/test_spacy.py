"""spaCy DocBin: a blank English pipeline loads it, every span maps to the same characters; spacy train runs."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError
from annotator.core.types import AnnotatedDocument, Document
from annotator.formats.validate import validate_file
from annotator.project import Workspace

from .conftest import corpus

spacy = pytest.importorskip("spacy")


def test_blank_english_loads_every_span_exactly(filled: Workspace, tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    out = tmp_path / "corpus.spacy"
    report = filled.export("p", out, format="spacy", include_suggested=True)
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
        assert {(e.start_char, e.end_char, e.label_) for e in doc.ents} <= got
        # Every span that overlaps no other one is an entity too.
        alone = {s for s in got if not any(o != s and o[0] < s[1] and s[0] < o[1] for o in got)}
        assert alone <= {(e.start_char, e.end_char, e.label_) for e in doc.ents}
    assert sum(len(d.ents) for d in docs) >= 8
    assert any("left out of doc.ents" in n for n in report.notes)


@pytest.mark.parametrize("per_shard", [None, "2"], ids=["files", "shard-folders"])
def test_spacy_train_runs_one_epoch_on_a_split(
    filled: Workspace, tmp_path: Path, per_shard: str | None
) -> None:
    """Small on purpose (about a second): a tiny ner config, one epoch, a few steps.

    With shard_docs=2 the train and dev parts are folders of shards, given to
    spacy train as they are.
    """
    from spacy.cli.init_config import init_config

    parts = tmp_path / "parts"
    options = {"shard_docs": per_shard} if per_shard else {}
    filled.export(
        "p", parts, format="spacy", split="0.6,0.4", seed=7, options=options, include_suggested=True
    )
    manifest = json.loads((parts / "export.json").read_text(encoding="utf-8"))
    assert set(manifest["parts"]) == {"train", "dev"}
    for name in ("train", "dev"):
        assert (parts / f"{name}.spacy").is_dir() == (per_shard is not None), manifest["parts"]
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


def _load(path: Path) -> dict[str, set[tuple[int, int, str]]]:
    """(start, end, label) of doc.spans["sc"] by text, from one .spacy file, in a blank English pipeline."""
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    out: dict[str, set[tuple[int, int, str]]] = {}
    for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
        for s in doc.spans["sc"]:
            assert s.text == doc.text[s.start_char : s.end_char]
        out[doc.text] = {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]}
    return out


@pytest.mark.parametrize(("per_shard", "shards"), [(7, 0), (6, 2), (2, 4), (1, 7)])
def test_more_documents_than_a_shard_holds_become_a_folder_of_shards(
    filled: Workspace, tmp_path: Path, per_shard: int, shards: int
) -> None:
    out = tmp_path / "corpus.spacy"
    report = filled.export(
        "p", out, format="spacy", options={"shard_docs": str(per_shard)}, include_suggested=True
    )
    expected = {r.document.text: {(s.start, s.end, s.label) for s in r.spans} for r in corpus()}
    assert report.documents == len(expected) == 7
    if shards == 0:  # up to shard_docs documents: one file, as before
        assert out.is_file()
        assert _load(out) == expected
        return
    assert out.is_dir()
    names = sorted(p.name for p in out.iterdir() if p.name != "export.json")  # our marker beside them
    assert names == [f"part-{n:05d}.spacy" for n in range(1, shards + 1)]
    got: dict[str, set[tuple[int, int, str]]] = {}
    for name in names:
        part = _load(out / name)
        assert 1 <= len(part) <= per_shard
        got.update(part)
    assert got == expected
    assert report.files == [out]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no stage left behind


def test_the_writer_streams_one_shard_at_a_time(tmp_path: Path) -> None:
    """Each full shard is on disk before the next document is even read."""
    from annotator.formats import spacy_docbin
    from annotator.formats.base import ExportContext

    out = tmp_path / "s.spacy"
    seen: list[list[str]] = []

    def records() -> Iterator[AnnotatedDocument]:
        for rec in corpus():
            seen.append(sorted(p.name for p in out.iterdir()) if out.is_dir() else [])
            yield rec

    stats = spacy_docbin.write(records(), out, ExportContext(options={"shard_docs": 2}))
    assert stats.documents == 7
    assert seen == [
        [],
        [],
        [],
        ["part-00001.spacy"],
        ["part-00001.spacy"],
        ["part-00001.spacy", "part-00002.spacy"],
        ["part-00001.spacy", "part-00002.spacy"],
    ]
    assert sorted(p.name for p in out.iterdir())[-1] == "part-00004.spacy"


@pytest.mark.parametrize("bad", ["0", "-3", "many", "2.5"])
def test_a_bad_shard_size_is_refused_and_nothing_is_written(
    filled: Workspace, tmp_path: Path, bad: str
) -> None:
    out = tmp_path / "c.spacy"
    with pytest.raises(AnnotatorError, match=f"option shard_docs: expected a whole number.*{bad!r}"):
        filled.export("p", out, format="spacy", options={"shard_docs": bad})
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".c.spacy")]


def test_a_reexport_swaps_between_file_and_folder_but_never_takes_a_users_folder(
    filled: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "c.spacy"
    filled.export("p", out, format="spacy")
    assert out.is_file()
    filled.export("p", out, format="spacy", options={"shard_docs": "3"}, overwrite=True)  # outgrew one file
    assert sorted(p.name for p in out.iterdir()) == [
        "export.json",
        "part-00001.spacy",
        "part-00002.spacy",
        "part-00003.spacy",
    ]
    filled.export("p", out, format="spacy", overwrite=True)  # and shrank back
    assert out.is_file() and len(_load(out)) == 7
    mine = tmp_path / "notes.spacy"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="is a folder that is not an earlier export"):
        filled.export("p", mine, format="spacy", overwrite=True)
    assert (mine / "todo.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.name.endswith(".spacy") or p.name.startswith(".")
    ) == [
        "c.spacy",
        "notes.spacy",
    ]


def test_the_validator_names_the_shard_of_each_problem(
    filled: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    out = tmp_path / "c.spacy"
    filled.export("p", out, format="spacy", options={"shard_docs": "2"}, include_suggested=True)
    clean, decided = validate_file(out, labels=("CLAIM", "SOURCE"))
    assert clean.ok and (clean.documents, clean.spans) == (7, 15)
    assert "checked as spacy" in decided
    # Shard 2: an entity outside the span group, and a label the project does not know.
    doc = Doc(Vocab(), words=["Ada", "said", "so"], spaces=[True, True, False])
    doc.spans["sc"] = [doc.char_span(0, 3, label="PERSON")]
    doc.ents = [doc.char_span(9, 11, label="CLAIM")]
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    bin_.to_disk(out / "part-00002.spacy")
    (out / "part-00003.spacy").write_bytes(b"not a docbin")
    result, _ = validate_file(out, labels=("CLAIM", "SOURCE"))
    problems = [str(p) for p in result.problems]
    assert problems == [
        f"{out / 'part-00002.spacy'}: doc 1 [0, 3) 'PERSON': unknown label (known labels: CLAIM, SOURCE)",
        f"{out / 'part-00002.spacy'}: doc 1 [9, 11) 'CLAIM': entity missing from doc.spans['sc']",
        f"{out / 'part-00003.spacy'}: not a readable spaCy DocBin (ValueError)",
    ]
    assert main(["validate", str(out)]) == 1
    printed = capsys.readouterr().out
    assert f"{out / 'part-00003.spacy'}: not a readable spaCy DocBin" in printed
    empty = tmp_path / "empty.spacy"
    empty.mkdir()
    result, _ = validate_file(empty)
    assert [str(p) for p in result.problems] == [
        f"{empty}: a folder without .spacy files (spaCy would read nothing from it)"
    ]


def test_a_split_export_shards_each_part_and_validate_reads_the_whole_folder(
    filled: Workspace, tmp_path: Path
) -> None:
    parts = tmp_path / "parts"
    report = filled.export(
        "p",
        parts,
        format="spacy",
        split="0.6,0.4",
        seed=7,
        options={"shard_docs": "3"},
        include_suggested=True,
    )
    manifest = json.loads((parts / "export.json").read_text(encoding="utf-8"))
    got: dict[str, set[tuple[int, int, str]]] = {}
    for part in manifest["parts"].values():
        path = parts / part["file"]
        files = sorted(path.glob("*.spacy")) if path.is_dir() else [path]
        assert path.is_dir() == (part["documents"] > 3)
        assert len(files) == -(-part["documents"] // 3)
        for f in files:
            got.update(_load(f))
    assert got == {r.document.text: {(s.start, s.end, s.label) for s in r.spans} for r in corpus()}
    result, decided = validate_file(parts)
    assert "a folder holding .spacy files" in decided
    assert result.ok and result.documents == report.documents == 7


def test_spacy_debug_data_finds_no_misaligned_tokens(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    """The export's tokens are spaCy's own, so `spacy debug data` aligns every one (issue 13).

    The corpus has "3,000", "1.2", "O’Neill", "J. Smith", contractions and
    emoji, all of which a tokenizer of its own used to split where spaCy does
    not; no span edge falls inside a spaCy token here.
    """
    from spacy.cli.init_config import init_config

    from .tokens_corpus import tricky

    sqlite_workspace.import_records("p", tricky(), source="fixtures")
    parts = tmp_path / "parts"
    report = sqlite_workspace.export("p", parts, format="spacy", split="0.5,0.5", seed=3)
    assert not [n for n in report.notes if "split there" in n]
    config = tmp_path / "config.cfg"
    init_config(lang="en", pipeline=["ner"], optimize="efficiency").to_disk(config)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "debug",
            "data",
            str(config),
            "--paths.train",
            str(parts / "train.spacy"),
            "--paths.dev",
            str(parts / "dev.spacy"),
            "--no-format",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = run.stdout + run.stderr
    # It exits with 1 for a corpus this small ("Low number of examples"), having checked everything.
    assert "Corpus is loadable" in out and "Summary" in out, out[-3000:]
    assert "total word(s) in the data" in out, out[-3000:]
    assert "misaligned" not in out, [line for line in out.splitlines() if "misaligned" in line]


def test_doc_tokens_are_spacys_except_where_a_span_edge_cuts_one(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    from spacy.tokens import DocBin

    from .tokens_corpus import CUT_TEXT, with_cut

    sqlite_workspace.import_records("p", with_cut(), source="fixtures")
    out = tmp_path / "c.spacy"
    report = sqlite_workspace.export("p", out, format="spacy")
    nlp = spacy.blank("en")
    docs = {d.text: d for d in DocBin().from_disk(out).get_docs(nlp.vocab)}
    for record in with_cut():
        text = record.document.text
        ours = [(t.idx, t.idx + len(t), t.whitespace_) for t in docs[text]]
        theirs = [(t.idx, t.idx + len(t), t.whitespace_) for t in nlp.make_doc(text)]
        if text != CUT_TEXT:
            assert ours == theirs, text
            continue
        # "£3" ends inside "3bn" and "Neill's team" starts inside "O’Neill": those two are split there.
        inside = {e for s in record.spans for e in (s.start, s.end) if any(a < e < b for a, b, _ in theirs)}
        assert inside == {text.index("bn"), text.index("Neill")}
        assert {a for a, _, _ in ours} == {a for a, _, _ in theirs} | inside
        assert [text[a:b] for a, b, _ in ours][:5] == ["The", "£", "3", "bn", "plan"]
    assert sorted(n for n in report.notes if "split there" in n) == [
        "spacy: changed 1 CLAIM span(s): an edge falls inside a token spaCy would make, so that token is split there",
        "spacy: changed 1 SOURCE span(s): an edge falls inside a token spaCy would make, so that token is split there",
    ]


def test_the_lang_option_picks_spacys_tokenizer_for_that_language(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    from spacy.tokens import DocBin

    text = "Laut Bürgermeisterin Moss kostet der Deich z.B. 3,5 Mio. Euro, d.h. mehr als geplant."
    sqlite_workspace.import_records(
        "p", [AnnotatedDocument(Document(text, "Deich", "de-1"))], source="fixtures"
    )
    out = tmp_path / "de.spacy"
    sqlite_workspace.export("p", out, format="spacy", options={"lang": "de"})
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("de").vocab)
    german = [t.text for t in spacy.blank("de").make_doc(text)]
    assert [t.text for t in doc] == german
    assert german != [t.text for t in spacy.blank("en").make_doc(text)]  # the option made a difference
    with pytest.raises(AnnotatorError, match="option lang: spaCy has no language 'klingon'"):
        sqlite_workspace.export("p", tmp_path / "x.spacy", format="spacy", options={"lang": "klingon"})
    assert not (tmp_path / "x.spacy").exists()
