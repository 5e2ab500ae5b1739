"""The question log: what users asked, what they got, and their 👍/👎."""

from __future__ import annotations

from sqlite_utils import Database

from bot.storage.clock import days_ago as _since
from bot.storage.clock import now as _now
from bot.storage.pseudonyms import hash_user, pseudonymise_actor
from handlers.services import Frequent, QuestionRecord, UsageReport


class QuestionsTable:
    """Questions as asked and the votes on their answers."""

    db: Database
    _salt: bytes

    def user_hash(self, user_id: int) -> str:
        """A stable pseudonym: the same user always maps to the same hash, never back."""
        return hash_user(self._salt, user_id)

    def pseudonymise(self, actor: str) -> str:
        """`telegram:<user id>` as stored in audit rows, imports and announcements: the hash,
        so HR's records show who acted (checkable against the admin list) without the id."""
        return pseudonymise_actor(self._salt, actor)

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
                "choices": ",".join(record.choices),
            }
        )
        return int(table.last_pk or 0)

    def question(self, question_id: int) -> dict | None:
        rows = list(self.db.table("questions").rows_where("id = ?", [question_id]))
        return rows[0] if rows else None

    def record_feedback(self, question_id: int, user_id: int, helpful: bool) -> bool:
        """Store one vote per user and question (a second tap replaces the first). Only the
        person who asked may vote: a button's log id is easy to change, and another user's
        👎 would otherwise pollute HR's report (and confirm which log ids exist)."""
        asked = self.question(question_id)
        if asked is None or asked["user_hash"] != self.user_hash(user_id):
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
            # learned pairs went with their answers; undecided suggestions left without
            # any pair go too (decided ones stay, so a rejected wording is not offered again)
            self.db.execute(
                """DELETE FROM suggestions WHERE status = 'open' AND NOT EXISTS (
                    SELECT 1 FROM learned_pairs p WHERE p.normalised = suggestions.normalised
                    AND p.entry_id = suggestions.entry_id)"""
            )
        return int(cursor.rowcount)
