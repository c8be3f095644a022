"""Prometheus metrics: counts and timings only, never labels carrying ids or text."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["Metrics"]


class Metrics:
    """The service's metrics on a registry of its own (tests can build many apps)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter(
            "heard_http_requests_total",
            "HTTP requests by route and status",
            ["route", "status"],
            registry=self.registry,
        )
        self.updates_received = Counter(
            "heard_updates_received_total",
            "Channel updates accepted into the inbox",
            ["channel"],
            registry=self.registry,
        )
        self.updates_duplicate = Counter(
            "heard_updates_duplicate_total",
            "Channel updates seen before and ignored",
            ["channel"],
            registry=self.registry,
        )
        self.updates_processed = Counter(
            "heard_updates_processed_total",
            "Inbox items processed, by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.messages_sent = Counter(
            "heard_messages_sent_total",
            "Outbox messages by outcome",
            ["channel", "outcome"],
            registry=self.registry,
        )
        # Not published: a count of alerts that rises the moment a child discloses would tell anyone
        # who can read /metrics that someone just did, and when. Alert counts stay inside the audited
        # portal; this counter lives on a registry that is never rendered.
        self.risk_alerts = Counter(
            "heard_risk_alerts_total",
            "Safeguarding alerts raised, by level (never exported)",
            ["level"],
            registry=CollectorRegistry(),
        )
        self.queue_depth = Gauge(
            "heard_queue_depth",
            "Items waiting in the inbox or outbox",
            ["queue"],
            registry=self.registry,
        )
        self.handling_seconds = Histogram(
            "heard_update_handling_seconds",
            "Time from an update being claimed to its replies being queued",
            registry=self.registry,
        )
        # Operations (issue 20): read from the database, so they survive a restart and agree across replicas.
        self.queue_items = Gauge(
            "heard_queue_items",
            "Inbox, outbox and redaction rows by state (failed outbox rows are messages given up on)",
            ["queue", "state"],
            registry=self.registry,
        )
        self.queue_oldest_seconds = Gauge(
            "heard_queue_oldest_seconds",
            "Age of the oldest row waiting in each queue and state (0 when none)",
            ["queue", "state"],
            registry=self.registry,
        )
        self.leader = Gauge(
            "heard_scheduler_leader", "1 while this replica runs the scheduled jobs", registry=self.registry
        )
        self.database_errors = Counter(
            "heard_database_errors_total",
            "Database errors by kind (SQLSTATE, SQLite error name or exception type)",
            ["kind"],
            registry=self.registry,
        )
        self.last_purge = Gauge(
            "heard_retention_last_purge_timestamp_seconds",
            "When the retention purge last completed (Unix time)",
            registry=self.registry,
        )
        self.purged = Counter(
            "heard_retention_purged_total",
            "Rows or texts deleted by retention, by kind",
            ["kind"],
            registry=self.registry,
        )

    def render(self) -> bytes:
        """Return the Prometheus text exposition of every metric."""
        return generate_latest(self.registry)
