"""What the bot keeps and for how long: the daily purge and a user's /forget.

Clear Telegram ids live only where the bot must message the person (subscribers, bindings,
pending deliveries, notices); everything else is keyed by the user's hash or holds no id.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlite_utils import Database

from bot.storage.clock import days_ago, now
from handlers.services import Retention


class RetentionTable:
    db: Database

    if TYPE_CHECKING:  # provided by the other tables in the composed Storage

        def user_hash(self, user_id: int) -> str: ...

        def bound_employee(self, user_id: int) -> str | None: ...

        def _revoke_codes(self, employee_id: str) -> int: ...

        def compress_finished(self, before: str) -> int: ...

    def purge_expired(self, keep: Retention) -> dict[str, int]:
        """Delete every row past its retention; returns how many went, per table."""
        removed: dict[str, int] = {}

        def delete(name: str, sql: str, *args: object) -> None:
            removed[name] = removed.get(name, 0) + int(self.db.execute(sql, list(args)).rowcount)

        this_year = dt.datetime.now(dt.UTC).year
        with self.db.atomic():
            delete(
                "questions", "DELETE FROM questions WHERE asked_at < ?", days_ago(keep.questions)
            )
            delete("feedback", "DELETE FROM feedback WHERE given_at < ?", days_ago(keep.questions))
            delete("interest", "DELETE FROM interest WHERE at < ?", days_ago(keep.questions))
            delete(
                "bind_attempts",
                "DELETE FROM bind_attempts WHERE at < ?",
                days_ago(keep.bind_attempts),
            )
            cutoff = days_ago(keep.bind_codes)
            delete(
                "bind_codes",
                """DELETE FROM bind_codes WHERE expires_at < ? OR used_at < ?
                                    OR revoked_at < ?""",
                cutoff,
                cutoff,
                cutoff,
            )
            delete("notices", "DELETE FROM notices WHERE created_at < ?", days_ago(keep.notices))
            delete(
                "subscribers",
                """DELETE FROM subscribers WHERE updated_at < ? AND (active = 0
                   OR (general = 0 AND chat_id NOT IN (SELECT chat_id FROM subscriber_topics)))""",
                days_ago(keep.idle_subscribers),
            )
            delete("reminders_sent", "DELETE FROM reminders_sent WHERE year < ?", this_year - 1)
            delete("audit", "DELETE FROM audit WHERE at < ?", days_ago(keep.audit))
            removed["ledgers"] = self.compress_finished(days_ago(keep.delivered_ledger))
            old = "SELECT id FROM announcements WHERE created_at < ? AND status IN ('done', 'cancelled')"
            since = days_ago(keep.audit)
            delete("interest", f"DELETE FROM interest WHERE announcement_id IN ({old})", since)  # noqa: S608
            delete("deliveries", f"DELETE FROM deliveries WHERE announcement_id IN ({old})", since)  # noqa: S608
            delete("announcements", f"DELETE FROM announcements WHERE id IN ({old})", since)  # noqa: S608
        self.checkpoint()
        return {k: v for k, v in removed.items() if v}

    def forget_user(self, user_id: int) -> None:
        """/forget: everything held about this Telegram user goes, in one transaction. HR's
        audit records only that a deletion happened, not whose."""
        user_hash = self.user_hash(user_id)
        employee_id = self.bound_employee(user_id)
        with self.db.atomic():
            for sql, arg in (
                ("DELETE FROM subscriber_topics WHERE chat_id = ?", user_id),
                ("DELETE FROM subscribers WHERE chat_id = ?", user_id),
                ("DELETE FROM bindings WHERE user_id = ?", user_id),
                ("DELETE FROM deliveries WHERE chat_id = ?", user_id),
                ("DELETE FROM notices WHERE chat_id = ?", user_id),
                ("UPDATE announcements SET notify_chat = NULL WHERE notify_chat = ?", user_id),
                ("DELETE FROM interest WHERE user_hash = ?", user_hash),
                ("DELETE FROM feedback WHERE user_hash = ?", user_hash),
                ("DELETE FROM questions WHERE user_hash = ?", user_hash),
                ("DELETE FROM bind_attempts WHERE user_hash = ?", user_hash),
            ):
                self.db.execute(sql, [arg])
            if employee_id is not None:
                self._revoke_codes(employee_id)
                self.db.execute("DELETE FROM reminders_sent WHERE employee_id = ?", [employee_id])
            self.db.execute(
                "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                [now(), "user", "forget", "", ""],
            )
        self.checkpoint()

    def checkpoint(self) -> None:
        """Move the WAL into the database file and empty it, so that deleted rows (zeroed there
        by secure_delete) do not linger as old page copies in the WAL."""
        if str(getattr(self, "path", ":memory:")) != ":memory:":
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
