"""Proof list: forged callback data, and another user's log id in a 👎 button."""

from __future__ import annotations

import asyncio

from handlers import texts

from ..bot_harness import running_bot
from .helpers import message_at, rows, say

ASKER, OTHER = 1357, 2468


async def test_vote_with_another_users_log_id_is_refused(fake, engine, tmp_path):
    db = tmp_path / "v.db"
    async with running_bot(fake, engine, db):
        await say(fake, "留停進修最長可以多久", ASKER)
        keyboard = fake.sent("sendMessage", chat_id=ASKER)[-1].params["reply_markup"]
        thumbs_down = keyboard["inline_keyboard"][0][1]["callback_data"]
        assert thumbs_down.startswith("v:0:")
        fake.push_callback(thumbs_down, message_at(OTHER), user_id=OTHER)
        ack = (await fake.wait_for("answerCallbackQuery", 1))[-1]
        assert texts.EXPIRED_BUTTON == ack.params["text"]
        assert [] == rows(db, "SELECT * FROM feedback")
        fake.push_callback(thumbs_down, message_at(ASKER), user_id=ASKER)  # the asker may
        ack = (await fake.wait_for("answerCallbackQuery", 2))[-1]
        assert texts.THANKS_NOT_HELPFUL == ack.params["text"]
    assert [(0,)] == rows(db, "SELECT helpful FROM feedback")


FORGED = [
    "v:1:999999",  # a log id that does not exist
    "v:1:-1",
    "v:9:1",
    "e:../../etc/passwd",
    "e:" + "A" * 200,  # over Telegram's 64 bytes
    "i:999",
    "i:1 OR 1=1",
    "t:<script>",
    "t:'; DROP TABLE subscribers; --",
    "h:99999",
    "h:2024",
    "ann:send",
    "ann:aud:all",
    "ann:field:title",
    "x:2",
    "x:1:5550",
    "",
    "\u0000\u202e",
    "🙂" * 16,
]


async def test_forged_callback_data_is_answered_and_changes_nothing(fake, engine, tmp_path):
    db = tmp_path / "t.db"
    async with running_bot(fake, engine, db):
        await say(fake, "/start", OTHER)
        before = {
            t: rows(db, f"SELECT * FROM {t}")
            for t in (  # noqa: S608
                "subscribers",
                "subscriber_topics",
                "feedback",
                "interest",
                "bindings",
                "announcements",
                "audit",
            )
        }
        for data in FORGED:
            fake.push_callback(data, message_at(OTHER), user_id=OTHER)
        acks = await fake.wait_for("answerCallbackQuery", len(FORGED), timeout=15)
        await asyncio.sleep(0.5)
        after = {t: rows(db, f"SELECT * FROM {t}") for t in before}  # noqa: S608
    assert before == after
    odd = [a.params.get("text") for a in acks
           if a.params.get("text") not in (None, texts.EXPIRED_BUTTON, texts.FORGET_KEPT,
                                           texts.ADMIN_ONLY)]
    assert [] == odd
    replies = [c.params["text"] for c in fake.sent("sendMessage", chat_id=OTHER)][1:]
    assert texts.ERROR not in replies
    assert not [r for r in replies if r.startswith(("📢", "已刪除"))]
