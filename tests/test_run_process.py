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
    fake.push_text("留停可以多久")  # sent while the bot was down: must still be answered
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
