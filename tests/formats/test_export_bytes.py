"""Every export of a fixed corpus is byte for byte what it was before the exports were made faster (issue 14).

The SHA-256 of each exported file (export.json markers left out: they hold
the time) was recorded from the writers as they were before; a faster writer
must write the same bytes. The spaCy-tokenized exports depend on spaCy's
version, so their digests are compared only under the version they were
recorded with. To record anew after a deliberate change of a format:
`python -m tests.formats.test_export_bytes`.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.formats import export_tokens
from annotator.project import Workspace
from tests.formats import bytes_corpus, codebook_corpus

SPACY_VERSION = "3.8.18"
"""The spaCy version the digests of the spaCy-tokenized exports were recorded with."""
TOKENIZED = {"prodigy", "spacy", "spacy-shards"}
"""Exports whose tokens are spaCy's (when spaCy is installed)."""

CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    # case -> (format, file name, the export's keyword arguments)
    "jsonl": ("jsonl", "out.jsonl", {}),
    "jsonl-alice-done": ("jsonl", "out.jsonl", {"annotator": "alice", "status": "done"}),
    "jsonl-suggested": ("jsonl", "out.jsonl", {"include_suggested": True}),
    "doccano": ("doccano", "out.jsonl", {}),
    "labelstudio": ("labelstudio", "out.json", {}),
    "conll": ("conll", "out.conll", {}),
    "conll-split": ("conll", "out", {"split": "0.5,0.5", "seed": 3}),
    "hf": ("hf", "out.jsonl", {}),
    "hf-alice": ("hf", "out.jsonl", {"annotator": "alice"}),
    "prodigy": ("prodigy", "out.jsonl", {}),
    "prodigy-builtin": ("prodigy", "out.jsonl", {}),
    "spacy": ("spacy", "out.spacy", {}),
    "spacy-shards": ("spacy", "out.spacy", {"options": {"shard_docs": "4"}}),
    "brat": ("brat", "out", {}),
}
PROJECTS = ("p", "c")

DIGESTS: dict[str, str] = {
    "p jsonl": "a8d3ab44c10158fee370a138dd74c8d7df56452c41f55b0d45fd4e554f6d6522",
    "p jsonl-alice-done": "ee015e2b636aa0926ae4d415f97ba24a8cf5573fa163286769c881d09fe6583f",
    "p jsonl-suggested": "a6d164b8a312a435f27503be3f636ececedf15aa919d5eda02aee53a2705192b",
    "p doccano": "6ba373723a5d7a631403c2f7eada26273a78e89ffcfccaaf3dfe6a89aab1e545",
    "p labelstudio": "ee206e49c0e8eeb7b6c3d39a564e0c0f65ac561b6f1e9203ceeab9bb1490b097",
    "p conll": "4e444d734257732d62431ee5649d6d4b83c9215c990e01bf76b857a8994951f5",
    "p conll-split": "dfa5359a2f8f6f7d1b49f470986d3630185c959e54c1ceaa62769aa234615e1f",
    "p hf": "d2efcf9c013e0f533cba86dfae3f2e36a4fa29a931c5ed76af56fdb10a24eafa",
    "p hf-alice": "1ac79b8d13e616a264913f75ec18d2c43d637fd37c424a17776ce1c553588bf1",
    "p prodigy": "a232b455e416806c896df4eedc991284667ea3d878d0294ea1bde07b52935346",
    "p prodigy-builtin": "c37db0af9f93b81b1325a39260b7de46987d03c07b2a1af20399f503960b8a5b",
    "p spacy": "12af59902073236166f67de025d315e9a4286558aef649d0fbb0edce488a1942",
    "p spacy-shards": "821c88b5c93dca72160834d7e8b9fc1f8e14b3271e85e8c2c22a6da98c83ed65",
    "p brat": "01f415f657b7c5b335ab12e78fbe564c140fcccc887f3efbdcba8574c2f4798a",
    "c jsonl": "0640e486be910f7fbfbc97a63e81a809d238d5b3fa1d3523a663293b40b6be05",
    "c jsonl-alice-done": "93aed0e8213a67f0e6034a2b0da2af1894ee47149cd2b0e6a3b5931bee0eef53",
    "c jsonl-suggested": "0640e486be910f7fbfbc97a63e81a809d238d5b3fa1d3523a663293b40b6be05",
    "c doccano": "1a2d22c0b38e16c58f4b0389eaaca2a09e177eea6aa705d3e466b64b4be9e5db",
    "c labelstudio": "f80df3d081f826a202352190742ecf523b5efcfb6b932df12ae8583b0dce3569",
    "c conll": "d412ef3524b55ac41fcc8436d81b1eb1149b0b800ba07bb0c84d8db6c5cd022b",
    "c conll-split": "3cddbf3876e113a256fab25e0f36ebfc995006e0518da9be01883fec6623d53c",
    "c hf": "f8721125dc889c9f82eef13b96d0755262c86bc7f65c3fabd7f4cd8f20db94cb",
    "c hf-alice": "fa8e6422b8fc0407590482bac62361a7f4fe00908f4bdce6bcd77f8a9623f482",
    "c prodigy": "b6d981dd6919778d9e56c9b4d427d339cd26c30b1218d827a4d337e8c0216392",
    "c prodigy-builtin": "b6d981dd6919778d9e56c9b4d427d339cd26c30b1218d827a4d337e8c0216392",
    "c spacy": "bcbb212267da64a37244d2ee12b2a7280650d4fd43ffff4ab43a1f15d895e21e",
    "c spacy-shards": "bcbb212267da64a37244d2ee12b2a7280650d4fd43ffff4ab43a1f15d895e21e",
    "c brat": "f20c9dd96dc7a5df457a77420f8ed4dcfbdf0d2c2edeafe053d7f37952f22b63",
}
"""'project case' -> SHA-256 over the names and bytes of every file the export wrote."""


def digest(path: Path) -> str:
    """SHA-256 over the relative names and bytes of the files at `path` (a file, or a folder and what is beside it)."""
    h = hashlib.sha256()
    files = sorted(p for p in path.parent.rglob("*") if p.is_file() and p.name != "export.json")
    for f in files:
        h.update(str(f.relative_to(path.parent)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def filled(db: str) -> Workspace:
    """A workspace holding both projects of the fixed corpus."""
    ws = Workspace.open(db)
    ws.create_project("p")
    ws.import_records("p", bytes_corpus.plain(), source="fixtures", add_labels=True)
    ws.create_project("c", codebook_corpus.schema())
    ws.import_records("c", bytes_corpus.coded(), source="fixtures")
    return ws


def exported(ws: Workspace, project: str, case: str, folder: Path) -> str:
    """The digest of one export of one project."""
    fmt, name, kwargs = CASES[case]
    folder.mkdir()
    ws.export(project, folder / name, format=fmt, **kwargs)
    return digest(folder / name)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = filled(str(tmp_path_factory.mktemp("bytes") / "db.sqlite3"))
    yield ws
    ws.close()


def _spacy_version() -> str | None:
    try:
        import spacy
    except ImportError:
        return None
    return str(spacy.about.__version__)


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.parametrize("case", list(CASES))
def test_export_is_the_same_bytes(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project: str, case: str
) -> None:
    version = _spacy_version()
    if case.startswith("spacy") and version is None:
        pytest.skip("the spacy format needs spaCy")
    if case == "prodigy-builtin":
        monkeypatch.setattr(export_tokens, "_spacy_installed", lambda: False)
    elif case in TOKENIZED and version not in (None, SPACY_VERSION):
        pytest.skip(f"digests recorded with spaCy {SPACY_VERSION}, not {version}")
    assert exported(workspace, project, case, tmp_path / "out") == DIGESTS[f"{project} {case}"]


def _record(folder: Path) -> dict[str, Any]:
    """Every digest, as recorded now."""
    ws = filled(str(folder / "db.sqlite3"))
    out: dict[str, Any] = {}
    try:
        for project in PROJECTS:
            for case in CASES:
                real = export_tokens._spacy_installed
                if case == "prodigy-builtin":
                    export_tokens._spacy_installed = lambda: False
                try:
                    out[f"{project} {case}"] = exported(ws, project, case, folder / f"{project}-{case}")
                finally:
                    export_tokens._spacy_installed = real
    finally:
        ws.close()
    return out


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for key, value in _record(Path(tmp)).items():
            sys.stdout.write(f'    "{key}": "{value}",\n')
