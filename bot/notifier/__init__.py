"""Telling safeguarding leads, outside the portal, that an alert is waiting (email, staff Telegram group)."""

from bot.notifier.config import NOTIFIER_ENV_VARS, NotifierConfig
from bot.notifier.email import EmailNotifier
from bot.notifier.notice import AlertNotice, AlertNotifier
from bot.notifier.staff_group import StaffGroupNotifier
from bot.notifier.watch import RENOTIFY_AFTER, check_alerts, send_everywhere

__all__ = [
    "NOTIFIER_ENV_VARS",
    "RENOTIFY_AFTER",
    "AlertNotice",
    "AlertNotifier",
    "EmailNotifier",
    "NotifierConfig",
    "StaffGroupNotifier",
    "check_alerts",
    "send_everywhere",
]
