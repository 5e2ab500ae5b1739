"""What the engine returns: an answer, a request to choose, or an honest decline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CLARIFY_PROMPT = "我不太確定你想問哪一個，請選一個："
TRUNCATED_NOTE = "（你的訊息太長，我只讀了前 10,000 個字。）"
COVERED_TOPICS = (
    "我可以回答：進修方式與公假、進修名額、留職停薪進修、進修後服務義務與賠償、進修補助、"
    "每年學習時數、數位與英語學習獎勵、市府訓練課程與辦理方式。"
)
ASK_PERSONNEL = "其他問題請洽你服務機關的人事單位（人事室）。"


@dataclass(frozen=True)
class Suggestion:
    """An entry offered as a choice or as a related question."""

    entry_id: str
    question: str


@dataclass(frozen=True)
class Answer:
    question: str
    entry_id: str
    score: float
    text: str
    source: str
    edition: str
    related: tuple[Suggestion, ...] = ()
    computed: bool = False
    truncated: bool = False
    # Further entries answered in the same reply, when a message asked several questions.
    also: tuple[str, ...] = ()
    status: Literal["answer"] = field(default="answer", init=False)

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return (self.entry_id, *self.also)


@dataclass(frozen=True)
class Clarify:
    question: str
    score: float
    suggestions: tuple[Suggestion, ...]
    truncated: bool = False
    text: str = CLARIFY_PROMPT
    status: Literal["clarify"] = field(default="clarify", init=False)


@dataclass(frozen=True)
class Fallback:
    question: str
    reason: str  # empty | no-words | number-only | out-of-scope:<rule> | no-match
    text: str
    score: float = 0.0
    truncated: bool = False
    status: Literal["fallback"] = field(default="fallback", init=False)


Result = Answer | Clarify | Fallback


def to_json(result: Result) -> dict[str, object]:
    """The `trainbot ask --json` shape, the same for every outcome."""
    suggestions = result.suggestions if isinstance(result, Clarify) else ()
    return {
        "question": result.question,
        "status": result.status,
        "entry_id": result.entry_id if isinstance(result, Answer) else None,
        "also": list(result.also) if isinstance(result, Answer) else [],
        "score": round(result.score, 4),
        "text": result.text,
        "source": result.source if isinstance(result, Answer) else None,
        "edition": result.edition if isinstance(result, Answer) else None,
        "suggestions": [{"entry_id": s.entry_id, "question": s.question} for s in suggestions],
        "truncated": result.truncated,
    }
