"""Personal hours end to end: imports, binding, /hours, privacy, lockout, reminders."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3

from bot.reminders import send_reminders
from bot.storage import Storage
from handlers import texts
from knowledge.computation.requirements import Requirements

from .bot_harness import ADMIN_ID, running_bot

ROSTER = "員工編號,姓名,機關,職稱,身分\nA001,王小明,人事處,科員,公務人員\nA002,陳美麗,工務局,技士,約聘僱\n"
HOURS_UTF8 = (
    "員工編號,姓名,課程名稱,日期,時數,學習方式,類別\n"
    "A001,王小明,環境教育講座,113/03/22,2,實體,環境教育\n"
    "A001,王小明,公文寫作線上課,113.4.1,3,數位,業務相關\n"
    "A002,陳美麗,性別平等研習,1130501,1.5,實體,性平\n"
)
HOURS_BIG5 = (
    "員工編號,姓名,課程名稱,日期,時數,學習方式,類別\n"
    "A001,王小明,政府採購實務,113/05/10,6,實體,業務相關、政策性\n"
    "A001,王小明,性別主流化概論,2024/6/3,1,數位,性別主流化\n"
)
EMPLOYEE = 4242
STRANGER = 5151


def count(db_path, table="hour_records") -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


async def send_file(fake, name, content, user=ADMIN_ID, caption=None):
    before = len(fake.sent("sendMessage", chat_id=user))
    fake.push_document(name, content, user_id=user, caption=caption)
    return (await fake.wait_for("sendMessage", before + 1, chat_id=user))[-1].params["text"]


async def ask(fake, text, user=EMPLOYEE):
    before = len(fake.sent("sendMessage", chat_id=user))
    fake.push_text(text, user_id=user)
    return (await fake.wait_for("sendMessage", before + 1, chat_id=user))[-1]


def new_code(db_path, employee_id="A001") -> str:
    storage = Storage.open(db_path)
    try:
        return storage.new_bind_code(employee_id)
    finally:
        storage.close()


async def test_imports_bind_and_hours(fake, engine, tmp_path):
    db = tmp_path / "h.db"
    async with running_bot(fake, engine, db):
        assert "名冊匯入完成" in await send_file(fake, "roster.csv", ROSTER.encode())
        report = await send_file(fake, "hours.csv", ("\ufeff" + HOURS_UTF8).encode())
        assert "新增 3" in report
        report = await send_file(fake, "hours-big5.csv", HOURS_BIG5.encode("cp950"))
        assert "新增 2" in report
        again = await send_file(fake, "hours.csv", HOURS_UTF8.encode())
        assert "新增 0、未變 3、更新 0" in again
        assert 5 == count(db)

        code = new_code(db)
        bound = await ask(fake, f"/start {code}")  # the deep link t.me/<bot>?start=<code>
        assert bound.params["text"].startswith("綁定完成：王小明")

        view = await ask(fake, "/hours 113")
        text = view.params["text"]
        assert "王小明" in text and "113年（2024）" in text
        assert "總時數 12 / 20" in text  # 2 + 3 + 6 + 1
        assert "業務相關 9 / 20" in text and "環境教育 2 / 4" in text
        assert "性別主流化 1 / 1" in text
        assert "業務相關 11 小時" in text and "環境教育 2 小時" in text
        button = view.params["reply_markup"]["inline_keyboard"][0][0]
        assert "4 筆" in button["text"]

        fake.push_callback(button["callback_data"], {"message_id": 1, "date": 0,
                                                     "chat": {"id": EMPLOYEE, "type": "private"}},
                           user_id=EMPLOYEE)
        courses = (await fake.wait_for("sendMessage", 3, chat_id=EMPLOYEE))[-1].params["text"]
        assert "政府採購實務" in courses and "陳美麗" not in courses

        own = await ask(fake, "我還差幾小時")
        assert "王小明" in own.params["text"]


async def test_nobody_else_sees_the_figures(fake, engine, tmp_path):
    db = tmp_path / "p.db"
    async with running_bot(fake, engine, db):
        await send_file(fake, "roster.csv", ROSTER.encode())
        await send_file(fake, "hours.csv", HOURS_UTF8.encode())
        await ask(fake, f"/bind {new_code(db)}")
        view = await ask(fake, "/hours 113")
        button = view.params["reply_markup"]["inline_keyboard"][0][0]

        stranger = await ask(fake, "/hours 113", user=STRANGER)
        assert texts.HOURS_NOT_BOUND == stranger.params["text"]
        not_admin = await ask(fake, "/hours A001", user=STRANGER)
        assert "王小明" not in not_admin.params["text"]
        fake.push_callback(button["callback_data"], {"message_id": 1, "date": 0,
                                                     "chat": {"id": STRANGER, "type": "private"}},
                           user_id=STRANGER)
        (ack,) = await fake.wait_for("answerCallbackQuery")
        assert texts.EXPIRED_BUTTON == ack.params["text"]
        own_question = await ask(fake, "我還差幾小時", user=STRANGER)
        assert "王小明" not in own_question.params["text"]

        group = await ask(fake, "/hours")
        fake.push_text("/hours", user_id=EMPLOYEE, chat_id=-100, chat_type="supergroup")
        reply = (await fake.wait_for("sendMessage", 1, chat_id=-100))[0]
        assert texts.HOURS_PRIVATE_ONLY == reply.params["text"]
        assert "王小明" in group.params["text"]  # in private it works

        looked_up = await ask(fake, "/hours A001 113", user=ADMIN_ID)
        assert "王小明" in looked_up.params["text"]
        await asyncio.sleep(0.2)
    with sqlite3.connect(db) as conn:
        audit = conn.execute("SELECT actor, action, target FROM audit WHERE action = 'lookup-hours'").fetchall()
    with Storage.open(db) as storage:  # the audit keeps the admin's pseudonym, not the id
        actor = storage.pseudonymise(f"telegram:{ADMIN_ID}")
    assert actor != f"telegram:{ADMIN_ID}"
    assert [(actor, "lookup-hours", "A001")] == audit


async def test_five_wrong_codes_lock_for_an_hour(fake, engine, tmp_path):
    db = tmp_path / "l.db"
    async with running_bot(fake, engine, db):
        await send_file(fake, "roster.csv", ROSTER.encode())
        good = new_code(db)
        replies = [await ask(fake, f"/bind WRONG{n}CODE") for n in range(5)]
        assert "還可以試 4 次" in replies[0].params["text"]
        assert "還可以試 0 次" in replies[4].params["text"]
        locked = await ask(fake, f"/bind {good}")
        assert locked.params["text"].startswith("錯誤次數太多")
        other = await ask(fake, f"/bind {good}", user=STRANGER)  # the lock is per user
        assert other.params["text"].startswith("綁定完成")


async def test_bad_file_changes_nothing(fake, engine, tmp_path):
    db = tmp_path / "b.db"
    bad = HOURS_UTF8 + "A001,王小明,壞日期,113/02/30,2,,\nA002,陳美麗,太多時數,113/02/01,999,,\n"
    async with running_bot(fake, engine, db):
        await send_file(fake, "roster.csv", ROSTER.encode())
        await send_file(fake, "hours.csv", HOURS_UTF8.encode())
        before = count(db)
        report = await send_file(fake, "bad.csv", bad.replace("2,實體", "5,實體").encode())
        assert report.startswith("匯入失敗，資料庫沒有任何變動")
        assert "第 5 行" in report and "第 6 行" in report
        assert "無法辨識" in report and "不合理" in report
        garbage = await send_file(fake, "x.csv", b"\xff\xfe\x00garbage\x81\x82")
        assert garbage.startswith("匯入失敗") and "編碼無法辨識" in garbage
        stranger = await send_file(fake, "hours.csv", HOURS_UTF8.encode(), user=STRANGER)
        assert texts.NOT_TEXT_FILE == stranger
    assert before == count(db)
    with sqlite3.connect(db) as conn:
        hours = conn.execute("SELECT SUM(hours) FROM hour_records").fetchone()[0]
    assert 6.5 == hours


async def test_reminder_fires_once_and_respects_opt_out(fake, engine, tmp_path):
    db = tmp_path / "r.db"
    async with running_bot(fake, engine, db) as app:
        await send_file(fake, "roster.csv", ROSTER.encode())
        await ask(fake, f"/bind {new_code(db, 'A001')}")
        await ask(fake, f"/bind {new_code(db, 'A002')}", user=STRANGER)
        await ask(fake, "/remind off", user=STRANGER)
        soon = min(dt.date.today() + dt.timedelta(days=10), dt.date(dt.date.today().year, 12, 31))
        desk = app.bot_data["desk"]
        rules = desk.requirements
        desk.requirements = Requirements(rules.rule_sets, rules.years, rules.default,
                                         (soon.month, soon.day), rules.aliases)
        before = len(fake.sent("sendMessage", chat_id=EMPLOYEE))
        for _ in range(2):
            app.job_queue.run_once(send_reminders, 0)
            await asyncio.sleep(0.5)
        reminders = fake.sent("sendMessage", chat_id=EMPLOYEE)[before:]
        assert 1 == len(reminders)
        assert reminders[0].params["text"].startswith("⏰ 時數提醒")
        assert "業務相關 20 小時" in reminders[0].params["text"]
        assert 0 == len([c for c in fake.sent("sendMessage", chat_id=STRANGER)
                         if c.params["text"].startswith("⏰")])
