"""Survey definitions, question banks, the survey runner and campaign policy (pure: no I/O)."""

from surveys.answers import Answer, AnswerRejected
from surveys.bank import Bank, fingerprint, load_bank
from surveys.campaign import (
    Hold,
    ParticipantFacts,
    RoundSettings,
    Send,
    next_send_time,
    plan_invite,
    plan_reminder,
    round_state,
)
from surveys.cohorts import Cohort
from surveys.definition import Question, Survey
from surveys.gentle import pressure_phrases
from surveys.rates import ResponseCounts, count_responses
from surveys.runner import (
    Ask,
    Back,
    Continue,
    Done,
    OptOut,
    Respond,
    RunState,
    StateMismatch,
    apply,
    next_step,
    start,
)
from surveys.send_times import DailyWindow
from surveys.validate import Problem, SurveyInvalid, check_bytes, survey_from_bytes

__all__ = [
    "Answer",
    "AnswerRejected",
    "Ask",
    "Back",
    "Bank",
    "Cohort",
    "Continue",
    "DailyWindow",
    "Done",
    "Hold",
    "OptOut",
    "ParticipantFacts",
    "Problem",
    "Question",
    "Respond",
    "ResponseCounts",
    "RoundSettings",
    "RunState",
    "Send",
    "StateMismatch",
    "Survey",
    "SurveyInvalid",
    "apply",
    "check_bytes",
    "count_responses",
    "fingerprint",
    "load_bank",
    "next_send_time",
    "next_step",
    "plan_invite",
    "plan_reminder",
    "pressure_phrases",
    "round_state",
    "start",
    "survey_from_bytes",
]
