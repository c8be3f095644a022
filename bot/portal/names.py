"""The names staff read for values stored in Heard's data, marked for the portal's catalogue.

Issue statuses, risk and alert levels, safeguarding categories, where an
alert came from, who wrote in a thread, round and paper statuses, feelings,
cohorts and the shipped theme names are kept as codes (or, for themes, in the
taxonomy) by ``feedback`` and ``anonymiser``, which cannot mark words for the
portal's catalogue. Each gets its English name here with ``N_``, so
``make portal-messages`` extracts it, and is shown through a template filter
(``{{ issue.status|issue_status }}``) in the portal's language. A value with
no name here is shown as stored; the tests fail when a value those packages
can produce has none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from bot.portal.words import N_, _, one_of
from surveys.cohorts import Cohort

__all__ = [
    "ALERT_SOURCES",
    "AUTHORS",
    "CATEGORIES",
    "COHORTS",
    "FEELINGS",
    "FILTERS",
    "HELPED",
    "INVITE_GROUPS",
    "ISSUE_STATUSES",
    "MONTHS",
    "PAPER_STATUSES",
    "RISK_LEVELS",
    "ROUND_STATUSES",
    "SHORT_MONTHS",
    "THEME_NAMES",
    "cohort_choice",
    "invite_group",
    "period_words",
    "short_date",
    "theme_names",
]

# ``feedback.issues.IssueStatus`` (its ``label`` is this English).
ISSUE_STATUSES = {
    "open": N_("New"),
    "replied": N_("Waiting for the young person"),
    "answered": N_("They answered"),
    "closed": N_("Closed with an outcome"),
    "withdrawn": N_("Closed by the young person"),
}
# ``anonymiser.risk.model.RiskLevel``: a message's risk, and an alert's level.
RISK_LEVELS = {"urgent": N_("urgent"), "concern": N_("concern"), "none": N_("none")}
# ``anonymiser.risk.model.Category``: what an alert is about.
CATEGORIES = {
    "suicide_self_harm": N_("suicide self harm"),
    "abuse": N_("abuse"),
    "sexual_exploitation": N_("sexual exploitation"),
    "criminal_exploitation": N_("criminal exploitation"),
    "domestic_abuse": N_("domestic abuse"),
    "online_harm": N_("online harm"),
    "missing": N_("missing"),
    "homelessness": N_("homelessness"),
    "neglect_basic_needs": N_("neglect basic needs"),
    "bullying": N_("bullying"),
    "mental_health": N_("mental health"),
    "substance_use": N_("substance use"),
}
# ``feedback.alerts.ALERT_SOURCES``: where the words of an alert were written.
ALERT_SOURCES = {
    "conversation": N_("conversation"),
    "answer": N_("answer"),
    "issue_message": N_("issue message"),
}
# ``IssueMessage.author``: who wrote a message in a thread.
AUTHORS = {
    "young_person": N_("Young person"),
    "worker": N_("Worker"),
    "safeguarding": N_("Safeguarding"),
    "system": N_("System"),
}
# ``surveys.campaign.RoundState``.
ROUND_STATUSES = {"scheduled": N_("scheduled"), "open": N_("open"), "closed": N_("closed")}
# ``BoardPaper.status``.
PAPER_STATUSES = {"draft": N_("draft"), "approved": N_("approved"), "published": N_("published")}
# ``feedback.comments.SENTIMENTS``: how a thread or comment feels.
FEELINGS = {
    "positive": N_("positive"),
    "negative": N_("negative"),
    "mixed": N_("mixed"),
    "neutral": N_("neutral"),
}
# ``feedback.issues.HELPED_ANSWERS``: whether the young person said an outcome helped.
HELPED = {"yes": N_("yes"), "partly": N_("partly"), "no": N_("no")}
# The shipped taxonomy's theme names (``anonymiser/themes/data``); a council's own are shown as written
# unless its portal catalogue has them.
THEME_NAMES = (
    N_("Voice, participation & rights"),
    N_("Understanding my story & being informed"),
    N_("Social worker / PA relationship & continuity"),
    N_("Carers, home life & belonging"),
    N_("Placement stability, quality & location"),
    N_("Safety & protection"),
    N_("Family time & siblings"),
    N_("Education & school"),
    N_("Health & emotional wellbeing"),
    N_("Normality, stigma & being treated differently"),
    N_("Friends, fun & opportunities"),
    N_("Leaving care & preparation for adulthood"),
    N_("Money & financial support"),
    N_("Housing & homelessness (care leavers)"),
    N_("Aspirations, work & future"),
    N_("Meetings, plans, language & bureaucracy"),
    N_("Identity, disability & additional needs"),
)
# A cohort in the rounds and papers forms ("Children in care aged 11-15 (in-care:11-15)"), by care status.
COHORTS = {
    "in_care": N_("Children in care aged %(ages)s (%(code)s)"),
    "care_leaver": N_("Care leavers aged %(ages)s (%(code)s)"),
}
# A cohort in the invite form ("in care 11-15"), by care status.
INVITE_GROUPS = {"in_care": N_("in care %(ages)s"), "care_leaver": N_("care leaver %(ages)s")}
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))  # fmt: skip
SHORT_MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
                N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))  # fmt: skip


def _named(names: Mapping[str, str]) -> Callable[[object], str]:
    def name(value: object) -> str:
        """Return a stored value's name in the portal's language, or the value as stored."""
        if value is None:
            return ""
        return one_of(names, str(value)) or str(value)

    return name


# Template filters: ``{{ a.level|risk|upper }}``, ``{{ a.categories|map("category")|join(", ") }}``.
FILTERS: dict[str, Callable[[object], str]] = {
    "issue_status": _named(ISSUE_STATUSES),
    "risk": _named(RISK_LEVELS),
    "category": _named(CATEGORIES),
    "alert_source": _named(ALERT_SOURCES),
    "author": _named(AUTHORS),
    "round_status": _named(ROUND_STATUSES),
    "paper_status": _named(PAPER_STATUSES),
    "feeling": _named(FEELINGS),
    "helped": _named(HELPED),
}


def theme_names(names: Mapping[str, str]) -> dict[str, str]:
    """Return theme code to name, each name in the portal's language where the catalogue has it."""
    return {code: _(name) for code, name in names.items()}


def cohort_choice(cohort: Cohort) -> str:
    """Return a cohort as rounds and papers name it: "Children in care aged 11-15 (in-care:11-15)"."""
    return _(COHORTS[cohort.care_status], ages=cohort.age_band, code=cohort.code)


def invite_group(cohort: Cohort) -> str:
    """Return a cohort as the invite form offers it: "in care 11-15"."""
    return _(INVITE_GROUPS[cohort.care_status], ages=cohort.age_band)


def short_date(day: date) -> str:
    """Return a day as the portal writes it: "05 Dec 2026" (a datetime's own day, as given)."""
    number = f"{day.day:02d}"
    return _("%(day)s %(month)s %(year)s", day=number, month=_(SHORT_MONTHS[day.month - 1]), year=day.year)


def period_words(first_month: int, last_month: int, year: int) -> str:
    """Return a quarter in words: "January to March 2027"."""
    first, last = _(MONTHS[first_month - 1]), _(MONTHS[last_month - 1])
    return _("%(first)s to %(last)s %(year)s", first=first, last=last, year=year)
