"""Issue 10, item 3: what /privacy promises is true of the stored bytes, the persistence file
and the logs; every table has a retention that the daily job enforces."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import pickle

from bot.housekeeping import housekeeping
from bot.storage import Storage
from handlers import texts
from handlers.announce import STARTED
from handlers.services import Retention
from knowledge.announcements.announcement import parse_announcement

from ..bot_harness import ADMIN_ID, running_bot
from .helpers import cli, load_roster, message_at, places_holding, rows, say

USER = 5_550_123_457
CLEAR_ID_ALLOWED = {"subscribers.chat_id", "subscriber_topics.chat_id", "bindings.user_id",
                    "deliveries.chat_id"}  # deliveries: for 2 days, to correct or withdraw


def drafts_file(db):
    return db.with_name(db.name + ".drafts.pickle")


async def use_every_feature(fake, db) -> None:
    """One employee does everything a user can; HR does its part; the announcement is sent."""
    await say(fake, "/start", USER)
    answer = fake.sent("sendMessage", chat_id=USER)
    await say(fake, "留職停薪進修最長多久？", USER)
    vote = fake.sent("sendMessage", chat_id=USER)[-1].params["reply_markup"]["inline_keyboard"][0][
        0
    ]
    fake.push_callback(vote["callback_data"], message_at(USER), user_id=USER)
    fake.push_callback("t:數位", message_at(USER), user_id=USER)
    await fake.wait_for("answerCallbackQuery", 2)
    await say(fake, "/bind WRONGCODE2", USER)
    with Storage.open(db) as storage:
        code = storage.new_bind_code("A001")
        storage.queue_announcement(
            parse_announcement({"title": "數位課", "body": "歡迎。"}),
            f"telegram:{ADMIN_ID}",
            notify_chat=ADMIN_ID,
        )
    assert (await say(fake, f"/bind {code}", USER)).startswith("綁定完成")
    await say(fake, "/hours A001", ADMIN_ID)
    for _ in range(600):  # the announcement reaches USER and the report reaches HR
        if any("發送完成" in c.params.get("text", "") for c in fake.calls):
            break
        await asyncio.sleep(0.05)
    fake.push_callback("i:1", message_at(USER), user_id=USER)
    await fake.wait_for("answerCallbackQuery", 3)
    assert answer  # the /start reply


async def test_clear_ids_only_where_the_bot_must_message_the_person(
    fake, engine, tmp_path, caplog
):
    db = tmp_path / "priv.db"
    load_roster(db)
    caplog.set_level(logging.INFO)
    async with running_bot(fake, engine, db) as app:
        await use_every_feature(fake, db)
        services = app.bot_data["services"]

        def boom(user_id, code):
            raise RuntimeError("storage failure")

        services.hours.bind = boom  # a failure while a binding code is in hand
        assert texts.ERROR == await say(fake, "/bind SECRETCODE9", USER)
        assert texts.ERROR == await say(fake, "/start SECRETCODE8", USER)
        del services.hours.bind
        long_text = "我想問" + "很長的問題" * 20
        services.engine = None  # any failure while answering a long message
        assert texts.ERROR == await say(fake, long_text, USER)
        await say(fake, "/announce", ADMIN_ID)  # HR leaves a draft unfinished
        notice = await say(fake, "/privacy", USER)
        await asyncio.sleep(0.3)
    keep = Retention()
    for figure in (keep.questions, keep.idle_subscribers, keep.notices, keep.bind_codes, keep.delivered_ledger,
                   keep.bind_attempts, keep.drafts, keep.audit):
        assert f"{figure} 天" in notice
    assert "/forget" in notice and "前 40 個字" in notice
    assert places_holding(db, USER) <= CLEAR_ID_ALLOWED
    assert {"subscribers.chat_id", "bindings.user_id"} <= places_holding(db, USER)
    assert set() == places_holding(db, ADMIN_ID)  # HR's id: pseudonyms only
    # Everything was really stored, keyed by the pseudonym instead of the id.
    for table in ("questions", "feedback", "interest", "bind_attempts"):
        assert rows(db, f"SELECT * FROM {table}"), table  # noqa: S608
    assert rows(db, "SELECT * FROM audit WHERE action = 'lookup-hours'")
    assert [("done",)] == rows(db, "SELECT status FROM announcements")
    assert any(c.params["text"].startswith("📢") for c in fake.sent("sendMessage", chat_id=USER))
    with drafts_file(db).open("rb") as fh:
        persisted = pickle.load(fh)
    assert {ADMIN_ID} == set(persisted["user_data"])  # only HR's unfinished draft
    assert all(USER not in key for conv in persisted["conversations"].values() for key in conv)
    logged = caplog.text
    assert "SECRETCODE" not in logged and str(USER) not in logged
    assert "failure while handling" in logged
    assert long_text[:40] in logged and long_text[:41] not in logged
    # HR's audit names today's admins from TRAINBOT_ADMINS; the file itself holds pseudonyms.
    _, named, _ = await cli(db, "audit", env={"TRAINBOT_ADMINS": str(ADMIN_ID)})
    assert f"telegram:{ADMIN_ID}\tlookup-hours\tA001" in named
    _, anonymous, _ = await cli(db, "audit", env={"TRAINBOT_ADMINS": ""})
    assert "telegram:#" in anonymous and str(ADMIN_ID) not in anonymous


async def test_daily_job_enforces_every_retention(fake, engine, tmp_path):
    db = tmp_path / "ret.db"
    load_roster(db)
    async with running_bot(fake, engine, db) as app:
        await use_every_feature(fake, db)
        await say(fake, "/announce", ADMIN_ID)
        with Storage.open(db) as storage:
            storage.new_bind_code("A002")
            storage.queue_notice(USER + 1, "無法送達的通知")
            storage.subscribe(USER + 2)
            storage.set_active(USER + 2, False)  # blocked the bot long ago
            storage.mark_reminders_sent("A001", dt.date.today().year - 2, [30])
            old = "2001-01-01T00:00:00+00:00"
            for table, column in (
                ("questions", "asked_at"),
                ("feedback", "given_at"),
                ("interest", "at"),
                ("bind_attempts", "at"),
                ("bind_codes", "expires_at"),
                ("bind_codes", "used_at"),
                ("notices", "created_at"),
                ("subscribers", "updated_at"),
                ("audit", "at"),
                ("announcements", "created_at"),
            ):
                storage.db.execute(f"UPDATE {table} SET {column} = ?", [old])  # noqa: S608
            storage.db.conn.commit()
        stale = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
        app.user_data[ADMIN_ID][STARTED] = stale
        await app.update_persistence()  # a draft 8 days old was written to the file long ago
        done = asyncio.Event()

        async def housekeeping_then_signal(context) -> None:
            await housekeeping(context)
            done.set()

        # Wait for the job itself, not a fixed time: on a busy machine it took longer than 0.5 s.
        app.job_queue.run_once(housekeeping_then_signal, 0)
        await asyncio.wait_for(done.wait(), 30)
        await app.update_persistence()
    for table in (
        "questions",
        "feedback",
        "interest",
        "bind_attempts",
        "bind_codes",
        "notices",
        "audit",
        "announcements",
        "deliveries",
        "reminders_sent",
    ):
        assert [] == rows(db, f"SELECT * FROM {table}"), table  # noqa: S608
    assert [(USER,)] == rows(db, "SELECT chat_id FROM subscribers")  # still subscribed
    assert [(USER, "A001")] == rows(db, "SELECT user_id, employee_id FROM bindings")
    with drafts_file(db).open("rb") as fh:
        persisted = pickle.load(fh)
    assert {} == persisted["user_data"]
    assert all(ADMIN_ID not in key for conv in persisted["conversations"].values() for key in conv)
