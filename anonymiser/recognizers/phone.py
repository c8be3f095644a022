"""UK phone numbers in every common written form, found with ``phonenumbers``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from anonymiser.artifacts import NlpArtifacts
from anonymiser.recognizers.base import Recognizer
from anonymiser.recognizers.validators import digits
from anonymiser.spans import Entity, Span

# Chat forms phonenumbers' matcher can miss (odd grouping, dots, a space after +44).
_LOOSE = re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|0044\s?|0)[1-9](?:[\s.()/-]{0,2}\d){8,9}(?!\d)")


class PhoneRecognizer(Recognizer):
    """Finds phone numbers; helpline numbers on the allow-list are kept.

    ``phonenumbers`` does the parsing (region ``GB`` by default, so 07…, +44 7…,
    0114 … and bracketed area codes all parse); a number counts when its
    national number has at least ``min_digits`` digits, which keeps "year 10",
    prices and short codes out while accepting reserved drama numbers too.
    """

    kind = "phone"

    def __init__(
        self,
        name: str,
        region: str = "GB",
        min_digits: int = 9,
        score: float = 0.95,
        kept_numbers: Iterable[str] = (),
        respects_allow_list: bool = False,
    ) -> None:
        super().__init__(name, respects_allow_list)
        if len(region) != 2 or not region.isalpha():
            raise ValueError(f"recognizer {name!r}: region must be a two-letter code, got {region!r}")
        self.region = region.upper()
        self.min_digits = min_digits
        self.score = score
        self._kept = frozenset(digits(n) for n in kept_numbers if digits(n))

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (Entity.PHONE,)

    def _is_kept(self, raw: str) -> bool:
        return digits(raw) in self._kept

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        import phonenumbers

        text = artifacts.text
        if sum(ch.isdigit() for ch in text) < self.min_digits:
            return []
        found: list[Span] = []
        matcher = phonenumbers.PhoneNumberMatcher(text, self.region, phonenumbers.Leniency.POSSIBLE)
        for match in matcher:
            national = str(match.number.national_number)
            if len(national) < self.min_digits or self._is_kept(match.raw_string):
                continue
            found.append(Span(match.start, match.end, Entity.PHONE, self.score, self.name))
        for loose in _LOOSE.finditer(text):
            if not self._is_kept(loose.group()):
                found.append(Span(loose.start(), loose.end(), Entity.PHONE, self.score - 0.1, self.name))
        return found
