"""Run the real Application against the fake Bot API server, as the end-to-end tests need."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from telegram import Update
from telegram.ext import Application

from bot.app import build_application, post_init
from bot.config import Settings
from bot.storage import Storage
from knowledge.engine import AnswerEngine

from .fake_telegram import FakeTelegram

ADMIN_ID = 9001


def settings_for(fake: FakeTelegram, db_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "token": fake.token,
        "db_path": db_path,
        "api_base_url": fake.base_url,
        "admins": frozenset({ADMIN_ID}),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeTelegram, engine: AnswerEngine, db_path: Path, **overrides: object
) -> AsyncIterator[Application]:
    """Start polling like `trainbot run` does; stop cleanly (confirming updates) on exit."""
    storage = Storage.open(db_path)
    app = build_application(settings_for(fake, db_path, **overrides), engine, storage, poll_timeout=1)
    async with app:
        await post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES, drop_pending_updates=False
        )
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    storage.close()
