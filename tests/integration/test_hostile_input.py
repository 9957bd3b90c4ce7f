"""Hostile input: each bad file gets one clear AnnotatorError naming it, and changes nothing."""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.schema import load_schema
from annotator.formats import registry
from annotator.project import Workspace
from tests.integration.as_nobody import run_as_nobody
from tests.integration.crash_harness import REPO

GOOD = {"id": "g1", "text": "The mayor said the bridge is safe.", "spans": []}


def _line(obj: object) -> str:
    return json.dumps(obj) + "\n"


def _doc_with_spans(*spans: object, text: str = "The mayor said so.") -> str:
    return _line({"id": "d", "text": text, "spans": list(spans)})


# name -> (file content, a fragment the message must contain besides the file name)
JSONL_CASES: dict[str, tuple[str, str]] = {
    "bad json": ('{"text": "unfinished"\n', "line 1"),
    "bad json on a later line": (_line(GOOD) + "{oops}\n", "line 2"),
    "not an object": ("[1, 2, 3]\n", "line 1"),
    "text is a number": (_line({"text": 5}), "'text'"),
    "missing text": (_line({"title": "no body"}), "'text'"),
    "meta is a list": (_line({"text": "abc", "meta": [1]}), "'meta'"),
    "spans is an object": (_line({"text": "abc", "spans": {"start": 0}}), "'spans'"),
    "duplicate span ids": (
        _doc_with_spans(
            {"id": "s1", "start": 0, "end": 3, "label": "CLAIM"},
            {"id": "s1", "start": 4, "end": 9, "label": "CLAIM"},
        ),
        "duplicate span id",
    ),
    "span out of range": (_doc_with_spans({"start": 4, "end": 99, "label": "CLAIM"}), "span 1"),
    "span inverted": (_doc_with_spans({"start": 9, "end": 4, "label": "CLAIM"}), "span 1"),
    "span negative": (_doc_with_spans({"start": -1, "end": 4, "label": "CLAIM"}), "span 1"),
    "offset as text": (_doc_with_spans({"start": "0", "end": 4, "label": "CLAIM"}), "whole number"),
    "offset as float": (_doc_with_spans({"start": 0.0, "end": 4, "label": "CLAIM"}), "whole number"),
    "offset as bool": (_doc_with_spans({"start": True, "end": 4, "label": "CLAIM"}), "whole number"),
    "offset NaN": ('{"text": "The mayor", "spans": [{"start": NaN, "end": 4, "label": "CLAIM"}]}\n', "NaN"),
    "offset Infinity": (
        '{"text": "The mayor", "spans": [{"start": 0, "end": Infinity, "label": "CLAIM"}]}\n',
        "line 1",
    ),
    "huge integer": (
        '{"text": "abc", "spans": [{"start": ' + "9" * 5000 + ', "end": 2, "label": "CLAIM"}]}\n',
        "line 1",
    ),
    "huge but parseable integer": (_doc_with_spans({"start": 0, "end": 10**40, "label": "CLAIM"}), "span 1"),
    "lone surrogate in text": ('{"text": "broken \\ud83d emoji"}\n', "surrogate"),
    "lone surrogate in a key": ('{"text": "ok", "meta": {"\\udc00": 1}}\n', "surrogate"),
    "deep nesting": ('{"text": "a", "meta": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}\n", "line 1"),
    "unknown label": (_doc_with_spans({"start": 0, "end": 3, "label": "RUMOUR"}), "RUMOUR"),
    "quoted text differs": (
        _doc_with_spans({"start": 0, "end": 3, "label": "CLAIM", "text": "Tha"}),
        "differs",
    ),
    "altered text hash": (_line({"text": "abc", "text_sha256": "0" * 64}), "text_sha256"),
    "relation to a missing span": (
        _line(
            {"text": "abc", "spans": [], "relations": [{"head": "x", "tail": "y", "label": "ATTRIBUTED_TO"}]}
        ),
        "relation 1",
    ),
    "not UTF-8": ('{"text": "caf\udce9"}\n', "UTF-8"),
}


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A workspace with a project "p" holding one document."""
    workspace = Workspace.open(str(tmp_path / "db.sqlite3"))
    workspace.create_project("p")
    good = tmp_path / "good.jsonl"
    good.write_text(_line({"id": "seed", "text": "Seed article about harbour fees."}))
    workspace.import_paths("p", [good], format="jsonl")
    yield workspace
    workspace.close()


def _count(ws: Workspace) -> tuple[int, int]:
    doc_total = ws.count_documents("p", annotator=None)
    span_total = sum(ws.stats("p").spans_by_label.values())
    return doc_total, span_total


@pytest.mark.parametrize("case", sorted(JSONL_CASES))
def test_hostile_jsonl_is_refused_and_changes_nothing(ws: Workspace, tmp_path: Path, case: str) -> None:
    content, fragment = JSONL_CASES[case]
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    before = _count(ws)
    with pytest.raises(AnnotatorError) as caught:
        ws.import_paths("p", [path], format="jsonl")
    message = str(caught.value)
    assert "hostile.jsonl" in message
    assert fragment in message
    assert "\n" not in message and "Traceback" not in message
    assert _count(ws) == before


TEXT_CASES: dict[str, tuple[bytes, str]] = {
    "latin-1": ("Caf\u00e9 owners protest\nThe caf\u00e9 tax rises.\n".encode("latin-1"), "not UTF-8"),
    "windows-1252 quotes": ("Title\n\u201cQuoted\u201d words\n".encode("cp1252"), "line 2"),
    "NUL bytes": (b"Title\nbody\x00with NUL\n", "NUL"),
    "empty": (b"", "empty"),
    "only blank lines": (b"\n  \n\t\n", "empty"),
    "bad UTF-16": (codecs.BOM_UTF16_LE + b"\x00\xd8", "UTF-16"),
}


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_hostile_text_file_is_refused_and_changes_nothing(ws: Workspace, tmp_path: Path, case: str) -> None:
    data, fragment = TEXT_CASES[case]
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    before = _count(ws)
    with pytest.raises(AnnotatorError) as caught:
        ws.import_paths("p", [path])
    assert "article.txt" in str(caught.value)
    assert fragment in str(caught.value)
    assert _count(ws) == before


NOT_HTML_CASES: dict[str, bytes] = {
    "plain text": b"Harbour fees rise\nThe board agreed on Tuesday.\n",
    "empty": b"",
    "JSON": b'{"text": "not a page"}\n',
    "binary": bytes(range(256)) * 4,
    "angle brackets but no tags": b"if a < b > c then <b> is bold in some other markup\n",
}


@pytest.mark.parametrize("case", sorted(NOT_HTML_CASES))
def test_html_that_is_not_html_is_refused_and_changes_nothing(
    ws: Workspace, tmp_path: Path, case: str
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(NOT_HTML_CASES[case])
    before = _count(ws)
    with pytest.raises(AnnotatorError) as caught:
        ws.import_paths("p", [path])
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "does not look like an HTML page" in message or "UTF-8" in message
    assert "\n" not in message and _count(ws) == before


def test_utf16_with_bom_is_imported(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Ferry news\nThe ferry is late.\n".encode("utf-16-le"))
    ws.import_paths("p", [path])
    assert _count(ws)[0] == 2


def test_fifty_megabyte_single_line_imports(ws: Workspace, tmp_path: Path) -> None:
    # Decision: a huge one-line article is accepted (reading is linear; about 1 s and a few
    # hundred MB here), stored whole and exactly, rather than refused.
    body = "lorem ipsum " * (50_000_000 // 12)
    path = tmp_path / "huge.txt"
    path.write_text("Huge\n" + body)
    ws.import_paths("p", [path])
    assert _count(ws)[0] == 2
    ids = [d.id for d in ws.list_documents("p", annotator=None)]
    assert any(len(ws.document(i).text) == len(body.rstrip()) for i in ids if i is not None)


def test_a_bad_line_keeps_nothing_from_its_file(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        _line({"text": "First good article."}) + _line({"text": "Second good."}) + '{"text": 1}\n'
    )
    before = _count(ws)
    with pytest.raises(AnnotatorError, match=r"mixed\.jsonl: line 3"):
        ws.import_paths("p", [path], format="jsonl")
    assert _count(ws) == before


@pytest.mark.parametrize(
    ("schema", "fragment"),
    [
        ([{"name": "CLAIM", "colour": "red"}], "colour"),
        ([{"name": "CLAIM", "colour": "#12345G"}], "colour"),
        ([{"name": "A", "hotkey": "1"}, {"name": "B", "hotkey": "1"}], "hotkey 1 is already used"),
        ([{"name": "A", "hotkey": "0"}], "hotkey"),
        ([{"name": "A"}, {"name": "A"}], "duplicate"),
        ([], "non-empty"),
    ],
)
def test_bad_label_schema_is_refused_and_creates_no_project(
    ws: Workspace, tmp_path: Path, schema: object, fragment: str
) -> None:
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(schema))
    with pytest.raises(AnnotatorError) as caught:
        ws.create_project("q", load_schema(path))
    assert "labels.json" in str(caught.value) and fragment in str(caught.value)
    assert [p.name for p in ws.projects()] == ["p"]
    # And through the command line: exit code 1, one line, no project.
    db = ws.url
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", db, "project", "create", "q", "--labels", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1
    assert result.stderr.startswith("annotator: error:") and "Traceback" not in result.stderr
    assert [p.name for p in ws.projects()] == ["p"]


# --- databases that are not what they claim ------------------------------------------


def test_cli_refuses_a_text_file_as_database_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "thesis.txt"
    path.write_text("chapter one\n")
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(path), "projects"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1
    assert "is not an annotator database" in result.stderr
    assert path.read_text() == "chapter one\n"


def test_a_sqlite_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    with pytest.raises(AnnotatorError, match="not an annotator database"):
        Workspace.open(str(path))
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert names == ["invoices"]


# --- exports that cannot be written ---------------------------------------------------

_FULL_DISK = r"""
import resource, signal, sys
from pathlib import Path
from annotator.core.errors import AnnotatorError
from annotator.project import Workspace
db, out, fmt, limit = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
ws = Workspace.open(db)
# Files may grow to `limit` bytes only, as on a full disk; SIGXFSZ would kill us instead of EFBIG.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    ws.export("p", out, format=fmt, overwrite=True)
    print("exported")
except AnnotatorError as exc:
    print("refused", exc)
"""


@pytest.mark.parametrize("fmt", registry.writer_names())
def test_full_disk_during_export_leaves_no_partial_file(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "db.sqlite3"
    with Workspace.open(str(db)) as ws:
        ws.create_project("p")
        articles = tmp_path / "articles.jsonl"
        with articles.open("w") as fh:
            for i in range(300):
                fh.write(
                    _line({"id": f"a{i}", "text": f"Article {i}: " + "the harbour board met again. " * 20})
                )
        ws.import_paths("p", [articles], format="jsonl")
        full = tmp_path / f"full.{fmt}"
        written = ws.export("p", full, format=fmt).files
    # The disk fills halfway through the export's largest file (a folder format writes many files,
    # some formats a sidecar; RLIMIT_FSIZE bounds each file, so it is sized on the largest one).
    sizes = [
        p.stat().st_size for f in written for p in ([f, *f.rglob("*")] if f.is_dir() else [f]) if p.is_file()
    ]
    limit = max(sizes) // 2
    assert limit > 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"export.{fmt}"
    previous = b"an older export that must survive\n"
    if full.is_dir():  # a folder format replaces only an earlier export of its own
        shutil.copytree(full, out)
    else:
        out.write_bytes(previous)
    before = {str(p): p.read_bytes() for p in [out, *out.rglob("*")] if p.is_file()}
    result = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(db), str(out), fmt, str(limit)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused"), result.stdout
    assert "export" in result.stdout
    # No temporary or partial file, and the previous export untouched.
    assert sorted(p.name for p in out_dir.iterdir()) == [out.name]
    assert {str(p): p.read_bytes() for p in [out, *out.rglob("*")] if p.is_file()} == before


def test_export_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    # As root, chmod cannot make a folder unwritable; what this exercises is the refusal
    # of a folder that cannot take the file at all, before anything is written.
    with Workspace.open(str(tmp_path / "db.sqlite3")) as ws:
        ws.create_project("p")
        with pytest.raises(AnnotatorError, match="does not exist"):
            ws.export("p", tmp_path / "gone" / "out.jsonl")
    assert not (tmp_path / "gone").exists()


def test_export_into_a_read_only_folder_is_refused_for_a_normal_user() -> None:
    # Root writes anywhere, so the export runs as the user nobody into a folder nobody
    # cannot write: one clear error, and nothing (no temporary file) left behind.
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="annotator-ro-export-"))
    try:
        folder.chmod(0o755)
        db = folder / "db.sqlite3"
        with Workspace.open(str(db)) as ws:
            ws.create_project("p")
            ws.export("p", folder / "warm-up.jsonl")  # load every module the child needs
        (folder / "warm-up.jsonl").unlink()
        locked = folder / "locked"
        locked.mkdir(mode=0o555)
        locked.chmod(0o555)

        def export() -> str:
            with Workspace.open(str(db), read_only=True) as ro:
                try:
                    ro.export("p", locked / "out.jsonl")
                except AnnotatorError as exc:
                    return f"refused {exc}"
            return "exported"

        out = run_as_nobody(export)
        assert out.startswith("refused") and "out.jsonl" in out
        assert list(locked.iterdir()) == []
    finally:
        for child in folder.rglob("*"):
            child.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_label_studio_array_with_a_non_finite_number_is_refused(
    ws: Workspace, tmp_path: Path, constant: str
) -> None:
    # Found by the fuzz test: the streaming array reader let the decoder's ValueError escape.
    path = tmp_path / "tasks.json"
    path.write_text(f'[{{"data": {{"text": "The mayor"}}, "id": {constant}}}]', encoding="utf-8")
    before = _count(ws)
    with pytest.raises(
        AnnotatorError, match=rf"tasks.json: line 1: not valid JSON \({re.escape(constant)} is not allowed\)"
    ):
        ws.import_paths("p", [path], format="labelstudio")
    assert _count(ws) == before
