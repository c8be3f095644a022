"""A risk check whose verdicts a test decides, so conversation tests never depend on the tuned detector.

``ScriptedRisk`` answers the texts it was given with the verdicts it was
given (level, categories, reasons, ``ask``) and "none" for everything else,
and keeps every text it was asked about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["BORDERLINE", "URGENT", "ScriptedRisk", "Verdict"]


@dataclass(frozen=True)
class Verdict:
    """A verdict shaped like ``anonymiser.risk.Risk``: level, categories, readable reasons, and ``ask``."""

    level: str = "none"
    categories: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    ask: bool = False


BORDERLINE = Verdict("concern", ("suicide_self_harm",), ("ssh.net_blade · about the writer",), ask=True)
URGENT = Verdict("urgent", ("abuse",), ("abuse.hits_me · happening now or just happened · about the writer",))


@dataclass
class ScriptedRisk:
    """Returns ``verdicts[text]`` (a ``Verdict``) for a text it knows, and "none" for any other."""

    verdicts: dict[str, Verdict] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)

    def __call__(self, text: str) -> Verdict:
        self.seen.append(text)
        return self.verdicts.get(text, Verdict())
