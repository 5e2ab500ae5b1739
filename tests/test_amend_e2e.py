"""Cancel, correct and withdraw announcements: from the CLI and from /announcements buttons."""

from __future__ import annotations

import asyncio
import sqlite3

from bot.cli import main
from bot.storage import Storage
from handlers import texts
from knowledge.announcements.announcement import parse_announcement

from .bot_harness import ADMIN_ID, running_bot
from .test_announce_e2e import ANN_PREFIX, announcements_to, queue, start_users, wait_until


def shown(fake, chat: int) -> list[str]:
    """The announcement texts a chat shows now (after edits and deletions)."""
    return [t for (c, _), t in fake.messages.items() if c == chat and t.startswith(ANN_PREFIX)]


def admin_button(fake, data: str) -> None:
    fake.push_callback(data, {"message_id": 1, "date": 0,
                              "chat": {"id": ADMIN_ID, "type": "private"}}, user_id=ADMIN_ID)


async def test_cli_correct_edits_every_delivered_message_and_later_sends(fake, engine, tmp_path,
                                                                        monkeypatch, capsys):
    db = tmp_path / "c.db"
    monkeypatch.setenv("TRAINBOT_DB", str(db))
    users = [201, 202, 203]
    async with running_bot(fake, engine, db) as app:
        await start_users(fake, users)
        announcement_id = queue(db, notify=ADMIN_ID)
        await wait_until(lambda: sum(announcements_to(fake).values()) == 3)
        fixed = tmp_path / "fixed.yaml"
        fixed.write_text("title: 環境教育講座\nbody: 地點改到二樓禮堂。\nstarts_at: 2030-05-01 10:00\n"
                         "place: 市府大樓二樓\nhours: 3\n", encoding="utf-8")
        assert 0 == main(["announce", "correct", str(announcement_id), str(fixed)])
        await wait_until(lambda: all("二樓禮堂" in t for u in users for t in shown(fake, u)))
        edits = fake.sent("editMessageText")
        assert 3 == len([c for c in edits if "二樓禮堂" in c.params["text"]])
        storage: Storage = app.bot_data["storage"]
        assert 0 == storage.edit_counts(announcement_id)["stale"]
        await asyncio.sleep(2.1)  # the next tick gives the engine the corrected course
        fake.push_text("環境教育講座在哪裡", user_id=204)
        (reply,) = await fake.wait_for("sendMessage", 1, chat_id=204)
        assert "市府大樓二樓" in reply.params["text"]
    out = capsys.readouterr().out
    assert "已更正第 1 號公告" in out
    assert 0 == main(["announcements"])
    listing = capsys.readouterr().out
    assert "更正 1 次：已改 3，待改 0，無法修改 0" in listing and "更正完成" in listing


async def test_a_correction_mid_broadcast_reaches_everyone_once(fake, engine, tmp_path):
    db = tmp_path / "m.db"
    users = list(range(700, 740))
    async with running_bot(fake, engine, db, broadcast_rate=20.0):
        await start_users(fake, users)
        announcement_id = queue(db)
        await wait_until(lambda: sum(announcements_to(fake).values()) >= 5)
        new = parse_announcement({"title": "環境教育講座", "body": "更正：改在下午。",
                                  "audience": "all", "starts_at": "2030-05-01 14:00"})
        with Storage.open(db) as storage:
            assert "ok" == storage.correct_announcement(announcement_id, new, "test")
        await wait_until(lambda: all(any("改在下午" in t for t in shown(fake, u)) for u in users))
    assert 1 == max(announcements_to(fake).values())
    late = [c for c in fake.sent("sendMessage") if "改在下午" in c.params.get("text", "")]
    assert late  # deliveries after the correction went out with the new text, not edited later


async def test_correct_resumes_after_a_crash_without_editing_twice(fake, engine, tmp_path):
    db = tmp_path / "r.db"
    users = list(range(300, 330))
    async with running_bot(fake, engine, db):
        await start_users(fake, users)
        announcement_id = queue(db)
        await wait_until(lambda: sum(announcements_to(fake).values()) == len(users))
    new = parse_announcement({"title": "環境教育講座", "body": "更正：改為線上。", "audience": "all",
                              "starts_at": "2030-05-01 09:00", "place": "線上", "hours": 3})
    with Storage.open(db) as storage:
        assert "ok" == storage.correct_announcement(announcement_id, new, "test")
    async with running_bot(fake, engine, db, broadcast_rate=20.0) as app:
        await wait_until(lambda: len(fake.sent("editMessageText")) >= 8)
        for job in app.job_queue.jobs():  # a crash: no more ticks, the edit task dies
            job.schedule_removal()
        for task in list(app.bot_data["broadcaster"].amender._running.values()):
            task.cancel()
        await asyncio.sleep(0.1)
    first = len(fake.sent("editMessageText"))
    assert first < len(users)
    async with running_bot(fake, engine, db, broadcast_rate=50.0):
        await wait_until(lambda: all("改為線上" in t for u in users for t in shown(fake, u)))
        await asyncio.sleep(0.5)
    per_chat = {u: 0 for u in users}
    for call in fake.sent("editMessageText"):
        if int(call.params["chat_id"]) in per_chat:
            per_chat[int(call.params["chat_id"])] += 1
    assert 1 == max(per_chat.values())  # nobody's message was edited twice


async def test_cancel_stops_a_scheduled_one_and_bad_ids_change_nothing(fake, engine, tmp_path,
                                                                      monkeypatch, capsys):
    import datetime as dt

    from knowledge.computation.dates import TAIPEI

    db = tmp_path / "x.db"
    monkeypatch.setenv("TRAINBOT_DB", str(db))
    async with running_bot(fake, engine, db):
        await start_users(fake, [401])
        announcement_id = queue(db, send_at=dt.datetime.now(TAIPEI) + dt.timedelta(seconds=2))
        assert 0 == main(["announce", "cancel", str(announcement_id)])
        await asyncio.sleep(3.0)
        assert 0 == sum(announcements_to(fake).values())
    assert 1 == main(["announce", "cancel", str(announcement_id)])
    assert 1 == main(["announce", "withdraw", "99"])
    err = capsys.readouterr().err
    assert "已經取消了" in err and "找不到第 99 號公告" in err
    with sqlite3.connect(db) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit ORDER BY id")]
    assert ["announce-cancel"] == actions  # refusals are not actions


async def test_withdraw_from_the_buttons_deletes_and_counts_what_it_cannot(fake, engine,
                                                                          tmp_path):
    db = tmp_path / "w.db"
    async with running_bot(fake, engine, db) as app:
        await start_users(fake, [501, 502, 503])
        announcement_id = queue(db)
        await wait_until(lambda: sum(announcements_to(fake).values()) == 3)
        with sqlite3.connect(db) as conn:  # one was delivered three days ago
            conn.execute("UPDATE deliveries SET sent_at = '2020-01-01T00:00:00+00:00'"
                         " WHERE chat_id = 503")
        fake.push_text("/announcements", user_id=ADMIN_ID)
        listing = (await fake.wait_for("sendMessage", 1, chat_id=ADMIN_ID))[-1]
        buttons = [b["callback_data"] for row in listing.params["reply_markup"]["inline_keyboard"]
                   for b in row]
        assert f"am:show:{announcement_id}" in buttons
        admin_button(fake, f"am:show:{announcement_id}")
        await fake.wait_for("sendMessage", 2, chat_id=ADMIN_ID)
        admin_button(fake, f"am:wd:{announcement_id}")
        confirm = (await fake.wait_for("sendMessage", 3, chat_id=ADMIN_ID))[-1]
        assert "48 小時" in confirm.params["text"]
        fake.push_callback(f"am:wd!:{announcement_id}", {"message_id": 1, "date": 0,
                           "chat": {"id": 77, "type": "private"}}, user_id=77)  # not HR
        await asyncio.sleep(0.5)
        assert 3 == len(shown(fake, 501) + shown(fake, 502) + shown(fake, 503))
        admin_button(fake, f"am:wd!:{announcement_id}")
        await wait_until(lambda: any(c.params["text"].startswith("🗑") for c in
                                     fake.sent("sendMessage", chat_id=ADMIN_ID)))
        report = fake.sent("sendMessage", chat_id=ADMIN_ID)[-1].params["text"]
        assert "已刪除 2 則訊息，無法刪除 1 則" in report
        assert [] == shown(fake, 501) + shown(fake, 502) and 1 == len(shown(fake, 503))
        storage: Storage = app.bot_data["storage"]
        assert "withdrawn" == storage.announcement(announcement_id)[0]["status"]
        assert [] == storage.current_courses()
        admin_button(fake, f"am:wd!:{announcement_id}")  # again: a plain refusal
        again = (await fake.wait_for("sendMessage", 6, chat_id=ADMIN_ID))[-1].params["text"]
        assert texts.AMEND_REFUSED["withdrawn"].format(id=announcement_id) == again


async def test_correct_from_the_buttons_with_a_preview(fake, engine, tmp_path):
    db = tmp_path / "b.db"
    async with running_bot(fake, engine, db):
        await start_users(fake, [601])
        announcement_id = queue(db)
        await wait_until(lambda: sum(announcements_to(fake).values()) == 1)
        admin_button(fake, f"am:fix:{announcement_id}")
        await fake.wait_for("sendMessage", 1, chat_id=ADMIN_ID)
        admin_button(fake, f"am:fld:{announcement_id}:hours")
        await fake.wait_for("sendMessage", 2, chat_id=ADMIN_ID)
        fake.push_text("三", user_id=ADMIN_ID)  # not a number: asked again, nothing changes
        bad = (await fake.wait_for("sendMessage", 3, chat_id=ADMIN_ID))[-1].params["text"]
        assert bad.startswith("格式不對")
        fake.push_text("2.5", user_id=ADMIN_ID)
        preview = (await fake.wait_for("sendMessage", 5, chat_id=ADMIN_ID))[-1].params["text"]
        assert "⏱ 時數：2.5 小時" in preview and all("⏱ 時數：3 小時" in t for t in shown(fake, 601))
        admin_button(fake, f"am:ok:{announcement_id}")
        await wait_until(lambda: "2.5 小時" in shown(fake, 601)[0])
        await wait_until(lambda: any(c.params["text"].startswith("✏️") for c in
                                     fake.sent("sendMessage", chat_id=ADMIN_ID)))
