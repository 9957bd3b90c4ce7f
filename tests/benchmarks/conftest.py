"""Benchmarks are outside the default run: `pytest tests/benchmarks -m benchmark -s`."""
