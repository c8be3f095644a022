"""Alert notices by email over SMTP (STARTTLS or implicit TLS), sent from a worker thread."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage

from bot.notifier.notice import AlertNotice

__all__ = ["EmailNotifier"]


class EmailNotifier:
    """Sends each notice to every address in ``recipients``."""

    name = "email"

    def __init__(
        self,
        *,
        host: str,
        port: int = 587,
        sender: str,
        recipients: Sequence[str],
        username: str | None = None,
        password: str | None = None,
        security: str = "starttls",  # starttls | tls | none (none only for a local relay)
        timeout: float = 15.0,
    ) -> None:
        if security not in ("starttls", "tls", "none"):
            raise ValueError("SMTP security must be starttls, tls or none")
        if not recipients:
            raise ValueError("at least one alert email address is needed")
        self.host, self.port, self.sender = host, port, sender
        self.recipients = tuple(recipients)
        self.username, self._password = username, password
        self.security, self.timeout = security, timeout

    def _message(self, notice: AlertNotice) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message["Subject"] = notice.subject
        if notice.new_urgent or notice.overdue_urgent:
            message["Importance"] = "high"
            message["X-Priority"] = "1"
        message.set_content(notice.body)
        return message

    def _send(self, notice: AlertNotice) -> None:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.security == "tls":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.security == "starttls":
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, self._password or "")
            smtp.send_message(self._message(notice))

    async def send(self, notice: AlertNotice) -> None:
        """Send ``notice`` by email without blocking the event loop."""
        await asyncio.to_thread(self._send, notice)
