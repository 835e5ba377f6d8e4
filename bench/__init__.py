"""Benchmarks: not part of the test suite. `bench/seed.py` builds the shared seeded template database."""
