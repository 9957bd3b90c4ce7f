"""The reader fuzz test with many examples: `pytest tests/benchmarks/test_fuzz_large.py -m benchmark`."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings

from annotator.formats import registry
from tests.integration.fuzz_readers import FILE_BYTES, check_reader


@pytest.mark.parametrize("name", registry.reader_names())
def test_reader_survives_many_inputs(name: str) -> None:
    @settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")), deadline=None, database=None)
    @given(data=FILE_BYTES)
    def run(data: bytes) -> None:
        check_reader(name, data)

    run()
