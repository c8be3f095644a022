"""The one ``Settings`` object, read from ``HEARD_*`` environment variables, checked at start-up.

Every problem is collected and reported together, naming the variable and how
to fix it, so an operator fixes a deployment in one go rather than one error
at a time.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Literal

from bot.helplines import CHILDLINE, SAMARITANS
from bot.notifier.config import NOTIFIER_ENV_VARS, NotifierConfig
from bot.oidc_config import OIDC_ENV_VARS, OidcSettings
from bot.themes_choice import switched_on_model

__all__ = ["ENV_VARS", "Settings", "SettingsError"]

Environment = Literal["development", "production"]
TelegramMode = Literal["webhook", "polling"]
DeliveryMode = Literal["process", "inline"]

DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org/bot"
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class SettingsError(ValueError):
    """One or more ``HEARD_*`` variables are wrong; ``problems`` lists each with its fix."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Heard's configuration has {len(problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class Settings:
    """Heard's configuration. Secrets are never included in ``repr``."""

    env: Environment = "development"
    host: str = "127.0.0.1"
    port: int = 8080
    data_dir: Path = Path("var")
    database_url: str = ""
    secret_keys: tuple[str, ...] = field(default=(), repr=False)
    pseudonym_key: str = field(default="", repr=False)
    telegram_token: str = field(default="", repr=False)
    telegram_api_url: str = DEFAULT_TELEGRAM_API_URL
    telegram_mode: TelegramMode = "webhook"
    telegram_bot_username: str = ""
    telegram_delivery: DeliveryMode = "process"
    public_url: str = ""
    webhook_secret: str = field(default="", repr=False)
    spacy_model: str = "auto"
    taxonomy_path: Path | None = None
    themes_model_dir: Path | None = None
    anonymiser_dir: Path | None = None
    surveys_dir: Path | None = None
    retention_days: int = 90
    suppression_max: int = 5
    out_of_hours_phone: str = ""  # the council's own out-of-hours number, shown with the helplines
    childline_phone: str = CHILDLINE  # the helplines every help card and signpost shows (one place)
    samaritans_phone: str = SAMARITANS
    council_name: str = "Your council"
    portal_language: str = "en"  # the staff portal's catalogue (bot/locale/<language>/LC_MESSAGES/portal.po)
    log_level: str = "INFO"
    redaction_workers: int = 1
    delivery_horizon_hours: int = 24
    board_dates: tuple[date, ...] = ()
    paper_draft_days: int = 14
    paper_four_eyes: bool = True  # a paper's drafter may not approve it (off only for tiny teams)
    paper_author: str = ""  # the cover's "Report of", e.g. "Head of Participation"
    paper_contact: str = ""  # the cover's contact line
    paper_template: Path | None = None  # a council's Word document whose styles the DOCX takes
    metrics_token: str = field(default="", repr=False)  # bearer token /metrics asks for
    metrics_port: int = 0  # a second, internal listener for /metrics (0: none)
    trusted_proxies: tuple[str, ...] = ()  # networks whose X-Forwarded-For names the client
    notifier: NotifierConfig = field(default_factory=NotifierConfig)
    oidc: OidcSettings = field(default_factory=OidcSettings)
    keys_generated: bool = field(default=False, compare=False)

    @property
    def production(self) -> bool:
        """Return True in production, where nothing is generated or assumed."""
        return self.env == "production"

    @property
    def telegram_enabled(self) -> bool:
        """Return True when a bot token is configured."""
        return bool(self.telegram_token)

    @property
    def resolved_database_url(self) -> str:
        """Return the database URL, defaulting to SQLite in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'heard.db').resolve()}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Return settings from ``environ`` (default ``os.environ``) or raise ``SettingsError``."""
        return _Reader(os.environ if environ is None else environ).read()


# (variable, default shown in docs, meaning) — the README's configuration table comes from here.
ENV_VARS: tuple[tuple[str, str, str], ...] = (
    ("HEARD_ENV", "development", "`development` generates missing keys; `production` refuses to"),
    ("HEARD_HOST", "127.0.0.1", "address `heard serve` listens on"),
    ("HEARD_PORT", "8080", "port `heard serve` listens on"),
    ("HEARD_DATA_DIR", "./var", "local data: SQLite database, generated keys"),
    (
        "HEARD_DATABASE_URL",
        "sqlite:///$HEARD_DATA_DIR/heard.db",
        "`sqlite:///…` or `postgresql://…`",
    ),
    ("HEARD_SECRET_KEYS", "generated (dev)", "comma-separated Fernet keys; the first encrypts"),
    ("HEARD_PSEUDONYM_KEY", "generated (dev)", "key for HMAC pseudonyms (≥ 32 random bytes)"),
    ("HEARD_TELEGRAM_TOKEN", "(none)", "BotFather token; Telegram is off without it"),
    ("HEARD_TELEGRAM_API_URL", DEFAULT_TELEGRAM_API_URL, "Bot API base URL (self-hosted or test)"),
    ("HEARD_TELEGRAM_MODE", "webhook", "`webhook` (production) or `polling` (local use)"),
    ("HEARD_TELEGRAM_BOT_USERNAME", "(none)", "bot username, for printing deep links"),
    (
        "HEARD_TELEGRAM_DELIVERY",
        "process",
        "`process`: Bot API calls from a child process (a second core); `inline`: in the server",
    ),
    ("HEARD_PUBLIC_URL", "(none)", "public https URL of this service (webhook mode)"),
    ("HEARD_WEBHOOK_SECRET", "generated (dev)", "secret Telegram sends with every update"),
    ("HEARD_SPACY_MODEL", "auto", "spaCy model package; `auto` prefers en_core_web_sm"),
    ("HEARD_TAXONOMY", "(shipped)", "path to a council's own theme taxonomy JSON"),
    ("HEARD_THEMES_MODEL", "(shipped)", "theme model directory from `heard themes train --out`"),
    ("HEARD_ANONYMISER_DIR", "(none)", "folder of a council's deny/allow lists for redaction"),
    ("HEARD_SURVEYS_DIR", "(none)", "folder of extra survey YAML files"),
    ("HEARD_RETENTION_DAYS", "90", "days raw (sealed) free text is kept before purge"),
    ("HEARD_SUPPRESSION_MAX", "5", "counts from 1 to this are published as `c`"),
    ("HEARD_OUT_OF_HOURS_PHONE", "(none)", "council's out-of-hours number, shown in help"),
    ("HEARD_CHILDLINE_PHONE", CHILDLINE, "Childline's number, shown in help and signposting"),
    ("HEARD_SAMARITANS_PHONE", SAMARITANS, "Samaritans' number, shown in help and signposting"),
    ("HEARD_COUNCIL_NAME", "Your council", "council name used in messages and papers"),
    (
        "HEARD_PORTAL_LANGUAGE",
        "en",
        "the staff portal's language: a `bot/locale/<code>/LC_MESSAGES/portal.po` catalogue "
        "([docs/languages.md](docs/languages.md))",
    ),
    ("HEARD_LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING or ERROR"),
    ("HEARD_REDACTION_WORKERS", "1", "processes that redact and tag free text (0: a thread)"),
    ("HEARD_DELIVERY_HORIZON_HOURS", "24", "hours a message is retried before it is marked failed"),
    ("HEARD_BOARD_DATES", "(none)", "board meeting dates `YYYY-MM-DD,…`; a paper is drafted before each"),
    ("HEARD_PAPER_DRAFT_DAYS", "14", "days before a board date that its paper is drafted"),
    ("HEARD_PAPER_FOUR_EYES", "on", "`on`: a paper's drafter cannot approve it; `off` for one-person teams"),
    ("HEARD_PAPER_AUTHOR", "(none)", 'the paper cover\'s "Report of" (else left for the officer)'),
    ("HEARD_PAPER_CONTACT", "(none)", "the paper cover's contact email and telephone"),
    ("HEARD_PAPER_TEMPLATE", "(none)", "a council Word document (.docx) whose styles the DOCX paper takes"),
    ("HEARD_METRICS_TOKEN", "(none)", "bearer token for `GET /metrics` on the public port (16+ characters)"),
    ("HEARD_METRICS_PORT", "(none)", "port of an internal listener serving only `/metrics`, without a token"),
    ("HEARD_TRUSTED_PROXIES", "(none)", "proxy addresses or networks whose `X-Forwarded-For` is believed"),
    *NOTIFIER_ENV_VARS,
    *OIDC_ENV_VARS,
)


class _Reader:
    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ
        self.problems: list[str] = []

    def get(self, name: str) -> str:
        return self.environ.get(name, "").strip()

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.get(name)
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            self.problems.append(f"{name}={raw!r} is not a whole number; use e.g. {default}")
            return default
        if not low <= value <= high:
            self.problems.append(f"{name}={value} is out of range; use {low} to {high}")
            return default
        return value

    def networks(self, name: str) -> tuple[str, ...]:
        found: list[str] = []
        for part in (p.strip() for p in self.get(name).split(",")):
            if not part:
                continue
            try:
                found.append(str(ipaddress.ip_network(part, strict=False)))
            except ValueError:
                self.problems.append(f"{name} has {part!r}; write addresses or networks, e.g. 10.0.0.0/8")
        return tuple(found)

    def choice(self, name: str, default: str, allowed: tuple[str, ...]) -> str:
        raw = self.get(name).lower() or default
        if raw not in allowed:
            self.problems.append(f"{name}={raw!r} is not valid; use one of: {', '.join(allowed)}")
            return default
        return raw

    def dates(self, name: str) -> tuple[date, ...]:
        found: list[date] = []
        for part in (p.strip() for p in self.get(name).split(",")):
            if not part:
                continue
            try:
                found.append(date.fromisoformat(part))
            except ValueError:
                self.problems.append(f"{name} has {part!r}, which is not a date; write dates like 2026-12-10")
        return tuple(sorted(found))

    def path(self, name: str, must_exist: bool) -> Path | None:
        raw = self.get(name)
        if not raw:
            return None
        path = Path(raw).expanduser()
        if must_exist and not path.exists():
            self.problems.append(f"{name}={raw!r} does not exist; point it at an existing path")
        return path

    def read(self) -> Settings:
        env = self.choice("HEARD_ENV", "development", ("development", "production"))
        mode = self.choice("HEARD_TELEGRAM_MODE", "webhook", ("webhook", "polling"))
        delivery = self.choice("HEARD_TELEGRAM_DELIVERY", "process", ("process", "inline"))
        log_level = self.choice("HEARD_LOG_LEVEL", "info", ("debug", "info", "warning", "error"))
        keys = tuple(k.strip() for k in self.get("HEARD_SECRET_KEYS").split(",") if k.strip())
        data_dir = self.path("HEARD_DATA_DIR", must_exist=False) or Path("var")
        values = {
            "env": env,
            "host": self.get("HEARD_HOST") or "127.0.0.1",
            "port": self.integer("HEARD_PORT", 8080, 1, 65535),
            "data_dir": data_dir,
            "database_url": self.get("HEARD_DATABASE_URL"),
            "secret_keys": keys,
            "pseudonym_key": self.get("HEARD_PSEUDONYM_KEY"),
            "telegram_token": self.get("HEARD_TELEGRAM_TOKEN"),
            "telegram_api_url": self.get("HEARD_TELEGRAM_API_URL") or DEFAULT_TELEGRAM_API_URL,
            "telegram_mode": mode,
            "telegram_bot_username": self.get("HEARD_TELEGRAM_BOT_USERNAME").lstrip("@"),
            "telegram_delivery": delivery,
            "public_url": self.get("HEARD_PUBLIC_URL").rstrip("/"),
            "webhook_secret": self.get("HEARD_WEBHOOK_SECRET"),
            "spacy_model": self.get("HEARD_SPACY_MODEL") or "auto",
            "taxonomy_path": self.path("HEARD_TAXONOMY", must_exist=True),
            # A model switched on with 'heard themes use' applies unless the variable pins one.
            "themes_model_dir": self.path("HEARD_THEMES_MODEL", must_exist=True)
            or switched_on_model(data_dir),
            "anonymiser_dir": self.path("HEARD_ANONYMISER_DIR", must_exist=True),
            "surveys_dir": self.path("HEARD_SURVEYS_DIR", must_exist=True),
            "retention_days": self.integer("HEARD_RETENTION_DAYS", 90, 1, 3650),
            "suppression_max": self.integer("HEARD_SUPPRESSION_MAX", 5, 0, 100),
            "out_of_hours_phone": self.get("HEARD_OUT_OF_HOURS_PHONE"),
            "childline_phone": self.get("HEARD_CHILDLINE_PHONE") or CHILDLINE,
            "samaritans_phone": self.get("HEARD_SAMARITANS_PHONE") or SAMARITANS,
            "council_name": self.get("HEARD_COUNCIL_NAME") or "Your council",
            "portal_language": self.get("HEARD_PORTAL_LANGUAGE") or "en",
            "log_level": log_level.upper(),
            "redaction_workers": self.integer("HEARD_REDACTION_WORKERS", 1, 0, 64),
            "delivery_horizon_hours": self.integer("HEARD_DELIVERY_HORIZON_HOURS", 24, 1, 720),
            "board_dates": self.dates("HEARD_BOARD_DATES"),
            "paper_draft_days": self.integer("HEARD_PAPER_DRAFT_DAYS", 14, 1, 90),
            "paper_four_eyes": self.choice("HEARD_PAPER_FOUR_EYES", "on", ("on", "off")) == "on",
            "paper_author": self.get("HEARD_PAPER_AUTHOR"),
            "paper_contact": self.get("HEARD_PAPER_CONTACT"),
            "paper_template": self.path("HEARD_PAPER_TEMPLATE", must_exist=True),
            "metrics_token": self.get("HEARD_METRICS_TOKEN"),
            "metrics_port": self.integer("HEARD_METRICS_PORT", 0, 0, 65535),
            "trusted_proxies": self.networks("HEARD_TRUSTED_PROXIES"),
        }
        if values["metrics_token"] and len(str(values["metrics_token"])) < 16:
            self.problems.append("HEARD_METRICS_TOKEN is too short; use 16 or more random characters")
        try:
            values["notifier"] = NotifierConfig.from_env(self.environ)
        except ValueError as exc:
            self.problems.extend(str(exc).split("; "))
        try:
            values["oidc"] = OidcSettings.from_env(self.environ, production=values["env"] == "production")
        except ValueError as exc:
            self.problems.extend(str(exc).split("; "))
        self._check_urls(values)
        self._check_keys(values)
        if self.problems:
            raise SettingsError(self.problems)
        names = {f.name for f in fields(Settings)}
        return Settings(**{k: v for k, v in values.items() if k in names})  # type: ignore[arg-type]

    def _check_urls(self, values: dict[str, object]) -> None:
        url = str(values["database_url"])
        if url and not re.match(r"^(sqlite|postgres|postgresql)(\+\w+)?://", url):
            self.problems.append(
                "HEARD_DATABASE_URL must start with sqlite:/// or postgresql:// "
                f"(got scheme {url.split(':', 1)[0]!r})"
            )
        api = str(values["telegram_api_url"])
        if not re.match(r"^https?://", api):
            self.problems.append("HEARD_TELEGRAM_API_URL must be an http(s) URL ending in /bot")
        public = str(values["public_url"])
        if public and not public.startswith("https://"):
            if values["env"] == "production":
                self.problems.append("HEARD_PUBLIC_URL must be an https:// URL in production")
            elif not public.startswith("http://"):
                self.problems.append("HEARD_PUBLIC_URL must be an http(s) URL")
        token = str(values["telegram_token"])
        if token and not re.match(r"^\d+:[A-Za-z0-9_-]{20,}$", token):
            self.problems.append("HEARD_TELEGRAM_TOKEN does not look like a BotFather token (digits:letters)")
        production = values["env"] == "production"
        if production and token and values["telegram_mode"] == "webhook" and not public:
            self.problems.append("HEARD_PUBLIC_URL is needed for webhook mode in production")

    def _check_keys(self, values: dict[str, object]) -> None:
        from feedback.crypto import WeakKeyError, check_fernet_key, pseudonym_key_bytes

        production = values["env"] == "production"
        keys = values["secret_keys"]
        assert isinstance(keys, tuple)
        for index, key in enumerate(keys, start=1):
            try:
                check_fernet_key(key)
            except WeakKeyError as exc:
                self.problems.append(
                    f"HEARD_SECRET_KEYS key {index} {exc}; run 'heard keys generate' for a new one"
                )
        pseudonym_key = str(values["pseudonym_key"])
        if pseudonym_key:
            try:
                pseudonym_key_bytes(pseudonym_key)
            except WeakKeyError as exc:
                self.problems.append(f"HEARD_PSEUDONYM_KEY {exc}")
        secret = str(values["webhook_secret"])
        if secret and (not WEBHOOK_SECRET_RE.match(secret) or len(secret) < 16):
            self.problems.append("HEARD_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and -")
        if production:
            missing = [
                name
                for name, value in (
                    ("HEARD_SECRET_KEYS", keys),
                    ("HEARD_PSEUDONYM_KEY", pseudonym_key),
                    ("HEARD_WEBHOOK_SECRET", secret if values["telegram_token"] else "set"),
                )
                if not value
            ]
            for name in missing:
                self.problems.append(
                    f"{name} is required in production (HEARD_ENV=production); "
                    "generate one with 'heard keys generate' and keep it in your secret store"
                )
