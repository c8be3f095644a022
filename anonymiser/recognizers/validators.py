"""Checks that turn pattern matches into real identifiers (check digits, known prefixes)."""

from __future__ import annotations

import re
from collections.abc import Callable

Validator = Callable[[str], bool]

_NON_DIGIT = re.compile(r"\D")


def digits(text: str) -> str:
    """Return only the digits of a text."""
    return _NON_DIGIT.sub("", text)


def nhs_number(text: str) -> bool:
    """Return whether ten digits pass the NHS number modulus-11 check."""
    d = digits(text)
    if len(d) != 10 or len(set(d)) == 1:
        return False
    total = sum(int(n) * w for n, w in zip(d[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(d[9])


_NI_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_NI_RE = re.compile(r"^([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])(\d{6})([A-D]?)$")


def ni_number(text: str) -> bool:
    """Return whether a text is a well-formed National Insurance number (HMRC prefix rules)."""
    compact = re.sub(r"[\s-]", "", text).upper()
    match = _NI_RE.match(compact)
    return bool(match) and match is not None and match.group(1) not in _NI_BAD_PREFIXES


# Postcode areas in use (Royal Mail), so "ab1" or "zz9" shapes that are not areas stay.
POSTCODE_AREAS = frozenset(
    """AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH
    DL DN DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT
    KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG
    RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD
    WF WN WR WS WV YO ZE""".split()  # noqa: SIM905 (a list literal of 124 codes is unreadable)
)
_OUTWARD_RE = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?)$")


def postcode(text: str) -> bool:
    """Return whether a full or outward-only postcode starts with a real postcode area."""
    compact = re.sub(r"\s", "", text).upper()
    outward = compact[:-3] if len(compact) >= 5 and compact[-3].isdigit() else compact
    match = _OUTWARD_RE.match(outward)
    return bool(match) and match is not None and match.group(1) in POSTCODE_AREAS


def luhn_free_reference(text: str) -> bool:
    """Return whether a reference has at least four digits (so "year 10" or "q2" is not one)."""
    return len(digits(text)) >= 4


def phone_digits(text: str) -> bool:
    """Return whether a number has as many digits as a phone number anywhere (7 to 15)."""
    return 7 <= len(digits(text)) <= 15


VALIDATORS: dict[str, Validator] = {
    "phone_digits": phone_digits,
    "nhs_number": nhs_number,
    "ni_number": ni_number,
    "postcode": postcode,
    "reference": luhn_free_reference,
}
