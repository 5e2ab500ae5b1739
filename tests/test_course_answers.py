"""Questions about a current course answered from its announcement's body sentences."""

from __future__ import annotations

import pytest
import yaml

from knowledge.announcements.announcement import parse_announcement
from knowledge.announcements.course_answers import sentences
from knowledge.announcements.courses import Course
from knowledge.model import PACKAGE_DIR
from knowledge.results import Answer

SAMPLE = PACKAGE_DIR / "samples" / "announcement-taipei-2024.yaml"
MERGED = "本場次與模範公務員回流培訓合併辦理"


@pytest.fixture(scope="module")
def with_course(engine):
    a = parse_announcement(yaml.safe_load(SAMPLE.read_text(encoding="utf-8")))
    return engine.with_courses([Course(7, a)])


def test_the_body_splits_into_sentences():
    body = "第一句話在這裡。第二句！\n\n第三段沒有句號\n短"
    assert ["第一句話在這裡。", "第二句！", "第三段沒有句號"] == sentences(body)


@pytest.mark.parametrize("question", [
    "這場跟哪個培訓合併辦理？",
    "一起交流的韓國公務員是哪裡來的？",
    "跨界踐行團全團有多少人",
])
def test_body_facts_are_answered_with_the_sentence_and_the_source(with_course, question):
    result = with_course.ask(question)
    assert isinstance(result, Answer) and "course-7" == result.entry_id
    assert result.text.startswith(MERGED) and "跨界踐行團" in result.text
    assert "第 7 號公告" in result.source


def test_a_question_the_announcement_does_not_answer_says_so_with_the_contact(with_course):
    result = with_course.ask("跨界踐行團有供餐嗎")
    assert "公告沒有提到" in result.text and "臺北市政府公務人員訓練處" in result.text
    assert "https://example.org/register/cross-boundary-2024" in result.text


def test_field_questions_still_come_from_the_fields(with_course):
    assert with_course.ask("跨界踐行團在哪裡").text.startswith("新竹科學園區")


def test_knowledge_base_questions_are_not_taken_over(with_course, engine):
    for question in ("留職停薪進修最長多久", "每年要上幾小時課", "韓國的公務員訓練制度"):
        assert engine.ask(question).text == with_course.ask(question).text
