"""Announcements end to end: audiences, limits and failures, restarts, composing in chat."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import sqlite3

from bot.storage import Storage
from handlers import texts
from knowledge.announcements.announcement import parse_announcement
from knowledge.computation.dates import TAIPEI

from .bot_harness import ADMIN_ID, running_bot
from .fake_telegram import Fault

ANN_PREFIX = "📢"


def announcements_to(fake) -> collections.Counter:
    return collections.Counter(
        int(c.params["chat_id"]) for c in fake.sent("sendMessage")
        if c.params.get("text", "").startswith(ANN_PREFIX)
    )


def queue(db, audience="all", title="環境教育講座", send_at=None, notify=None) -> int:
    storage = Storage.open(db)
    try:
        a = parse_announcement({"title": title, "body": "歡迎報名。", "audience": audience,
                                "starts_at": "2030-05-01 09:00", "place": "市府大樓", "hours": 3})
        return storage.queue_announcement(a, "test", notify, send_at)
    finally:
        storage.close()


async def wait_until(predicate, timeout=20.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def start_users(fake, users):
    for user in users:
        fake.push_text("/start", user_id=user)
    await fake.wait_for("sendMessage", len(users))


async def test_each_audience_gets_it_exactly_once(fake, engine, tmp_path):
    db = tmp_path / "a.db"
    async with running_bot(fake, engine, db):
        await start_users(fake, [1, 2, 3, 4, 5])
        fake.push_text("/unsubscribe", user_id=3)
        for user in (2, 4):
            fake.push_callback("t:數位", {"message_id": 1, "date": 0,
                                          "chat": {"id": user, "type": "private"}}, user_id=user)
        await fake.wait_for("answerCallbackQuery", 2)
        await asyncio.sleep(0.3)
        queue(db, audience="topic:數位", title="數位課")
        await wait_until(lambda: sum(announcements_to(fake).values()) == 2)
        assert {2: 1, 4: 1} == dict(announcements_to(fake))
        queue(db, audience="all", title="全體課")
        await wait_until(lambda: sum(announcements_to(fake).values()) == 6)
        await asyncio.sleep(2.5)  # a second delivery would show up here
    assert {1: 1, 2: 2, 4: 2, 5: 1} == dict(announcements_to(fake))
    with sqlite3.connect(db) as conn:  # kept while HR may still correct or withdraw
        assert [(6,)] == conn.execute("SELECT COUNT(*) FROM deliveries").fetchall()
    with Storage.open(db) as storage:  # then only the counts are kept, not who received it
        assert 2 == storage.compress_finished("9999")
        assert 6 == storage.delivery_counts(1)["sent"] + storage.delivery_counts(2)["sent"]
    with sqlite3.connect(db) as conn:
        assert [(0,)] == conn.execute("SELECT COUNT(*) FROM deliveries").fetchall()


async def test_429_pauses_and_403_marks_blocked(fake, engine, tmp_path):
    db = tmp_path / "b.db"
    async with running_bot(fake, engine, db):
        await start_users(fake, [11, 12, 13])
        fake.chat_faults[12] = Fault(status=403)
        fake.fail("sendMessage", Fault(status=429, retry_after=1))
        queue(db)
        await wait_until(lambda: sum(announcements_to(fake).values()) >= 3, timeout=30)
        await asyncio.sleep(0.5)
        queue(db, title="第二則")
        await wait_until(lambda: announcements_to(fake)[13] == 2, timeout=30)
        await asyncio.sleep(1.0)
    with Storage.open(db) as storage:
        first, second = storage.delivery_counts(1), storage.delivery_counts(2)
    with sqlite3.connect(db) as conn:
        active = conn.execute("SELECT active FROM subscribers WHERE chat_id = 12").fetchone()[0]
    assert (2, 1) == (first["sent"], first["blocked"])
    assert 0 == active and (2, 0) == (second["sent"], second["blocked"])  # 12 not tried again
    assert 1 == announcements_to(fake)[12]  # tried once (403), never for the second
    tries = [c.at for c in fake.sent("sendMessage") if c.params.get("text", "").startswith(ANN_PREFIX)]
    assert max(b - a for a, b in zip(tries, tries[1:], strict=False)) >= 1.0  # the retry_after pause


async def test_user_blocking_the_bot_is_tracked(fake, engine, tmp_path):
    db = tmp_path / "m.db"

    def member_update(status):
        return {"my_chat_member": {
            "chat": {"id": 21, "type": "private"}, "from": {"id": 21, "is_bot": False, "first_name": "x"},
            "date": 0,
            "old_chat_member": {"status": "member", "user": fake.me()},
            "new_chat_member": {"status": status, "user": fake.me(),
                                **({"until_date": 0} if status == "kicked" else {})}}}

    async with running_bot(fake, engine, db):
        await start_users(fake, [21, 22])
        fake.push(member_update("kicked"))
        await asyncio.sleep(0.5)
        queue(db)
        await wait_until(lambda: announcements_to(fake)[22] == 1)
        fake.push(member_update("member"))
        await asyncio.sleep(0.5)
        queue(db, title="第二則")
        await wait_until(lambda: announcements_to(fake)[21] == 1)
    assert {22: 2, 21: 1} == dict(announcements_to(fake))


async def test_killed_mid_broadcast_resumes_without_duplicates(fake, engine, tmp_path):
    db = tmp_path / "k.db"
    users = list(range(100, 160))
    async with running_bot(fake, engine, db, broadcast_rate=20.0) as app:
        await start_users(fake, users)
        queue(db, notify=ADMIN_ID)
        await wait_until(lambda: sum(announcements_to(fake).values()) >= 15)
        # Simulate kill -9: no more ticks, the delivery task dies where it stands (rows it was
        # sending stay `sending`), nothing is tidied up.
        for job in app.job_queue.jobs():
            job.schedule_removal()
        for task in list(app.bot_data["broadcaster"]._running.values()):
            task.cancel()
        await asyncio.sleep(0.1)
        storage: Storage = app.bot_data["storage"]
        caught = storage.pending_chats(1)[0]
        storage.mark_delivery(1, caught, "sending")  # one certainly caught mid-send
    first_run = sum(announcements_to(fake).values())
    assert first_run < len(users)

    def reported() -> list[str]:
        return [c.params["text"] for c in fake.sent("editMessageText") + fake.sent("sendMessage")
                if "發送完成" in c.params.get("text", "")]

    async with running_bot(fake, engine, db, broadcast_rate=50.0):
        await wait_until(lambda: bool(reported()), timeout=30)
    counts = announcements_to(fake)
    assert 1 == max(counts.values())  # nobody got it twice
    assert caught not in counts  # in flight at the crash: not resent
    with Storage.open(db) as storage:
        statuses = collections.Counter(storage.delivery_counts(1))
    assert len(users) == statuses["sent"] + statuses["uncertain"]
    assert statuses["uncertain"] >= 1 and statuses["sent"] >= len(users) - 9
    assert set(counts) <= set(users)
    assert f"不確定 {statuses['uncertain']}" in reported()[-1]


async def test_scheduled_announcement_fires_after_a_restart(fake, engine, tmp_path):
    db = tmp_path / "s.db"
    async with running_bot(fake, engine, db):
        await start_users(fake, [31])
        queue(db, send_at=dt.datetime.now(TAIPEI) + dt.timedelta(seconds=3))
        await asyncio.sleep(0.5)
    assert 0 == sum(announcements_to(fake).values())
    await asyncio.sleep(3.0)  # the bot is down when the time comes
    async with running_bot(fake, engine, db):
        await wait_until(lambda: announcements_to(fake)[31] == 1, timeout=10)


async def test_compose_preview_send_and_report_in_chat(fake, engine, tmp_path):
    db = tmp_path / "c.db"
    async with running_bot(fake, engine, db):
        await start_users(fake, [41, 42])
        steps = ["/announce", "性別主流化工作坊", "2030-06-01 14:00", "/skip", "人事處"]
        for text in steps:
            fake.push_text(text, user_id=ADMIN_ID)
            await asyncio.sleep(0.15)
        audience_prompt = fake.sent("sendMessage", chat_id=ADMIN_ID)[-1]
        assert texts.ANNOUNCE_STEPS["audience"] == audience_prompt.params["text"]
        fake.push_callback("ann:aud:all", {"message_id": 1, "date": 0,
                                           "chat": {"id": ADMIN_ID, "type": "private"}}, user_id=ADMIN_ID)
        await asyncio.sleep(0.2)
        for text in ["abc", "2", "性別主流化", "/skip", "/skip", "歡迎同仁報名參加。"]:
            fake.push_text(text, user_id=ADMIN_ID)
            await asyncio.sleep(0.15)
        admin_msgs = [c.params["text"] for c in fake.sent("sendMessage", chat_id=ADMIN_ID)]
        assert any(m.startswith("格式不對") for m in admin_msgs)  # "abc" hours rejected
        preview = admin_msgs[-1]
        assert preview.startswith("📢 <b>性別主流化工作坊</b>") and "⏱ 時數：2 小時" in preview
        assert "約 2 人" in admin_msgs[-2]
        fake.push_callback("ann:send", {"message_id": 2, "date": 0,
                                        "chat": {"id": ADMIN_ID, "type": "private"}}, user_id=ADMIN_ID)
        await wait_until(lambda: sum(announcements_to(fake).values()) == 3)  # preview + 2
        delivered = [c for c in fake.sent("sendMessage") if c.params.get("text") == preview
                     and int(c.params["chat_id"]) in (41, 42)]
        assert 2 == len(delivered)  # subscribers see exactly the preview
        await wait_until(lambda: any("發送完成" in c.params["text"] for c in fake.sent("editMessageText")))
        interest = delivered[0].params["reply_markup"]["inline_keyboard"][0][0]
        fake.push_callback(interest["callback_data"], {"message_id": 3, "date": 0,
                                                       "chat": {"id": 41, "type": "private"}}, user_id=41)
        ack = (await fake.wait_for("answerCallbackQuery", 3))[-1]
        assert texts.INTEREST_THANKS == ack.params["text"]
        fake.push_text("/announcements", user_id=ADMIN_ID)
        await asyncio.sleep(0.3)
        listing = fake.sent("sendMessage", chat_id=ADMIN_ID)[-1].params["text"]
        assert "送達 2／2" in listing and "有興趣 1" in listing

        fake.push_text("性別主流化工作坊在哪裡上課", user_id=42)
        await asyncio.sleep(0.3)
        course = fake.sent("sendMessage", chat_id=42)[-1].params["text"]
        assert "性別主流化工作坊" in course and "公告沒有寫" in course  # no place was given
        fake.push_text("/courses", user_id=42)
        await asyncio.sleep(0.3)
        listing = fake.sent("sendMessage", chat_id=42)[-1].params["text"]
        assert "性別主流化工作坊" in listing


async def test_only_admins_compose_announcements(fake, engine, tmp_path):
    async with running_bot(fake, engine, tmp_path / "n.db"):
        fake.push_text("/announce", user_id=77)
        (denied,) = await fake.wait_for("sendMessage", chat_id=77)
        fake.push_text("這不是標題", user_id=77)
        await fake.wait_for("sendMessage", 2, chat_id=77)
    assert texts.ADMIN_ONLY == denied.params["text"]
    second = fake.sent("sendMessage", chat_id=77)[1].params["text"]
    assert not second.startswith(texts.ANNOUNCE_STEPS["starts_at"][:6])  # not in a draft


async def test_a_draft_survives_a_restart(fake, engine, tmp_path):
    db = tmp_path / "d.db"
    async with running_bot(fake, engine, db):
        fake.push_text("/announce", user_id=ADMIN_ID)
        fake.push_text("英語簡報技巧班", user_id=ADMIN_ID)
        await fake.wait_for("sendMessage", 2, chat_id=ADMIN_ID)
    async with running_bot(fake, engine, db):
        fake.push_text("2030-07-01 09:00", user_id=ADMIN_ID)
        (*_, asked) = await fake.wait_for("sendMessage", 3, chat_id=ADMIN_ID)
    assert texts.ANNOUNCE_STEPS["place"] == asked.params["text"]
