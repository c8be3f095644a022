"""The portal's routes and, beside each, who may use it: the table the access middleware enforces."""

from __future__ import annotations

from bot.portal.access import ADMIN, ALL_STAFF, BOARD, PUBLIC, SAFEGUARDING, SIGNED_IN, WORKER, Pages
from bot.portal.static import static_file
from bot.portal.views import (
    account,
    admin,
    alerts,
    comments,
    dashboard,
    delivery,
    invites,
    issues,
    papers,
    rounds,
    signin,
    sso,
)

__all__ = ["add_pages"]


def add_pages(pages: Pages) -> None:
    """Register every portal route with its rule (paths are below /staff)."""
    add = pages.add
    add("GET", "/static/{name}", static_file, PUBLIC)
    add("GET", "/login", signin.sign_in_form, PUBLIC)
    add("POST", "/login", signin.sign_in, PUBLIC)
    # Public, but each answers only a session that has passed the password and owes its code.
    add("GET", "/login/code", signin.second_factor_form, PUBLIC)
    add("POST", "/login/code", signin.second_factor, PUBLIC)
    add("GET", "/login/oidc", sso.start, PUBLIC)
    add("GET", "/login/oidc/callback", sso.callback, PUBLIC)
    add("POST", "/logout", signin.sign_out, SIGNED_IN)
    add("GET", "/account", account.account_page, SIGNED_IN)
    add("POST", "/account/password", account.change_password, SIGNED_IN)
    add("POST", "/account/sign-out-everywhere", account.sign_out_everywhere, SIGNED_IN)
    add("GET", "/", signin.home, SIGNED_IN)
    add("GET", "/dashboard", dashboard.dashboard, ALL_STAFF)

    add("GET", "/issues", issues.inbox, WORKER)
    add("GET", "/issues/{reference}", issues.thread, WORKER)
    add("POST", "/issues/{reference}/reply", issues.reply, WORKER)
    add("POST", "/issues/{reference}/close", issues.close, WORKER)
    add("POST", "/issues/{reference}/tag", issues.tag, WORKER)
    add("POST", "/issues/{reference}/quote", issues.approve_quote, WORKER)
    add("POST", "/issues/{reference}/contact", issues.reveal_contact, WORKER)

    add("GET", "/comments", comments.comment_list, WORKER)
    add("POST", "/comments/{answer_id}/themes", comments.set_themes, WORKER)
    add("POST", "/comments/{answer_id}/quote", comments.approve_quote, WORKER)
    add("POST", "/comments/{answer_id}/action", comments.link_action, WORKER)

    add("GET", "/alerts", alerts.alerts, SAFEGUARDING)
    add("GET", "/alerts/waiting.json", alerts.waiting, SAFEGUARDING, quiet=True)  # the page's own poll
    add("GET", "/alerts/{alert_id}", alerts.alert, SAFEGUARDING)
    add("POST", "/alerts/{alert_id}/acknowledge", alerts.acknowledge, SAFEGUARDING)
    add("POST", "/alerts/{alert_id}/action", alerts.record_action, SAFEGUARDING)
    add("POST", "/alerts/{alert_id}/not-a-concern", alerts.not_a_concern, SAFEGUARDING)
    add("POST", "/alerts/{alert_id}/message", alerts.message, SAFEGUARDING)

    add("GET", "/rounds", rounds.round_list, WORKER)
    add("POST", "/rounds", rounds.create_round, WORKER)
    add("POST", "/rounds/{round_id}/close", rounds.close_round, WORKER)
    add("GET", "/invites", invites.invite_list, WORKER)
    add("POST", "/invites", invites.create_batch, WORKER)

    add("GET", "/papers", papers.paper_list, BOARD)
    add("GET", "/papers/{paper_id}/{format}", papers.download, BOARD)
    add("POST", "/papers", papers.draft, WORKER)
    add("POST", "/papers/{paper_id}/{step:approve|publish}", papers.set_status, WORKER)

    add("GET", "/accounts", admin.accounts, ADMIN)
    add("POST", "/accounts", admin.account_create, ADMIN)
    add("POST", "/accounts/{username}/{step:enable|disable}", admin.account_set_active, ADMIN)
    add("POST", "/accounts/{username}/second-factor", admin.account_reset_second_factor, ADMIN)
    add("GET", "/settings", admin.settings_view, ADMIN)
    add("GET", "/audit", admin.audit_log, ADMIN)
    add("POST", "/outbox/resend", delivery.resend_failed, ADMIN)
