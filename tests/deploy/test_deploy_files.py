"""deploy/ is checked, not just written: lint and schema checks, and monitoring that names real metrics.

The container image cannot be built here (base images come from a registry
CI cannot reach), so its Containerfile is linted with hadolint; the compose
file is checked against the Compose specification's schema, the Kubernetes
manifest against Kubernetes' own schemas, and the systemd unit with
``systemd-analyze verify``. The example alert rules and the Grafana dashboard
may only use metrics Heard exports, and every alert's runbook link must lead
to a section of docs/operations.md.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.metrics import Metrics
from bot.supervisor import Supervisor

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
PROMETHEUS_OWN = {"up", "time"}
PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
    "sum", "min", "max", "avg", "count", "rate", "increase", "histogram_quantile", "humanizeDuration",
}  # fmt: skip


def tool(name: str) -> str:
    """Return the path of a checking tool from the dev dependencies (or the system, for systemd)."""
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: 'make install' installs it with the dev dependencies")
    return str(found)


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


def test_the_containerfile_passes_hadolint() -> None:
    result = run(tool("hadolint"), "--config", str(ROOT / ".hadolint.yaml"), str(DEPLOY / "Containerfile"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_as_a_numeric_user_so_kubernetes_can_check_run_as_non_root() -> None:
    users = re.findall(r"^USER\s+(\S+)", (DEPLOY / "Containerfile").read_text(), re.M)
    assert users and users[-1].isdigit()


def test_the_compose_file_follows_the_compose_specification() -> None:
    result = run(
        tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(DEPLOY / "compose.yaml")
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_kubernetes_manifests_follow_kubernetes_schemas() -> None:
    for manifest in sorted((DEPLOY / "kubernetes").glob("*.yaml")):
        result = run(tool("kubernetes-validate"), "--strict", str(manifest))
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    # verify insists the programs exist: point the unit at a stand-in for an installed heard.
    heard = tmp_path / "heard"
    heard.write_text("#!/bin/sh\n")
    heard.chmod(0o755)
    unit = tmp_path / "heard.service"
    unit.write_text(
        (DEPLOY / "systemd" / "heard.service").read_text().replace("/opt/heard/bin/heard", str(heard))
    )
    result = run("systemd-analyze", "verify", str(unit))
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def exported_metrics() -> set[str]:
    metrics = Metrics()
    Supervisor(registry=metrics.registry)
    names: set[str] = set()
    for family in metrics.registry.collect():
        names |= {family.name + suffix for suffix in ("", "_total", "_bucket", "_count", "_sum")}
    return names


def metric_names(expr: str) -> set[str]:
    without_labels = re.sub(
        r"\{[^}]*\}|\[[^\]]*\]|\"[^\"]*\"|\b(?:by|without|on|ignoring)\s*\([^)]*\)", " ", expr
    )
    words = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", without_labels))
    return {w for w in words if w not in PROMQL_WORDS and not re.fullmatch(r"[a-z]", w)}


def test_alert_rules_use_real_metrics_and_link_to_the_runbook() -> None:
    rules = yaml.safe_load((DEPLOY / "monitoring" / "heard-alerts.yaml").read_text())
    exported = exported_metrics() | PROMETHEUS_OWN
    runbook = (ROOT / "docs" / "operations.md").read_text()
    anchors = {h.strip().lower().replace(" ", "-") for h in re.findall(r"^#+\s+(.+)$", runbook, re.M)}
    alerts = [rule for group in rules["groups"] for rule in group["rules"]]
    assert len(alerts) >= 8
    for rule in alerts:
        assert set(rule) >= {"alert", "expr", "annotations", "labels"}, rule
        unknown = metric_names(rule["expr"]) - exported
        assert not unknown, f"{rule['alert']} uses {unknown}"
        anchor = rule["annotations"]["runbook"].split("#", 1)[1]
        assert anchor in anchors, f"{rule['alert']}: docs/operations.md has no section #{anchor}"


def test_the_dashboard_uses_real_metrics() -> None:
    dashboard = json.loads((DEPLOY / "monitoring" / "grafana-dashboard.json").read_text())
    exported = exported_metrics() | PROMETHEUS_OWN
    exprs = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    assert exprs
    for expr in exprs:
        assert not metric_names(expr) - exported, expr
