"""Settings: every invalid variable gives a readable error; production refuses generated keys."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.keys import with_local_keys
from bot.settings import ENV_VARS, Settings, SettingsError
from feedback.crypto import generate_fernet_key, generate_pseudonym_key

GOOD_KEYS = {
    "HEARD_SECRET_KEYS": generate_fernet_key(),
    "HEARD_PSEUDONYM_KEY": generate_pseudonym_key(),
    "HEARD_WEBHOOK_SECRET": "s3cret-webhook-token-123",
}


def test_defaults_are_sensible() -> None:
    settings = Settings.from_env({})
    assert settings.host == "127.0.0.1" and settings.port == 8080
    assert settings.env == "development" and settings.suppression_max == 5
    assert settings.retention_days == 90
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert settings.resolved_database_url.endswith("var/heard.db")


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("HEARD_PORT", "eighty", "HEARD_PORT='eighty' is not a whole number"),
        ("HEARD_PORT", "70000", "HEARD_PORT=70000 is out of range"),
        ("HEARD_ENV", "prod", "HEARD_ENV='prod' is not valid; use one of: development, production"),
        ("HEARD_TELEGRAM_MODE", "push", "HEARD_TELEGRAM_MODE='push' is not valid"),
        (
            "HEARD_DATABASE_URL",
            "mysql://x/y",
            "HEARD_DATABASE_URL must start with sqlite:/// or postgresql://",
        ),
        ("HEARD_SECRET_KEYS", "not-a-key", "HEARD_SECRET_KEYS key 1"),
        ("HEARD_PSEUDONYM_KEY", "short", "HEARD_PSEUDONYM_KEY is 5 bytes"),
        ("HEARD_WEBHOOK_SECRET", "has spaces in it!", "HEARD_WEBHOOK_SECRET must be 16-256 characters"),
        ("HEARD_TELEGRAM_TOKEN", "nonsense", "HEARD_TELEGRAM_TOKEN does not look like a BotFather token"),
        ("HEARD_TELEGRAM_API_URL", "ftp://x", "HEARD_TELEGRAM_API_URL must be an http(s) URL"),
        ("HEARD_RETENTION_DAYS", "0", "HEARD_RETENTION_DAYS=0 is out of range"),
        ("HEARD_SUPPRESSION_MAX", "-1", "HEARD_SUPPRESSION_MAX=-1 is out of range"),
        ("HEARD_TAXONOMY", "/no/such/file.json", "HEARD_TAXONOMY='/no/such/file.json' does not exist"),
        ("HEARD_LOG_LEVEL", "loud", "HEARD_LOG_LEVEL='loud' is not valid"),
    ],
)
def test_each_invalid_variable_is_named_with_a_fix(name: str, value: str, expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({name: value})
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems
    assert name in str(caught.value)


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"HEARD_PORT": "x", "HEARD_ENV": "nope", "HEARD_SECRET_KEYS": "bad"})
    assert len(caught.value.problems) == 3


def test_production_refuses_missing_keys_and_does_not_generate(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"HEARD_ENV": "production", "HEARD_DATA_DIR": str(tmp_path)})
    text = str(caught.value)
    assert "HEARD_SECRET_KEYS is required in production" in text
    assert "HEARD_PSEUDONYM_KEY is required in production" in text
    settings = Settings.from_env({"HEARD_ENV": "production", "HEARD_DATA_DIR": str(tmp_path), **GOOD_KEYS})
    assert with_local_keys(settings) is settings
    assert not (tmp_path / "keys.json").exists()


def test_production_refuses_weak_keys() -> None:
    with pytest.raises(SettingsError, match="HEARD_PSEUDONYM_KEY"):
        Settings.from_env({"HEARD_ENV": "production", **GOOD_KEYS, "HEARD_PSEUDONYM_KEY": "a" * 40})


def test_development_generates_keys_once_into_a_private_file(tmp_path: Path) -> None:
    settings = Settings.from_env({"HEARD_DATA_DIR": str(tmp_path / "var")})
    first = with_local_keys(settings)
    second = with_local_keys(settings)
    keys_file = tmp_path / "var" / "keys.json"
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    assert first.secret_keys == second.secret_keys and first.pseudonym_key == second.pseudonym_key
    assert first.keys_generated
    assert Settings.from_env(
        {"HEARD_SECRET_KEYS": ",".join(first.secret_keys), "HEARD_PSEUDONYM_KEY": first.pseudonym_key}
    )


def test_secrets_never_appear_in_repr() -> None:
    settings = Settings.from_env(GOOD_KEYS)
    assert GOOD_KEYS["HEARD_PSEUDONYM_KEY"] not in repr(settings)
    assert GOOD_KEYS["HEARD_SECRET_KEYS"] not in repr(settings)


def test_every_variable_read_is_documented() -> None:
    import inspect

    import bot.settings as module

    source = inspect.getsource(module._Reader)
    read = set(__import__("re").findall(r'"(HEARD_[A-Z_]+)"', source))
    documented = {name for name, _, _ in ENV_VARS}
    assert read <= documented, read - documented


def test_readme_configuration_table_lists_every_variable() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [name for name, _, _ in ENV_VARS if f"| `{name}` |" not in readme]
    assert missing == []


def test_trusted_proxies_are_networks() -> None:
    from bot.settings import _Reader

    reader = _Reader({"HEARD_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.4,nonsense"})
    assert reader.networks("HEARD_TRUSTED_PROXIES") == ("10.0.0.0/8", "192.168.1.4/32")
    assert any("nonsense" in p for p in reader.problems)
