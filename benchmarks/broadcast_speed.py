"""An announcement to 10,000 subscribers through `trainbot run` and a fake Bot API server.

The bot runs as its own process, as deployed; the fake server runs in this one (as Telegram's
servers would be elsewhere). The broadcast limit is set to 200 messages/s for the run
(production: 25/s) with the overall reply limiter above it, and other users ask 10 questions a
second meanwhile. Prints the achieved broadcast rate against the limit, duplicates (must be 0),
question latency p50/p99 during the broadcast (update available to getUpdates → reply received
by the server), and the bot process's peak RSS.
Run: python benchmarks/broadcast_speed.py
"""

from __future__ import annotations

import asyncio
import collections
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage import Storage  # noqa: E402
from knowledge.announcements.announcement import parse_announcement  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

SUBSCRIBERS = 10_000
LIMIT = 200
QUESTIONS = ["留停去讀書可以留多久", "部分辦公時間公假幾小時", "每年要上幾小時課", "英檢中級有獎勵嗎"]
ASKERS = 900_000


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b.db"
        storage = Storage.open(db)
        for chat in range(1, SUBSCRIBERS + 1):
            storage.subscribe(chat)
        storage.close()
        fake = FakeTelegram()
        await fake.start()
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake.token,
               "TELEGRAM_API_BASE_URL": fake.base_url, "TRAINBOT_DB": str(db),
               "TRAINBOT_BROADCAST_RATE": str(LIMIT), "TRAINBOT_MAX_MESSAGES_PER_SECOND": "5000"}
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        while not fake.sent("setMyCommands"):  # started
            await asyncio.sleep(0.05)
        storage = Storage.open(db)
        storage.queue_announcement(
            parse_announcement({"title": "環境教育講座", "body": "歡迎報名。"}), "bench")
        storage.close()
        asked: dict[int, int] = {}

        def broadcast_sent() -> int:
            return sum(1 for c in fake.sent("sendMessage") if int(c.params["chat_id"]) < ASKERS)

        while broadcast_sent() == 0:
            await asyncio.sleep(0.01)
        n = 0
        while broadcast_sent() < SUBSCRIBERS:
            asked[ASKERS + n] = fake.push_text(QUESTIONS[n % len(QUESTIONS)], user_id=ASKERS + n)
            n += 1
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        rss = peak_rss_mb(bot.pid)
        bot.terminate()
        await bot.wait()
        await fake.stop()
    sends = [c for c in fake.sent("sendMessage") if int(c.params["chat_id"]) < ASKERS]
    times = sorted(c.at for c in sends)
    rate = (len(times) - 1) / (times[-1] - times[0])
    dupes = sum(k - 1 for k in collections.Counter(int(c.params["chat_id"]) for c in sends).values())
    replies = {int(c.params["chat_id"]): c.at for c in fake.sent("sendMessage")
               if int(c.params["chat_id"]) >= ASKERS}
    lat = sorted((replies[u] - fake.available_at[uid]) * 1000 for u, uid in asked.items() if u in replies)
    print(f"broadcast to {len(sends):,} subscribers at a limit of {LIMIT}/s: achieved "
          f"{rate:.1f} messages/s ({rate / LIMIT:.1%} of the limit) over {times[-1] - times[0]:.1f} s;"
          f" duplicates: {dupes}")
    print(f"questions during the broadcast: {len(lat)} of {len(asked)} answered, "
          f"p50 {lat[len(lat) // 2]:.1f} ms, p99 {lat[int(len(lat) * 0.99)]:.1f} ms")
    print(f"peak RSS of the bot process: {rss:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
