"""The safeguarding lead's alerts in the portal's words: ``feedback.triage`` and its weekly counts, rendered.

The rules — the order alerts are worked in, what is overdue, what "not a
concern" means, how weeks are counted — live in ``feedback``; this module
re-exports those services for the views and turns their plain codes into
the sentences a lead reads.
"""

from __future__ import annotations

from feedback.alert_weeks import AlertWeek, AlertWeeks, weekly_counts
from feedback.triage import (
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
    "AlertRow",
    "AlertWeek",
    "AlertWeeks",
    "acknowledge",
    "contact_answer",
    "get_alert",
    "issue_id_of",
    "list_alerts",
    "mark_not_a_concern",
    "open_alert_text",
    "open_check_reply",
    "record_action",
    "relay_for_alert",
    "safe_check_answer",
    "waiting_counts",
    "weekly_counts",
]

_CHECK_WORDS = {
    "ok": 'Answered "I\'m OK"',
    "help": 'Answered "I need help now"',
    "words": "Answered in their own words",
}
_CONTACT_WORDS = {
    "yes": "Yes: they want someone to contact them",
    "no": "No thanks: they do not want contact now",
}


def safe_check_answer(question: CheckQuestion) -> str:
    """Return what a lead reads about "Are you safe right now?": not asked, no answer yet, or the answer."""
    if not question.asked:
        return "Not asked"
    if question.answer is None:
        return "Asked; no answer yet"
    return _CHECK_WORDS.get(question.answer, question.answer)


def contact_answer(question: CheckQuestion) -> str:
    """Return what a lead reads about "Do you want someone to contact you?"."""
    if not question.asked:
        return "Not asked"
    if question.answer is None:
        return "Asked; no answer yet"
    return _CONTACT_WORDS.get(question.answer, question.answer)
