"""The random operation-sequence test with a large budget, on both backends."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from tests.project.operation_model import OperationSequences


def test_many_random_operation_sequences_match_the_model(db_url: str) -> None:
    OperationSequences.url = db_url
    machine = OperationSequences.TestCase
    machine.settings = settings(
        max_examples=int(os.environ.get("ANNOTATOR_BENCH_SEQUENCES", "400")),
        stateful_step_count=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    machine().runTest()
