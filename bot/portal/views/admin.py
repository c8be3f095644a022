"""Admin pages: staff accounts, a read-only view of settings (never secrets), and the audit log."""

from __future__ import annotations

from aiohttp import web
from markupsafe import Markup, escape

from bot.appkeys import DATABASE, SETTINGS
from bot.notifier import NOTIFIER_ENV_VARS
from bot.portal.config import PORTAL
from bot.portal.context import current_staff
from bot.portal.render import page, refuse, whole_number
from bot.portal.words import N_, _, one_of
from bot.settings import ENV_VARS
from feedback import audit, staff
from feedback.second_factor import forget_second_factor
from feedback.staff import Role

__all__ = [
    "account_create",
    "account_reset_second_factor",
    "account_set_active",
    "accounts",
    "audit_log",
    "settings_view",
]

SECRET_WORDS = ("KEY", "TOKEN", "SECRET", "PASSWORD", "DATABASE_URL")
# What ``?done=`` may say: a fixed sentence per outcome, never text from the address bar.
NOTICES = {
    "created": N_("Account created."),
    "enabled": N_("Account enabled and unlocked. Its old sessions have ended."),
    "disabled": N_("Account disabled. Every session it had has ended."),
    "second-factor": N_("Second factor reset: they set up a new one when they next sign in."),
}


async def accounts(request: web.Request, *, problem: str | None = None) -> web.StreamResponse:
    """List accounts and offer the create form."""
    config = request.app[PORTAL]
    async with request.config_dict[DATABASE].session() as session:
        found = await staff.list_staff(session)
    return await page(
        request,
        "accounts.html",
        http_status=400 if problem else 200,
        accounts=found,
        roles=list(Role),
        problem=problem,
        notice=one_of(NOTICES, request.query.get("done", "")),
        now=config.clock(),
    )


async def account_create(request: web.Request) -> web.StreamResponse:
    """Create an account with a first password the person changes with an admin's help later."""
    config = request.app[PORTAL]
    now = config.clock()
    form = await request.post()
    fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    admin = current_staff(request)
    try:
        role = Role(fields.get("role", ""))
        async with request.config_dict[DATABASE].session() as session:
            account = await staff.add_staff(
                session,
                username=fields.get("username", ""),
                role=role,
                password=fields.get("password", ""),
                passwords=config.passwords,
                now=now,
                display_name=fields.get("display_name"),
            )
            await audit.record(
                session,
                actor=admin.actor,
                action="staff.added",
                now=now,
                target_type="staff",
                target_id=account.id,
                detail={"role": role.value},
            )
    except ValueError as exc:  # AccountProblem or an unknown role
        message = str(exc) if isinstance(exc, staff.AccountProblem) else "choose a role"
        return await accounts(request, problem=message.capitalize() + ".")
    raise web.HTTPSeeOther("/staff/accounts?done=created")


async def account_set_active(request: web.Request) -> web.StreamResponse:
    """Disable an account, or re-enable (and unlock) it."""
    config = request.app[PORTAL]
    username = request.match_info["username"]
    active = request.match_info["step"] == "enable"
    admin = current_staff(request)
    if not active and username == admin.username:
        raise refuse(request, _("You cannot disable your own account."), 409)
    try:
        async with request.config_dict[DATABASE].session() as session:
            account = await staff.set_active(session, username=username, active=active)
            await audit.record(
                session,
                actor=admin.actor,
                now=config.clock(),
                action="staff.enabled" if active else "staff.disabled",
                target_type="staff",
                target_id=account.id,
            )
    except staff.AccountProblem:
        raise refuse(request, _("There is no such account."), 404) from None
    raise web.HTTPSeeOther("/staff/accounts?done=" + ("enabled" if active else "disabled"))


async def account_reset_second_factor(request: web.Request) -> web.StreamResponse:
    """Remove someone's second factor (a lost phone); they enrol again at their next sign-in."""
    config = request.app[PORTAL]
    admin = current_staff(request)
    async with request.config_dict[DATABASE].session() as session:
        account = await staff.find_staff(session, request.match_info["username"])
        if account is None:
            raise refuse(request, _("There is no such account."), 404)
        await forget_second_factor(session, staff_id=account.id)
        await audit.record(
            session,
            actor=admin.actor,
            action="staff.second_factor_reset",
            now=config.clock(),
            target_type="staff",
            target_id=account.id,
        )
    raise web.HTTPSeeOther("/staff/accounts?done=second-factor")


def inline_code(text: str) -> Markup:
    """Return a setting's meaning as safe HTML: everything escaped, then `backticks` shown as code.

    The meanings are written with Markdown backticks (they also appear in the
    docs); the page shows them as code rather than as raw Markdown, and nothing
    else in them can become markup.
    """
    parts = str(escape(text)).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show the text as written
        return Markup(str(escape(text)))  # noqa: S704 - escaped  # nosec
    shown = "".join(f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts))
    return Markup(shown)  # noqa: S704 - built only from escaped text  # nosec


async def settings_view(request: web.Request) -> web.StreamResponse:
    """Show which settings are in force; secrets only as set / not set."""
    settings = request.config_dict[SETTINGS]
    config = request.app[PORTAL]
    shown = {
        "HEARD_ENV": settings.env,
        "HEARD_PUBLIC_URL": settings.public_url or "(not set)",
        "HEARD_TELEGRAM_MODE": settings.telegram_mode,
        "HEARD_TELEGRAM_DELIVERY": settings.telegram_delivery,
        "HEARD_TELEGRAM_BOT_USERNAME": settings.telegram_bot_username or "(not set)",
        "HEARD_RETENTION_DAYS": str(settings.retention_days),
        "HEARD_SUPPRESSION_MAX": str(settings.suppression_max),
        "HEARD_COUNCIL_NAME": settings.council_name,
        "HEARD_OUT_OF_HOURS_PHONE": settings.out_of_hours_phone or "(not set)",
        "HEARD_SPACY_MODEL": settings.spacy_model,
        "HEARD_LOG_LEVEL": settings.log_level,
        "HEARD_REDACTION_WORKERS": str(settings.redaction_workers),
    }
    rows = []
    for name, default, meaning in (*ENV_VARS, *NOTIFIER_ENV_VARS):
        if any(word in name for word in SECRET_WORDS):
            value = _("(kept secret)")
        else:
            value = shown.get(name, _("(see the server's environment)"))
        rows.append((name, value, inline_code(default), inline_code(meaning)))
    async with request.config_dict[DATABASE].session() as session:
        await audit.record(
            session, actor=current_staff(request).actor, action="settings.viewed", now=config.clock()
        )
    notifiers = [n.name for n in config.notifiers]
    return await page(
        request,
        "settings.html",
        rows=rows,
        notifiers=notifiers,
        idle_minutes=int(config.idle_timeout.total_seconds() // 60),
    )


async def audit_log(request: web.Request) -> web.StreamResponse:
    """Show the audit log, newest first, optionally one action only."""
    config = request.app[PORTAL]
    action = (request.query.get("action") or "").strip()[:64] or None
    page_no = min(whole_number(request.query.get("page", "")) or 0, 100_000)
    async with request.config_dict[DATABASE].session() as session:
        entries = await audit.recent(session, limit=100, offset=page_no * 100, action=action)
        await audit.record(
            session, actor=current_staff(request).actor, action="audit.viewed", now=config.clock()
        )
    return await page(request, "audit.html", entries=entries, action=action or "", page_no=page_no)
