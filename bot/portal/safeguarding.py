"""The safeguarding lead's alerts in the portal's words: the answers to the safety questions as sentences.

The rules (the order alerts are worked in, what is overdue, what "not a
concern" means, how weeks are counted) live in ``feedback.safeguarding``,
which the views call; this module turns its plain answer codes into the
sentences a lead reads.
"""

from __future__ import annotations

from bot.portal.words import N_, _
from feedback.safeguarding import CheckQuestion

__all__ = ["contact_answer", "safe_check_answer"]

_CHECK_WORDS = {
    "ok": N_('Answered "I\'m OK"'),
    "help": N_('Answered "I need help now"'),
    "words": N_("Answered in their own words"),
}
_CONTACT_WORDS = {
    "yes": N_("Yes: they want someone to contact them"),
    "no": N_("No thanks: they do not want contact now"),
}


def safe_check_answer(question: CheckQuestion) -> str:
    """Return what a lead reads about "Are you safe right now?": not asked, no answer yet, or the answer."""
    if not question.asked:
        return _("Not asked")
    if question.answer is None:
        return _("Asked; no answer yet")
    return _(_CHECK_WORDS[question.answer]) if question.answer in _CHECK_WORDS else question.answer


def contact_answer(question: CheckQuestion) -> str:
    """Return what a lead reads about "Do you want someone to contact you?"."""
    if not question.asked:
        return _("Not asked")
    if question.answer is None:
        return _("Asked; no answer yet")
    return _(_CONTACT_WORDS[question.answer]) if question.answer in _CONTACT_WORDS else question.answer
