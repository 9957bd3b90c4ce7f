"""An export never deletes or replaces what it did not write: the database, a user's folder or file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError
from annotator.formats import registry
from annotator.formats.validate import validate_file
from annotator.project import Workspace

from .conftest import corpus

FOLDER_FORMATS = ["brat", "spacy"]  # spacy with shard_docs=1 writes a folder of shards


def tree(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root (and the names of its folders), by relative path."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            out[rel] = f"link -> {path.readlink()}"
        elif path.is_dir():
            out[rel] = "folder"
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the command in this process; (exit code, stdout and stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture
def proj(tmp_path: Path) -> Iterator[Path]:
    """A user's folder holding the project database (kept open: -wal and -shm exist), a thesis and notes."""
    folder = tmp_path / "proj"
    folder.mkdir()
    ws = Workspace.open(str(folder / "work.db"))
    ws.create_project("P")
    ws.import_records("P", corpus(), source="fixtures")
    (folder / "thesis.txt").write_text("Chapter 1. What the mayor said.\n", encoding="utf-8")
    (folder / "notes").mkdir()
    (folder / "notes" / "draft.md").write_text("# to check\n", encoding="utf-8")
    # A reader marks its place in -shm the first time it reads: read once, so that a
    # refused export changes no byte of the folder.
    assert main(["--db", str(folder / "work.db"), "stats", "--project", "P"]) == 0
    assert {"work.db", "work.db-wal", "work.db-shm"} <= {p.name for p in folder.iterdir()}
    yield folder
    ws.close()


def _folder_export_args(shape: str) -> list[str]:
    """Arguments of an export that writes a folder: brat, spacy shards, or --split of a format."""
    if shape == "brat":
        return ["--format", "brat"]
    if shape == "spacy":
        return ["--format", "spacy", "--option", "shard_docs=1"]
    fmt = shape.removeprefix("split-")
    extra = ["--option", "shard_docs=1"] if fmt == "spacy" else []
    return ["--format", fmt, "--split", "0.8,0.2", *extra]


SHAPES = [*FOLDER_FORMATS, *(f"split-{name}" for name in registry.writer_names())]


def test_a_brat_export_into_the_database_folder_is_refused_and_changes_nothing(
    proj: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(proj)
    db = proj / "work.db"
    code, said = cli(capsys, "--db", str(db), "export", "--project", "P", "--format", "brat", "-o", str(proj))
    assert code == 1
    assert f"{proj}: holds the database {db}" in said and "self-check passed" not in said
    assert tree(proj) == before
    code, said = cli(capsys, "--db", str(db), "stats", "--project", "P")
    assert code == 0 and "documents: 7" in said


def test_a_split_into_a_folder_holding_the_database_is_refused(
    proj: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(proj)
    db = proj / "work.db"
    code, said = cli(
        capsys, "--db", str(db), "export", "--project", "P", "--split", "0.8,0.2", "-o", str(proj)
    )
    assert code == 1 and f"{proj}: holds the database {db}" in said
    assert tree(proj) == before


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("overwrite", [False, True])
def test_no_folder_export_touches_a_folder_holding_the_database(
    proj: Path, capsys: pytest.CaptureFixture[str], shape: str, overwrite: bool
) -> None:
    # Done when: every folder format and --split of every format, with and without --overwrite,
    # into the database's own folder and into a folder holding it deeper down.
    outer = proj.parent
    (outer / "readme.txt").write_text("the whole study\n", encoding="utf-8")
    before = tree(outer)
    db = proj / "work.db"
    flags = ["--overwrite"] if overwrite else []
    for target in (proj, outer):
        code, said = cli(
            capsys,
            *("--db", str(db), "export", "--project", "P", "-o", str(target)),
            *_folder_export_args(shape),
            *flags,
        )
        assert code == 1, said
        assert f"{target}: holds the database {db}" in said
        assert tree(outer) == before


@pytest.mark.parametrize("name", ["work.db", "work.db-wal", "work.db-shm", "work.db-journal"])
def test_the_database_and_its_files_are_never_an_export_target(
    proj: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    before = tree(proj)
    code, said = cli(
        capsys,
        *("--db", str(proj / "work.db"), "export", "--project", "P", "-o", str(proj / name), "--overwrite"),
    )
    assert code == 1 and f"{proj / name}: is " in said and "database" in said
    assert tree(proj) == before


def test_a_brat_export_never_replaces_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "work.db"
    with Workspace.open(str(db)) as ws:
        ws.create_project("P")
        ws.import_records("P", corpus())
    notes = tmp_path / "notes.txt"
    notes.write_text("call the council back\n", encoding="utf-8")
    for flags in ([], ["--overwrite"]):
        code, said = cli(
            capsys, "--db", str(db), "export", "--project", "P", "--format", "brat", "-o", str(notes), *flags
        )
        assert code == 1 and f"{notes}: is a file" in said
        assert notes.read_text(encoding="utf-8") == "call the council back\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_existing_file_is_replaced_only_with_overwrite(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier export\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=rf"^{out}: already exists; pass --overwrite to replace it"):
        filled.export("p", out)
    assert out.read_text(encoding="utf-8") == "an earlier export\n"
    filled.export("p", out, overwrite=True)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7


def test_a_users_folder_is_refused_even_with_overwrite(filled: Workspace, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "a.ann").write_text("T1\tX 0 1\tx\n", encoding="utf-8")
    before = tree(mine)
    for overwrite in (False, True):
        with pytest.raises(AnnotatorError, match=rf"^{mine}: is a folder that is not an earlier export"):
            filled.export("p", mine, format="brat", overwrite=overwrite)
        with pytest.raises(AnnotatorError, match=rf"^{mine}: is a folder that is not an earlier export"):
            filled.export("p", mine, format="jsonl", split="0.5,0.5", overwrite=overwrite)
        assert tree(mine) == before


def test_an_empty_folder_takes_a_folder_export_but_not_a_file(filled: Workspace, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(AnnotatorError, match=rf"^{empty}: is a folder; the jsonl export writes a file"):
        filled.export("p", empty, format="jsonl", overwrite=True)
    assert list(empty.iterdir()) == []
    filled.export("p", empty, format="brat")
    assert (empty / "emoji-1.ann").is_file() and (empty / "export.json").is_file()


def test_a_file_added_to_an_earlier_export_is_never_deleted(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    filled.export("p", out, format="brat")
    (out / "my-notes.txt").write_text("check T3\n", encoding="utf-8")
    before = tree(out)
    with pytest.raises(AnnotatorError, match=rf"^{out}: holds .*which no export wrote"):
        filled.export("p", out, format="brat", overwrite=True)
    assert tree(out) == before


def test_a_link_is_never_replaced(filled: Workspace, tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("kept\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    with pytest.raises(AnnotatorError, match=rf"^{link}: is a symbolic link"):
        filled.export("p", link, overwrite=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "kept\n"


# --- --overwrite replaces our own earlier export, of every shape --------------------------


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("shape", SHAPES)
def test_overwrite_replaces_an_earlier_folder_export(
    filled: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], shape: str
) -> None:
    db = tmp_path / "annotator.sqlite3"
    out = tmp_path / "out"
    args = ["--db", str(db), "export", "--project", "p", "-o", str(out), *_folder_export_args(shape)]
    assert cli(capsys, *args)[0] == 0
    fmt = args[args.index("--format") + 1]
    marker = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert marker["tool"] == "annotator" and marker["format"] == fmt
    first = tree(out)
    code, said = cli(capsys, *args)
    assert code == 1 and f"{out}: already exists" in said and "--overwrite" in said
    assert tree(out) == first
    # A file of ours, changed since: the earlier export is replaced as a whole.
    ours = next(p for p in sorted(out.rglob("*")) if p.is_file() and p.name != "export.json")
    ours.write_bytes(b"changed by hand\n")
    code, said = cli(capsys, *args, "--overwrite")
    assert code == 0, said
    assert ours.read_bytes() != b"changed by hand\n" and tree(out).keys() == first.keys()
    if "--split" in args:
        for part in json.loads((out / "export.json").read_text(encoding="utf-8"))["parts"].values():
            assert validate_file(out / part["file"], fmt)[0].ok
    else:
        result, _ = validate_file(out, fmt)
        assert result.ok and result.documents == 7
    assert _hidden(tmp_path) == []


def test_overwrite_swaps_a_spacy_export_between_file_and_shards(filled: Workspace, tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    out = tmp_path / "c.spacy"
    filled.export("p", out, format="spacy")
    assert out.is_file()
    filled.export("p", out, format="spacy", options={"shard_docs": "1"}, overwrite=True)
    assert out.is_dir() and (out / "export.json").is_file()
    assert json.loads((out / "export.json").read_text(encoding="utf-8"))["layout"] == "shards"
    filled.export("p", out, format="spacy", overwrite=True)
    assert out.is_file() and validate_file(out)[0].documents == 7
    # A file that only has the ending is not an earlier DocBin: it never becomes a folder.
    fake = tmp_path / "notes.spacy"
    fake.write_text("not a DocBin\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=rf"^{fake}: is a file"):
        filled.export("p", fake, format="spacy", options={"shard_docs": "1"}, overwrite=True)
    assert fake.read_text(encoding="utf-8") == "not a DocBin\n"
    assert _hidden(tmp_path) == []


def test_an_earlier_folder_export_of_another_shape_is_not_replaced_by_a_file(
    filled: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "c.spacy"
    filled.export("p", out, format="brat")
    before = tree(out)
    with pytest.raises(AnnotatorError, match=rf"^{out}: is a folder \(an earlier brat export\)"):
        filled.export("p", out, format="spacy", overwrite=True)
    assert tree(out) == before
    filled.export("p", out, format="jsonl", split="0.5,0.5", overwrite=True)  # a folder by a folder
    assert (out / "train.jsonl").is_file() and not (out / "emoji-1.ann").exists()


def test_hf_replaces_its_data_and_label_files_together(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    filled.export("p", out, format="hf")
    with pytest.raises(AnnotatorError, match="already exists"):
        filled.export("p", out, format="hf")
    filled.export("p", out, format="hf", labels=["SOURCE"], overwrite=True)
    labels = json.loads((tmp_path / "corpus.labels.json").read_text(encoding="utf-8"))
    assert labels["names"] == ["O", "B-SOURCE", "I-SOURCE"]
    assert validate_file(out, "hf")[0].ok


# --- the marker is read by nobody but us ---------------------------------------------------


def test_the_brat_marker_is_not_read_as_an_article(
    filled: Workspace, fresh: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "brat"
    report = filled.export("p", out, format="brat")
    marker = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert {"tool", "version", "format", "created", "counts"} <= set(marker)
    assert marker["counts"]["documents"] == report.documents == 7
    assert fresh.import_paths("q", [out]).imported == 7
    again = fresh.import_paths("q", [out], format="brat")
    assert (again.imported, again.errors) == (0, [])
    result, decided = validate_file(out)
    assert result.ok and result.documents == 7 and "brat" in decided


def test_spacy_reads_a_marked_shard_folder_as_it_is(filled: Workspace, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.training import Corpus

    out = tmp_path / "c.spacy"
    filled.export("p", out, format="spacy", options={"shard_docs": "2"})
    assert (out / "export.json").is_file()
    examples = list(Corpus(out)(spacy.blank("en")))
    # spaCy's corpus skips empty Docs, and reads no other file than the .spacy shards.
    assert sorted(e.reference.text for e in examples) == sorted(
        r.document.text for r in corpus() if r.document.text
    )
