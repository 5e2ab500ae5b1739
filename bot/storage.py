"""All SQL lives here: the SQLite file, its versioned schema, and every read and write.

sqlite-utils for the verbs, `Migrations` for the schema, WAL so readers never block the
writer, foreign keys on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from pathlib import Path

from sqlite_utils import Database, Migrations

from handlers.services import Frequent, QuestionRecord, UsageReport

migrations = Migrations("trainbot")


@migrations()
def m001_questions_and_feedback(db: Database) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('user_hash_salt', ?)", [secrets.token_hex(32)]
    )
    db.execute(
        """CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            asked_at TEXT NOT NULL,
            user_hash TEXT NOT NULL,
            chat_type TEXT NOT NULL,
            text TEXT NOT NULL,
            normalised TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            entry_id TEXT,
            score REAL NOT NULL,
            latency_ms REAL NOT NULL,
            answer TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX questions_asked_at ON questions (asked_at)")
    db.execute(
        """CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            question_id INTEGER REFERENCES questions (id) ON DELETE CASCADE,
            given_at TEXT NOT NULL,
            user_hash TEXT NOT NULL,
            helpful INTEGER NOT NULL,
            UNIQUE (question_id, user_hash)
        )"""
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _since(days: int) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="seconds")


class Storage:
    """The bot's SQLite database. One instance per process; calls are short and synchronous."""

    def __init__(self, db: Database):
        self.db = db
        self._salt = bytes.fromhex(self._meta("user_hash_salt"))

    @classmethod
    def open(cls, path: Path | str) -> Storage:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA busy_timeout = 5000")
        migrations.apply(db)
        return cls(db)

    def close(self) -> None:
        self.db.close()

    def _meta(self, key: str) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return str(row[0])

    def user_hash(self, user_id: int) -> str:
        """A stable pseudonym: the same user always maps to the same hash, never back."""
        return hmac.new(self._salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]

    def log_question(self, record: QuestionRecord) -> int:
        table = self.db.table("questions")
        table.insert(
            {
                "asked_at": _now(),
                "user_hash": self.user_hash(record.user_id),
                "chat_type": record.chat_type,
                "text": record.text,
                "normalised": record.normalised,
                "outcome": record.outcome,
                "reason": record.reason,
                "entry_id": record.entry_id,
                "score": round(record.score, 4),
                "latency_ms": round(record.latency_ms, 3),
                "answer": record.answer,
            }
        )
        return int(table.last_pk)

    def question(self, question_id: int) -> dict | None:
        rows = list(self.db.table("questions").rows_where("id = ?", [question_id]))
        return rows[0] if rows else None

    def record_feedback(self, question_id: int, user_id: int, helpful: bool) -> bool:
        """Store one vote per user and question (a second tap replaces the first)."""
        if self.question(question_id) is None:
            return False
        self.db.table("feedback").upsert(
            {
                "question_id": question_id,
                "user_hash": self.user_hash(user_id),
                "given_at": _now(),
                "helpful": int(helpful),
            },
            pk=("question_id", "user_hash"),
        )
        return True

    def _frequent(self, where: str, since: str, limit: int) -> list[Frequent]:
        rows = self.db.execute(
            f"""SELECT MIN(text), COUNT(*) AS n, MAX(entry_id) FROM questions
                WHERE asked_at >= ? AND {where}
                GROUP BY normalised ORDER BY n DESC, MAX(asked_at) DESC LIMIT ?""",  # noqa: S608
            [since, limit],
        ).fetchall()
        return [Frequent(r[0], r[1], r[2]) for r in rows]

    def usage_report(self, days: int = 30, limit: int = 10) -> UsageReport:
        since = _since(days)
        total = self.db.execute(
            "SELECT COUNT(*) FROM questions WHERE asked_at >= ?", [since]
        ).fetchone()[0]
        disliked = self.db.execute(
            """SELECT MIN(q.text), COUNT(*) AS n, MAX(q.entry_id) FROM feedback f
               JOIN questions q ON q.id = f.question_id
               WHERE f.helpful = 0 AND f.given_at >= ?
               GROUP BY q.normalised, q.entry_id ORDER BY n DESC LIMIT ?""",
            [since, limit],
        ).fetchall()
        return UsageReport(
            days=days,
            questions=int(total),
            unanswered=self._frequent("outcome = 'fallback' AND reason = 'no-match'", since, limit),
            clarified=self._frequent("outcome = 'clarify'", since, limit),
            disliked=[Frequent(r[0], r[1], r[2]) for r in disliked],
        )

    def purge_questions(self, older_than_days: int) -> int:
        """Delete logged questions (and their votes) past the retention period."""
        with self.db.atomic():
            cursor = self.db.execute(
                "DELETE FROM questions WHERE asked_at < ?", [_since(older_than_days)]
            )
        return int(cursor.rowcount)
