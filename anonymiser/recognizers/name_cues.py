"""The word patterns around a name in chat: "me and X", "X said", "my social worker X".

Cue words are configuration (``recognizers.yaml``) so a council can tune them
without touching code; the defaults below are what the shipped file uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from anonymiser.lexicon import Lexicon


def token_key(token: Any) -> str:
    """Return a token's text as lists compare it: lower case with straight apostrophes."""
    return str(token.text).replace("’", "'").lower()


_DETERMINERS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "some", "any", "no", "every", "each"}
    | {"your", "its", "my", "our", "his", "her", "their"}
    | {"at", "in", "on", "of", "into", "onto", "per"}
)


# Words a message may open with before "its X" or "X here": "hiya its amina", "pls its river".
_OPENERS = frozenset(
    {"hi", "hey", "hiya", "heya", "hello", "helo", "ello", "yo", "ok", "okay", "oi", "pls", "please", "plz"}
    | {"btw", "sorry", "soz", "morning", "evening", "ye", "yeah", "yh", "hii", "heyy", ","}
    | {"jk", "lol", "lmao", "nah", "no", "wait", "actually", "oops"}
)
# What follows a self-introduction ("its blessing btw", "its ama my tiktok is…", "its river 🌊").
_AFTER_INTRODUCTION = frozenset(
    {"", "btw", "here", "again", "from", "x", "xx", "my", "and", "n", "(", "-", ","}
)
# Words that follow a name called at the start of a message: "sue, can you…", "jo, please…".
_ADDRESSED = frozenset(
    {"can", "could", "will", "would", "please", "pls", "plz", "are", "r", "do", "did", "have", "you", "u"}
    | {"thanks", "thank", "sorry", "i", "its", "it's", "how", "where", "when", "why", "what", "is"}
)
# Verbs a person follows but a modal verb never does: "tell will", "ask may".
_TELLING = frozenset(
    {"tell", "told", "ask", "asked", "thank", "met", "ring", "rang", "phoned", "texted", "messaged"}
)
# Who is called in "X called me": after these "called" is the verb, so X may be a name.
_OBJECTS = frozenset({"me", "him", "her", "us", "them", "you", "u", "it", "the", "my", "back", "police"})
_INTRODUCERS = frozenset({"its", "it's", "im", "i'm", "this is"})
# What a young person gives after their name: "its precious my number is…".
_DETAILS = frozenset(
    {"number", "num", "no", "phone", "mobile", "snap", "insta", "email", "name", "dob", "birthday"}
    | {"address", "sw", "pa", "iro", "carer", "worker", "ref"}
)
# Irish and Scottish surnames: "o'reilly", "mcallister", "macleod" (not "o'clock", "mcdonalds").
_SURNAME_SHAPE = re.compile(r"^(?:o['’][a-z]{3,}|mc[a-z]{3,}|mac[a-z]{4,})$")
_NOT_SURNAMES = frozenset(
    {"o'clock", "mcdonalds", "mcdonald's", "mcflurry", "macbook", "machine", "machines", "mackerel"}
    | {"macaroni", "macarena", "macintosh", "macho", "mackintosh", "macrame", "macros", "macabre"}
)


def surname_shape(key: str) -> bool:
    """Return whether a lower-cased word has the shape of an O' or Mc surname."""
    return bool(_SURNAME_SHAPE.match(key)) and key not in _NOT_SURNAMES


_POSSESSIVE_DETERMINERS = frozenset({"my", "your", "his", "her", "our", "their", "its", "me", "mi", "ma"})
# Words after which an everyday word is a time, not a name: "awake since dawn cos…", "till june but…".
_TIME_BEFORE = frozenset({"since", "till", "til", "until", "before", "after"})
# "last night cos…", "next week but…": a word after these is a time, not a name.
_TIME_WORDS_BEFORE = frozenset({"last", "next", "every", "all", "tonight", "tomorrow"})
# Words that are said before "and i" as they end a clause: "it starts soon and i…".
_ADVERBS = frozenset(
    {"soon", "now", "later", "today", "tonight", "tomorrow", "yesterday", "again", "too", "here", "there"}
    | {"home", "out", "up", "down", "away", "back", "late", "early", "well", "fine", "ok", "okay", "night"}
)
# Words a message ends with that close it, not name the writer: "night x", "bye x", "ta, love".
_CLOSINGS = frozenset(
    {"night", "nite", "nighty", "bye", "later", "laters", "soon", "love", "luv", "thanks", "thx", "ta"}
    | {"cheers", "bless", "peace", "sorry", "please", "pls", "x", "xx", "xxx", "morning", "mate", "babe"}
)
# Words before a comma that sign a message off: "ta, kai", "thanks, Jo x", "love, nan".
_SIGN_OFFS = frozenset(
    {"ta", "thanks", "thx", "thankyou", "cheers", "love", "luv", "from", "regards", "wishes", "you"}
)
# Kisses and marks that may close a message after the writer's name.
_KISSES = frozenset({"x", "xx", "xxx", "xxxx", "xo", "xoxo"})
# Welsh relation words after "<name> ydy fy …" ("is my …"): "Cerys ydy fy ffrind gorau".
_WELSH_RELATIONS = frozenset(
    {"ffrind", "ffrindiau", "brawd", "frawd", "chwaer", "mam", "fam", "tad", "nhad", "nain", "taid"}
    | {"cariad", "gweithiwr", "cefnder", "cyfnither", "modryb", "ewythr", "athro", "athrawes"}
)
_SEASONS = frozenset({"spring", "summer", "autumn", "winter"})
# Meals after "for" are times of day, not people: "beans on toast for tea again".
_MEALS = frozenset(
    {"tea", "dinner", "lunch", "breakfast", "brekkie", "supper", "brunch", "dessert", "pudding"}
)
# Words that say the word before a bracket is a nickname and the bracket holds the real name:
# "dusty (his real name darius)", "(real name is …)", "(full name …)".
_REAL_NAME = frozenset({"real", "actual", "proper", "full", "legal", "birth"})
# Describing words between a possessive and a relation: "sky my new key worker", "my ex sw".
_RELATION_ADJECTIVES = frozenset({"old", "new", "ex", "former", "last", "first", "current", "previous"})
# Groups a young person shares with someone named at the start of a message: "patience in my form said…".
_SHARED_GROUPS = frozenset(
    {"class", "year", "form", "group", "set", "tutor", "halls", "flat", "block", "house", "unit", "team"}
    | {"placement", "hostel", "lodgings", "course", "lessons", "lesson", "squad"}
)
# Letters after a name that are words or chat ("sam u coming", "jo c u later"), not initials.
_NOT_INITIALS_AFTER_NAME = frozenset("aiuxnrykobc")
# What may follow a surname's initial: "jayden g on my jumper", "tia m from my class", "ellie k said".
_AFTER_INITIAL = frozenset(
    {"on", "from", "in", "at", "and", "n", "is", "was", "said", "says", "has", "who", "lol", "x"}
)
# Jobs staff are named by without a possessive: "rose (night staff)", "dan the youth worker".
_STAFF = frozenset(
    {"staff", "manager", "worker", "keyworker", "supervisor", "coach", "warden", "teacher", "nurse"}
    | {"receptionist", "cook", "cleaner", "driver", "caretaker", "chef", "mentor", "counsellor"}
)
_SUBJECTS = frozenset({"i", "we", "you", "u", "they", "he", "she", "it", "ppl", "people", "to"})
_WEEKDAYS = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)days?$")
# Relations that follow "the" as things, not jobs: "sam the boy next door" is fine, "the baby" is not a job.
_NOT_JOBS = frozenset({"baby", "kid", "boy", "girl", "lad", "lass", "bloke", "fella", "mate", "son"})
# Labels of a form field that a name follows: "name: tegan", "enw: brynach" (Welsh), "surname - baker".
_NAME_LABELS = frozenset({"name", "names", "surname", "nickname", "enw", "cyfenw"})


# What follows a baby's name given after "baby" ("baby <name> born …", "my baby <name> dob …"):
# a birth, or an age in months or weeks ("my baby <name> is 9 months").
_BABY_DETAILS = frozenset({"born", "dob", "d.o.b", "arrived", "weighs", "weighed", "needs"})
_AGE_VERBS = frozenset({"is", "was", "turns", "turned", "s", "'s"})
# An age that only a small child is given: "is 2 now", "is 9 months", "turned 6 weeks".
_SMALL_AGE_AFTER = frozenset({"now", "months", "month", "mths", "mnths", "weeks", "wks", "today"})


def _set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


# What follows a name at the end of a clause ("my iro is paddy, both lovely", "her pa is tom").
_AFTER_A_NAME = frozenset(
    {"", ".", ",", "!", "?", "and", "n", "but", "btw", "lol", "x", "xx", "tho"}
    | {"she", "he", "they", "who", "both", "too", "now"}
)


@dataclass(frozen=True)
class NameCues:
    """Decides whether the word at a position is used as a name.

    ``left`` words announce a name after them ("called", "named"); ``left_weak``
    do so less surely ("with", "miss") and count only for names on the names
    list; ``right`` verbs follow a name that is doing something ("said",
    "texted"); ``right_aux`` auxiliaries ("is", "never") count only after a
    word on no list at all; ``relations`` are role words that a name may follow after a
    possessive ("my sw jaz"); ``modals`` are names that are also auxiliary verbs
    ("will", "may") and need a following verb in the past tense or a speech verb.
    """

    lexicon: Lexicon
    left: frozenset[str] = field(default_factory=frozenset)
    left_phrases: frozenset[tuple[str, ...]] = field(default_factory=frozenset)
    right_phrases: frozenset[tuple[str, ...]] = field(default_factory=frozenset)
    left_weak: frozenset[str] = field(default_factory=frozenset)
    right: frozenset[str] = field(default_factory=frozenset)
    right_aux: frozenset[str] = field(default_factory=frozenset)
    right_weak: frozenset[str] = field(default_factory=frozenset)
    relations: frozenset[str] = field(default_factory=frozenset)
    possessives: frozenset[str] = field(default_factory=frozenset)
    modals: frozenset[str] = field(default_factory=frozenset)
    kin: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_config(cls, lexicon: Lexicon, config: dict[str, Any]) -> NameCues:
        """Return cues from the ``name_cues`` section of ``recognizers.yaml``."""
        known = {
            "left",
            "left_weak",
            "right",
            "right_aux",
            "right_weak",
            "relations",
            "possessives",
            "modals",
            "kin",
        }
        unknown = set(config) - known
        if unknown:
            raise ValueError(f"name_cues: unknown keys {sorted(unknown)}; expected {sorted(known)}")
        sets = {k: _set(v) for k, v in config.items()}
        left = sets.pop("left", frozenset())
        right = sets.pop("right", frozenset())
        left_phrases = frozenset(tuple(c.split()) for c in left if " " in c)
        right_phrases = frozenset(tuple(c.split()) for c in right if " " in c)
        return cls(
            lexicon=lexicon,
            left=frozenset(c for c in left if " " not in c),
            left_phrases=left_phrases,
            right=frozenset(c for c in right if " " not in c),
            right_phrases=right_phrases,
            **sets,
        )

    def _key(self, doc: Any, i: int) -> str:
        return token_key(doc[i]) if 0 <= i < len(doc) else ""

    def _after_me_and(self, doc: Any, i: int) -> bool:
        # "me and X", "me n X", "me & X"; also "X and me" on the other side.
        before = self._key(doc, i - 1) in {"and", "n", "&", "an"} and self._key(doc, i - 2) in {
            "me",
            "i",
        }
        after = self._key(doc, i + 1) in {"and", "n", "&", "an"} and self._key(doc, i + 2) in {
            "me",
            "i",
        }
        if after and not before and self._key(doc, i) in _ADVERBS:
            return False  # "it starts soon and i…": the end of a clause, not "X and i"
        return before or after

    def _after_relation(self, doc: Any, i: int) -> bool:
        if self._key(doc, i) in self.right or self._key(doc, i) in self.right_aux:
            return False  # "my mate said", "my sw is": the verb, not a name ("said" is also one)
        key = self._key(doc, i)
        if key in self.relations or key.removesuffix("s") in self.relations:
            return False  # "my twin brothers": another relation word, not a name
        if key in _TIME_BEFORE:
            return False  # "with my babcia till the 28th": a time follows, not a name
        prev = self._key(doc, i - 1)
        if prev in self.kin:
            return True  # "grandad ken", "aunty bev": a family title before a name
        if prev not in self.relations:
            return False
        return any(self._key(doc, j) in self.possessives for j in range(i - 4, i - 1))

    def names_by_relation(self, doc: Any, i: int) -> bool:
        """Return whether a relation, "called" or a self-introduction names the word.

        "my sister may", "a girl called june", "hi this is may", "my name is june";
        not "its august and…", where "its" is the month's.
        """
        before = (self._key(doc, i - 2), self._key(doc, i - 1))
        return (
            self._after_relation(doc, i)
            or before[1] in {"called", "named", "im"}
            or before in {("this", "is"), ("i", "am"), ("name", "is"), ("names", "is")}
            or self.labelled(doc, i)
        )

    def _role_is(self, doc: Any, i: int) -> bool:
        """Return whether the word ends "my iro is paddy", "her pa is tom, both lovely".

        A role said to be someone, with the sentence moving on straight after,
        names that someone, even with a name that is also a word.
        """
        if self._key(doc, i - 1) not in {"is", "was", "s"} or self._key(doc, i - 2) not in self.relations:
            return False
        if not any(self._key(doc, j) in self.possessives for j in range(i - 4, i - 2)):
            return False
        return self._key(doc, i + 1) in _AFTER_A_NAME

    def _after_phrase(self, doc: Any, i: int) -> bool:
        # Only phrases ending in the word just before can match: one set lookup rules most out.
        if self._key(doc, i - 1) not in self._left_phrase_ends:
            return False
        return any(tuple(self._key(doc, j) for j in range(i - len(p), i)) == p for p in self.left_phrases)

    def _before_phrase(self, doc: Any, i: int) -> bool:
        if self._key(doc, i + 1) not in self._right_phrase_starts:
            return False
        return any(
            tuple(self._key(doc, j) for j in range(i + 1, i + 1 + len(p))) == p for p in self.right_phrases
        )

    @cached_property
    def _left_phrase_ends(self) -> frozenset[str]:
        return frozenset(p[-1] for p in self.left_phrases)

    @cached_property
    def _right_phrase_starts(self) -> frozenset[str]:
        return frozenset(p[0] for p in self.right_phrases)

    def _introduced_as_relation(self, doc: Any, i: int) -> bool:
        # "jade is my cousin", "tom was our carer", "josh and ellie are my best mates"
        def relation_from(j: int) -> bool:
            return self._key(doc, j) in self.possessives and any(
                self._key(doc, k).rstrip("s") in self.relations or self._key(doc, k) in self.relations
                for k in (j + 1, j + 2)
            )

        if self._key(doc, i + 1) in {"is", "was", "'s"} and relation_from(i + 2):
            return True
        if i == 0 and relation_from(i + 1) and self._key(doc, i) not in self.left:
            return True  # "april my sw is off", at the start of a message
        pair_before = self._key(doc, i - 1) in {"and", "n", "&"} and self._key(doc, i + 1) in {
            "are",
            "r",
            "were",
        }
        pair_after = self._key(doc, i + 1) in {"and", "n", "&"} and self._key(doc, i + 3) in {
            "are",
            "r",
            "were",
        }

        def relation_or_plural(j: int) -> bool:
            return relation_from(j) or self._key(doc, j).rstrip("s") in self.relations

        return (pair_before and relation_or_plural(i + 2)) or (pair_after and relation_or_plural(i + 4))

    def labelled(self, doc: Any, i: int) -> bool:
        """Return whether the word at ``i`` is given as a name: "my surname is X", "enw: X"."""
        return (
            self._key(doc, i - 1) in {"is", "was", "'s", ":", "-"} and self._key(doc, i - 2) in _NAME_LABELS
        )

    def _role_in_brackets(self, doc: Any, i: int) -> bool:
        """Return whether a bracket after ``i`` says who the person is: "will (my key worker)".

        Staff are also named by their job alone: "rose (night staff)", "jo (the manager)".
        """
        if self._key(doc, i + 1) != "(":
            return False
        owned = self._key(doc, i + 2) in self.possessives - {"the"}
        for k in range(i + 2 + owned, i + 6):
            key = self._key(doc, k)
            if key == ")":
                return False
            if (key in self.relations and (owned or k > i + 2)) or (not owned and key in _STAFF):
                return True
        return False

    def _role_after(self, doc: Any, i: int) -> bool:
        """Return whether "the" and a job follow a name: "dan the youth worker said", "kim the manager"."""
        if self._key(doc, i + 1) != "the":
            return False
        key = self._key(doc, i)
        if doc[i].is_stop or key in self.right or key in self.right_aux or key in self.modals:
            return False  # "my mate said the staff…", "can the pa come": the verb, not a name
        if self._key(doc, i - 1) in _SUBJECTS or _WEEKDAYS.match(key):
            return False  # "i hope the iro…", "on wednesdays the coach…"
        for k in (i + 2, i + 3):
            key = self._key(doc, k)
            if key in _STAFF or (key in self.relations and key not in _NOT_JOBS):
                return True
        return False

    def _opens_message(self, doc: Any, i: int) -> bool:
        """Return whether position ``i`` starts the message, after greetings at most."""
        return all(self._key(doc, j) in _OPENERS for j in range(i))

    def _thing_from(self, doc: Any, i: int) -> bool:
        """Return whether a word on no names list is a thing that comes "from" someone ("pic from my sw")."""
        key = self._key(doc, i)
        lex = self.lexicon
        if self._key(doc, i + 1) != "from" or lex.is_first_name(key) or str(doc[i].text)[:1].isupper():
            return False
        # a person is "from" a place or a group, not from someone's mum: "selfie from my sister"
        sender = self._key(doc, i + 2) in {"my", "his", "her", "our"} and (
            self._key(doc, i + 3) in self.relations or self._key(doc, i + 3) in lex.roles
        )
        return lex.is_word(key) or sender

    def _introducer_start(self, doc: Any, i: int) -> int:
        """Return where "its", "im" or "this is" starts just before ``i``, or -1."""
        prev = self._key(doc, i - 1)
        if prev == "me" and i >= 2:
            # "hi its me storm", "it's me again, river": the writer naming themselves after "me"
            start = self._introducer_start(doc, i - 1)
            return start if start >= 0 and self._key(doc, start) in {"its", "it's", "it"} else -1
        if prev in _INTRODUCERS:
            return i - 1
        before = self._key(doc, i - 2)
        if (prev, before) in {("m", "i"), ("'m", "i"), ("s", "it"), ("'s", "it"), ("is", "this")}:
            return i - 2
        return -1

    def _introduced(self, doc: Any, i: int, unfamiliar: bool = False) -> bool:
        # "hi its amina", "pls its river 🌊", "tesfalem here", "crystal here - dob …"; a word on
        # no list may introduce itself anywhere ("… add me, its noorzia from the hostel").
        nxt = self._key(doc, i + 1)
        start = self._introducer_start(doc, i)
        if start >= 0:
            opening = unfamiliar or self._opens_message(doc, start) or self._key(doc, start - 1) in _OPENERS
            if unfamiliar and self._key(doc, start) in {"i", "im", "i'm"} and nxt in {"and", "n", ",", "-"}:
                opening = False  # "sorry im dyslexic and…": a word on no list after "im" describes
            if opening and (nxt in _AFTER_INTRODUCTION or not nxt[:1].isalpha() or surname_shape(nxt)):
                return True
            if opening and self._age_follows(doc, i + 1):
                return True  # "hi im kit im 9": a name, then the writer's age
            this_is = self._key(doc, start) == "this"
            if opening and this_is and nxt in {"i", "im", "i'm", "with", "and"}:
                return True  # "this is will i need…": "this is" then a name, then the message
            # A sentence further on that introduces the writer: "… nobody here. its precious my
            # number is …", "its tay from Rugby"; "its free from tax" stays.
            sentence = self._key(doc, start - 1) in {".", "!", "?", "\n"}
            if (opening or sentence) and self._sure_after_introduction(doc, i + 1):
                return True
        # "grace from st michaels is…", "tesfalem here": a name opening the message
        # ("screenshot from my mum": an everyday word on no names list is the thing sent)
        if nxt in {"here", "from"} and self._opens_message(doc, i) and not self._thing_from(doc, i):
            return True
        # "hope n faith from the church group are…": two names opening the message, then where from
        joiners = {"and", "n", "&"}
        if (
            nxt in joiners
            and self._key(doc, i + 3) in {"here", "from"}
            and self._opens_message(doc, i)
            and self._name_like(self._key(doc, i + 2))
        ):
            return True
        if (
            self._key(doc, i - 1) in joiners
            and nxt in {"here", "from"}
            and self._opens_message(doc, i - 2)
            and self._name_like(self._key(doc, i - 2))
        ):
            return True
        # "patience in my form said…": a name opening the message, then a group the writer shares
        if (
            nxt == "in"
            and self._key(doc, i + 2) in {"my", "our"}
            and self._key(doc, i + 3) in _SHARED_GROUPS
            and self._opens_message(doc, i)
        ):
            return True
        # "sue, can you ring me": a name called at the start, then a question or request
        # (not for names that are words: "hope, you know…")
        called = i == 0 and nxt == "," and self._key(doc, i + 2) in _ADDRESSED
        # A capitalised name is called even when it is also a word: "Sue, can I speak to…"
        capitalised = str(doc[i].text)[:1].isupper() and not str(doc[i].text).isupper()
        return called and (capitalised or not self.lexicon.is_word(self._key(doc, i)))

    def _name_like(self, key: str) -> bool:
        """Return whether a word may be a name: a listed first name or a word on no list."""
        lex = self.lexicon
        return key.isalpha() and (lex.is_first_name(key) or not lex.is_everyday(key))

    def _renamed_in_brackets(self, doc: Any, i: int) -> bool:
        """Return whether a bracket after ``i`` gives the real name: "dusty (his real name darius)"."""
        if self._key(doc, i + 1) != "(":
            return False
        for k in range(i + 2, i + 5):
            key = self._key(doc, k)
            if key == ")":
                return False
            if key in _REAL_NAME and self._key(doc, k + 1) in {"name", "names", "name's", "name:"}:
                return True
        return False

    def _age_follows(self, doc: Any, j: int) -> bool:
        # "im 9", "i'm 14", ", im 12", "and im 16", "i am 8" straight after a name.
        if self._key(doc, j) in {",", "and", "n"}:
            j += 1
        first, second = self._key(doc, j), self._key(doc, j + 1)
        if first in {"im", "i'm"}:
            return second.isdigit()
        return first == "i" and second in {"m", "'m", "am"} and self._key(doc, j + 2).isdigit()

    def _signs_off(self, doc: Any, i: int) -> bool:
        """Return whether the word at ``i`` signs the message off: "ta, kai", "… soon. Jo x"."""
        key = self._key(doc, i)
        if key in _CLOSINGS or key in self.relations or key in self.kin:
            return False
        rest = [self._key(doc, k) for k in range(i + 1, len(doc))]
        if any(word[:1].isalnum() and word not in _KISSES for word in rest):
            return False  # the message goes on: not its last word
        prev = self._key(doc, i - 1)
        if prev == "," and self._key(doc, i - 2) in _SIGN_OFFS:
            return True
        return prev in {".", "!", "?", "\n"} and any(word in _KISSES for word in rest)

    def _sure_after_introduction(self, doc: Any, j: int) -> bool:
        # What only a person introducing themselves goes on with: their details, or where they are from.
        nxt = self._key(doc, j)
        if nxt == "my":
            return self._key(doc, j + 1) in _DETAILS
        if nxt == "from" and j + 1 < len(doc):
            place = str(doc[j + 1].text)
            key = self._key(doc, j + 1)
            return (place[:1].isupper() and not place.isupper()) or key in self.lexicon.places
        return nxt in {"here", "btw", "again"}

    def _named_before_relation(self, doc: Any, i: int) -> bool:
        # "mercy my foster mum", "… lol. blessing my sw said": a name opening a sentence, then
        # who the person is ("i will tell my iro" is a verb, so mid-sentence words need other cues).
        # "… storm is my rap name", anywhere in a message
        if (
            self._key(doc, i + 1) in {"is", "was"}
            and self._key(doc, i + 2) in self.possessives
            and any(self._key(doc, k) in {"name", "nickname"} for k in (i + 3, i + 4))
        ):
            return True
        if (
            self._key(doc, i + 1) in {"ydy", "yw", "ydi"}
            and self._key(doc, i + 2) == "fy"
            and self._key(doc, i + 3) in _WELSH_RELATIONS
        ):
            return True  # Welsh "<name> ydy fy ffrind gorau": "<name> is my best friend"
        if not (self._opens_message(doc, i) or self._key(doc, i - 1) in {".", "!", "?", ",", "-"}):
            return False
        if self._key(doc, i) in self.left:
            return False  # "tell my sw…", "ask my carer…": the cue verb, not a name
        # "sky my new key worker starts": describing words may stand before the relation
        reach = (i + 2, i + 3, i + 4) if self._key(doc, i + 2) in _RELATION_ADJECTIVES else (i + 2, i + 3)
        return self._key(doc, i + 1) in self.possessives - {"the", "new", "old"} and any(
            self._key(doc, k) in self.relations for k in reach
        )

    def _after_name(self, doc: Any, i: int) -> int:
        """Return the position after the name at ``i`` and its hyphenated parts ("king-legend")."""
        j = i + 1
        while (
            j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_
        ):
            j += 2
        return j

    def small_age_after(self, doc: Any, j: int) -> bool:
        """Return whether a young child's age starts at ``j``: "is 2 now", "is 9 months", "turned 6 weeks"."""
        if self._key(doc, j) not in _AGE_VERBS:
            return False
        number = self._key(doc, j + 1)
        return number.isdigit() and len(number) <= 2 and self._key(doc, j + 2) in _SMALL_AGE_AFTER

    def names_a_baby(self, doc: Any, i: int) -> bool:
        """Return whether the word at ``i`` names a baby: "baby <name> born …", "my baby <name> is 9 months".

        Babies are given words as names ("river", "legend", "storm"), so the word counts whatever it
        means, but only with a birth or a small child's age after it.
        """
        if self._key(doc, i - 1) != "baby":
            return False
        before = self._key(doc, i - 2)
        if not (self._opens_message(doc, i - 1) or before in self.possessives - {"the", "new", "old"}):
            return False
        key = self._key(doc, i)
        if key in self.relations or key.removesuffix("s") in self.relations or key in self.lexicon.roles:
            return False  # "my baby girl", "baby brother": who the baby is, not a name
        j = self._after_name(doc, i)
        return self._key(doc, j) in _BABY_DETAILS or self.small_age_after(doc, j)

    def given_small_age(self, doc: Any, i: int) -> bool:
        """Return whether the word at ``i`` opens a sentence with a small child's age ("<name> is 2 now")."""
        if not (self._opens_message(doc, i) or self._key(doc, i - 1) in {".", "!", "?", "\n"}):
            return False
        return self.small_age_after(doc, self._after_name(doc, i))

    def _past_or_speech(self, doc: Any, i: int) -> bool:
        nxt = self._key(doc, i)
        return nxt in self.right or (nxt.endswith("ed") and len(nxt) > 4) or nxt in {"is", "was"}

    def is_name_context(self, doc: Any, i: int, unfamiliar: bool = False, strong_only: bool = False) -> bool:
        """Return whether the token at ``i`` is used as a person's name.

        ``unfamiliar`` is for words on no list at all ("jaz"): they take the
        sure cues plus auxiliaries ("jaz is"); names that are everyday words
        ("grace") take the sure cues plus the weaker ones around them;
        ``strong_only`` keeps to the sure cues alone.
        """
        key = self._key(doc, i)
        prev = self._key(doc, i - 1)
        nxt = self._key(doc, i + 1)
        if self._introduced(doc, i, unfamiliar):
            return True  # "hiya its comfort", "gift here": a young person giving their name
        if prev == "that" and nxt in self.right:
            return True  # "tell him that willow says hi": things that speak are people
        if prev in _DETERMINERS and not unfamiliar:
            return False  # "a bill", "my hope": the everyday word, not the name
        if prev in {"called", "named", "names", "name's"}:
            return True
        if prev in {"miss", "sir"} and key in self.right and not str(doc[i].text)[:1].isupper():
            return False  # "miss said mine was best": the teacher speaking, not "miss <name>"
        if self.labelled(doc, i):
            return True  # "her name is X", "my surname is X", "enw: X"
        if self._role_in_brackets(doc, i):
            return True  # "Grace (my foster carer) forgot"
        if self._role_after(doc, i) and prev not in _DETERMINERS:
            return True  # "dan the youth worker said": a member of staff named by their job
        if self._renamed_in_brackets(doc, i):
            return True  # "dusty (his real name darius)": the name used, then the real one
        if key in self.modals and prev in _TELLING and self._key(doc, i - 2) not in _DETERMINERS:
            return True  # "tell will from the cedars…": a modal verb never follows these verbs
        if key in self.modals:
            # "me and will went", "will said": a modal verb is never followed by these.
            # "me and will are going": a modal is never followed by "are" either.
            return self._past_or_speech(doc, i + 1) or (
                self._after_me_and(doc, i)
                and nxt in {"", ".", ",", "!", "?", "and", "n", "are", "r", "were", "both", "have", "got"}
            )
        after = self._key(doc, i + 2)
        if (
            nxt in {"called", "named"}
            and self.lexicon.is_word(key)
            and after.isalpha()
            and after not in _OBJECTS
        ):
            return False  # "a man called arben": the word names someone else, it is not a name
        if self._after_me_and(doc, i) or nxt in self.right or self._after_relation(doc, i):
            return True
        if prev in self.left or self._after_phrase(doc, i) or self._before_phrase(doc, i):
            return True
        if self._introduced_as_relation(doc, i):
            return True
        if self._named_before_relation(doc, i):
            return True
        if self._signs_off(doc, i):
            return True
        if self._role_is(doc, i):
            return True
        if strong_only:
            return False
        if unfamiliar:
            # "my upn is", "her ehcp was": after a possessive, a word on no list is a thing.
            return nxt in self.right_aux and prev not in _POSSESSIVE_DETERMINERS
        if nxt in {"people", "person", "ones", "one"}:
            return False  # "for young people": an adjective, whatever the weak cue before it
        if prev in _TIME_BEFORE or prev in _TIME_WORDS_BEFORE or (key in _SEASONS and prev in self.left_weak):
            return False  # "awake since dawn cos…", "since june but…", "for summer cos": a time
        if key in _MEALS and prev == "for":
            return False  # "pasta for tea again": a meal
        return prev in self.left_weak or nxt in self.right_weak or nxt == "'s"

    def _compound_surname(self, doc: Any, j: int) -> int:
        """Return the end of a hyphenated name after a name ("chan ka-yan", "lily hope-ashton"), or 0.

        Both parts are letters joined by a hyphen with no space, and the whole is no word
        ("mo well-known" is not a name); each part may be a word on its own.
        """
        if j + 2 >= len(doc) or doc[j + 1].text != "-" or doc[j].whitespace_ or doc[j + 1].whitespace_:
            return 0
        first, second = doc[j], doc[j + 2]
        if not (first.is_alpha and second.is_alpha) or first.is_stop or second.is_stop:
            return 0
        whole = f"{token_key(first)}-{token_key(second)}"
        lex = self.lexicon
        if lex.is_word(whole) or lex.is_everyday(whole) or lex.is_allowed(whole) or whole in lex.places:
            return 0
        if token_key(first) in self.relations or token_key(first) in lex.roles:
            return 0  # "jo step-dad": a relation, not a surname
        return int(second.idx + len(second.text))

    def _initial_after(self, doc: Any, j: int) -> bool:
        text = str(doc[j].text)
        if len(text) != 1 or not text.isalpha() or text.lower() in _NOT_INITIALS_AFTER_NAME:
            return False
        nxt = self._key(doc, j + 1)
        return not nxt[:1].isalnum() or nxt in _AFTER_INITIAL

    def is_capitalised_name(self, doc: Any, i: int) -> bool:
        """Return whether a name-word is capitalised mid-sentence in otherwise lower-case chat."""
        token = doc[i]
        text = str(token.text)
        if i == 0 or not text[:1].isupper() or text.isupper():
            return False
        if self._key(doc, i - 1) in {".", "!", "?", ":", '"', "\n"} or "\n" in str(doc[i - 1].text):
            return False
        words = [t for t in doc if t.is_alpha]
        capitalised = sum(1 for t in words if str(t.text)[:1].isupper())
        return capitalised * 2 <= len(words)

    def name_extent(self, doc: Any, i: int) -> tuple[int, int]:
        """Return character offsets of the name at ``i`` with a following surname or hyphen part."""
        start = doc[i].idx
        end = start + len(doc[i].text)
        j = i + 1
        # Hyphenated first names: "mary-jane", tokenised as mary - jane.
        while (
            j + 1 < len(doc)
            and doc[j].text == "-"
            and not doc[j - 1].whitespace_
            and not doc[j].whitespace_
            and doc[j + 1].is_alpha
        ):
            end = doc[j + 1].idx + len(doc[j + 1].text)
            j += 2
        compound = self._compound_surname(doc, j)
        if compound:
            return start, compound
        if j < len(doc) and self._initial_after(doc, j):
            return start, doc[j].idx + 1  # "jayden g on my jumper": a name and the initial of a surname
        if j < len(doc):
            key = token_key(doc[j])
            lex = self.lexicon
            # A proper noun that is a name somewhere ("aiden doherty") is a surname even when it is
            # common enough to be on the word-frequency list; everyday words ("aiden said") are not.
            proper_name = lex.is_first_name(key) and not lex.is_everyday(key)
            # After a capitalised name, a capitalised word that is no dictionary word is the surname
            # even when it is a common word in another sense ("Lynn Parkinson").
            capitalised = (
                str(doc[i].text)[:1].isupper()
                and str(doc[j].text)[:1].isupper()
                and not str(doc[j].text).isupper()
                and key not in lex.dictionary_words
                and not lex.is_everyday(key)
            )
            surname = (
                key in lex.surnames
                or surname_shape(key)
                or (
                    doc[j].is_alpha
                    and len(key) > 2
                    and (not lex.is_word(key) or proper_name or capitalised)
                    and key not in lex.places
                )
            )
            if surname and not lex.is_allowed(key) and key not in self.right and key not in lex.chat_words:
                end = doc[j].idx + len(doc[j].text)
        return start, end
