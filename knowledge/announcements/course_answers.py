"""Answers from the whole text of a course announcement, not only its fields.

Each announcement body is split into sentences; a question is compared with them through the
same normaliser and segmenter as the knowledge base (synonyms folded, stopwords dropped), and
the sentence covering most of the question's content words, weighted by how rare each word is
among the current announcements' sentences, answers it, naming the course and the
announcement. A question that names a course but that its announcement does not answer says
so and points to the organiser and the link. Field questions (時間, 地點, 時數, 報名 …) keep
their answers from the fields.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from knowledge.announcements.courses import (
    ASKS,
    COURSE_EDITION,
    COURSE_PREFIX,
    Course,
    answer_about,
    course_id,
)
from knowledge.normalise import normalise
from knowledge.results import Answer, Result
from knowledge.segment import Segmenter

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n\s*\n|\n")
# Words that carry the question's form, not its subject.
QUESTION_WORDS = frozenset(
    "這場 這次 這個 這堂 那場 哪個 哪裡 哪些 哪位 哪一 什麼 甚麼 誰 來 去 一起 是 嗎 呢 有 幾 多少 怎麼"
    " 如何 為什麼 為何 請問 課程 活動 公告 資訊 內容 介紹 一下 想 知道".split()
)
MIN_COVERAGE = 0.75  # share of the question's content (idf-weighted) a sentence must hold
MIN_MATCHED = 2  # content words in common, for a question that does not name the course
KB_CONFIDENT = 0.6  # a knowledge-base answer at least this sure is kept over a sentence
OVER_KB = 0.9  # a less sure one gives way only to a sentence holding nearly all the question


def sentences(body: str) -> list[str]:
    """The body's sentences, whitespace tidied; fragments under four characters dropped."""
    parts = (" ".join(p.split()) for p in _SENTENCE_END.split(body))
    return [p for p in parts if len(p) >= 4]


# Words pointing at "this" course rather than naming it.
# Only words that name an occasion, not a period: 這期間 and 本次考績 are not about a course.
_THIS_ONE = re.compile(r"[這本](?:場|堂|門課|梯)|這次的?(?:課|活動|研習|訓練)")


@dataclass(frozen=True)
class _Sentence:
    course: Course
    text: str
    tokens: frozenset[str]


@dataclass(frozen=True)
class Found:
    course: Course
    sentence: str
    coverage: float
    matched: int


class CourseAnswers:
    def __init__(self, courses: Sequence[Course], segmenter: Segmenter):
        self.segmenter = segmenter
        self.courses = {c.id: c for c in courses}
        self._sentences = [
            _Sentence(c, s, frozenset(self._content(s)))
            for c in courses for s in sentences(c.announcement.body)
        ]
        df: dict[str, int] = {}
        for s in self._sentences:
            for token in s.tokens:
                df[token] = df.get(token, 0) + 1
        n = len(self._sentences) or 1
        self._idf = {t: math.log(1 + n / d) for t, d in df.items()}
        self._unseen = math.log(1 + n)  # a word no sentence has weighs like the rarest
        self._titles = {c.id: frozenset(self._content(c.announcement.title)) for c in courses}

    def named_in(self, normalised: str) -> Course | None:
        """The course whose title the question names (the longest title, if several)."""
        titles = sorted(
            ((normalise(c.announcement.title), c) for c in self.courses.values()),
            key=lambda tc: len(tc[0]),
            reverse=True,
        )
        compact = normalised.replace(" ", "")
        return next((c for t, c in titles if len(t) >= 2 and t.replace(" ", "") in compact), None)

    def pointed_at(self, normalised: str) -> Course | None:
        """With one course announced, the course a question points at without naming it
        ("這場跟哪個培訓合併辦理？")."""
        if len(self.courses) == 1 and _THIS_ONE.search(normalised.replace(" ", "")):
            return next(iter(self.courses.values()))
        return None

    def _content(self, text: str) -> list[str]:
        return [t for t in self.segmenter.tokens(normalise(text)) if t not in QUESTION_WORDS]

    def find(self, tokens: Sequence[str], course: Course | None = None) -> Found | None:
        """The best sentence (of one course, or of all) for these question tokens."""
        ignore = self._titles.get(course.id, frozenset()) if course else frozenset()
        asked = {t for t in tokens if t not in QUESTION_WORDS and t not in ignore}
        if not asked:
            return None
        weight = sum(self._idf.get(t, self._unseen) for t in asked)
        best: Found | None = None
        for s in self._sentences:
            if course is not None and s.course.id != course.id:
                continue
            common = asked & s.tokens
            if not common:
                continue
            coverage = sum(self._idf[t] for t in common) / weight
            if best is None or coverage > best.coverage:
                best = Found(s.course, s.text, coverage, len(common))
        return best

    def refine(self, result: Result, normalised: str, tokens: Sequence[str]) -> Result:
        """The engine's result, answered from an announcement where that is better."""
        if not self.courses:
            return result
        named = None
        if isinstance(result, Answer):
            named = self.courses.get(course_id(result.entry_id) or -1)
            if named is None and result.score >= KB_CONFIDENT:
                return result  # a sure knowledge-base answer
        if named is not None:
            assert isinstance(result, Answer)
            if any(w in normalised for _, words in ASKS for w in words):
                return replace(result, text=answer_about(named, normalised))  # a field question
            found = self.find(tokens, named)
            if found is not None and found.coverage >= MIN_COVERAGE:
                return self._answer(result.question, found, result.truncated)
            title_only = not (set(tokens) - QUESTION_WORDS - self._titles[named.id])
            text = answer_about(named, normalised) if title_only else _not_in(named)
            return replace(result, text=text)
        # Not naming a course, a question is taken from the knowledge base (even one it declined)
        # only by a sentence holding nearly all of it: 韓國的公務員訓練制度 is not asking about
        # the course whose body mentions Korean officials.
        found = self.find(tokens)
        if found is None or found.coverage < OVER_KB or found.matched < MIN_MATCHED:
            return result
        return self._answer(result.question, found, result.truncated)

    def _answer(self, question: str, found: Found, truncated: bool) -> Answer:
        a = found.course.announcement
        return Answer(
            question=question,
            entry_id=f"{COURSE_PREFIX}{found.course.id}",
            score=round(found.coverage, 4),
            text=f"{found.sentence}（「{a.title}」課程公告）",
            source=f"課程公告：{a.title}（第 {found.course.id} 號公告），{a.organiser or '人事單位'}",
            edition=COURSE_EDITION,
            truncated=truncated,
        )


def _not_in(course: Course) -> str:
    a = course.announcement
    ask = a.organiser or "主辦單位"
    where = f"，或見 {a.link}" if a.link else ""
    return f"「{a.title}」的公告沒有提到這一點，請洽{ask}{where}。"
