"""`trainbot run` as a real process: answers over HTTP, and SIGTERM stops it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from .conftest import ROOT
from .fake_telegram import FakeTelegram


async def test_trainbot_run_answers_and_stops_on_sigterm(tmp_path):
    fake = FakeTelegram()
    await fake.start()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
           "TRAINBOT_DB": str(tmp_path / "run.db"), "TRAINBOT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("TRAINBOT_WEBHOOK_URL", None)
    fake.push_text("留停進修最長可以多久")  # sent while the bot was down: must still be answered
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        (reply,) = await fake.wait_for("sendMessage", timeout=60)
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    finally:
        if proc.returncode is None:
            proc.kill()
        await fake.stop()
    assert reply.params["text"].startswith("1年")
    assert 0 == proc.returncode, err.decode()[-2000:]
    assert b"Traceback" not in err
    assert fake.confirmed_offset == 2  # the handled update was confirmed before exit
    assert (tmp_path / "run.db").exists()


async def test_kill_9_mid_broadcast_then_restart_sends_nothing_twice(tmp_path):
    from bot.storage import Storage
    from knowledge.announcements.announcement import parse_announcement

    fake = FakeTelegram()
    await fake.start()
    db = tmp_path / "kill.db"
    users = list(range(1000, 1080))
    storage = Storage.open(db)
    for user in users:
        storage.subscribe(user)
    announcement = parse_announcement({"title": "英語簡報技巧班", "body": "歡迎報名。"})
    storage.queue_announcement(announcement, "test")
    storage.close()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
           "TRAINBOT_DB": str(db), "TRAINBOT_CACHE_DIR": str(tmp_path / "cache"),
           "TRAINBOT_BROADCAST_RATE": "20"}

    def delivered() -> list[int]:
        return [int(c.params["chat_id"]) for c in fake.sent("sendMessage")
                if c.params.get("text", "").startswith("📢")]

    async def until(predicate, timeout: float) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            assert asyncio.get_running_loop().time() < deadline, "timed out"
            await asyncio.sleep(0.05)

    async def spawn():
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)

    try:
        proc = await spawn()
        await until(lambda: len(delivered()) >= 20, 60)
        proc.kill()  # SIGKILL: no shutdown, no cleanup
        await proc.wait()
        before = len(delivered())
        assert before < len(users)
        proc = await spawn()
        storage = Storage.open(db)
        try:
            await until(lambda: storage.delivery_counts(1)["pending"] == 0
                        and storage.delivery_counts(1)["sending"] == 0, 60)
            counts = storage.delivery_counts(1)
        finally:
            storage.close()
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
        await fake.stop()
    sent = delivered()
    assert len(sent) == len(set(sent))  # not one chat got it twice
    assert len(users) == counts["sent"] + counts["uncertain"]
    # every `sent` row reached Telegram; an `uncertain` one may or may not have
    assert counts["sent"] <= len(sent) <= counts["sent"] + counts["uncertain"]
