"""Proof list: HTML/markup injection in questions and announcement fields, and a 12,000-
character message."""

from __future__ import annotations

import asyncio
import re

from handlers import texts
from knowledge.results import TRUNCATED_NOTE

from ..bot_harness import ADMIN_ID, running_bot
from .helpers import cli, rows, say

USER = 7531
MARKUP = '<a href="tg://user?id=1">人事室</a><b>粗體</b><script>x</script>&amp;'
ALLOWED_TAGS = {"b", "/b"}  # the only tags the bot itself writes in these messages


def tags(html: str) -> set[str]:
    return {m.lower() for m in re.findall(r"<(/?[a-zA-Z]+)", html)}


async def test_markup_in_questions_and_announcements_is_shown_as_text(fake, engine, tmp_path):
    db = tmp_path / "h.db"
    spec = tmp_path / "ann.yaml"
    spec.write_text(
        f"title: '{MARKUP}'\nplace: '{MARKUP}'\norganiser: '<i>主辦</i>'\n"
        f"body: '{MARKUP}'\nlink: 'https://example.org/?a=<b>&c=\"x\"'\n",
        encoding="utf-8",
    )
    async with running_bot(fake, engine, db):
        await say(fake, "/start", USER)
        answer = await say(fake, f"留停進修最長可以多久 {MARKUP}", USER)
        assert tags(answer) <= ALLOWED_TAGS
        code, out, err = await cli(db, "announce", str(spec))
        assert 0 == code, err
        for _ in range(300):
            sent = [
                c
                for c in fake.sent("sendMessage", chat_id=USER)
                if c.params["text"].startswith("📢")
            ]
            if sent:
                break
            await asyncio.sleep(0.1)
        delivered = sent[0].params["text"]
        assert tags(delivered) <= ALLOWED_TAGS and "&lt;a href=" in delivered
        report = await say(fake, "/report", ADMIN_ID)
        listing = await say(fake, "/announcements", ADMIN_ID)
    for html in (report, listing):
        assert tags(html) <= ALLOWED_TAGS, html


async def test_a_12000_character_message_is_answered_and_stored_cut(fake, engine, tmp_path):
    db = tmp_path / "l.db"
    text = ("留職停薪進修最長多久？" + "我想再補充說明一下我的狀況。" * 900)[:12_000]
    assert 12_000 == len(text)
    async with running_bot(fake, engine, db):
        fake.push_text(text, user_id=USER)
        replies = await fake.wait_for("sendMessage", 1, chat_id=USER, timeout=15)
        await asyncio.sleep(0.3)
    reply = "".join(c.params["text"] for c in fake.sent("sendMessage", chat_id=USER))
    assert texts.ERROR not in reply and TRUNCATED_NOTE in reply
    assert all(len(c.params["text"]) <= 4096 for c in replies)
    assert [(10_000,)] == rows(db, "SELECT LENGTH(text) FROM questions")
