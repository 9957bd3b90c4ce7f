"""A staged folder is made durable in one pass: one syncfs on Linux 5.8+, else an fsync per file; its folders too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.formats import output


def _folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "inner").mkdir(parents=True)
    for name in ("a.txt", "a.ann", "inner/b.txt"):
        (out / name).write_text(name, encoding="utf-8")
    return out


def _recording(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return synced


@pytest.mark.skipif(not output._HAS_SYNCFS, reason="syncfs needs Linux 5.8 or later")
def test_a_folder_is_flushed_by_one_syncfs_and_its_folders_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _folder(tmp_path)
    synced = _recording(monkeypatch)
    calls: list[Path] = []
    real = output._syncfs
    monkeypatch.setattr(output, "_syncfs", lambda path: calls.append(path) or real(path))
    output._sync(out)
    assert calls == [out]
    assert sorted(synced) == sorted([str(out), str(out / "inner")])  # no file one by one


def test_without_syncfs_every_file_and_folder_is_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _folder(tmp_path)
    monkeypatch.setattr(output, "_HAS_SYNCFS", False)
    synced = _recording(monkeypatch)
    output._sync(out)
    expected = [out, out / "inner", out / "a.txt", out / "a.ann", out / "inner" / "b.txt"]
    assert sorted(synced) == sorted(map(str, expected))


def test_a_file_is_fsynced_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text("{}\n", encoding="utf-8")
    synced = _recording(monkeypatch)
    output._sync(one)
    assert synced == [str(one)]


@pytest.mark.parametrize(
    ("release", "ok"),
    [("5.8.0", True), ("6.1.0-13-amd64", True), ("5.7.19", False), ("4.19.0", False), ("x", False)],
)
def test_syncfs_is_trusted_from_linux_5_8(release: str, ok: bool) -> None:
    assert output._kernel_at_least(release, (5, 8)) is ok
