"""People's names as young people write them: lower case, no punctuation, no surnames.

Two strategies share the cue logic in :mod:`anonymiser.recognizers.name_cues`:
``FirstNameRecognizer`` uses the first-names list (names that are also
everyday words, like "will" or "grace", only in a name context), and
``NameCueRecognizer`` catches names missing from every list from how they are
used ("my social worker jaz", "her name is tiyana", "mr okafor").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from anonymiser.artifacts import NlpArtifacts
from anonymiser.lexicon import Lexicon
from anonymiser.recognizers.base import Recognizer
from anonymiser.recognizers.name_cues import NameCues, surname_shape, token_key
from anonymiser.spans import Entity, Span

_JOINERS = frozenset({"and", "n", "&", "or", ",", "to"})

# Things a name owns in "laceys house", "kyles mum".
_OWNED = frozenset(
    {"house", "place", "flat", "room", "home", "mum", "mam", "dad", "nan", "nans", "brother", "sister"}
    | {"bf", "gf", "boyfriend", "girlfriend", "mate", "mates", "car", "phone", "party", "birthday"}
    | {"for", "at", "on", "last", "tonight", "tomorrow"}
)


# "big mo", "lil t": nicknames built on a short name or an initial.
_NICKNAME_HEADS = frozenset({"lil", "lil'", "big"})
# Months that are also first names: English writes them with a capital, so the capital says nothing
# ("May is always a bad month"), and "may is when my exams start" is no weak cue; only a sure cue
# finds the person ("my sister May").
_MONTHS = frozenset({"january", "march", "april", "may", "june", "july", "august"})
# Single letters that are words or chat ("big a", "lil u") rather than initials.
_NOT_INITIALS = frozenset("aiuxnrykob")
# After "miss" a letter may be the verb's object ("miss u", "miss y'all"); other titles have no verb sense.
_NOT_INITIALS_AFTER_MISS = frozenset("aiuyn")
# Family a young person introduces by name at the start of a sentence ("ocean is my baby girl").
_KIN = frozenset(
    {"baby", "girl", "boy", "son", "daughter", "sister", "brother", "sis", "bro", "cousin", "twin", "niece"}
    | {"nephew", "mum", "mam", "dad", "nan", "nana", "gran", "grandad", "auntie", "aunty", "uncle", "stepmum"}
    | {"stepdad", "stepbrother", "stepsister", "half-sister", "half-brother", "carer", "sw", "keyworker"}
)
# Verbs that report speech after a quotation: '"…," says Brown'.
_SPEECH_VERBS = frozenset(
    {"says", "said", "asks", "asked", "adds", "added", "replies", "replied", "explains"}
)
# Words before what a care leaver is paid ("the leaving care grant", "care leaver bursary").
_MONEY_FROM = frozenset({"care", "leaver", "leavers", "leaver's", "leavers'"})
# Family words that, capitalised before a capitalised name, are part of how the person is named:
# "Auntie Pat", "Nana Ama", "Uncle Femi" (a lower-case "my aunty bev" keeps the word outside).
_KIN_TITLES = frozenset(
    {"auntie", "aunty", "aunt", "uncle", "nana", "nan", "nanna", "nanny", "gran", "granny", "grandma"}
    | {"grandad", "grandpa", "nani", "dadi", "baba", "mama", "papa", "cousin"}
)
# Words before a family named by its surname: "placed with the Harringtons", "foster family the Okafors".
_FAMILY_CUES = frozenset(
    {"family", "carers", "carer", "with", "fostered", "placed", "placement", "by", "at", "to"}
)
# Verbs of speaking a language: after them a clipped language name is the language ("speaks tigri").
_SPEAKING = frozenset({"speak", "speaks", "speaking", "spoke", "spoken", "speakin", "talk", "talks", "in"})
# Titles with no other sense: any word after them that is no function word is a surname ("mrs lam").
_TITLES_ONLY = frozenset({"mr", "mrs", "ms", "mx", "dr"})
# Words before "miss" that cannot be the subject of the verb "miss": there it is a title
# ("so miss fletcher said", "told miss ward"), not "i miss home".
_BEFORE_TITLE_MISS = frozenset(
    {"and", "n", "but", "so", "cos", "coz", "then", "to", "with", "from", "by", "told", "asked", "tell"}
    | {"ask", "says", "said", "for", "about", "like", "and", "because", "when", "if", "lol", "even"}
)
_CLAUSE_ENDS = frozenset({"", ".", ",", "!", "?", "'s", ")"})
# Words after a teacher's surname: "told mrs fox about it", "mr hale from the office".
_AFTER_SURNAME = frozenset({"about", "from", "at", "in", "on", "and", "n", "to", "with", "for", "who", "lol"})
# Words before a verb that is a name elsewhere ("n said go", "then told me"): there it is the verb.
_BEFORE_VERB = frozenset(
    {"n", "and", "&", "then", "he", "she", "they", "i", "we", "u", "you", "who", "just", "also"}
)
# Object pronouns after a verb that is a name elsewhere: "tell her i moved", "ask him".
_VERB_OBJECTS = frozenset({"her", "him", "them", "me", "us", "u", "you", "em"})
# Words after a name-word that make it a shade or a warning level: "sky blue case", "amber warning".
_SHADE_AFTER = frozenset(
    {"blue", "green", "red", "pink", "purple", "grey", "gray", "gold", "silver", "yellow", "white", "black"}
    | {"orange", "brown", "warning", "warnings", "alert"}
)
# Roles used as titles before a name: "coach dale", "pastor grant", "pc o'brien", "imam yusuf".
_ROLE_TITLES = frozenset(
    {"coach", "pastor", "pc", "dc", "sgt", "sergeant", "inspector", "rev", "reverend", "imam", "maulana"}
    | {"panditji", "granthi", "rabbi", "deacon", "elder", "bishop", "vicar"}
)
# Articles: "the jade necklace", "a holly bush" are the things, not the names.
_ARTICLES = frozenset({"a", "an", "the"})


# A word spelt out with a dot between letters, as written to get past a filter: "t.e.g.a.n".
_DOTTED = re.compile(r"^(?:[a-z]\.){3,}[a-z]\.?$")


def _looks_like_word(text: str) -> bool:
    return text[:1].isalpha() and text.replace("'", "").replace("-", "").isalpha()


# Words before a colon that label a field or a note, not a speaker in a chat log.
_FIELD_LABELS = frozenset(
    {"name", "names", "surname", "nickname", "dob", "address", "addy", "email", "tel", "phone", "mob"}
    | {
        "mobile",
        "number",
        "no",
        "ref",
        "reference",
        "ni",
        "nino",
        "postcode",
        "note",
        "notes",
        "ps",
        "pps",
        "edit",
    }
    | {"update", "re", "fyi", "nb", "me", "staff", "age", "school", "placement", "time", "date", "day", "q"}
    | {"a", "answer", "question", "subject", "to", "from", "cc", "http", "https", "reason", "tip", "warning"}
)


# An age in brackets then a colon after a speaker: "mason (14):".
_AGED_LABEL = re.compile(r"^\(\d{1,2}\):")
# A time stamping a chat message: "[21:04]".
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}$")


def chat_speakers(doc: Any) -> set[int]:
    """Return the tokens labelling who wrote each line of a pasted group chat.

    "kemar: who took it [21:05] tj: not me", "ellie (13): whos comin mason (14): me": a word before a
    colon, or before an age in brackets and a colon, is a speaker when the text reads as a chat: two
    labels or more, with one speaker labelled twice, an age or a time before the label. A form
    ("school: … year: … form: …", "Desk: … Fax: …") has labels too, each once and untimed.
    """
    labels: set[int] = set()
    chat = False
    for i in range(len(doc) - 1):
        nxt = str(doc[i + 1].text)
        after = "".join(str(doc[j].text) for j in range(i + 1, min(i + 5, len(doc))))
        aged = nxt == "(" and _AGED_LABEL.match(after) is not None
        if nxt != ":" and not aged:
            continue
        key = token_key(doc[i])
        if len(key) < 2 or not _looks_like_word(key) or key in _FIELD_LABELS or doc[i].is_stop:
            continue
        labels.add(i)
        timed = (
            i >= 2 and str(doc[i - 1].text) in {")", "]"} and _TIME.match(str(doc[i - 2].text)) is not None
        )
        chat = chat or aged or timed
    keys = [token_key(doc[i]) for i in labels]
    chat = chat or len(set(keys)) < len(keys)
    return labels if len(labels) >= 2 and chat else set()


class FirstNameRecognizer(Recognizer):
    """Finds first names from the names list, guarded against everyday words."""

    kind = "first_names"

    def __init__(
        self,
        name: str,
        lexicon: Lexicon,
        cues: NameCues,
        score: float = 0.7,
        context_score: float = 0.65,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        self.lexicon = lexicon
        self.cues = cues
        self.score = score
        self.context_score = context_score

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (Entity.PERSON,)

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        doc = artifacts.doc
        lex = self.lexicon
        found: list[Span] = []
        waiting: list[int] = []  # everyday-word names with no cue, settled by their neighbours
        for i, token in enumerate(doc):
            key = token_key(token)
            if self._possessive_without_apostrophe(doc, i, key):
                # "laceys house": the name without its "s"
                found.append(Span(token.idx, token.idx + len(key) - 1, Entity.PERSON, self.score, self.name))
                continue
            if not _looks_like_word(key) or not lex.is_first_name(key):
                continue
            if key in lex.places and i + 1 < len(doc) and surname_shape(token_key(doc[i + 1])):
                # "jordan mcallister", "chelsea o'neill": a place-name that is a first name, before a surname
                found.append(self._span(doc, i, self.context_score))
                continue
            if key in lex.places or lex.is_allowed(key):
                continue
            if token.is_stop and key not in self.cues.modals:
                continue
            if i > 0 and f"{token_key(doc[i - 1])} {key}" in lex.chat_words:
                continue  # "sut mae", "xin chao": a greeting of two words, not a name
            if self._starts_allowed_phrase(doc, i):
                continue  # "y tîm gadael gofal" (the leaving care team): a service, not "Tim"
            if i + 1 < len(doc) and token_key(doc[i + 1]) in _SHADE_AFTER and not token.text[:1].isupper():
                continue  # "sky blue", "amber warning", "jade green": a colour or a warning level
            if self._verb_in_clause(doc, i, key):
                continue  # "n said go to court", "tell her i moved": a verb that is a name elsewhere
            if key in _MONTHS and not self.cues.names_by_relation(doc, i):
                continue  # "may is when my exams start", "its august and…": the month
            if i > 0 and token_key(doc[i - 1]) in _MONEY_FROM:
                continue  # "the leaving care grant", "a care leaver bursary": money, not a name
            if i > 0 and token_key(doc[i - 1]) in _SPEAKING and self._clipped_language(key):
                continue  # "anyone who speaks tigri", "an interpreter in port": a language cut short
            plain_name = len(key) > 2 and not lex.is_word(key) and key not in lex.word_names
            after_article = i > 0 and token_key(doc[i - 1]) in _ARTICLES and not token.text[:1].isupper()
            if key in lex.deny_people or (plain_name and not after_article):
                found.append(self._span(doc, i, self.score))
            elif self._speaker(doc, i):
                # "Vanessa: who are you?": a name labelling what someone said
                found.append(self._span(doc, i, self.context_score))
            elif self._before_surname(doc, i):
                # "precious okonkwo", "gift mensah": a name-word followed by a surname that is no word
                found.append(self._span(doc, i, self.context_score))
            elif (
                self.cues.is_name_context(doc, i, strong_only=key in lex.word_names)
                or self.cues.is_capitalised_name(doc, i)
                or self.cues.names_a_baby(doc, i)
                or self.cues.given_small_age(doc, i)
            ):
                found.append(self._span(doc, i, self.context_score))
            else:
                waiting.append(i)
        return found + self._coordinated(doc, waiting, found)

    def _verb_in_clause(self, doc: Any, i: int, key: str) -> bool:
        """Return whether a name-word that is also a verb is used as one: after "and" or a subject
        ("n said go", "she said"), or before an object pronoun ("tell her", "ask him")."""
        if key not in self.cues.right and key not in self.cues.left:
            return False
        prev = token_key(doc[i - 1]) if i > 0 else ""
        nxt = token_key(doc[i + 1]) if i + 1 < len(doc) else ""
        if prev in {"n", "and", "&"} and i > 1 and token_key(doc[i - 2]) in {"me", "you", "u", "him", "her"}:
            return False  # "me and said went": a person named beside the writer
        return prev in _BEFORE_VERB or nxt in _VERB_OBJECTS

    def _clipped_language(self, key: str) -> bool:
        """Return whether a word is the start of a language or nationality kept as a word ("tigri")."""
        return len(key) >= 4 and any(
            word.startswith(key) and len(word) > len(key) for word in self.lexicon.kept_languages
        )

    def _starts_allowed_phrase(self, doc: Any, i: int) -> bool:
        # Phrases of two or three words on the allow or role lists that open with a name-word.
        words = [token_key(doc[j]) for j in range(i, min(i + 3, len(doc)))]
        return any(self.lexicon.is_allowed(" ".join(words[:n])) for n in (2, 3) if len(words) >= n)

    @staticmethod
    def _speaker(doc: Any, i: int) -> bool:
        text = str(doc[i].text)
        if not text[:1].isupper() or i + 1 >= len(doc) or doc[i + 1].text != ":":
            return False
        return i == 0 or str(doc[i - 1].text) in {",", ".", ";", "\n", '"'}

    def _before_surname(self, doc: Any, i: int) -> bool:
        if i + 1 >= len(doc) or (i > 0 and token_key(doc[i - 1]) in _ARTICLES):
            return False
        nxt = token_key(doc[i + 1])
        lex = self.lexicon
        if surname_shape(nxt):
            return True  # "faith o'reilly", "storm mcallister"
        return (
            len(nxt) > 3
            and nxt in lex.surnames
            and _looks_like_word(nxt)
            and not lex.is_word(nxt)
            and not lex.is_everyday(nxt)
            and nxt not in lex.places
            and not lex.is_allowed(nxt)
        )

    def _coordinated(self, doc: Any, waiting: list[int], found: list[Span]) -> list[Span]:
        """Return names joined to a found name: "jasmine and ivy", "from denise to alan"."""
        starts = {s.start for s in found}
        ends = {s.end for s in found}
        extra: list[Span] = []
        for i in waiting:
            if token_key(doc[i]) in self.cues.modals:
                continue  # "sue, can i…": a modal verb is never a name by coordination
            if i > 0 and token_key(doc[i - 1]) in _ARTICLES:
                continue  # "the holly and ivy": the things, not two names
            key = token_key(doc[i])
            if key in self.cues.relations or key.removesuffix("s") in self.cues.relations:
                continue  # "my twin brothers, tolu and kemi": who they are, not another name
            if key in self.lexicon.chat_words:
                continue  # "hej, Zuzanna here": a greeting before a name, not a second name
            before = (
                i >= 2 and token_key(doc[i - 1]) in _JOINERS and doc[i - 2].idx + len(doc[i - 2].text) in ends
            )
            after = i + 2 < len(doc) and token_key(doc[i + 1]) in _JOINERS and doc[i + 2].idx in starts
            if before or after:
                extra.append(self._span(doc, i, self.context_score))
        return extra

    def _possessive_without_apostrophe(self, doc: Any, i: int, key: str) -> bool:
        if len(key) < 4 or not key.endswith("s") or key.endswith("ss") or i + 1 >= len(doc):
            return False
        stem = key[:-1]
        lex = self.lexicon
        return (
            lex.is_first_name(stem)
            and not lex.is_word(stem)
            and not lex.is_word(key)
            and token_key(doc[i + 1]) in _OWNED
        )

    def _span(self, doc: object, i: int, score: float) -> Span:
        start, end = self.cues.name_extent(doc, i)
        return Span(start, end, Entity.PERSON, score, self.name)


class NameCueRecognizer(Recognizer):
    """Finds names on no list from their context: after a title, a role, "called", or before "said"."""

    kind = "name_cues"

    def __init__(
        self,
        name: str,
        lexicon: Lexicon,
        cues: NameCues,
        titles: Sequence[str] = ("mr", "mrs", "miss", "ms", "mx", "dr", "sir"),
        score: float = 0.6,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        self.lexicon = lexicon
        self.cues = cues
        self.titles = frozenset(titles)
        self.score = score

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (Entity.PERSON,)

    def _nickname(self, key: str) -> bool:
        if len(key) == 1:
            return key.isalpha() and key not in _NOT_INITIALS
        return (
            2 <= len(key) <= 3
            and key.isalpha()
            and (self.lexicon.is_first_name(key) or not self.lexicon.is_everyday(key))
        )

    def _reported_speaker(self, doc: Any, i: int) -> bool:
        if (
            i < 2
            or token_key(doc[i - 1]) not in _SPEECH_VERBS
            or str(doc[i - 2].text) not in {",", '"', ',"'}
        ):
            return False
        text = str(doc[i].text)
        key = token_key(doc[i])
        lex = self.lexicon
        if not text[:1].isupper() or text.isupper() or not _looks_like_word(key) or lex.is_allowed(key):
            return False
        return key in lex.surnames or lex.is_first_name(key) or not lex.is_everyday(key)

    def _introduced_as_kin(self, doc: Any, i: int, key: str) -> bool:
        if i > 0 and str(doc[i - 1].text) not in {".", "!", "?", "\n"}:
            return False
        if token_key(doc[i + 1]) not in {"is", "was"} if i + 1 < len(doc) else True:
            return False
        if token_key(doc[i + 2]) not in {"my", "our"} if i + 2 < len(doc) else True:
            return False
        if not key.isalpha() or len(key) < 3 or doc[i].is_stop or self.lexicon.is_allowed(key):
            return False
        # the kin word itself, not something of theirs ("football is my brother's thing")
        return any(
            token_key(doc[j]) in _KIN and (j + 1 >= len(doc) or token_key(doc[j + 1]) not in {"'s", "s"})
            for j in range(i + 3, min(i + 5, len(doc)))
        )

    def _spelt_out(self, key: str) -> bool:
        if not _DOTTED.match(key):
            return False
        word = key.replace(".", "")
        lex = self.lexicon
        if lex.is_allowed(word) or key in lex.chat_words:
            return False
        return lex.is_first_name(word) or not (lex.is_word(word) or lex.is_everyday(word))

    def _given_name(self, token: Any) -> bool:
        """Return whether a word after "my surname is" can be the name (not "my name is not…")."""
        key = token_key(token)
        lex = self.lexicon
        if token.is_stop or not _looks_like_word(key) or lex.is_allowed(key) or key in lex.places:
            return False
        capitalised = str(token.text)[:1].isupper()
        return capitalised or key in lex.surnames or lex.is_first_name(key) or not lex.is_everyday(key)

    def _proper(self, token: Any) -> bool:
        """Return whether a token is a capitalised word that may be a name (not a shout or a word)."""
        text = str(token.text)
        key = token_key(token)
        lex = self.lexicon
        if not text[:1].isupper() or text.isupper() or not _looks_like_word(key) or lex.is_allowed(key):
            return False
        return key not in lex.places and (lex.is_first_name(key) or not lex.is_everyday(key))

    def _kin_titled(self, doc: Any, i: int) -> bool:
        if i == 0 or token_key(doc[i - 1]) not in _KIN_TITLES:
            return False
        title = str(doc[i - 1].text)
        if not title[:1].isupper() or title.isupper():
            return False
        return self._proper(doc[i]) or (
            str(doc[i].text)[:1].isupper()
            and not str(doc[i].text).isupper()
            and self.lexicon.is_first_name(token_key(doc[i]))
        )

    def _family(self, doc: Any, i: int) -> Span | None:
        """Return "the Yilmaz family" or "the Harringtons" starting at ``i``, a family named by surname."""
        if token_key(doc[i]) != "the" or i + 1 >= len(doc):
            return None
        word = doc[i + 1]
        key = token_key(word)
        text = str(word.text)
        if not text[:1].isupper() or text.isupper() or not _looks_like_word(key):
            return None
        lex = self.lexicon
        if i + 2 < len(doc) and token_key(doc[i + 2]) == "family":
            stem = key
            if lex.is_allowed(stem) or stem in lex.places or stem in lex.gazetteer:
                return None
            if stem not in lex.surnames and lex.is_everyday(stem):
                return None
            end = doc[i + 2].idx + len(doc[i + 2].text)
            return Span(doc[i].idx, end, Entity.PERSON, 0.7, self.name)
        # "the Harringtons": a plural surname after a family cue
        if i == 0 or (
            token_key(doc[i - 1]) not in _FAMILY_CUES and token_key(doc[i - 1]) not in {"are", "is"}
        ):
            return None
        if not key.endswith("s") or key.endswith("ss") or len(key) < 5:
            return None
        stem = key[:-1]
        if lex.is_allowed(stem) or lex.is_allowed(key) or stem in lex.places or key in lex.places:
            return None
        if key in lex.gazetteer or (stem in lex.gazetteer and stem not in lex.surnames):
            return None  # "the Jacksons" is a family even though Jackson is a town abroad
        if stem not in lex.surnames and (lex.is_everyday(stem) or lex.is_everyday(key)):
            return None
        return Span(doc[i].idx, word.idx + len(text), Entity.PERSON, 0.65, self.name)

    def _plain_first_name(self, key: str) -> bool:
        # "big dave", "lil jordan": a name that is no word takes its nickname head with it
        lex = self.lexicon
        return lex.is_first_name(key) and not lex.is_word(key) and not lex.is_allowed(key)

    @staticmethod
    def _initial(title: str, token: Any) -> bool:
        text = str(token.text)
        if len(text) != 1 or not text.isalpha():
            return False
        if text.isupper():
            return text != "I"
        return text not in (_NOT_INITIALS_AFTER_MISS if title == "miss" else "i")

    def _surname_after_title(self, doc: Any, i: int, title: str) -> bool:
        """Return whether an everyday word after a title is a surname: "mrs lam", "miss fletcher".

        "mr", "mrs", "ms", "mx" and "dr" have no other sense, so any word after them that is
        not a function word, a verb of what someone did or a role is the surname. "miss" is
        also a verb ("i miss home"), so it counts as a title only where no one can be missing
        anything: opening a sentence or after a word that cannot be its subject.
        """
        token = doc[i]
        key = token_key(token)
        lex = self.lexicon
        if token.is_stop or len(key) < 2 or key in self.cues.right or key in self.cues.right_aux:
            return False
        if key in lex.roles or lex.is_allowed(key) or key in self.cues.relations or key in _JOINERS:
            return False
        if title == "miss":
            before = token_key(doc[i - 2]) if i >= 2 else ""
            if not (before in _BEFORE_TITLE_MISS or not before[:1].isalnum()):
                return False
        elif title not in _TITLES_ONLY:
            return False
        # ... and only when the word is followed by what a person does or by the end of a clause
        # ("miss ward believes her", "told mrs fox about it"), not "miss school so much" or
        # "mr nice guy".
        nxt = token_key(doc[i + 1]) if i + 1 < len(doc) else ""
        third_person = len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith("ss") and lex.is_word(nxt)
        return (
            nxt in self.cues.right
            or nxt in self.cues.right_aux
            or nxt in _CLAUSE_ENDS
            or (title != "miss" and nxt in _AFTER_SURNAME)
            or third_person
        )

    def _coached(self, doc: Any, i: int) -> bool:
        """Return whether the word after a role title is a name: "coach dale said", "pastor grant says",
        "pc o'brien", "ask coach benny"; not "the coach trip" or "my pc crashed".
        """
        if i == 0 or token_key(doc[i - 1]) not in _ROLE_TITLES:
            return False
        if i >= 2 and token_key(doc[i - 2]) in _ARTICLES | {"my", "our", "his", "her", "their", "on", "by"}:
            return False
        key = token_key(doc[i])
        lex = self.lexicon
        if doc[i].is_stop or not _looks_like_word(key) or lex.is_allowed(key) or key in lex.places:
            return False
        nxt = token_key(doc[i + 1]) if i + 1 < len(doc) else ""
        return (
            nxt in self.cues.right
            or surname_shape(key)
            or (lex.is_first_name(key) and (not lex.is_word(key) or nxt in _CLAUSE_ENDS))
        )

    def _baby_named(self, doc: Any, i: int) -> bool:
        """Return whether an everyday word after "baby" is the baby's name, with a birth or age after it."""
        token = doc[i]
        key = token_key(token)
        lex = self.lexicon
        if token.is_stop or len(key) < 3 or not _looks_like_word(key) or lex.is_allowed(key):
            return False
        return key not in lex.places and self.cues.names_a_baby(doc, i)

    def _is_candidate(self, key: str) -> bool:
        lex = self.lexicon
        return (
            len(key) >= 2
            and _looks_like_word(key)
            and not lex.is_everyday(key)
            and key not in lex.places
            and not lex.is_allowed(key)
        )

    def _speakers(self, doc: Any) -> list[Span]:
        """Return the speakers of a pasted group chat, and their names where the chat mentions them."""
        lex = self.lexicon
        labels = [i for i in chat_speakers(doc) if not lex.is_allowed(token_key(doc[i]))]
        names = {token_key(doc[i]) for i in labels}
        # A speaker's name said again in the chat ("tj: lies … tj was in his room") is the same person,
        # unless the word is also an everyday one ("will").
        again = {
            key for key in names if (len(key) <= 2 or not lex.is_word(key)) and key not in lex.chat_words
        }
        found = [
            Span(doc[i].idx, doc[i].idx + len(doc[i].text), Entity.PERSON, 0.7, self.name) for i in labels
        ]
        found += [
            Span(token.idx, token.idx + len(token.text), Entity.PERSON, 0.7, self.name)
            for j, token in enumerate(doc)
            if j not in labels and token_key(token) in again
        ]
        return found

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        doc = artifacts.doc
        found: list[Span] = self._speakers(doc)
        for i, token in enumerate(doc):
            key = token_key(token)
            prev = token_key(doc[i - 1]) if i > 0 else ""
            family = self._family(doc, i)
            if family is not None:
                found.append(family)
                continue
            if self._kin_titled(doc, i):
                # "Auntie Pat", "Nana Ama": a capitalised family title is part of the name
                found.append(Span(doc[i - 1].idx, token.idx + len(token.text), Entity.PERSON, 0.7, self.name))
                continue
            if prev in _NICKNAME_HEADS and (self._nickname(key) or self._plain_first_name(key)):
                # "big mo", "lil t": the head word is part of the nickname.
                found.append(Span(doc[i - 1].idx, token.idx + len(token.text), Entity.PERSON, 0.7, self.name))
                continue
            title = prev.rstrip(".")
            if title in self.titles and self._initial(title, token):
                # "miss k", "Mr A": a title and an initial is how a school or home names staff.
                found.append(Span(doc[i - 1].idx, token.idx + 1, Entity.PERSON, 0.75, self.name))
                continue
            if self._reported_speaker(doc, i):
                # '…," says Brown.': a capitalised name after a quotation and a speech verb
                found.append(Span(token.idx, token.idx + len(token.text), Entity.PERSON, 0.7, self.name))
                continue
            after_title = title in self.titles and _looks_like_word(key)
            # After a title a surname is a name even when it is a word: "mr king", "Dr. Savage".
            capitalised = token.text[:1].isupper() and not token.is_stop
            if after_title and (
                key in self.lexicon.surnames
                or not self.lexicon.is_everyday(key)
                or capitalised
                or self._surname_after_title(doc, i, title)
            ):
                found.append(Span(token.idx, token.idx + len(token.text), Entity.PERSON, 0.75, self.name))
                continue
            if self._coached(doc, i):
                # "coach mo says", "coach dale": a coach named before what they do
                found.append(Span(token.idx, token.idx + len(token.text), Entity.PERSON, 0.75, self.name))
                continue
            if self._introduced_as_kin(doc, i, key):
                # "ocean is my baby girl": an everyday word introduced as family is a name
                found.append(
                    Span(token.idx, token.idx + len(token.text), Entity.PERSON, self.score, self.name)
                )
                continue
            if self._spelt_out(key):
                # "its t.e.g.a.n btw": a name spelt letter by letter (an everyday word, "a.s.a.p", stays)
                found.append(Span(token.idx, token.idx + len(token.text), Entity.PERSON, 0.7, self.name))
                continue
            if self.cues.labelled(doc, i) and self._given_name(token):
                # "my surname is Baker": a capitalised word given as a name, even one that is a word;
                # a surname after it goes too ("my name is jago penrose")
                _, end = self.cues.name_extent(doc, i)
                found.append(Span(token.idx, end, Entity.PERSON, self.score, self.name))
                continue
            if self._baby_named(doc, i):
                # "my baby legend is 9 months", "baby river born …": babies are named with words
                start, end = self.cues.name_extent(doc, i)
                found.append(Span(start, end, Entity.PERSON, self.score, self.name))
                continue
            if not self._is_candidate(key) or prev in _MONEY_FROM:
                continue
            # Common words that are not dictionary words ("tay", "dom") need the surest cues.
            rare = not self.lexicon.is_word(key)
            if self.cues.is_name_context(doc, i, unfamiliar=rare, strong_only=not rare):
                start, end = self.cues.name_extent(doc, i)
                found.append(Span(start, end, Entity.PERSON, self.score, self.name))
        return found
