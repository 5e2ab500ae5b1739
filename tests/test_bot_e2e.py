"""End to end: the real Application over real HTTP to a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from handlers import texts

from .bot_harness import ADMIN_ID, running_bot
from .fake_telegram import BOT_USERNAME, Fault


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "bot.sqlite3"


def buttons(call) -> list[dict]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_question_gets_the_right_answer_with_source_and_buttons(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push_text("部分辦公時間進修每週公假最多幾小時？")
        (reply,) = await fake.wait_for("sendMessage")
    assert "HTML" == reply.params["parse_mode"]
    assert reply.params["text"].startswith("每人每週最多8小時")
    assert "<b>出處</b>" in reply.params["text"]
    labels = [b["text"] for b in buttons(reply)]
    assert texts.HELPFUL in labels and texts.NOT_HELPFUL in labels
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(reply))


async def test_user_text_is_escaped_in_html(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push_text("<b>公假</b> & <script>")
        (reply,) = await fake.wait_for("sendMessage")
    assert "<script>" not in reply.params["text"]


async def test_choice_button_answers_that_question(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push_text("補助")
        (choices,) = await fake.wait_for("sendMessage")
        first = buttons(choices)[0]
        message = {"message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"}, "text": "x"}
        fake.push_callback(first["callback_data"], message)
        replies = await fake.wait_for("sendMessage", 2)
        await fake.wait_for("answerCallbackQuery")
    entry = engine.entry(first["callback_data"].split(":", 1)[1])
    assert replies[1].params["text"].startswith(entry.answer[:10])


async def test_thumbs_down_is_recorded_and_reported(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push_text("留停去讀書可以留多久")
        (reply,) = await fake.wait_for("sendMessage")
        down = next(b for b in buttons(reply) if b["text"] == texts.NOT_HELPFUL)
        fake.push_callback(down["callback_data"], {"message_id": 1, "date": 0,
                                                   "chat": {"id": 42, "type": "private"}})
        (ack,) = await fake.wait_for("answerCallbackQuery")
        assert texts.THANKS_NOT_HELPFUL == ack.params["text"]
        fake.push_text("/report", user_id=ADMIN_ID)
        report = (await fake.wait_for("sendMessage", 2))[-1]
    with sqlite3.connect(db_path) as db:
        (helpful,) = db.execute("SELECT helpful FROM feedback").fetchone()
    assert 0 == helpful
    assert "留停去讀書可以留多久" in report.params["text"].split("👎")[-1]


async def test_button_from_before_a_restart_still_works(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push_text("留停去讀書可以留多久")
        (reply,) = await fake.wait_for("sendMessage")
    related = [b for b in buttons(reply) if b["callback_data"].startswith("e:")]
    async with running_bot(fake, engine, db_path):
        fake.push_callback(related[0]["callback_data"],
                           {"message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"}})
        await fake.wait_for("sendMessage", 2)
        (ack,) = await fake.wait_for("answerCallbackQuery")
    assert "text" not in ack.params  # answered silently: it worked


async def test_unknown_button_data_is_still_answered(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push_callback("zz:old-format", {"message_id": 1, "date": 0,
                                             "chat": {"id": 42, "type": "private"}})
        (ack,) = await fake.wait_for("answerCallbackQuery")
    assert texts.EXPIRED_BUTTON == ack.params["text"]


async def test_429_retry_after_is_honoured(fake, engine, db_path):
    fake.fail("sendMessage", Fault(status=429, retry_after=1))
    async with running_bot(fake, engine, db_path):
        fake.push_text("留停去讀書可以留多久")
        calls = await fake.wait_for("sendMessage", 2, timeout=15)
    assert calls[1].at - calls[0].at >= 1.0
    assert calls[1].params["text"] == calls[0].params["text"]


@pytest.mark.parametrize("fault", [Fault(status=502), Fault(status=500), Fault(delay=4.0)])
async def test_failed_get_updates_loses_no_update(fake, engine, db_path, fault):
    fake.push_text("留停去讀書可以留多久")
    fake.fail("getUpdates", fault, fault)
    async with running_bot(fake, engine, db_path):
        (reply,) = await fake.wait_for("sendMessage", timeout=20)
    assert reply.params["text"].startswith("1年")
    assert len(fake.sent("getUpdates")) >= 3  # two failed, then the one that delivered


async def test_restart_neither_loses_nor_repeats_updates(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        for n in range(5):
            fake.push_text(f"留停去讀書可以留多久{n}", user_id=100 + n)
        await fake.wait_for("sendMessage", 5)
    for n in range(5, 9):  # arrive while the bot is down
        fake.push_text(f"每年要上幾小時課{n}", user_id=100 + n)
    async with running_bot(fake, engine, db_path):
        await fake.wait_for("sendMessage", 9)
        await asyncio.sleep(1.5)  # a repeat would show up here
    chats = sorted(int(c.params["chat_id"]) for c in fake.sent("sendMessage"))
    assert list(range(100, 109)) == chats


async def test_group_message_without_mention_is_ignored(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push_text("留停進修最長可以多久", user_id=5, chat_id=-100, chat_type="supergroup")
        mention = f"@{BOT_USERNAME} 留停進修最長可以多久"
        fake.push_text(mention, user_id=5, chat_id=-100, chat_type="supergroup",
                       entities=[{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}])
        fake.push_text("那公假呢", user_id=6, chat_id=-100, chat_type="supergroup", reply_to_bot=True)
        replies = await fake.wait_for("sendMessage", 2)
        await asyncio.sleep(1.0)
    assert 2 == len(fake.sent("sendMessage"))
    assert replies[0].params["text"].startswith("1年")


async def test_report_is_for_admins_and_never_in_groups(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push_text("/report", user_id=5)
        (denied,) = await fake.wait_for("sendMessage")
        fake.push_text("/report", user_id=ADMIN_ID, chat_id=-100, chat_type="supergroup")
        await asyncio.sleep(1.0)
    assert texts.ADMIN_ONLY == denied.params["text"]
    assert 1 == len(fake.sent("sendMessage"))


async def test_commands_are_set_for_private_chats_and_admins(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        pass
    scopes = [c.params["scope"]["type"] for c in fake.sent("setMyCommands")]
    assert ["all_private_chats", "chat"] == scopes
    admin = fake.sent("setMyCommands")[1].params["commands"]
    assert "report" in [c["command"] for c in admin]


@pytest.mark.parametrize(
    ("content", "reply"),
    [
        ({"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1,
                      "height": 1, "is_animated": False, "is_video": False}}, texts.NOT_TEXT),
        ({"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]}, texts.NOT_TEXT),
        ({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}}, texts.NOT_TEXT),
        ({"document": {"file_id": "d", "file_unique_id": "d", "file_name": "a.csv"}}, texts.NOT_TEXT_FILE),
    ],
)
async def test_other_content_gets_a_polite_reply(fake, engine, db_path, content, reply):
    async with running_bot(fake, engine, db_path):
        fake.push_message(**content)
        (sent,) = await fake.wait_for("sendMessage")
    assert reply == sent.params["text"]


async def test_unknown_command_and_edited_message(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push({"edited_message": {"message_id": 5, "date": 0, "edit_date": 1,
                                      "chat": {"id": 42, "type": "private"},
                                      "from": {"id": 42, "is_bot": False, "first_name": "x"},
                                      "text": "留停多久"}})
        fake.push_text("/nosuchcommand")
        (sent,) = await fake.wait_for("sendMessage")
        await asyncio.sleep(0.5)
    assert texts.UNKNOWN_COMMAND == sent.params["text"]
    assert 1 == len(fake.sent("sendMessage"))


async def test_start_offers_examples_and_privacy(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        fake.push_text("/start")
        (sent,) = await fake.wait_for("sendMessage")
    assert "隱私" in sent.params["text"]
    keyboard = sent.params["reply_markup"]["keyboard"]
    assert 3 <= len(keyboard) <= 4


async def test_long_answer_is_split_below_telegram_limit(fake, engine, db_path, monkeypatch):
    from knowledge.results import Fallback

    long = Fallback("x", "no-match", "長" * 9000)
    monkeypatch.setattr(engine, "ask_traced", lambda q, previous=None: (long, None))
    async with running_bot(fake, engine, db_path):
        fake.push_text("隨便")
        sent = await fake.wait_for("sendMessage", 3)
    assert all(len(c.params["text"]) <= 4096 for c in sent)
    assert 9000 == sum(c.params["text"].count("長") for c in sent)


async def test_failure_is_logged_and_user_told(fake, engine, db_path, monkeypatch, caplog):
    def boom(question, previous=None):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(engine, "ask_traced", boom)
    async with running_bot(fake, engine, db_path):
        fake.push_text("留停多久")
        (sent,) = await fake.wait_for("sendMessage")
    assert texts.ERROR == sent.params["text"]
    assert "engine exploded" in caplog.text
