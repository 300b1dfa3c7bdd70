"""Benchmarks run by hand (not tests): see docs/benchmarks.md."""
