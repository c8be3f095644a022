"""Theme tagging and sentiment for redacted text, over a council-adaptable taxonomy."""

from anonymiser.themes.corpus import CorpusError, LabelledText, read_labelled
from anonymiser.themes.summary import PeriodSummary, TaggedRecord, quarter, summarise
from anonymiser.themes.tagger import Decision, ModelMismatchError, Tagging, ThemeTagger
from anonymiser.themes.taxonomy import Taxonomy, TaxonomyError, Theme, load_taxonomy

__all__ = [
    "CorpusError",
    "Decision",
    "LabelledText",
    "ModelMismatchError",
    "PeriodSummary",
    "TaggedRecord",
    "Tagging",
    "Taxonomy",
    "TaxonomyError",
    "Theme",
    "ThemeTagger",
    "load_taxonomy",
    "quarter",
    "read_labelled",
    "summarise",
]
