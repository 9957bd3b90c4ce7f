"""Bringing a REFI-QDA codebook into a project: the codes it lacks become labels, with colours and descriptions.

A .qdpx project or a .qdc codebook declares its codes (the hierarchy kept in
the names, `Sources/Official`), so an import adds the ones the project lacks
without `--add-labels`; labels the project already has are kept as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from annotator.core.palette import pick_hotkey
from annotator.core.schema import check_schema
from annotator.core.types import AnnotatedDocument, InvalidRecord, Label, LabelKind, LabelSchema
from annotator.formats.base import ReadContext

CODEBOOK_FORMATS = ("qdpx", "qdc")
"""The formats whose files declare a codebook of their own."""
QDC_WHY = "the extension .qdc (a REFI-QDA codebook: its codes become labels, no articles)"


def no_documents(path: Path) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """The records of a file that holds only a codebook: none."""
    del path
    return iter(())


def read_codebook(path: Path, ctx: ReadContext | None = None) -> LabelSchema:
    """The labels a .qdpx project or .qdc codebook declares."""
    from annotator.formats.qdpx import read_codebook as read

    return read(path, ctx)


def missing_labels(current: LabelSchema, incoming: LabelSchema, where: str) -> list[Label]:
    """The incoming labels the project lacks, each new span label with the next free hotkey; checked."""
    taken = {lab.hotkey for lab in current.labels if lab.hotkey}
    added: list[Label] = []
    for lab in incoming.labels:
        if current.get(lab.name) is not None:
            continue
        if lab.kind == LabelKind.SPAN and not lab.hotkey:
            key = pick_hotkey(taken)
            if key:
                taken.add(key)
                lab = replace(lab, hotkey=key)
        added.append(lab)
    check_schema(LabelSchema((*current.labels, *added)), where)
    return added


def with_missing(current: LabelSchema, incoming: LabelSchema, where: str) -> LabelSchema:
    """The project's codebook with the incoming labels it lacks appended."""
    return LabelSchema((*current.labels, *missing_labels(current, incoming, where)))
