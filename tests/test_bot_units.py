"""Configuration, storage, callback data and HTML splitting, without a network."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.config import ConfigError, Settings
from bot.storage import Storage
from handlers import callbacks
from handlers.render import split_html
from handlers.services import QuestionRecord

TOKEN = "123456789:AAH" + "x" * 30


def record(text="留停多久", outcome="fallback", reason="no-match", user_id=1):
    return QuestionRecord(user_id, "private", text, text, outcome, reason, None, 0.1, 1.0, "a")


def test_settings_from_a_full_environment(tmp_path):
    s = Settings.from_env({
        "TELEGRAM_BOT_TOKEN": TOKEN, "TRAINBOT_DB": str(tmp_path / "x.db"),
        "TRAINBOT_ADMINS": "11, 22 33", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "TRAINBOT_WEBHOOK_URL": "https://bot.example.org/hook", "TRAINBOT_WEBHOOK_SECRET": "s3cret-token",
        "TRAINBOT_WEBHOOK_PORT": "8080", "TRAINBOT_WEBHOOK_LISTEN": "127.0.0.1",
    })
    assert frozenset({11, 22, 33}) == s.admins
    assert 8080 == s.webhook_port and "127.0.0.1" == s.webhook_listen
    assert tmp_path / "x.db" == s.db_path


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "nonsense"}, "does not look like a bot token"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TRAINBOT_ADMINS": "11,bob"}, "'bob' is not one"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TRAINBOT_WEBHOOK_URL": "http://x.org/h"}, "https://"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TRAINBOT_WEBHOOK_URL": "https://x.org/h"}, "TRAINBOT_WEBHOOK_SECRET"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TRAINBOT_WEBHOOK_PORT": "99999"}, "from 1 to 65535"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "ftp://x"}, "http(s) address"),
    ],
)
def test_bad_settings_get_plain_messages(env, says):
    with pytest.raises(ConfigError, match=re.escape(says)):
        Settings.from_env(env)


def test_trainbot_run_reports_bad_config_and_exits(monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "nonsense")
    assert 2 == main(["run"])
    assert "does not look like a bot token" in capsys.readouterr().err


@pytest.fixture
def storage(tmp_path):
    s = Storage.open(tmp_path / "t.sqlite3")
    yield s
    s.close()


def test_schema_is_migrated_once_and_wal_is_on(tmp_path):
    Storage.open(tmp_path / "a.db").close()
    s = Storage.open(tmp_path / "a.db")
    assert "wal" == s.db.execute("PRAGMA journal_mode").fetchone()[0]
    assert 1 == s.db.execute("PRAGMA foreign_keys").fetchone()[0]
    s.close()


def test_user_ids_are_stored_only_as_stable_hashes(storage):
    storage.log_question(record(user_id=123456789))
    row = storage.db.execute("SELECT user_hash FROM questions").fetchone()
    assert "123456789" not in row[0]
    assert storage.user_hash(123456789) == row[0] != storage.user_hash(123456780)


def test_one_vote_per_user_and_question(storage):
    qid = storage.log_question(record(user_id=7))
    assert not storage.record_feedback(qid, 8, True)  # only the asker votes on an answer
    assert storage.record_feedback(qid, 7, True)
    assert storage.record_feedback(qid, 7, False)
    assert [(0,)] == storage.db.execute("SELECT helpful FROM feedback").fetchall()
    assert not storage.record_feedback(qid + 1, 7, False)


def test_usage_report_groups_by_normalised_text(storage):
    for _ in range(3):
        storage.log_question(record("貓咪怎麼養"))
    storage.log_question(record("補助", outcome="clarify", reason=""))
    storage.log_question(record("天氣", reason="out-of-scope:weather-and-life"))
    report = storage.usage_report()
    assert [("貓咪怎麼養", 3)] == [(f.text, f.count) for f in report.unanswered]
    assert ["補助"] == [f.text for f in report.clarified]
    assert 5 == report.questions


def test_retention_purges_old_questions_and_their_votes(storage):
    old = storage.log_question(record("舊問題"))
    storage.record_feedback(old, 1, False)
    storage.log_question(record("新問題"))
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(days=200)).isoformat()
    storage.db.execute("UPDATE questions SET asked_at = ? WHERE id = ?", [past, old])
    assert 1 == storage.purge_questions(180)
    assert [("新問題",)] == storage.db.execute("SELECT text FROM questions").fetchall()
    assert [] == storage.db.execute("SELECT * FROM feedback").fetchall()


def test_callback_data_round_trips_within_64_bytes(engine):
    for entry in engine.kb.entries:
        data = callbacks.entry_choice(entry.id)
        assert len(data.encode()) <= 64
        assert callbacks.EntryChoice(entry.id) == callbacks.parse(data)
    assert callbacks.Vote(12345678901, False) == callbacks.parse(callbacks.vote(12345678901, False))
    assert callbacks.parse("v:2:x") is None and callbacks.parse(None) is None


def test_split_html_keeps_every_piece_valid():
    html = "<b>標題</b>\n" + "<i>" + "字" * 5000 + "</i>\n" + "a &amp; b " * 600
    pieces = split_html(html, 4096)
    assert len(pieces) > 1 and all(len(p) <= 4096 for p in pieces)
    for piece in pieces:
        assert piece.count("<i>") == piece.count("</i>")
        assert not re.search(r"&[a-z]*$", piece)  # no entity cut in half
    assert 5000 == sum(p.count("字") for p in pieces)


def test_current_courses_drop_past_and_stale_undated_announcements(storage):
    from knowledge.announcements.announcement import parse_announcement

    def add(**fields):
        return storage.queue_announcement(parse_announcement({"title": "課", "body": "b", **fields}), "t")

    future = add(starts_at="2030-01-01 09:00")
    add(starts_at="2020-01-01 09:00")
    fresh = add()
    stale = add()
    storage.db.execute("UPDATE announcements SET created_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", [stale])
    assert [future, fresh] == [c.id for c in storage.current_courses()]
