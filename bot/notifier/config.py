"""Which notifiers to build, from ``HEARD_SMTP_*``, ``HEARD_ALERT_EMAILS`` and ``HEARD_STAFF_TELEGRAM_CHAT``.

These variables are read here until they join ``bot.settings.Settings``; every
problem is reported by variable name, like the rest of Heard's configuration.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.notifier.email import EmailNotifier
from bot.notifier.notice import AlertNotifier
from bot.notifier.staff_group import StaffGroupNotifier

__all__ = ["NOTIFIER_ENV_VARS", "NotifierConfig"]

NOTIFIER_ENV_VARS: tuple[tuple[str, str, str], ...] = (
    ("HEARD_SMTP_HOST", "(none)", "SMTP server for alert emails; email is off without it"),
    ("HEARD_SMTP_PORT", "587", "SMTP port"),
    ("HEARD_SMTP_SECURITY", "starttls", "`starttls`, `tls` (implicit) or `none` (local relay only)"),
    ("HEARD_SMTP_USER", "(none)", "SMTP username, if the server needs one"),
    ("HEARD_SMTP_PASSWORD", "(none)", "SMTP password"),
    ("HEARD_SMTP_FROM", "(none)", "sender address of alert emails"),
    ("HEARD_ALERT_EMAILS", "(none)", "comma-separated safeguarding leads' addresses"),
    ("HEARD_STAFF_TELEGRAM_CHAT", "(none)", "chat id of a staff-only Telegram group for alert notices"),
)


@dataclass(frozen=True)
class NotifierConfig:
    """Notifier settings; empty values switch a notifier off."""

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = ""
    alert_emails: tuple[str, ...] = ()
    staff_telegram_chat: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> NotifierConfig:
        """Return the configuration from ``environ``; raise ``ValueError`` naming each bad variable."""
        env = os.environ if environ is None else environ
        get = lambda name: env.get(name, "").strip()  # noqa: E731
        problems: list[str] = []
        port = 587
        if get("HEARD_SMTP_PORT"):
            try:
                port = int(get("HEARD_SMTP_PORT"))
            except ValueError:
                problems.append("HEARD_SMTP_PORT must be a whole number such as 587")
        security = get("HEARD_SMTP_SECURITY").lower() or "starttls"
        if security not in ("starttls", "tls", "none"):
            problems.append("HEARD_SMTP_SECURITY must be starttls, tls or none")
        emails = tuple(e.strip() for e in get("HEARD_ALERT_EMAILS").split(",") if e.strip())
        if get("HEARD_SMTP_HOST") and not (emails and get("HEARD_SMTP_FROM")):
            problems.append("HEARD_SMTP_HOST is set: set HEARD_ALERT_EMAILS and HEARD_SMTP_FROM too")
        if emails and not get("HEARD_SMTP_HOST"):
            problems.append("HEARD_ALERT_EMAILS is set: set HEARD_SMTP_HOST (and HEARD_SMTP_FROM) too")
        if problems:
            raise ValueError("; ".join(problems))
        return cls(
            smtp_host=get("HEARD_SMTP_HOST"),
            smtp_port=port,
            smtp_security=security,
            smtp_user=get("HEARD_SMTP_USER"),
            smtp_password=get("HEARD_SMTP_PASSWORD"),
            smtp_from=get("HEARD_SMTP_FROM"),
            alert_emails=emails,
            staff_telegram_chat=get("HEARD_STAFF_TELEGRAM_CHAT"),
        )

    def build(self, *, telegram_api_url: str, telegram_token: str) -> tuple[AlertNotifier, ...]:
        """Return the notifiers this configuration switches on."""
        notifiers: list[AlertNotifier] = []
        if self.smtp_host:
            notifiers.append(
                EmailNotifier(
                    host=self.smtp_host,
                    port=self.smtp_port,
                    sender=self.smtp_from,
                    recipients=self.alert_emails,
                    username=self.smtp_user or None,
                    password=self.smtp_password or None,
                    security=self.smtp_security,
                )
            )
        if self.staff_telegram_chat and telegram_token:
            notifiers.append(
                StaffGroupNotifier(
                    api_url=telegram_api_url, token=telegram_token, chat_id=self.staff_telegram_chat
                )
            )
        return tuple(notifiers)
