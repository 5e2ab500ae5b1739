"""Learning from use end to end: the real Application over HTTP to the fake Bot API server."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from handlers import texts
from handlers.context import BotContext
from knowledge.check import load_knowledge_base
from knowledge.model import DEFAULT_KB_DIR
from knowledge.results import Answer

from .bot_harness import ADMIN_ID, running_bot

USER = 42
NEW = "讀冊的所費公家敢有貼"  # Taiwanese wording: falls back today; subsidy-items is what the user meant


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "bot.sqlite3"


@pytest.fixture
def kb(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(DEFAULT_KB_DIR, folder)
    return folder


def buttons(call) -> list[dict]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def in_chat(chat_id: int) -> dict:
    return {"message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"}}


async def say(fake, text: str, user: int = USER):
    """Send a message and return the bot's next reply to that chat."""
    before = len(fake.sent(chat_id=user))
    fake.push_text(text, user_id=user)
    return (await fake.wait_for("sendMessage", before + 1, chat_id=user))[-1]


async def tap(fake, data: str, user: int = USER, replies: int = 1):
    """Tap a button; return the answerCallbackQuery and the replies it caused."""
    acks, sent = len(fake.sent("answerCallbackQuery")), len(fake.sent(chat_id=user))
    fake.push_callback(data, in_chat(user), user_id=user)
    ack = (await fake.wait_for("answerCallbackQuery", acks + 1))[-1]
    if not replies:
        return ack, []
    return ack, (await fake.wait_for("sendMessage", sent + replies, chat_id=user))[sent:]


async def listing(fake, messages: int = 2, user: int = ADMIN_ID) -> list:
    """Send /suggest; return the title and the suggestions (or the one refusal)."""
    before = len(fake.sent(chat_id=user))
    fake.push_text("/suggest", user_id=user)
    return (await fake.wait_for("sendMessage", before + messages, chat_id=user))[before:]


def data_of(call, label: str) -> str:
    return next(b["callback_data"] for b in buttons(call) if b["text"] == label)


async def choose_and_keep(fake, user: int = USER) -> None:
    """「補助」 gets choices; the user taps 進修補助可以補哪些費用 and 👍 its answer."""
    choices = await say(fake, "補助", user)
    pick = next(b["callback_data"] for b in buttons(choices) if b["callback_data"] == "e:subsidy-items")
    _, (answer,) = await tap(fake, pick, user)
    await tap(fake, data_of(answer, texts.HELPFUL), user, replies=0)


async def test_a_choice_after_a_clarification_is_suggested_and_flagged(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        await choose_and_keep(fake)
        title, item = await listing(fake)
    assert "共 1 則" in title.params["text"]
    text = item.params["text"]
    assert "「補助」" in text and "subsidy-items" in text and "1 人採用，0 人按 👎" in text
    # 補助 alone is ambiguous: the engine lists another entry first, and HR is told which
    first = engine.ask("補助").suggestions[0].entry_id
    assert first != "subsidy-items"
    assert texts.FLAG_CLARIFIES.format(other=first) in text
    assert ["s:1:1", "s:0:1"] == [b["callback_data"] for b in buttons(item)]
    with sqlite3.connect(db_path) as db:
        assert [("choice", "補助", "subsidy-items")] == db.execute(
            "SELECT kind, text, entry_id FROM learned_pairs").fetchall()
        (user_hash,) = db.execute("SELECT user_hash FROM learned_pairs").fetchone()
    assert str(USER) != user_hash and 32 == len(user_hash)  # the log's salted hash, not the id


async def test_thumbs_down_is_a_counter_example_and_hides_the_suggestion(fake, engine, db_path):
    async with running_bot(fake, engine, db_path):
        choices = await say(fake, "補助")
        _, (answer,) = await tap(fake, buttons(choices)[1]["callback_data"])
        await tap(fake, data_of(answer, texts.NOT_HELPFUL), replies=0)
        direct = await say(fake, "留停去讀書可以留多久")
        await tap(fake, data_of(direct, texts.NOT_HELPFUL), replies=0)
        none = (await listing(fake, 1))[0]
    assert texts.SUGGEST_NONE == none.params["text"]
    with sqlite3.connect(db_path) as db:
        kinds = sorted(r[0] for r in db.execute("SELECT kind FROM learned_pairs"))
    assert ["choice", "dislike"] == kinds


async def test_approve_writes_the_yaml_and_the_bot_answers_the_new_phrasing(fake, engine,
                                                                            db_path, kb):
    path = kb / "subsidies.yaml"
    async with running_bot(fake, engine, db_path, kb_dir=kb) as app:
        await say(fake, NEW)  # no-match
        answer = await say(fake, "學雜費能不能報")  # rephrased: answered from subsidy-items
        await tap(fake, data_of(answer, texts.HELPFUL), replies=0)
        _, item = await listing(fake)
        assert f"「{NEW}」" in item.params["text"]
        _, (done,) = await tap(fake, data_of(item, texts.SUGGEST_APPROVE.format(id=1)), ADMIN_ID)
        after = await say(fake, NEW, user=77)
        services = BotContext.from_update(None, app).services  # type: ignore[arg-type]
        assert isinstance(services.engine.ask(NEW), Answer)
    assert done.params["text"].startswith("已核准 #1")
    assert NEW in load_knowledge_base(kb).by_id["subsidy-items"].alternates
    assert f"      - {NEW}" in path.read_text(encoding="utf-8").splitlines()
    assert after.params["text"].startswith(engine.entry("subsidy-items").answer[:10])
    with sqlite3.connect(db_path) as db:
        ((actor, action, target),) = db.execute("SELECT actor, action, target FROM audit")
    assert ("suggestion-approve", "1") == (action, target)
    assert actor.startswith("telegram:#") and "9001" not in actor  # HR actors as pseudonyms


async def test_reject_changes_nothing_and_is_not_listed_again(fake, engine, db_path, kb):
    before = {p.name: p.read_bytes() for p in kb.glob("*.yaml")}
    async with running_bot(fake, engine, db_path, kb_dir=kb):
        await choose_and_keep(fake)
        _, item = await listing(fake)
        _, (done,) = await tap(fake, data_of(item, texts.SUGGEST_REJECT.format(id=1)), ADMIN_ID)
        again = (await listing(fake, 1))[0]
    assert done.params["text"].startswith("已退回 #1")
    assert texts.SUGGEST_NONE == again.params["text"]
    assert before == {p.name: p.read_bytes() for p in kb.glob("*.yaml")}
    with sqlite3.connect(db_path) as db:
        assert [("suggestion-reject",)] == db.execute("SELECT action FROM audit").fetchall()


async def test_non_admin_and_removed_admin_are_refused(fake, engine, db_path, kb):
    before = {p.name: p.read_bytes() for p in kb.glob("*.yaml")}
    async with running_bot(fake, engine, db_path, kb_dir=kb) as app:
        await choose_and_keep(fake)
        refused = await say(fake, "/suggest")
        _, item = await listing(fake)
        approve = data_of(item, texts.SUGGEST_APPROVE.format(id=1))
        ack, _ = await tap(fake, approve, USER, replies=0)  # a user who got hold of the data
        services = BotContext.from_update(None, app).services  # type: ignore[arg-type]
        services.admins = frozenset()  # HR removed from the admin list meanwhile
        removed, _ = await tap(fake, approve, ADMIN_ID, replies=0)
        relisted = (await listing(fake, 1))[0]
    assert texts.ADMIN_ONLY == refused.params["text"]
    assert texts.ADMIN_ONLY == ack.params["text"] == removed.params["text"]
    assert texts.ADMIN_ONLY == relisted.params["text"]
    assert before == {p.name: p.read_bytes() for p in kb.glob("*.yaml")}
    with sqlite3.connect(db_path) as db:
        assert [("open",)] == db.execute("SELECT status FROM suggestions").fetchall()
        assert [] == db.execute("SELECT * FROM audit").fetchall()
