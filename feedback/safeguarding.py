"""Safeguarding, the one service: alerts recorded, answered, announced, worked by leads and counted.

Each rule is stated once, in the module named beside it, and reached from
here: recording and grouping an alert (``feedback.alerts``), the young
person's answers to the safety questions (``feedback.alert_answers``), the
lead's list, what is overdue, acknowledging and "not a concern"
(``feedback.triage``), which alerts to announce now (``feedback.alert_notices``)
and the weekly counts (``feedback.alert_weeks``). Callers outside ``feedback``
import from here and receive plain frozen shapes, never tables: the words
are opened only by the calls whose names say so, for the caller to audit.
"""

from feedback.alert_answers import CHECK_ANSWERS, answer_check, answer_contact, check_asked, contact_asked
from feedback.alert_notices import Claimed, claim_notices, release_notices
from feedback.alert_weeks import AlertWeek, AlertWeeks, weekly_counts
from feedback.alerts import ALERT_LEVELS, ALERT_SOURCES, record_alert
from feedback.triage import (
    RENOTIFY_AFTER,
    AlertRow,
    CheckQuestion,
    acknowledge,
    get_alert,
    issue_id_of,
    list_alerts,
    mark_not_a_concern,
    open_alert_text,
    open_check_reply,
    record_action,
    relay_for_alert,
    waiting_counts,
)

__all__ = [
    "ALERT_LEVELS",
    "ALERT_SOURCES",
    "CHECK_ANSWERS",
    "RENOTIFY_AFTER",
    "AlertRow",
    "AlertWeek",
    "AlertWeeks",
    "CheckQuestion",
    "Claimed",
    "acknowledge",
    "answer_check",
    "answer_contact",
    "check_asked",
    "claim_notices",
    "contact_asked",
    "get_alert",
    "issue_id_of",
    "list_alerts",
    "mark_not_a_concern",
    "open_alert_text",
    "open_check_reply",
    "record_action",
    "record_alert",
    "relay_for_alert",
    "release_notices",
    "waiting_counts",
    "weekly_counts",
]
