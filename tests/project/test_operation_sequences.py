"""Random operation sequences on both backends agree with a model (a small budget; the benchmarks run a large one)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tests.project.operation_model import OperationSequences


def test_random_operation_sequences_match_the_model(db_url: str) -> None:
    OperationSequences.url = db_url
    machine = OperationSequences.TestCase
    machine.settings = settings(
        max_examples=25,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=True,
    )
    machine().runTest()
