"""Correcting an announcement delivered to 5,000 subscribers, through `trainbot run` and the
fake Bot API server (which checks that each edit targets a message it delivered).

As in broadcast_speed.py the limit is raised for the run (200 messages/s; production 25/s,
where 5,000 edits take 200 s). Prints the edit rate against the limit, edits per chat (must
be exactly 1), and how many chats show the corrected text at the end.
Run: python benchmarks/correct_speed.py [SUBSCRIBERS]
"""

from __future__ import annotations

import asyncio
import collections
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage import Storage  # noqa: E402
from knowledge.announcements.announcement import parse_announcement  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

SUBSCRIBERS = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
LIMIT = 200


def announcement(body: str):  # noqa: ANN201 - a benchmark helper
    return parse_announcement({"title": "環境教育講座", "body": body, "place": "市府大樓"})


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "c.db"
        with Storage.open(db) as storage:
            for chat in range(1, SUBSCRIBERS + 1):
                storage.subscribe(chat)
            announcement_id = storage.queue_announcement(announcement("歡迎報名。"), "bench")
        fake = FakeTelegram()
        await fake.start()
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake.token,
               "TELEGRAM_API_BASE_URL": fake.base_url, "TRAINBOT_DB": str(db),
               "TRAINBOT_BROADCAST_RATE": str(LIMIT), "TRAINBOT_MAX_MESSAGES_PER_SECOND": "5000"}
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        try:
            while sum(1 for c in fake.sent("sendMessage") if "歡迎報名" in c.params.get("text", "")) < SUBSCRIBERS:
                await asyncio.sleep(0.2)
            with Storage.open(db) as storage:
                assert "ok" == storage.correct_announcement(
                    announcement_id, announcement("更正：改在二樓禮堂。"), "bench")
            started = time.perf_counter()
            while len(fake.sent("editMessageText")) < SUBSCRIBERS:
                await asyncio.sleep(0.1)
            elapsed = time.perf_counter() - started
            edits = fake.sent("editMessageText")
            span = edits[-1].at - edits[0].at
        finally:
            bot.terminate()
            await bot.wait()
            await fake.stop()
    per_chat = collections.Counter(int(c.params["chat_id"]) for c in edits)
    corrected = sum(1 for t in fake.messages.values() if "二樓禮堂" in t)
    print(f"subscribers: {SUBSCRIBERS:,}; limit {LIMIT}/s (production 25/s)")
    print(f"edits: {len(edits):,} in {span:.1f} s = {len(edits) / span:.1f}/s "
          f"({100 * len(edits) / span / LIMIT:.1f}% of the limit); "
          f"from the correction to the last edit {elapsed:.1f} s")
    print(f"edits per chat: max {max(per_chat.values())}, min {min(per_chat.values())}; "
          f"chats showing the corrected text: {corrected:,}")


if __name__ == "__main__":
    asyncio.run(main())
