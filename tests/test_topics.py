"""Subscription topics as data: validated by kb check, removable without losing other choices."""

from __future__ import annotations

import pytest

from bot.storage import Storage
from knowledge.announcements import topics as topics_module
from knowledge.announcements.announcement import Audience, parse_announcement
from knowledge.announcements.topics import topic_problems, topics
from knowledge.check import check


@pytest.fixture
def topics_file(tmp_path, monkeypatch):
    path = tmp_path / "topics.yaml"
    path.write_text("topics: [數位, 英語, 主管]\n", encoding="utf-8")
    monkeypatch.setattr(topics_module, "TOPICS_FILE", path)
    return path


@pytest.mark.parametrize("text, problem", [
    ("topics: []\n", "非空的清單"),
    ("topics: [數位, 數位]\n", "重複"),
    ("topics: ['a:b']\n", "不含冒號"),
    ("nothing: 1\n", "非空的清單"),
])
def test_kb_check_validates_the_topics_file(topics_file, text, problem):
    topics_file.write_text(text, encoding="utf-8")
    assert problem in "".join(topic_problems())
    assert any("topics.yaml" in str(p) and problem in str(p) for p in check())


def test_the_shipped_topics_file_is_valid():
    assert [] == topic_problems(topics_module.PACKAGE_DIR / "rules" / "topics.yaml")


def test_removing_a_topic_keeps_the_other_choices_and_queued_announcements(topics_file,
                                                                         tmp_path):
    with Storage.open(tmp_path / "t.db") as storage:
        storage.toggle_topic(1, "數位")
        storage.toggle_topic(1, "英語")
        queued = parse_announcement({"title": "英語簡報", "body": "x", "audience": "topic:英語"})
        announcement_id = storage.queue_announcement(queued, "test")
        topics_file.write_text("topics: [數位, 主管]\n", encoding="utf-8")
        topics_module._cache.clear()  # the same second as the first write: mtime may not move
        assert ("數位", "主管") == topics()
        assert (True, {"數位"}) == storage.subscription(1)  # 英語 is not shown as chosen
        assert "英語" == storage.announcement(announcement_id)[1].audience.value  # still reads
        assert [1] == storage.audience_chats(Audience("topic", "英語"))  # and still reaches them
    assert isinstance(parse_announcement({"title": "t", "body": "b", "audience": "topic:英語"}),
                      list)  # but nobody can address a new announcement to it


def test_a_broken_edit_keeps_the_last_good_list(topics_file):
    assert ("數位", "英語", "主管") == topics()
    topics_file.write_text("topics: [數位, 數位]\n", encoding="utf-8")
    topics_module._cache[topics_file] = (0.0, ("數位", "英語", "主管"))
    assert ("數位", "英語", "主管") == topics()
