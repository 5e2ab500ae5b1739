"""What the handlers need from the rest of the bot, as types the bot package implements.

Handlers depend on these protocols, never on `bot/`, so imports flow bot → handlers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from knowledge.announcements.announcement import Announcement, Audience
from knowledge.announcements.courses import Course
from knowledge.computation.progress import ProgressReport
from knowledge.computation.requirements import Progress
from knowledge.curation.learning import Flag
from knowledge.engine import AnswerEngine
from knowledge.followup import RecentQuestions


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
    choices: tuple[str, ...] = ()  # the entry ids a clarification offered


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


@dataclass(frozen=True)
class Suggested:
    """A phrasing users' behaviour suggests for an entry: `users` kept its answer (distinct
    users), `against` pressed 👎 on it; `flags` are knowledge.curation.learning.Flag checks."""

    id: int
    entry_id: str
    text: str
    users: int
    against: int
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Decision:
    """What became of an approve or reject: `outcome` is approved, rejected, missing (no open
    suggestion with that number), refused (it would break other entries: `flags`) or failed
    (the file edit did not pass kb check and was rolled back: `detail`)."""

    outcome: str
    suggestion: Suggested | None = None
    flags: tuple[Flag, ...] = ()
    detail: str = ""


class Learning(Protocol):
    """Learning from use: record what users' taps, rephrasings and 👎 say, and let HR turn
    the strongest into new phrasings of an entry."""

    def note_choice(self, user_id: int, entry_id: str, answer_id: int) -> None: ...

    def note_answer(self, answer_id: int) -> None: ...

    def note_dislike(self, question_id: int, user_id: int) -> None: ...

    def suggestions(self, limit: int = 10) -> list[Suggested]:
        """Blocking (it asks the engine about each): call it off the event loop."""

    def decide(self, suggestion_id: int, approve: bool, actor: str) -> Decision:
        """Blocking (file edit, checks, reload): call it off the event loop."""


class Announcements(Protocol):
    """Subscriptions, the announcement queue and interest: implemented by the bot's storage."""

    def subscribe(self, chat_id: int) -> None: ...

    def set_active(self, chat_id: int, active: bool) -> None: ...

    def subscription(self, chat_id: int) -> tuple[bool, set[str]]: ...

    def set_general(self, chat_id: int, on: bool) -> None: ...

    def toggle_topic(self, chat_id: int, topic: str) -> bool: ...

    def unsubscribe_all(self, chat_id: int) -> None: ...

    def queue_announcement(
        self, a: Announcement, actor: str, notify_chat: int | None = None,
        send_at: dt.datetime | None = None,
    ) -> int: ...

    def record_interest(self, announcement_id: int, user_id: int) -> bool | None: ...

    def interested(self, announcement_id: int) -> tuple[int, list[str]]: ...

    def list_announcements(self, limit: int = 50) -> list[dict]: ...

    def current_courses(self, since_days: int = 1) -> list[Course]: ...

    def announcement(self, announcement_id: int) -> tuple[dict, Announcement] | None: ...

    def delivery_counts(self, announcement_id: int) -> dict[str, int]: ...

    def edit_counts(self, announcement_id: int) -> dict[str, int]: ...

    def announcement_actions(self, announcement_id: int) -> list[tuple[str, str, str, str]]: ...

    def cancel_announcement(self, announcement_id: int, actor: str) -> str: ...

    def correct_announcement(
        self, announcement_id: int, new: Announcement, actor: str, report_chat: int | None = None
    ) -> str: ...

    def withdraw_announcement(
        self, announcement_id: int, actor: str, report_chat: int | None = None
    ) -> str: ...


@dataclass(frozen=True)
class Retention:
    """How long each kind of record is kept, in days: the daily housekeeping job enforces
    these and /privacy quotes them, so the notice and the database cannot drift apart."""

    questions: int = 180  # question log, 👍/👎, 我有興趣 (TRAINBOT_LOG_RETENTION_DAYS)
    bind_attempts: int = 1  # wrong-code lockout needs an hour
    bind_codes: int = 30  # after a code expired, was used or revoked
    notices: int = 7  # a message owed to someone that could not be delivered
    idle_subscribers: int = 180  # after a chat stopped receiving anything (blocked, all off)
    drafts: int = 7  # an announcement draft left unfinished
    audit: int = 1095  # HR's audit trail and old announcements (3 years)
    # Who received a finished announcement, with the message ids: kept while HR may still
    # correct or withdraw it (Telegram lets a bot delete its messages for 48 hours).
    delivered_ledger: int = 2


@dataclass
class Services:
    """Everything `bot/` hands the handlers, stored once in `application.bot_data`."""

    engine: AnswerEngine
    log: QuestionLog
    hours: HoursDesk | None = None
    announcements: Announcements | None = None
    audience_size: Callable[[Audience], int] | None = None
    progress: ProgressService | None = None
    admins: frozenset[int] = field(default_factory=frozenset)
    retention: Retention = field(default_factory=Retention)
    forget: Callable[[int], None] | None = None  # deletes everything held about a user
    recent: RecentQuestions = field(default_factory=RecentQuestions)  # for follow-ups
    learning: Learning | None = None


# --- personal learning hours -------------------------------------------------------------


@dataclass(frozen=True)
class Employee:
    id: str
    name: str
    agency: str = ""
    status: str = ""


@dataclass(frozen=True)
class CourseRecord:
    date: str  # ISO date
    course: str
    hours: float
    mode: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class ImportSummary:
    kind: str  # hours | roster
    rows: int
    employees: int
    new: int
    unchanged: int
    updated: int
    dry_run: bool


@dataclass(frozen=True)
class ImportRejected:
    """The file was refused whole; `errors` are the first of `error_count` problems."""

    errors: tuple[str, ...]
    error_count: int
    busy: bool = False  # refused because another import held the database: try again later


ImportResult = ImportSummary | ImportRejected


@dataclass(frozen=True)
class BindOutcome:
    ok: bool
    reason: str  # bound | wrong | expired | used | locked | already-bound | employee-taken
    employee: Employee | None = None
    attempts_left: int = 0
    locked_until: str = ""  # ISO time, for locked


@dataclass(frozen=True)
class HoursView:
    """One person's year: the requirement set, the totals, the courses behind them."""

    employee: Employee
    progress: Progress
    records: int
    last_import: str | None  # ISO time of the newest hours import


class HoursDesk(Protocol):
    def bind(self, user_id: int, code: str) -> BindOutcome: ...

    def unbind(self, user_id: int) -> bool: ...

    def employee_of(self, user_id: int) -> Employee | None: ...

    def hours(self, employee_id: str, year: int) -> HoursView | None: ...

    def hours_for_admin(self, actor_id: int, employee_id: str, year: int) -> HoursView | None: ...

    def courses(self, employee_id: str, year: int) -> list[CourseRecord]: ...

    def set_reminders(self, user_id: int, on: bool) -> bool: ...

    def import_file(
        self, path: Path, kind: str, actor: str, dry_run: bool = False
    ) -> ImportResult | None:
        """kind: hours, roster, or auto (decided by the header); None if it cannot tell."""

    async def import_file_async(
        self, path: Path, kind: str, actor: str, dry_run: bool = False
    ) -> ImportResult | None:
        """The same, without holding up the caller's event loop."""


# --- completion report ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressProblem:
    """Why there is no report: unit (unknown; `units` lists the known), year (no hours that
    year) or people (no employees at all)."""

    reason: str
    units: tuple[str, ...] = ()


class ProgressService(Protocol):
    def report(
        self, year: int, unit: str | None = None, actor: str = ""
    ) -> ProgressReport | ProgressProblem:
        """Blocking: call it off the event loop. Audited under `actor`."""

    def chart(self, report: ProgressReport) -> bytes | None:
        """PNG bytes, or None without a Chinese font. Blocking."""

    def workbook(self, report: ProgressReport) -> bytes:
        """.xlsx bytes. Blocking."""
