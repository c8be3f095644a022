"""What a notification says: that alerts are waiting and where to look. Never what anyone wrote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["AlertNotice", "AlertNotifier"]


@dataclass(frozen=True)
class AlertNotice:
    """A count of alerts needing a safeguarding lead, and the portal link."""

    new_urgent: int
    new_concern: int
    overdue_urgent: int  # urgent alerts still unacknowledged after the re-notify interval
    portal_url: str

    @property
    def subject(self) -> str:
        """Return a one-line summary without any detail of the alerts."""
        if self.overdue_urgent:
            return "Heard: an URGENT safeguarding alert is still waiting"
        if self.new_urgent:
            return "Heard: URGENT safeguarding alert waiting"
        return "Heard: a safeguarding concern is waiting"

    @property
    def body(self) -> str:
        """Return the message: counts and a link only."""
        lines = []
        if self.overdue_urgent:
            lines.append(f"{self.overdue_urgent} urgent alert(s) have not been acknowledged yet.")
        if self.new_urgent:
            lines.append(f"{self.new_urgent} new urgent alert(s).")
        if self.new_concern:
            lines.append(f"{self.new_concern} new concern(s).")
        lines.append(f"Sign in to the staff portal to read and acknowledge: {self.portal_url}")
        lines.append("No details are sent by email or chat, to keep them safe.")
        return "\n".join(lines)


class AlertNotifier(Protocol):
    """Something that can tell safeguarding leads an alert is waiting."""

    name: str

    async def send(self, notice: AlertNotice) -> None:
        """Deliver ``notice``; raise on failure so the caller can try again later."""
        ...
