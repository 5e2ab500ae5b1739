"""Settings from the environment, validated at start with messages a person can act on."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

TOKEN_SHAPE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("trainbot")) / "trainbot.sqlite3"


@dataclass(frozen=True)
class Settings:
    token: str
    db_path: Path = field(default_factory=default_db_path)
    api_base_url: str | None = None  # another Bot API server, e.g. a local one
    admins: frozenset[int] = frozenset()
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"  # noqa: S104 - a webhook must accept outside calls
    webhook_port: int = 8443
    webhook_secret: str | None = None
    log_retention_days: int = 180
    overall_rate: float = 30.0  # messages a second across all chats (Telegram's guidance)
    kb_dir: Path | None = None
    reminder_time: dt.time = dt.time(9, 0)  # Taipei time
    reminder_days: tuple[int, ...] = (30, 7)  # days before the deadline
    bind_code_days: int = 14
    broadcast_rate: float = 25.0  # announcement messages a second, all chats together

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and export its token."
            )
        if not TOKEN_SHAPE.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then"
                " letters), e.g. 123456789:AAH…; copy it again from @BotFather."
            )
        base = env.get("TELEGRAM_API_BASE_URL", "").strip() or None
        if base and not re.match(r"^https?://[^\s/]+", base):
            raise ConfigError(
                f"TELEGRAM_API_BASE_URL must be an http(s) address such as"
                f" http://127.0.0.1:8081/bot, got {base!r}."
            )
        webhook = env.get("TRAINBOT_WEBHOOK_URL", "").strip() or None
        secret = env.get("TRAINBOT_WEBHOOK_SECRET", "").strip() or None
        if webhook:
            if not webhook.startswith("https://"):
                raise ConfigError("TRAINBOT_WEBHOOK_URL must start with https:// (Telegram's rule).")
            if not secret or not re.fullmatch(r"[A-Za-z0-9_-]{8,256}", secret):
                raise ConfigError(
                    "TRAINBOT_WEBHOOK_SECRET must be set in webhook mode: 8-256 characters of"
                    " A-Z, a-z, 0-9, _ or -. Telegram sends it with every update and the bot"
                    " rejects calls without it."
                )
        db = env.get("TRAINBOT_DB", "").strip()
        kb = env.get("TRAINBOT_KB_DIR", "").strip()
        return cls(
            token=token,
            db_path=Path(db).expanduser() if db else default_db_path(),
            api_base_url=base,
            admins=_admins(env.get("TRAINBOT_ADMINS", "")),
            webhook_url=webhook,
            webhook_listen=env.get("TRAINBOT_WEBHOOK_LISTEN", "").strip() or "0.0.0.0",  # noqa: S104
            webhook_port=_int(env, "TRAINBOT_WEBHOOK_PORT", 8443, 1, 65535),
            webhook_secret=secret,
            log_retention_days=_int(env, "TRAINBOT_LOG_RETENTION_DAYS", 180, 1, 3650),
            overall_rate=float(_int(env, "TRAINBOT_MAX_MESSAGES_PER_SECOND", 30, 1, 10_000)),
            kb_dir=Path(kb) if kb else None,
            reminder_time=_time(env.get("TRAINBOT_REMINDER_TIME", "")),
            reminder_days=_days(env.get("TRAINBOT_REMINDER_DAYS", "")),
            bind_code_days=_int(env, "TRAINBOT_BIND_CODE_DAYS", 14, 1, 365),
            broadcast_rate=float(_int(env, "TRAINBOT_BROADCAST_RATE", 25, 1, 10_000)),
        )


def _time(raw: str) -> dt.time:
    raw = raw.strip()
    if not raw:
        return dt.time(9, 0)
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ConfigError(f"TRAINBOT_REMINDER_TIME must be HH:MM (Taipei time), got {raw!r}.")
    return dt.time(int(m.group(1)), int(m.group(2)))


def _days(raw: str) -> tuple[int, ...]:
    parts = [p for p in re.split(r"[,\s]+", raw.strip()) if p]
    if not parts:
        return (30, 7)
    if not all(p.isdigit() and 0 < int(p) <= 366 for p in parts):
        raise ConfigError(
            f"TRAINBOT_REMINDER_DAYS must list days before the deadline, e.g. 30,7; got {raw!r}."
        )
    return tuple(sorted({int(p) for p in parts}, reverse=True))


def _admins(raw: str) -> frozenset[int]:
    ids = set()
    for part in re.split(r"[,\s]+", raw.strip()):
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ConfigError(
                f"TRAINBOT_ADMINS must list numeric Telegram user ids separated by commas;"
                f" {part!r} is not one (ask @userinfobot for yours)."
            )
        ids.add(int(part))
    return frozenset(ids)


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, got {raw!r}.")
    return int(raw)
