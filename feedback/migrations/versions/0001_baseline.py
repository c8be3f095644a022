"""Baseline schema: every table Heard needs, and an append-only audit log.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-22 13:14:23.500058
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_baseline"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=True),
        sa.Column("target_id", sa.String(length=64), nullable=True),
        sa.Column("detail_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_key", sa.String(length=64), nullable=False),
        sa.Column("payload_sealed", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("processed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "update_id"),
    )
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.create_index("ix_inbox_chat_key_status", ["chat_key", "status"], unique=False)
        batch_op.create_index("ix_inbox_status_id", ["status", "id"], unique=False)

    op.create_table(
        "join_attempt",
        sa.Column("pseudonym", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pseudonym"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_key", sa.String(length=64), nullable=False),
        sa.Column("dedup_key", sa.String(length=128), nullable=True),
        sa.Column("payload_sealed", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_chat_key", ["chat_key"], unique=False)
        batch_op.create_index("ix_outbox_status_not_before", ["status", "not_before"], unique=False)

    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("care_status", sa.String(length=16), nullable=False),
        sa.Column("age_band", sa.String(length=8), nullable=False),
        sa.Column("chat_id_sealed", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("easy_read", sa.Boolean(), nullable=False),
        sa.Column("consent_version", sa.String(length=32), nullable=True),
        sa.Column("consented_at", sa.DateTime(), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("last_seen_on", sa.Date(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_pseudonym"), ["pseudonym"], unique=True)

    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_user_username"), ["username"], unique=True)

    op.create_table(
        "survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_slug"), ["slug"], unique=True)

    op.create_table(
        "board_paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("cohort", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content_json", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("board_paper", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_paper_period"), ["period"], unique=False)

    op.create_table(
        "conversation_state",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("state_sealed", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("participant_id"),
    )
    op.create_table(
        "issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("care_status", sa.String(length=16), nullable=False),
        sa.Column("age_band", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("themes_json", sa.String(length=200), nullable=True),
        sa.Column("sentiment", sa.String(length=16), nullable=True),
        sa.Column("risk_level", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("helped", sa.String(length=16), nullable=True),
        sa.Column("shared_contact_sealed", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_issue_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_issue_reference"), ["reference"], unique=True)
        batch_op.create_index(batch_op.f("ix_issue_status"), ["status"], unique=False)

    op.create_table(
        "survey_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("definition_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey_id", "version"),
    )
    with op.batch_alter_table("survey_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_version_survey_id"), ["survey_id"], unique=False)

    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("categories_json", sa.String(length=400), nullable=False),
        sa.Column("text_sealed", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("notified_at", sa.DateTime(), nullable=True),
        sa.Column("renotified_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.Integer(), nullable=True),
        sa.Column("action_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(["issue_id"], ["issue.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_participant_id"), ["participant_id"], unique=False)

    op.create_table(
        "board_paper_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["paper_id"], ["board_paper.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("board_paper_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_paper_file_paper_id"), ["paper_id"], unique=False)

    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("cohorts_json", sa.Text(), nullable=False),
        sa.Column("opens_at", sa.DateTime(), nullable=False),
        sa.Column("closes_at", sa.DateTime(), nullable=False),
        sa.Column("reminder_days_json", sa.String(length=200), nullable=False),
        sa.Column("quiet_hours_json", sa.Text(), nullable=True),
        sa.Column("invite_text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["survey_version_id"],
            ["survey_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_campaign_survey_version_id"), ["survey_version_id"], unique=False
        )

    op.create_table(
        "issue_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=16), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("text_sealed", sa.Text(), nullable=True),
        sa.Column("text_anonymised", sa.Text(), nullable=True),
        sa.Column("themes_json", sa.String(length=200), nullable=True),
        sa.Column("sentiment", sa.String(length=16), nullable=True),
        sa.Column("risk_level", sa.String(length=16), nullable=False),
        sa.Column("risk_categories_json", sa.String(length=400), nullable=True),
        sa.Column("redaction_status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sealed_on", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["issue_id"], ["issue.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("issue_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_message_issue_id"), ["issue_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_issue_message_redaction_status"), ["redaction_status"], unique=False
        )

    op.create_table(
        "campaign_dispatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
        ),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "participant_id", "kind"),
    )
    with op.batch_alter_table("campaign_dispatch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_dispatch_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_campaign_dispatch_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("care_status", sa.String(length=16), nullable=False),
        sa.Column("age_band", sa.String(length=8), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=64), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("issue_message_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=True),
        sa.Column("age_band", sa.String(length=8), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(["issue_id"], ["issue.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["issue_message_id"], ["issue_message.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issue_id"),
    )
    op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("care_status", sa.String(length=16), nullable=False),
        sa.Column("age_band", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("state_sealed", sa.Text(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
        ),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["survey_version_id"],
            ["survey_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_response_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_response_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_response_survey_version_id"), ["survey_version_id"], unique=False
        )

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=True),
        sa.Column("declined", sa.Boolean(), nullable=False),
        sa.Column("text_sealed", sa.Text(), nullable=True),
        sa.Column("text_redacted", sa.Text(), nullable=True),
        sa.Column("themes_json", sa.String(length=200), nullable=True),
        sa.Column("sentiment", sa.String(length=16), nullable=True),
        sa.Column("risk_level", sa.String(length=16), nullable=True),
        sa.Column("redaction_status", sa.String(length=16), nullable=False),
        sa.Column("sealed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_redaction_status"), ["redaction_status"], unique=False)
        batch_op.create_index(batch_op.f("ix_answer_response_id"), ["response_id"], unique=False)

    _make_audit_log_append_only()


def _make_audit_log_append_only() -> None:
    """Refuse UPDATE and DELETE on audit_log at the database level, not just in code."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_response_id"))
        batch_op.drop_index(batch_op.f("ix_answer_redaction_status"))

    op.drop_table("answer")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_survey_version_id"))
        batch_op.drop_index(batch_op.f("ix_response_status"))
        batch_op.drop_index(batch_op.f("ix_response_participant_id"))
        batch_op.drop_index(batch_op.f("ix_response_campaign_id"))

    op.drop_table("response")
    op.drop_table("quote")
    op.drop_table("invite")
    with op.batch_alter_table("campaign_dispatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_dispatch_participant_id"))
        batch_op.drop_index(batch_op.f("ix_campaign_dispatch_campaign_id"))

    op.drop_table("campaign_dispatch")
    with op.batch_alter_table("issue_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_message_redaction_status"))
        batch_op.drop_index(batch_op.f("ix_issue_message_issue_id"))

    op.drop_table("issue_message")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_survey_version_id"))
        batch_op.drop_index(batch_op.f("ix_campaign_status"))

    op.drop_table("campaign")
    with op.batch_alter_table("board_paper_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_paper_file_paper_id"))

    op.drop_table("board_paper_file")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_participant_id"))
        batch_op.drop_index(batch_op.f("ix_alert_created_at"))

    op.drop_table("alert")
    with op.batch_alter_table("survey_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_version_survey_id"))

    op.drop_table("survey_version")
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_status"))
        batch_op.drop_index(batch_op.f("ix_issue_reference"))
        batch_op.drop_index(batch_op.f("ix_issue_participant_id"))
        batch_op.drop_index(batch_op.f("ix_issue_created_at"))

    op.drop_table("issue")
    op.drop_table("conversation_state")
    with op.batch_alter_table("board_paper", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_paper_period"))

    op.drop_table("board_paper")
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_slug"))

    op.drop_table("survey")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_user_username"))

    op.drop_table("staff_user")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_pseudonym"))

    op.drop_table("participant")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_status_not_before")
        batch_op.drop_index("ix_outbox_chat_key")

    op.drop_table("outbox")
    op.drop_table("join_attempt")
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_status_id")
        batch_op.drop_index("ix_inbox_chat_key_status")

    op.drop_table("inbox")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
