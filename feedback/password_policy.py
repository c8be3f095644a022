"""Which new staff passwords Heard accepts: long enough, not too long, and not a common one.

Following NCSC and NIST SP 800-63B: a minimum length instead of composition
rules, a maximum that is generous but bounded (argon2 would hash megabytes, and
sign-in refuses anything longer, so a longer password could never be used), no
password that contains the username, and none found in a list of common
passwords. The list is shipped with Heard (``feedback/data/common-passwords.txt``,
its source and licence in the file's header) and read offline, once.

A list alone misses easy variations, so a password is also refused when it is
a common password with digits or symbols added around it ("password2024!"),
only digits, a keyboard or alphabet run ("123456789012", "qwertyuiopas"), or
one or two characters repeated.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

__all__ = ["MAX_PASSWORD_LENGTH", "MIN_PASSWORD_LENGTH", "password_problem"]

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"
_RUNS = (
    "01234567890123456789",
    "98765432109876543210",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcbazyxwvutsrqponmlkjihgfedcba",
    "qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p1qaz2wsx3edc4rfv",
    "qazwsxedcrfvtgbyhnujmikolpqazwsxedcrfvtgbyhnujmikolp",
)
_AROUND = re.compile(r"^[\W\d_]*(.*?)[\W\d_]*$")


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common passwords, lower-cased."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _is_run(text: str) -> bool:
    """Return True when ``text`` is a stretch of a keyboard or alphabet run, or something repeated.

    Repeated means a unit of one or two characters, a piece of a run, or a
    common password ("passwordpassword").
    """
    if any(text in run for run in _RUNS):
        return True
    for size in range(1, len(text) // 2 + 1):
        unit = text[:size]
        if unit * (len(text) // size) + unit[: len(text) % size] != text:
            continue
        if size <= 2 or any(unit in run for run in _RUNS) or unit in common_passwords():
            return True
    return False


def password_problem(password: str, username: str = "") -> str | None:
    """Return why ``password`` is refused as a new password (a sentence to show), or None if it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return (
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters; "
            "a few unrelated words make a good one"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password must be at most {MAX_PASSWORD_LENGTH} characters"
    lower = password.lower()
    if username and username.lower() in lower:
        return "the password must not contain the username"
    squeezed = re.sub(r"\s+", "", lower)
    core = _AROUND.match(squeezed)
    core_text = core[1] if core else squeezed
    common = common_passwords()
    if (
        squeezed in common
        or squeezed.isdigit()
        or _is_run(squeezed)
        or (len(core_text) >= 4 and (core_text in common or _is_run(core_text)))
        or len(set(squeezed)) <= 3
    ):
        return (
            "that password is too common or too easy to guess; choose three or four unrelated words instead"
        )
    return None
