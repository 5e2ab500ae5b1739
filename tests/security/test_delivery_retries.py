"""Issue 10, item 8: a reply that fails for a passing reason is retried, never dropped."""

from __future__ import annotations

import asyncio

from handlers import texts

from ..bot_harness import running_bot
from ..fake_telegram import Fault

USER = 2468
ANSWER_START = "1年"  # 留停進修最長可以多久 → 1年…


def answer_attempts(fake):
    return [
        c
        for c in fake.sent("sendMessage", chat_id=USER)
        if c.params["text"].startswith(ANSWER_START)
    ]


async def test_5xx_is_retried_with_backoff_until_the_answer_arrives(fake, engine, tmp_path):
    async with running_bot(fake, engine, tmp_path / "r.db"):
        fake.fail("sendMessage", Fault(status=502), Fault(status=500))
        fake.push_text("留停進修最長可以多久", user_id=USER)
        await fake.wait_for("sendMessage", 3, chat_id=USER, timeout=15)
        await asyncio.sleep(0.3)
    tries = answer_attempts(fake)
    assert 3 == len(tries)  # two failures, then the answer got through
    gaps = [b.at - a.at for a, b in zip(tries, tries[1:], strict=False)]
    assert gaps[0] >= 0.45 and gaps[1] >= 0.95  # backoff 0.5 s, then 1 s
    assert not [
        c for c in fake.sent("sendMessage", chat_id=USER) if c.params["text"] == texts.ERROR
    ]


async def test_400_is_not_retried_and_the_user_is_told(fake, engine, tmp_path):
    async with running_bot(fake, engine, tmp_path / "b.db"):
        fake.fail("sendMessage", Fault(status=400))
        fake.push_text("留停進修最長可以多久", user_id=USER)
        await fake.wait_for("sendMessage", 2, chat_id=USER, timeout=15)
        await asyncio.sleep(1.0)  # a retry would show up here
    assert 1 == len(answer_attempts(fake))
    assert texts.ERROR == fake.sent("sendMessage", chat_id=USER)[-1].params["text"]


async def test_429_waits_its_retry_after(fake, engine, tmp_path):
    async with running_bot(fake, engine, tmp_path / "t.db"):
        fake.fail("sendMessage", Fault(status=429, retry_after=1))
        fake.push_text("留停進修最長可以多久", user_id=USER)
        await fake.wait_for("sendMessage", 2, chat_id=USER, timeout=15)
    first, second = answer_attempts(fake)
    assert second.at - first.at >= 1.0
