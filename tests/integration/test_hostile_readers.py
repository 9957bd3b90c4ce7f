"""Hostile input to the readers, through `annotator import`: one clear line naming file and line, nothing kept."""

from __future__ import annotations

import codecs
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.types import AnnotatedDocument
from annotator.project import Workspace
from tests.integration.crash_harness import REPO

SEED = {"id": "seed", "text": "Seed article about harbour fees."}
TEXT = "The mayor said the bridge is safe."


def _line(obj: object) -> str:
    return json.dumps(obj) + "\n"


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite database whose project "p" holds one document."""
    url = str(tmp_path / "db.sqlite3")
    seed = tmp_path / "seed.jsonl"
    seed.write_text(_line(SEED), encoding="utf-8")
    with Workspace.open(url) as ws:
        ws.create_project("p")
        ws.import_paths("p", [seed], format="jsonl")
    return url


def _records(db: str) -> list[AnnotatedDocument]:
    with Workspace.open(db) as ws:
        return list(ws.export_records("p", status="all", annotator=None, labels=None, progress=None))


def _counts(db: str) -> tuple[int, int, int]:
    records = _records(db)
    return len(records), sum(len(r.spans) for r in records), sum(len(r.relations) for r in records)


def _import(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", db, "import", *args, "--project", "p", "--add-labels"])
    out, err = capsys.readouterr()
    return code, out, err


def _refused(capsys: pytest.CaptureFixture[str], db: str, path: Path, *args: str) -> str:
    """Import `path`; check exit 1, one line of error, nothing changed; return the message."""
    before = _counts(db)
    code, _out, err = _import(capsys, db, str(path), *args)
    assert code == 1, err
    assert err.startswith("annotator: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and str(path) in err, err
    assert _counts(db) == before
    return err


# --- item 9: --encoding names a text encoding; decoded text holds no lone surrogate --------------

_BODIES = {
    "txt": "Harbour fees\nThe board agreed on Tuesday.\n",
    "jsonl": _line({"text": "The board agreed on Tuesday."}),
    "csv": "title,text\nHarbour fees,The board agreed on Tuesday.\n",
}


@pytest.mark.parametrize("encoding", ["base64", "rot13", "hex", "zlib", "bz2", "uu"])
@pytest.mark.parametrize("fmt", sorted(_BODIES))
def test_an_encoding_that_is_not_a_text_encoding_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, fmt: str, encoding: str
) -> None:
    path = tmp_path / f"in.{fmt}"
    path.write_text(_BODIES[fmt], encoding="utf-8")
    err = _refused(capsys, db, path, "--encoding", encoding)
    assert f"{encoding!r} is not a text encoding" in err


_SURROGATES = {
    "txt": "Harbour fees\nThe board +2AA- agreed.\n",
    "jsonl": _line({"text": "The board agreed."}) + '{"text": "The board +2AA- agreed."}\n',
    "csv": "title,text\nHarbour fees,The board agreed.\nFerry,The board +2AA- agreed.\n",
}


def _line_of(content: str, marker: str) -> int:
    return next(i for i, line in enumerate(content.split("\n"), 1) if marker in line)


@pytest.mark.parametrize("fmt", sorted(_SURROGATES))
def test_utf7_text_decoding_to_a_lone_surrogate_is_refused_with_its_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"in.{fmt}"
    path.write_text(_SURROGATES[fmt], encoding="utf-8")  # "+2AA-" is U+D800 in UTF-7
    err = _refused(capsys, db, path, "--encoding", "utf-7")
    assert f"{path}: line {_line_of(_SURROGATES[fmt], '+2AA-')}:" in err and "lone surrogate" in err


@pytest.mark.parametrize("fmt", sorted(_SURROGATES))
def test_unicode_escape_text_with_a_surrogate_escape_is_refused_with_its_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"in.{fmt}"
    data = _SURROGATES[fmt].replace("+2AA-", "\\udc00")  # decodes to U+DC00 in unicode_escape
    path.write_text(data, encoding="utf-8")
    err = _refused(capsys, db, path, "--encoding", "unicode_escape")
    assert f"{path}: line {_line_of(data, 'udc00')}:" in err and "lone surrogate" in err


def test_an_encoding_that_fails_without_a_decode_error_is_one_clear_message(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = tmp_path / "in.txt"
    path.write_text(_BODIES["txt"], encoding="utf-8")
    err = _refused(capsys, db, path, "--encoding", "punycode")
    assert "punycode" in err


# --- item 10 and item 20: a field of the wrong type is an invalid line -------------------------

_TASK = {"data": {"text": TEXT}}
_REGION = {"id": "a", "type": "labels", "value": {"start": 0, "end": 9, "labels": ["SOURCE"]}}
_REGION_B = {"id": "b", "type": "labels", "value": {"start": 10, "end": 14, "labels": ["CLAIM"]}}

WRONG_TYPES: dict[str, tuple[str, object, str]] = {
    "labelstudio annotations": ("tasks.json", {**_TASK, "annotations": 5}, "'annotations'"),
    "labelstudio predictions": ("tasks.json", {**_TASK, "predictions": 7}, "'predictions'"),
    "labelstudio result": ("tasks.json", {**_TASK, "annotations": [{"result": 3}]}, "'result'"),
    "labelstudio relation labels": (
        "tasks.json",
        {
            **_TASK,
            "annotations": [
                {
                    "result": [
                        _REGION,
                        _REGION_B,
                        {"type": "relation", "from_id": "a", "to_id": "b", "labels": 5},
                    ]
                }
            ],
        },
        "'labels'",
    ),
    "labelstudio was_cancelled as text": (
        "tasks.json",
        {**_TASK, "annotations": [{"was_cancelled": "false", "result": [_REGION]}]},
        "'was_cancelled'",
    ),
    "labelstudio value.text": (
        "tasks.json",
        {**_TASK, "annotations": [{"result": [{**_REGION, "value": {**_REGION["value"], "text": 3}}]}]},  # type: ignore[dict-item]
        "'value.text'",
    ),
    "labelstudio title": ("tasks.json", {"data": {"text": TEXT, "title": ["T"]}}, "'data.title'"),
    "labelstudio completed_by list": (
        "tasks.json",
        {**_TASK, "annotations": [{"completed_by": [1], "result": [_REGION]}]},
        "'completed_by'",
    ),
    "labelstudio id object": ("tasks.json", {**_TASK, "id": {"n": 1}}, "'id'"),
    "doccano relations": (
        "dc.jsonl",
        {
            "text": TEXT,
            "entities": [{"id": 1, "start_offset": 0, "end_offset": 9, "label": "SOURCE"}],
            "relations": 5,
        },
        "'relations'",
    ),
    "doccano entity id list": (
        "dc.jsonl",
        {"text": TEXT, "entities": [{"id": [1], "start_offset": 0, "end_offset": 9, "label": "SOURCE"}]},
        "'id'",
    ),
    "doccano relation from_id list": (
        "dc.jsonl",
        {
            "text": TEXT,
            "entities": [{"id": 1, "start_offset": 0, "end_offset": 9, "label": "SOURCE"}],
            "relations": [{"from_id": [1], "to_id": 1, "type": "R"}],
        },
        "'from_id'",
    ),
    "doccano meta": ("dc.jsonl", {"text": TEXT, "label": [], "meta": 4}, "'meta'"),
    "prodigy answer": ("pg.jsonl", {"text": TEXT, "_view_id": "ner", "answer": 5}, "'answer'"),
    "prodigy tokens": ("pg.jsonl", {"text": TEXT, "answer": "accept", "tokens": 5}, "'tokens'"),
    "prodigy spans": ("pg.jsonl", {"text": TEXT, "answer": "accept", "spans": 5}, "'spans'"),
    "prodigy relations": ("pg.jsonl", {"text": TEXT, "answer": "accept", "relations": 5}, "'relations'"),
    "prodigy annotator": (
        "pg.jsonl",
        {"text": TEXT, "answer": "accept", "_annotator_id": 5},
        "'_annotator_id'",
    ),
    "jsonl relation id": (
        "native.jsonl",
        {
            "text": TEXT,
            "status": "todo",
            "spans": [{"id": "a", "start": 0, "end": 9, "label": "SOURCE"}],
            "relations": [{"id": [1], "head": "a", "tail": "a", "label": "R"}],
        },
        "'id'",
    ),
}


def _write_case(tmp_path: Path, name: str, bad: object) -> Path:
    path = tmp_path / name
    good: dict[str, object]
    if name.endswith(".json"):
        good = {"data": {"text": "A good task about ferries."}}
        path.write_text(json.dumps([good, bad], indent=1), encoding="utf-8")
    else:
        good = {"text": "A good line about ferries.", "label": []} if name.startswith("dc") else {}
        if name.startswith("pg"):
            good = {"text": "A good line about ferries.", "answer": "accept"}
        if name.startswith("native"):
            good = {"text": "A good line about ferries.", "status": "todo"}
        path.write_text(_line(good) + _line(bad), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(WRONG_TYPES))
def test_a_field_of_the_wrong_type_is_an_invalid_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, case: str
) -> None:
    name, bad, field = WRONG_TYPES[case]
    path = _write_case(tmp_path, name, bad)
    err = _refused(capsys, db, path)
    assert field in err, err
    assert "line " in err.removeprefix(f"annotator: error: {path}"), err
    # With --skip-invalid the good line goes in and the bad one is listed.
    before = _counts(db)
    code, out, err = _import(capsys, db, str(path), "--skip-invalid")
    assert code == 0, err
    assert _counts(db)[0] == before[0] + 1
    assert f"skipped: {path}" in out and field in out, out


def test_a_cancelled_annotation_still_counts_as_cancelled(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([{**_TASK, "annotations": [{"was_cancelled": True, "result": [_REGION]}]}]))
    code, out, _err = _import(capsys, db, str(path))
    assert code == 0 and "1 cancelled annotation(s) not imported" in out
    assert _counts(db)[1] == 0


# --- item 11: offsets are ASCII digits --------------------------------------------------------


@pytest.mark.parametrize("offsets", ["\u00b2 5", "0 \u0665", "\uff10 5", "0 5;\u00b9 2", "-0 5", "+0 5"])
def test_brat_offsets_that_are_not_ascii_digits_are_refused_with_the_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, offsets: str
) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text(f"T1\tSOURCE 0 9\tThe mayor\nT2\tCLAIM {offsets}\tThe m\n", encoding="utf-8")
    err = _refused(capsys, db, ann)
    assert f"{ann}: line 2" in err and "offsets" in err


# --- item 6: a byte-order mark is dropped from every file a reader opens ---------------------


def test_a_brat_ann_starting_with_a_bom_keeps_its_first_t_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_bytes(codecs.BOM_UTF8 + TEXT.encode())
    ann = tmp_path / "a.ann"
    ann.write_bytes(codecs.BOM_UTF8 + b"T1\tSOURCE 0 9\tThe mayor\nT2\tCLAIM 10 14\tsaid\n")
    code, out, err = _import(capsys, db, str(ann))
    assert code == 0, err
    assert "not imported" not in out, out
    [record] = [r for r in _records(db) if r.document.text == TEXT]
    assert sorted((s.start, s.end, s.label) for s in record.spans) == [(0, 9, "SOURCE"), (10, 14, "CLAIM")]


# --- item 8: a file name that is not UTF-8 is stored with its bytes escaped ------------------

_NAMED = {
    "txt": b"Harbour fees\nThe board agreed on Tuesday.\n",
    "csv": b"title,text\nHarbour fees,The board agreed on Tuesday.\n",
    "jsonl": _line({"text": "The board agreed on Tuesday."}).encode(),
    "json": json.dumps([{"data": {"text": "The board agreed on Tuesday."}}]).encode(),
    "html": b"<html><head><title>Harbour fees</title></head><body><article><p>"
    + b"The board agreed on Tuesday to raise the harbour fees for every ferry. " * 4
    + b"</p></article></body></html>",
    "ann": b"T1\tCLAIM 0 9\tThe board\n",
}


@pytest.mark.parametrize("ext", sorted(_NAMED))
def test_a_file_name_that_is_not_utf8_is_imported_with_its_bytes_escaped(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, ext: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"caf\xe9." + ext.encode())
    with open(raw, "wb") as fh:
        fh.write(_NAMED[ext])
    if ext == "ann":
        with open(raw[: -len(b"ann")] + b"txt", "wb") as fh:
            fh.write(b"The board agreed on Tuesday.")
    code, _out, err = _import(capsys, db, str(folder))
    assert code == 0, err
    [record] = [r for r in _records(db) if r.document.external_id != "seed"]
    stored = record.document.source
    assert stored is not None
    stored.encode("utf-8")  # no lone surrogate
    assert stored == f"caf\\xe9.{'txt' if ext == 'ann' else ext}"
    for value in (record.document.title, record.document.external_id or ""):
        value.encode("utf-8")


# --- item 20: a FIFO, socket or device is refused at once; detection names the real problem ---


def _cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    # A subprocess with a timeout: without the fix, opening a FIFO with no writer blocks forever.
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--db", db, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.mark.parametrize("fmt", ["auto", "txt", "jsonl"])
def test_a_named_pipe_is_refused_at_once(db: str, tmp_path: Path, fmt: str) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    before = _counts(db)
    result = _cli(db, "import", str(fifo), "--project", "p", "--format", fmt)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and f"{fifo}: is a named pipe" in result.stderr, result.stderr
    assert _counts(db) == before
    checked = _cli(db, "validate", str(fifo))
    assert checked.returncode == 1 and f"{fifo}: is a named pipe" in checked.stderr, checked.stderr


@pytest.mark.parametrize("name", ["out.spacy", "out.conll", "out.ann"])
def test_validate_refuses_a_named_pipe_of_an_export_format(db: str, tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    checked = _cli(db, "validate", str(fifo))
    assert checked.returncode == 1 and f"{fifo}: is a named pipe" in checked.stderr, checked.stderr


def test_a_socket_and_a_device_are_refused(db: str, tmp_path: Path) -> None:
    sock_path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        for path, kind in ((sock_path, "socket"), (Path("/dev/zero"), "device")):
            result = _cli(db, "import", str(path), "--project", "p")
            assert result.returncode == 1 and f"{path}: is a {kind}" in result.stderr, result.stderr


_HUGE = '{"text": "abc", "spans": [{"start": ' + "9" * 5000 + ', "end": 2, "label": "CLAIM"}]}'
_DEEP = '{"text": "a", "meta": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("huge.jsonl", _line(SEED) + _HUGE + "\n", "line 2: a number is too long (5000 digits"),
        ("huge1.jsonl", _HUGE + "\n", "line 1: a number is too long (5000 digits"),
        ("deep.jsonl", _DEEP + "\n", "line 1: JSON nested too deeply"),
        ("huge.json", "[\n" + _HUGE + "\n]", "line 2: a number is too long (5000 digits"),
        ("deep.json", "[\n\n" + _DEEP + "\n]", "line 3: JSON nested too deeply"),
    ],
    ids=["jsonl line 2", "jsonl line 1", "jsonl deep", "array number", "array deep"],
)
def test_detection_names_a_too_long_number_or_too_deep_nesting(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, name: str, content: str, fragment: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    err = _refused(capsys, db, path)
    assert fragment in err, err
    assert "cannot tell" not in err
    # The reader says the same when the format is named.
    fmt = "labelstudio" if name.endswith(".json") else "jsonl"
    err = _refused(capsys, db, path, "--format", fmt)
    assert fragment in err, err
