"""Database tables; ciphertext columns end in ``_sealed`` and never leave the data layer."""

from feedback.models._types import UTCDateTime, snapshot, table_of
from feedback.models.comments import CommentAction, CommentQuote
from feedback.models.corrections import ThemeCorrection
from feedback.models.issues import Alert, Issue, IssueMessage, Quote
from feedback.models.messaging import InboxItem, OutboxItem
from feedback.models.people import ConversationState, Invite, JoinAttempt, Participant
from feedback.models.releases import DisclosureRelease
from feedback.models.staff import AuditEntry, BoardPaper, BoardPaperFile, StaffUser
from feedback.models.surveys import (
    AnswerRecord,
    Campaign,
    CampaignDispatch,
    Response,
    SurveyRecord,
    SurveyVersion,
)

__all__ = [
    "Alert",
    "AnswerRecord",
    "AuditEntry",
    "BoardPaper",
    "BoardPaperFile",
    "Campaign",
    "CampaignDispatch",
    "CommentAction",
    "CommentQuote",
    "ConversationState",
    "DisclosureRelease",
    "InboxItem",
    "Invite",
    "Issue",
    "IssueMessage",
    "JoinAttempt",
    "OutboxItem",
    "Participant",
    "Quote",
    "Response",
    "StaffUser",
    "SurveyRecord",
    "SurveyVersion",
    "ThemeCorrection",
    "UTCDateTime",
    "snapshot",
    "table_of",
]
