"""Fuzz every importer in the format registry: any bytes give valid documents or an AnnotatorError.

The formats are read from registry.FORMATS when the tests are collected, so a new
reader is fuzzed without touching this file. Larger runs: tests/benchmarks/test_fuzz_large.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.core.errors import AnnotatorError
from annotator.core.types import InvalidRecord
from annotator.formats import registry
from annotator.formats.base import ReadContext
from annotator.project import Workspace
from tests.integration.fuzz_readers import (
    FILE_BYTES,
    TEMPLATES,
    WRONG_VALUES,
    check_reader,
    file_of,
    places,
    replaced,
)

EXAMPLES = int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "60"))


@pytest.mark.parametrize("name", registry.reader_names())
def test_reader_survives_any_bytes(name: str) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None)
    @given(data=FILE_BYTES)
    def run(data: bytes) -> None:
        check_reader(name, data)

    run()


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_field_given_every_wrong_kind_of_value_reads_without_a_crash(name: str, tmp_path: Path) -> None:
    # Exhaustive where the random runs are thin: each place of each well-formed record, with a
    # value of each JSON kind, gives documents or invalid lines, never a TypeError or the like.
    path = tmp_path / f"ok{registry.FORMATS[name].extensions[0]}"
    path.write_bytes(file_of(name, TEMPLATES[name]))
    read = list(registry.FORMATS[name].bind(ReadContext())(path))
    assert read and not any(isinstance(r, InvalidRecord) for r in read), read  # the templates are valid
    for template in TEMPLATES[name]:
        for at in places(template):
            for value in WRONG_VALUES:
                check_reader(name, file_of(name, [replaced(template, at, value)]))


@pytest.mark.parametrize("name", registry.reader_names())
def test_import_survives_any_bytes_and_keeps_nothing_on_error(name: str, tmp_path: Path) -> None:
    ws = Workspace.open(str(tmp_path / "fuzz.sqlite3"))
    ws.create_project("p")
    fmt = registry.FORMATS[name]
    path = tmp_path / f"fuzz{fmt.extensions[0] if fmt.extensions else ''}"

    @settings(
        max_examples=max(10, EXAMPLES // 3),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(data=FILE_BYTES)
    def run(data: bytes) -> None:
        path.write_bytes(data)
        before = ws.count_documents("p", annotator=None)
        try:
            report = ws.import_paths("p", [path], format=name, add_labels=True)
        except AnnotatorError:
            assert ws.count_documents("p", annotator=None) == before
            return
        assert ws.count_documents("p", annotator=None) == before + report.imported

    try:
        run()
    finally:
        ws.close()
