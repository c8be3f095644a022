"""Benchmark: aggregating and rendering a board paper from a large council's data."""
