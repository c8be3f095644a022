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
        self.risk_alerts = Counter(
            "heard_risk_alerts_total",
            "Safeguarding alerts raised, by level",
            ["level"],
            registry=self.registry,
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

    def render(self) -> bytes:
        """Return the Prometheus text exposition of every metric."""
        return generate_latest(self.registry)
