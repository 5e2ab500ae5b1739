"""Issue 10, item 4: /forget deletes everything the bot holds about a user, after a button."""

from __future__ import annotations

import asyncio
import pickle

from handlers import texts

from ..bot_harness import ADMIN_ID, running_bot
from .helpers import load_roster, message_at, places_holding, rows, say
from .test_privacy import USER, drafts_file, use_every_feature

SECRET_QUESTION = "我的留職停薪進修申請被退回了怎麼辦 ZQX-7741"


def stored_bytes(folder) -> bytes:
    """The database file and its WAL as they lie on disk."""
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("forget.db"))


async def test_forget_after_confirmation_leaves_only_the_fact_of_a_deletion(
    fake, engine, tmp_path
):
    db = tmp_path / "forget.db"
    load_roster(db)
    async with running_bot(fake, engine, db) as app:
        await use_every_feature(fake, db)
        await say(fake, SECRET_QUESTION, USER)
        assert SECRET_QUESTION.encode() in stored_bytes(tmp_path)  # the check below can fail
        user_hash = app.bot_data["storage"].user_hash(USER)
        # Someone else cannot forget USER: the button acts for whoever taps it.
        confirm = await say(fake, "/forget", USER)
        assert texts.FORGET_CONFIRM == confirm
        buttons = fake.sent("sendMessage", chat_id=USER)[-1].params["reply_markup"][
            "inline_keyboard"
        ][0]
        yes, no = buttons[0]["callback_data"], buttons[1]["callback_data"]
        fake.push_callback(yes, message_at(USER), user_id=7777)  # tampering: not USER's data
        await fake.wait_for("answerCallbackQuery", 4)
        await asyncio.sleep(0.2)
        assert "bindings.user_id" in places_holding(db, USER)
        fake.push_callback(no, message_at(USER), user_id=USER)
        ack = (await fake.wait_for("answerCallbackQuery", 5))[-1]
        assert texts.FORGET_KEPT == ack.params["text"]
        assert places_holding(db, USER)  # nothing deleted yet
        fake.push_callback(yes, message_at(USER), user_id=USER)
        done = await fake.wait_for(
            "sendMessage", len(fake.sent("sendMessage", chat_id=USER)) + 1, chat_id=USER
        )
        assert texts.FORGET_DONE == done[-1].params["text"]
        assert SECRET_QUESTION.encode() not in stored_bytes(tmp_path)  # at once, bot running
        assert texts.HOURS_NOT_BOUND == await say(fake, "/hours", USER)  # unbound
        await asyncio.sleep(0.2)
    assert set() == places_holding(db, USER)
    for table in ("questions", "feedback", "interest", "bind_attempts"):
        assert [] == rows(db, f"SELECT * FROM {table} WHERE user_hash = ?", user_hash), table  # noqa: S608
    assert [("user", "forget", "", "")] * 2 == rows(  # the stranger's own, and USER's
        db, "SELECT actor, action, target, detail FROM audit WHERE action = 'forget'"
    )
    assert [] == rows(db, "SELECT * FROM bind_codes WHERE used_at IS NULL AND revoked_at IS NULL")
    assert SECRET_QUESTION.encode() not in stored_bytes(tmp_path)  # nor in freed pages or WAL
    with drafts_file(db).open("rb") as fh:
        assert USER not in pickle.load(fh)["user_data"]


async def test_forget_mid_draft_drops_the_draft_from_the_persistence_file(fake, engine, tmp_path):
    db = tmp_path / "draft.db"
    async with running_bot(fake, engine, db):
        await say(fake, "/announce", ADMIN_ID)
        await say(fake, "只有我知道的草稿標題", ADMIN_ID)
        assert texts.FORGET_CONFIRM == await say(fake, "/forget", ADMIN_ID)
        fake.push_callback("x:1", message_at(ADMIN_ID), user_id=ADMIN_ID)
        await fake.wait_for("answerCallbackQuery", 1)
        await asyncio.sleep(0.3)
    with drafts_file(db).open("rb") as fh:
        persisted = pickle.load(fh)
    assert ADMIN_ID not in persisted["user_data"]
    assert all(ADMIN_ID not in key for conv in persisted["conversations"].values() for key in conv)
    assert "只有我知道的草稿標題".encode() not in drafts_file(db).read_bytes()
