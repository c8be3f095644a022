"""Recognizers: small strategies that each find one family of personal information."""

from anonymiser.recognizers.base import Recognizer
from anonymiser.recognizers.cues import CueRecognizer, HandleRecognizer
from anonymiser.recognizers.institutions import InstitutionRecognizer
from anonymiser.recognizers.names import FirstNameRecognizer, NameCueRecognizer
from anonymiser.recognizers.pattern import Pattern, PatternRecognizer
from anonymiser.recognizers.phone import PhoneRecognizer
from anonymiser.recognizers.phrases import PhraseListRecognizer
from anonymiser.recognizers.spacy_ner import SpacyNerRecognizer

__all__ = [
    "CueRecognizer",
    "FirstNameRecognizer",
    "HandleRecognizer",
    "InstitutionRecognizer",
    "NameCueRecognizer",
    "Pattern",
    "PatternRecognizer",
    "PhoneRecognizer",
    "PhraseListRecognizer",
    "Recognizer",
    "SpacyNerRecognizer",
]
