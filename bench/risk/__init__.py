"""Benchmark and labelled corpus for the safeguarding risk detector."""
