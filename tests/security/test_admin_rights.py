"""Issue 10, item 2: admin rights are checked at every step, button and job, not just once."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.storage import Storage
from handlers import texts
from knowledge.announcements.announcement import parse_announcement
from knowledge.computation.dates import TAIPEI

from ..bot_harness import ADMIN_ID, running_bot
from .helpers import ROSTER, rows, say

SUBSCRIBER = 3131
PREVIEW_MESSAGE = {"message_id": 1, "date": 0, "chat": {"id": ADMIN_ID, "type": "private"}}


async def compose_to_preview(fake) -> None:
    """An admin composes a whole announcement in chat, up to the preview and its buttons."""
    await say(fake, "/announce", ADMIN_ID)
    await say(fake, "英文簡報實務班", ADMIN_ID)
    for _ in ("starts_at", "place", "organiser"):
        await say(fake, "/skip", ADMIN_ID)
    before = len(fake.sent("sendMessage", chat_id=ADMIN_ID))
    fake.push_callback("ann:aud:all", PREVIEW_MESSAGE, user_id=ADMIN_ID)
    await fake.wait_for("sendMessage", before + 1, chat_id=ADMIN_ID)
    for _ in ("hours", "categories", "link", "deadline"):
        await say(fake, "/skip", ADMIN_ID)
    before = len(fake.sent("sendMessage", chat_id=ADMIN_ID))
    fake.push_text("歡迎報名。", user_id=ADMIN_ID)
    await fake.wait_for("sendMessage", before + 2, chat_id=ADMIN_ID)  # header and preview


async def test_removed_admin_cannot_finish_a_saved_draft(fake, engine, tmp_path):
    db = tmp_path / "adm.db"
    async with running_bot(fake, engine, db):
        await say(fake, "/start", SUBSCRIBER)
        await compose_to_preview(fake)
    # Restarted with the admin removed from TRAINBOT_ADMINS: the draft and its state survive.
    async with running_bot(fake, engine, db, admins=frozenset()):
        acks = len(fake.sent("answerCallbackQuery"))
        fake.push_callback("ann:send", PREVIEW_MESSAGE, user_id=ADMIN_ID)
        ack = (await fake.wait_for("answerCallbackQuery", acks + 1))[-1]
        assert texts.ADMIN_REVOKED == ack.params["text"]
        # The next typed text is a plain question again, not a field of the old draft.
        assert not (await say(fake, "/skip", ADMIN_ID)).startswith("這一項必填")
        assert texts.ADMIN_ONLY == await say(fake, "/report", ADMIN_ID)
        assert texts.ADMIN_ONLY == await say(fake, "/announcements", ADMIN_ID)
        assert texts.HOURS_BAD_ARG == await say(fake, "/hours A001", ADMIN_ID)
        before = len(fake.sent("sendMessage", chat_id=ADMIN_ID))
        fake.push_document("roster.csv", ROSTER.encode(), user_id=ADMIN_ID)
        reply = (await fake.wait_for("sendMessage", before + 1, chat_id=ADMIN_ID))[-1]
        assert texts.NOT_TEXT_FILE == reply.params["text"]
        await asyncio.sleep(2.5)  # a broadcast tick would have started a queued announcement
    assert [] == rows(db, "SELECT id FROM announcements")
    assert [] == rows(db, "SELECT * FROM employees")
    assert not [
        c
        for c in fake.sent("sendMessage", chat_id=SUBSCRIBER)
        if c.params["text"].startswith("📢")
    ]


async def test_scheduled_announcement_of_a_removed_admin_is_not_sent(fake, engine, tmp_path):
    db = tmp_path / "sched.db"
    storage = Storage.open(db)
    storage.subscribe(SUBSCRIBER)
    when = dt.datetime.now(TAIPEI) + dt.timedelta(seconds=1)
    announcement = parse_announcement({"title": "排程課程", "body": "歡迎報名。"})
    storage.queue_announcement(announcement, f"telegram:{ADMIN_ID}", ADMIN_ID, when)
    storage.queue_announcement(announcement, "cli:hr", None, when)  # the CLI is trusted
    storage.close()
    async with running_bot(fake, engine, db, admins=frozenset({1})):
        notice = (await fake.wait_for("sendMessage", 1, chat_id=ADMIN_ID, timeout=15))[0]
        assert notice.params["text"] == texts.ANNOUNCE_AUTHOR_REVOKED.format(id=1)
        await fake.wait_for("sendMessage", 1, chat_id=SUBSCRIBER, timeout=15)
        await asyncio.sleep(2.5)
    assert [(1, "cancelled"), (2, "done")] == rows(db, "SELECT id, status FROM announcements")
    assert 1 == len(fake.sent("sendMessage", chat_id=SUBSCRIBER))
