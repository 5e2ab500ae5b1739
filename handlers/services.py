"""What the handlers need from the rest of the bot, as types the bot package implements.

Handlers depend on these protocols, never on `bot/`, so imports flow bot → handlers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from knowledge.engine import AnswerEngine


@dataclass(frozen=True)
class QuestionRecord:
    """One question as asked, for learning from use; the user id is never stored in clear."""

    user_id: int
    chat_type: str
    text: str
    normalised: str
    outcome: str  # answer | clarify | fallback
    reason: str  # fallback reason, else ""
    entry_id: str | None
    score: float
    latency_ms: float
    answer: str


@dataclass(frozen=True)
class Frequent:
    text: str
    count: int
    entry_id: str | None = None


@dataclass(frozen=True)
class UsageReport:
    days: int
    questions: int
    unanswered: list[Frequent]
    clarified: list[Frequent]
    disliked: list[Frequent]


class QuestionLog(Protocol):
    def log_question(self, record: QuestionRecord) -> int: ...

    def record_feedback(self, question_id: int, user_id: int, helpful: bool) -> bool: ...

    def usage_report(self, days: int = 30, limit: int = 10) -> UsageReport: ...


@dataclass
class Services:
    """Everything `bot/` hands the handlers, stored once in `application.bot_data`."""

    engine: AnswerEngine
    log: QuestionLog
    admins: frozenset[int] = field(default_factory=frozenset)
    retention_days: int = 180
