"""Synthetic demo data: a whole council's worth of invented young people, rounds, issues and alerts."""

from feedback.demo.seed import DemoNotEmpty, DemoSummary, seed_demo

__all__ = ["DemoNotEmpty", "DemoSummary", "seed_demo"]
