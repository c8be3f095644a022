"""What Heard says around a survey (invites, reminders, buttons, thanks), in English and Welsh.

The survey's own questions come from the survey file; these are the words
around them. Invites and reminders follow the ICO Children's Code: no
streaks, no countdowns, no "last chance", and every one says that taking
part is a choice and how to stop messages.
"""

from __future__ import annotations

from datetime import date

__all__ = ["NAMES", "word"]

_MONTHS_CY = (
    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
    "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
)  # fmt: skip

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "invite": "There's a new survey for you: {title}. It's open until {until}.",
        "invite_choice": "It's up to you whether you take part, and you can skip any question.",
        "reminder": "The survey {title} is still open until {until}, if you'd like to take part.",
        "reminder_carry_on": (
            "You started the survey {title}. If you'd like to, you can carry on where you left off. "
            "It's open until {until}."
        ),
        "reminder_choice": "No need to reply if you'd rather not.",
        "pause_hint": 'To stop these messages, tap "Pause messages".',
        "start": "Start the survey",
        "carry_on": "Carry on",
        "pause": "Pause messages",
        "back": "⬅️ Back",
        "help": "Help",
        "later": "Carry on later",
        "continue": "Continue ➡️",
        "done": "Done ✅",
        "pick_many": "Pick as many as you like, then tap Done.",
        "type_answer": "Type your answer, or tap Skip.",
        "you_said": "You said: {answer}",
        "you_skipped": "Last time you chose not to answer.",
        "resume": "Welcome back! You're on {progress} of {title}.",
        "choose_round": "Which survey would you like to do?",
        "thanks": "Thank you for taking part. 💙",
        "later_ok": 'OK. Your answers so far are saved. Tap "Take a survey" when you want to carry on.',
        "closed": "Sorry, this survey has now closed. Thank you for any answers you gave.",
        "already_done": "You've already done this survey. Thank you!",
        "tap_button": "Please tap one of the buttons.",
        "pick_one": 'Please pick at least one, or tap "{opt_out}".',
        "too_long": "That's a bit long for this question. Please keep it to {limit} letters.",
        "empty": "I didn't get any words there. Type your answer, or tap Skip.",
        "expired": "That button is from an earlier question. Here's where you are now.",
        "saved_gently": "There's no rush. Carry on when you're ready, or tap \"Carry on later\".",
    },
    "cy": {
        "invite": "Mae arolwg newydd i ti: {title}. Mae ar agor tan {until}.",
        "invite_choice": "Ti sy'n dewis os wyt ti eisiau cymryd rhan, a gallet ti hepgor unrhyw gwestiwn.",
        "reminder": "Mae'r arolwg {title} yn dal ar agor tan {until}, os hoffet ti gymryd rhan.",
        "reminder_carry_on": (
            "Fe ddechreuaist ti'r arolwg {title}. Os hoffet ti, gallet ti barhau o'r man lle gadawaist ti. "
            "Mae ar agor tan {until}."
        ),
        "reminder_choice": "Does dim angen ateb os nad wyt ti eisiau.",
        "pause_hint": 'I atal y negeseuon hyn, tapia "Oedi negeseuon".',
        "start": "Dechrau'r arolwg",
        "carry_on": "Parhau",
        "pause": "Oedi negeseuon",
        "back": "⬅️ Yn ôl",
        "help": "Help",
        "later": "Parhau wedyn",
        "continue": "Ymlaen ➡️",
        "done": "Wedi gorffen ✅",
        "pick_many": "Dewisa gymaint ag yr wyt ti eisiau, yna tapia Wedi gorffen.",
        "type_answer": "Teipia dy ateb, neu tapia Hepgor.",
        "you_said": "Dywedaist ti: {answer}",
        "you_skipped": "Y tro diwethaf, fe ddewisaist ti beidio ag ateb.",
        "resume": "Croeso nôl! Rwyt ti ar {progress} o {title}.",
        "choose_round": "Pa arolwg hoffet ti ei wneud?",
        "thanks": "Diolch am gymryd rhan. 💙",
        "later_ok": (
            'Iawn. Mae dy atebion hyd yma wedi\'u cadw. Tapia "Take a survey" pan fyddi di eisiau parhau.'
        ),
        "closed": "Mae'n ddrwg gen i, mae'r arolwg hwn wedi cau. Diolch am unrhyw atebion a roddaist ti.",
        "already_done": "Rwyt ti wedi gwneud yr arolwg hwn yn barod. Diolch!",
        "tap_button": "Tapia un o'r botymau, os gweli di'n dda.",
        "pick_one": 'Dewisa o leiaf un, neu tapia "{opt_out}".',
        "too_long": "Mae hynny braidd yn hir i'r cwestiwn hwn. Cadwa fe i {limit} llythyren.",
        "empty": "Ches i ddim geiriau. Teipia dy ateb, neu tapia Hepgor.",
        "expired": "Mae'r botwm yna o gwestiwn cynharach. Dyma lle rwyt ti nawr.",
        "saved_gently": 'Does dim brys. Parha pan fyddi di\'n barod, neu tapia "Parhau wedyn".',
    },
}

NAMES = frozenset(WORDS["en"])


def _language(language: str) -> str:
    primary = language.split("-", 1)[0]
    return primary if primary in WORDS else "en"


def long_date(day: date, language: str = "en") -> str:
    """Return a date as people write it: "14 December 2026" (or in Welsh)."""
    if _language(language) == "cy":
        return f"{day.day} {_MONTHS_CY[day.month - 1]} {day.year}"
    return f"{day.day} {day:%B %Y}"


def word(language: str, name: str, **values: object) -> str:
    """Return Heard's wording ``name`` in a language (English where there is no translation)."""
    text = WORDS[_language(language)].get(name) or WORDS["en"][name]
    return text.format(**values) if values else text
