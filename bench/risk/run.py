"""Benchmark the risk detector on the labelled corpus: accuracy against the targets, and speed.

Run from the repository root: ``.venv/bin/python bench/risk/run.py`` (add
``--errors`` to list every text whose level was wrong, ``--split dev`` for one
split). Exits 1 when a target is missed, so it can gate a change to the rules.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from anonymiser.risk import RiskDetector
from bench.risk.scoring import (
    SPLITS,
    TARGET_ANY_RISK_RECALL,
    TARGET_NONE_ANY_RATE,
    TARGET_NONE_URGENT_RATE,
    TARGET_URGENT_RECALL,
    Example,
    Judged,
    Scores,
    load_file,
    load_split,
    score,
)

LONG_TEXT_CHARS = 4096


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def judge(detector: RiskDetector, examples: list[Example]) -> tuple[list[Judged], list[float], float]:
    """Return the answers, the CPU seconds each text took, and the wall seconds for all."""
    judged, cpu = [], []
    wall_started = time.perf_counter()
    for example in examples:
        started = time.process_time()
        risk = detector.assess(example.text)
        cpu.append(time.process_time() - started)
        judged.append(Judged(example, risk.level.value, tuple(c.value for c in risk.categories), risk.ask))
    return judged, cpu, time.perf_counter() - wall_started


def _print_scores(name: str, scores: Scores) -> None:
    print(f"\n### {name} ({scores.total} texts)\n")
    print("| level | precision | recall | gold | predicted |")
    print("|---|---:|---:|---:|---:|")
    for level, pr in scores.levels.items():
        print(f"| {level} | {pr.precision:.3f} | {pr.recall:.3f} | {pr.gold} | {pr.predicted} |")
    print("\n| category | precision | recall | gold | predicted |")
    print("|---|---:|---:|---:|---:|")
    for category, pr in scores.categories.items():
        print(f"| {category} | {pr.precision:.3f} | {pr.recall:.3f} | {pr.gold} | {pr.predicted} |")
    print()
    print(f"- urgent recall: {scores.urgent_recall:.3f} (target ≥ {TARGET_URGENT_RECALL})")
    print(f"- any-risk recall: {scores.any_risk_recall:.3f} (target ≥ {TARGET_ANY_RISK_RECALL})")
    print(f"- urgent judged none: {scores.urgent_judged_none} (target 0)")
    print(f"- urgent texts given urgent help or the 'are you safe?' check: {scores.urgent_reached:.3f}")
    print(
        f"- no-risk texts judged urgent: {scores.none_urgent_rate:.3f} (target ≤ {TARGET_NONE_URGENT_RATE})"
    )
    print(f"- no-risk texts judged any risk: {scores.none_any_rate:.3f} (target ≤ {TARGET_NONE_ANY_RATE})")
    print(f"- false alarms on ordinary feedback: {scores.false_alarm_rate:.3f}")
    print(
        "- false alarms on hard negatives (figurative, lessons, films): "
        f"{scores.hard_negative_false_alarm_rate:.3f}"
    )


def _print_speed(detector: RiskDetector, cpu: list[float], wall: float) -> None:
    ms = sorted(s * 1000 for s in cpu)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    long_text = ("i feel ok today but my placement is loud and " * 100)[:LONG_TEXT_CHARS]
    started = time.process_time()
    for _ in range(20):
        detector.assess(long_text)
    long_ms = (time.process_time() - started) * 1000 / 20
    print("\n### Speed (one process, corpus texts one at a time)\n")
    print(f"- texts/second (wall clock, machine shared): {len(ms) / wall:,.0f}")
    print(f"- CPU ms per text: mean {statistics.fmean(ms):.3f}, p99 {p99:.3f}, max {ms[-1]:.3f}")
    print(f"- CPU ms for a {LONG_TEXT_CHARS}-character text: {long_ms:.2f}")


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark tables; return 1 when any target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--errors", action="store_true", help="list texts judged wrongly")
    parser.add_argument(
        "--file",
        type=Path,
        action="append",
        default=[],
        help="also score this JSON Lines batch (an independent writer's), by its file name",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    detector = RiskDetector()
    load_ms = (time.perf_counter() - started) * 1000
    print("## Risk detector\n")
    print(
        f"Machine: {os.cpu_count()} CPUs ({_cpu_model()}), Python {platform.python_version()}; "
        f"{date.today().isoformat()}. {detector.rule_count} rules, loaded in {load_ms:.0f} ms."
    )
    splits = SPLITS if args.split == "all" else (args.split,)
    batches = [(name, load_split(name)) for name in splits]
    batches += [(path.name, load_file(path)) for path in args.file]
    all_cpu: list[float] = []
    all_wall = 0.0
    failed: list[str] = []
    for name, examples in batches:
        judged, cpu, wall = judge(detector, examples)
        all_cpu.extend(cpu)
        all_wall += wall
        scores = score(judged)
        _print_scores(name, scores)
        failed.extend(f"{name}: {f}" for f in scores.failed_targets())
        if args.errors:
            for miss in scores.misses:
                print(
                    f"  ✗ gold {miss.example.level:<7} got {miss.level:<7} "
                    f"{list(miss.categories)} | {miss.example.text}"
                )
    _print_speed(detector, all_cpu, all_wall)
    if failed:
        print("\nTargets missed:\n" + "\n".join(f"- {f}" for f in failed))
        return 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
