"""The safeguarding lead's alerts in the portal's words: the answers to the safety questions as sentences.

The rules (the order alerts are worked in, what is overdue, what "not a
concern" means, how weeks are counted) live in ``feedback.safeguarding``,
which the views call; this module turns its plain answer codes into the
sentences a lead reads.
"""

from __future__ import annotations

from feedback.safeguarding import CheckQuestion

__all__ = ["contact_answer", "safe_check_answer"]

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
