"""Names, places and organisations found by spaCy's statistical NER, tidied for chat."""

from __future__ import annotations

from collections.abc import Mapping

from anonymiser.artifacts import NlpArtifacts
from anonymiser.lexicon import Lexicon, normalise
from anonymiser.recognizers.base import Recognizer
from anonymiser.recognizers.name_cues import token_key
from anonymiser.spans import Entity, Span

_EDGE_WORDS = frozenset({"the", "a", "an", "my", "our", "his", "her", "their", "me", "at", "in", "to"})


class SpacyNerRecognizer(Recognizer):
    """Maps spaCy entity labels to Heard kinds and drops what chat NER gets wrong.

    The small English model tags lower-case chat unevenly: it calls roles
    ("PA", "IRO") and services ("CAMHS") organisations and everyday words
    people. So an entity is kept only when at least one of its words is not an
    everyday word, a role or an allowed service, and leading role or function
    words ("my", "social worker") are trimmed off its edges.
    """

    kind = "spacy_ner"

    def __init__(
        self,
        name: str,
        lexicon: Lexicon,
        labels: Mapping[str, str],
        scores: Mapping[str, float] | None = None,
        default_score: float = 0.8,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        try:
            self.labels = {k: Entity(v) for k, v in labels.items()}
        except ValueError as exc:
            raise ValueError(f"recognizer {name!r}: {exc}") from exc
        if not self.labels:
            raise ValueError(f"recognizer {name!r} maps no spaCy labels")
        self.lexicon = lexicon
        self.scores = dict(scores or {})
        self.default_score = default_score

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(sorted(set(self.labels.values())))

    def _is_plain(self, key: str) -> bool:
        # A plain word cannot carry an entity on its own: names that are also
        # everyday words ("grace", "young") are left to the context rules.
        lex = self.lexicon
        if not key.replace("'", "").isalpha():
            return True
        if lex.is_allowed(key) or key in _EDGE_WORDS:
            return True
        return lex.is_everyday(key) and key not in lex.places and key not in lex.deny_people

    def _trim_edge(self, key: str) -> bool:
        return key in _EDGE_WORDS or self.lexicon.is_allowed(key) or not key.replace("'", "").isalnum()

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        found: list[Span] = []
        for ent in artifacts.doc.ents:
            entity = self.labels.get(ent.label_)
            if entity is None:
                continue
            tokens = list(ent)
            while tokens and (
                self._trim_edge(token_key(tokens[0]))
                or (
                    entity is Entity.PERSON
                    and len(tokens) > 1
                    and token_key(tokens[0]) in self.lexicon.chat_words
                )
            ):
                tokens.pop(0)  # "jestem Kuba": "I am" in Polish, then the name
            while tokens and (
                token_key(tokens[-1]) in {"'s", "s"}
                or self._trim_edge(token_key(tokens[-1]))
                or (
                    entity is Entity.PERSON
                    and len(tokens) > 1
                    and self._is_plain(token_key(tokens[-1]))
                    and token_key(tokens[-1]) not in self.lexicon.surnames
                )
            ):
                tokens.pop()
            if not tokens or all(self._is_plain(token_key(t)) for t in tokens):
                continue
            start = tokens[0].idx
            end = tokens[-1].idx + len(tokens[-1].text)
            if self.lexicon.is_allowed(artifacts.text[start:end]):
                continue
            if normalise(artifacts.text[start:end]) in self.lexicon.chat_words:
                continue  # "sut mae": a greeting of two words
            score = self.scores.get(ent.label_, self.default_score)
            found.append(Span(start, end, entity, score, self.name))
        return found
