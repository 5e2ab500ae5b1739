"""Questions through the real Application and a fake Bot API server on 127.0.0.1.

- sustained throughput: 3,000 questions queued at once, time until the last reply arrives;
- latency: 1,000 questions paced at 50 a second, from the update being available to
  getUpdates until its reply reaches the server; p50 and p99;
- peak RSS of the process (which also runs the fake server, so the figure is pessimistic).
The outgoing limiter is raised to 10,000 messages/s for the run so the figures measure the bot,
not Telegram's 30/s guidance that production keeps.
Run: python benchmarks/bot_speed.py
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.engine import AnswerEngine  # noqa: E402
from tests.bot_harness import running_bot  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

QUESTIONS = ["留停去讀書可以留多久", "部分辦公時間公假幾小時", "每年要上幾小時課", "補助",
             "帶薪進修8個月要服務多久", "英檢中級有獎勵嗎", "今天天氣如何", "預算員額32人名額幾人"]


def replies_by_chat(fake: FakeTelegram) -> dict[int, float]:
    return {int(c.params["chat_id"]): c.at for c in fake.sent("sendMessage")}


async def throughput(engine: AnswerEngine, db: Path, n: int = 3000) -> float:
    fake = FakeTelegram()
    await fake.start()
    async with running_bot(fake, engine, db, overall_rate=10_000.0):
        await asyncio.sleep(0.5)
        start = time.perf_counter()
        for i in range(n):
            fake.push_text(QUESTIONS[i % len(QUESTIONS)], user_id=10_000 + i)
        calls = await fake.wait_for("sendMessage", n, timeout=300)
        elapsed = calls[-1].at - start
    await fake.stop()
    return n / elapsed


async def latency(engine: AnswerEngine, db: Path, n: int = 1000, rate: float = 50) -> list[float]:
    fake = FakeTelegram()
    await fake.start()
    pushed: dict[int, int] = {}
    async with running_bot(fake, engine, db, overall_rate=10_000.0):
        await asyncio.sleep(0.5)
        start = time.perf_counter()
        for i in range(n):
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
            chat = 50_000 + i
            pushed[chat] = fake.push_text(QUESTIONS[i % len(QUESTIONS)], user_id=chat)
        await fake.wait_for("sendMessage", n, timeout=120)
    await fake.stop()
    replied = replies_by_chat(fake)
    return sorted((replied[chat] - fake.available_at[uid]) * 1000 for chat, uid in pushed.items())


async def main() -> None:
    engine = AnswerEngine.load()
    with tempfile.TemporaryDirectory() as tmp:
        qps = await throughput(engine, Path(tmp) / "t.db")
        lat = await latency(engine, Path(tmp) / "l.db")
    p50, p99 = lat[len(lat) // 2], lat[int(len(lat) * 0.99)]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"sustained: {qps:,.0f} questions/s (3,000 queued at once)")
    print(f"latency at 50 questions/s, update available → reply received: "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms (n={len(lat)})")
    print(f"peak RSS (bot + fake server in one process): {rss:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
