"""Find the question in a message: which clauses ask, and which are only the asker's story.

A long message ("我是新進人員，主管叫我去上課，……，請問一年要上幾小時？") carries its question in
one clause; scoring the whole story lets its small talk decide. Clauses that ask get full
weight, the story around them only enough to break ties. Two sentences that each ask are two
questions, and both deserve an answer.

This works on the cleaned text before normalising, because normalising drops the punctuation
that separates the clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A full stop ends an English sentence when a space follows it (2.5 and e-learning keep theirs).
# Not after a title or an abbreviation (Dr. Lin, Dept. of ..., e.g. this).
_ABBREVIATED = (
    r"(?:(?<=\b[MmDd]r)|(?<=\bMrs)|(?<=\bMs)|(?<=\bDept)|(?<=\bProf)|(?<=\bvs)|(?<=e\.g)|(?<=i\.e))"
)
_SENTENCE = re.compile(
    r"(?:[^。！？!?；;\n.]|\.(?!\s)|" + _ABBREVIATED + r"\.(?=\s))+(?:[。！？!?；;\n]|\.(?=\s))*"
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_COMMA = re.compile(r"[^，,、：:]+[，,、：:]*")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_ASKS = re.compile(
    r"[?？]|嗎|吗|呢|幾|几|多少|多久|多長|多长|什麼|什么|甚麼|怎麼|怎么|怎樣|怎样|如何|哪|是否|能否|可否"
    r"|可不可以|能不能|會不會|会不会|要不要|有沒有|有没有|算不算|請問|请问|想問|想问|想知道|請教|请教"
    r"|\b(how|what|when|where|who|which|why|can|could|do|does|is|are|should|may|will|any)\b",
    re.IGNORECASE,
)
STORY_WEIGHT = 0.35  # weight of a clause that does not ask, when another one does
LONG_SENTENCE = 40  # characters; a single sentence longer than this is split at commas too
LEAD_IN = 25  # characters: a shorter clause just before a question belongs to it
BARE_QUESTION = 12  # characters: a question this short leans on the clause before it


@dataclass(frozen=True)
class Clause:
    text: str
    asks: bool


# An English sentence asks with a question mark, by how it starts, or by saying so; "is" or
# "do" inside a statement ("My course is 3 hours a week.") is no question.
_ENGLISH_ASKS = re.compile(
    r"[?？]|^\W*(?:how|what|when|where|who|whom|which|why|can|could|do|does|did|is|are|am|was|were"
    r"|should|shall|may(?!\s+\d)|might|will|would|must|have|has)\b"
    r"|\b(i wonder|wondering|tell me|let me know|i want to know|i'd like to know|please advise)\b",
    re.IGNORECASE,
)


def asks(text: str) -> bool:
    latin = 1.5 * len(_LATIN_WORD.findall(text))
    if latin > size(text) - latin:  # mostly English
        return bool(_ENGLISH_ASKS.search(text))
    return bool(_ASKS.search(text))


def size(text: str) -> float:
    """How long a clause reads, in Chinese characters: an English word counts one and a half
    (a 25-character Chinese lead-in says about as much as fifteen English words)."""
    words = _LATIN_WORD.findall(text)
    return len(_LATIN_WORD.sub("", text).replace(" ", "")) + 1.5 * len(words)


def split_clauses(text: str) -> list[Clause]:
    """Sentences, and the comma-separated parts of one long unpunctuated sentence (a space
    between two Chinese characters is a phone typist's comma: 我在區公所 電腦不太會 可以都上實體課嗎)."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if len(sentences) == 1 and size(sentences[0]) > LONG_SENTENCE:
        commas = _CJK_SPACE.sub("，", sentences[0])
        sentences = [s.strip() for s in _COMMA.findall(commas) if s.strip()]
    return [Clause(s, asks(s)) for s in sentences]


def weighted_clauses(text: str) -> list[tuple[str, float]]:
    """Each clause with its weight: asking clauses (and the lead-in just before one) count in
    full, the rest of the story at STORY_WEIGHT. With no asking clause everything counts."""
    clauses = split_clauses(text)
    if not any(c.asks for c in clauses) or len(clauses) == 1:
        return [(c.text, 1.0) for c in clauses]
    out = []
    for i, c in enumerate(clauses):
        after = clauses[i + 1] if i + 1 < len(clauses) else None
        # The clause before a question is its lead-in when it is short, or when the question
        # itself says almost nothing (……想念全職博士班。這樣機關可以同意嗎？).
        lead_in = (
            after is not None and after.asks and not c.asks
            and (size(c.text) < LEAD_IN or size(after.text) < BARE_QUESTION)
        )
        out.append((c.text, 1.0 if c.asks or lead_in else STORY_WEIGHT))
    return out


def questions_in(text: str) -> list[str]:
    """The separate questions of a message: sentences that each ask, with any short lead-in.

    Only sentence punctuation separates questions; a comma usually joins a condition to its
    question ("帶薪進修8個月，要服務多久？"), so commas never split here.
    """
    sentences = [p for s in _SENTENCE.findall(text) if s.strip() for p in _english_pair(s.strip())]
    out: list[str] = []
    pending = ""
    for s in sentences:
        if asks(s):
            out.append(_joined(pending, s))
            pending = ""
        elif size(s) < LEAD_IN:
            pending = _joined(pending, s)
    return out


# In English a second question is often joined by a comma and "and" (…keep my salary, and how
# long do I have to work for them afterwards?): a question word right after says so.
_ENGLISH_AND_ASKS = re.compile(
    r",\s*(?:and|also|plus)\s+(?:also\s+)?(?=(?:how|what|when|where|who|which|why|do|does|is|are|can"
    r"|could|will|would|should|must)\b)",
    re.IGNORECASE,
)


# The first half asks too: a question word opens it or one of its clauses (If …, do I …).
_ENGLISH_CLAUSE_ASKS = re.compile(
    r"(?:^|[,:;]\s*)\W*(?:how|what|when|where|who|which|why|can|could|do|does|is|are|will|would"
    r"|should|must|may|am|have|has)\b",
    re.IGNORECASE,
)


def _english_pair(sentence: str) -> list[str]:
    """A mostly English sentence that asks twice, joined by ", and how/what/do …", as two
    questions; anything else as it is. (A Chinese comma joins a condition to its question as
    often as two questions, so Chinese sentences are not split here.)"""
    latin = 1.5 * len(_LATIN_WORD.findall(sentence))
    if latin <= size(sentence) - latin:
        return [sentence]
    pieces = _ENGLISH_AND_ASKS.split(sentence)
    if len(pieces) == 2 and _ENGLISH_CLAUSE_ASKS.search(pieces[0]) and all(size(p) >= 6 for p in pieces):
        return [pieces[0].strip() + "?", pieces[1].strip()]
    return [sentence]


_POINTS_BACK = re.compile(r"\b(?:it|that|this|these|those|they|them)\b", re.IGNORECASE)


def refers_back(question: str) -> bool:
    """A short English question whose subject is a pronoun for what was asked before ("who
    has to sign off on that?", "who does it cover?"): it means nothing alone."""
    return size(question) < 24 and bool(_POINTS_BACK.search(question))


def _joined(first: str, second: str) -> str:
    """Two sentences as one text: English ones keep a space between them."""
    return f"{first} {second}" if first and first[-1].isascii() else first + second
