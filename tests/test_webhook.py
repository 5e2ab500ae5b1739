"""Webhook mode: updates arrive over HTTP with Telegram's secret header, or are refused."""

from __future__ import annotations

import json
import socket

import httpx

from bot.app import build_application, post_init, webhook_options
from bot.storage import Storage

from .bot_harness import settings_for
from .fake_telegram import FakeTelegram


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_checks_the_secret_and_answers(engine, tmp_path):
    fake = FakeTelegram()
    await fake.start()
    port = free_port()
    settings = settings_for(
        fake, tmp_path / "w.db", webhook_url="https://bot.example.org/trainbot",
        webhook_secret="s3cret-Token", webhook_listen="127.0.0.1", webhook_port=port,
    )
    storage = Storage.open(settings.db_path)
    app = build_application(settings, engine, storage)
    options = webhook_options(settings)
    update = {"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "x"}, "text": "留停進修最長可以多久"}}
    try:
        async with app:
            await post_init(app)
            await app.start()
            await app.updater.start_webhook(**options)
            url = f"http://127.0.0.1:{port}/trainbot"
            async with httpx.AsyncClient() as client:
                refused = await client.post(url, content=json.dumps(update),
                                            headers={"Content-Type": "application/json"})
                accepted = await client.post(url, content=json.dumps(update), headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token"})
            (reply,) = await fake.wait_for("sendMessage")
            await app.updater.stop()
            await app.stop()
    finally:
        storage.close()
        await fake.stop()
    assert 403 == refused.status_code
    assert 200 == accepted.status_code
    assert reply.params["text"].startswith("1年")
    (set_webhook,) = fake.sent("setWebhook")
    assert "https://bot.example.org/trainbot" == set_webhook.params["url"]
    assert "s3cret-Token" == set_webhook.params["secret_token"]
