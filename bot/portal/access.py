"""Who may open what: one declarative table from route to allowed roles, denied by default.

Every portal route is registered through ``Pages.add`` with the roles it
allows; the middleware looks the matched route up here and refuses (403) any
route missing from the table. Public routes (sign-in, stylesheet) say so
explicitly with ``PUBLIC``. A route added with ``quiet=True`` is one a page
calls by itself, which must not count as activity for the idle time-out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.typedefs import Handler

from feedback.staff import Role

__all__ = [
    "ACCESS",
    "ADMIN",
    "ALL_STAFF",
    "BOARD",
    "PUBLIC",
    "QUIET",
    "SAFEGUARDING",
    "SIGNED_IN",
    "WORKER",
    "Pages",
    "Rule",
]


@dataclass(frozen=True)
class Rule:
    """The roles allowed on one route; ``public`` routes need no sign-in at all."""

    roles: frozenset[Role]
    public: bool = False

    def allows(self, role: Role | None) -> bool:
        """Return True when someone with ``role`` (None: not signed in) may use the route."""
        return self.public or (role is not None and role in self.roles)


PUBLIC = Rule(frozenset(), public=True)
SIGNED_IN = Rule(frozenset(Role))
ALL_STAFF = SIGNED_IN
WORKER = Rule(frozenset({Role.PARTICIPATION_WORKER}))
SAFEGUARDING = Rule(frozenset({Role.SAFEGUARDING_LEAD}))
BOARD = Rule(frozenset({Role.BOARD_VIEWER, Role.PARTICIPATION_WORKER}))
ADMIN = Rule(frozenset({Role.ADMIN}))

ACCESS = web.AppKey("portal_access", dict)
QUIET = web.AppKey("portal_quiet_routes", set)


@dataclass
class Pages:
    """Registers routes on the portal app together with their access rules."""

    app: web.Application
    table: dict[web.AbstractRoute, Rule] = field(default_factory=dict)
    quiet: set[web.AbstractRoute] = field(default_factory=set)

    def add(
        self,
        method: str,
        path: str,
        handler: Handler,
        rule: Rule,
        name: str | None = None,
        *,
        quiet: bool = False,
    ) -> None:
        """Add one route and its rule; ``quiet`` routes do not count as activity (see above)."""
        route = self.app.router.add_route(method, path, handler, name=name)
        self.table[route] = rule
        if quiet:
            self.quiet.add(route)

    def described(self) -> Iterable[tuple[str, str, Rule]]:
        """Yield (method, path, rule) for every route, for the docs and the access tests."""
        for route, rule in self.table.items():
            yield route.method, route.resource.canonical if route.resource else "", rule
