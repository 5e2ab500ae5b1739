"""Subscribers, announcements and the delivery ledger: one row per announcement and chat.

The ledger is what makes delivery exactly-once across restarts: a row is marked `sending`
(committed) before its message goes out and `sent` with the message id after, so a crash in
between leaves `sending` rows that the next start reports as `uncertain` instead of resending.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from sqlite_utils import Database

from bot.storage.clock import now
from bot.storage.schema import compress_deliveries
from knowledge.announcements.announcement import Announcement, Audience, parse_announcement
from knowledge.announcements.courses import Course
from knowledge.announcements.topics import topics

STATUSES = ("pending", "sending", "sent", "blocked", "failed", "uncertain", "cancelled", "deleted",
            "undeletable")


def _announcement(row: dict) -> Announcement:
    parsed = parse_announcement(
        {k: row[k] for k in ("title", "body", "starts_at", "place", "organiser", "audience",
                             "hours", "categories", "link", "deadline") if row[k] not in (None, "")},
        stored=True,
    )
    assert isinstance(parsed, Announcement), parsed  # it was validated before it was stored
    return parsed


class AnnouncementsTable:
    db: Database

    if TYPE_CHECKING:  # provided by QuestionsTable in the composed Storage

        def pseudonymise(self, actor: str) -> str: ...

        def user_hash(self, user_id: int) -> str: ...

        def audit(self, actor: str, action: str, target: str = "", detail: str = "") -> None: ...

    # --- subscribers -------------------------------------------------------------------------
    def subscribe(self, chat_id: int) -> None:
        """A /start: subscribed to general announcements unless they opted out before."""
        with self.db.atomic():
            self.db.execute(
                """INSERT INTO subscribers (chat_id, started_at, updated_at) VALUES (?, ?, ?)
                   ON CONFLICT (chat_id) DO UPDATE SET active = 1, updated_at = excluded.updated_at""",
                [chat_id, now(), now()],
            )

    def set_active(self, chat_id: int, active: bool) -> None:
        """Blocked (403, or kicked the bot) or back again."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE subscribers SET active = ?, updated_at = ? WHERE chat_id = ?",
                [int(active), now(), chat_id],
            )

    def subscription(self, chat_id: int) -> tuple[bool, set[str]]:
        row = self.db.execute(
            "SELECT general FROM subscribers WHERE chat_id = ?", [chat_id]
        ).fetchone()
        chosen = {
            r[0] for r in self.db.execute(
                "SELECT topic FROM subscriber_topics WHERE chat_id = ?", [chat_id])
        }
        return bool(row and row[0]), chosen & set(topics())  # a removed topic is not shown

    def set_general(self, chat_id: int, on: bool) -> None:
        self.subscribe(chat_id)
        with self.db.atomic():
            self.db.execute(
                "UPDATE subscribers SET general = ?, updated_at = ? WHERE chat_id = ?",
                [int(on), now(), chat_id],
            )

    def toggle_topic(self, chat_id: int, topic: str) -> bool:
        """Flip one topic; returns whether it is now on."""
        self.subscribe(chat_id)
        with self.db.atomic():
            removed = self.db.execute(
                "DELETE FROM subscriber_topics WHERE chat_id = ? AND topic = ?", [chat_id, topic]
            ).rowcount
            if not removed:
                self.db.execute(
                    "INSERT INTO subscriber_topics (chat_id, topic) VALUES (?, ?)", [chat_id, topic]
                )
        return not removed

    def unsubscribe_all(self, chat_id: int) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM subscriber_topics WHERE chat_id = ?", [chat_id])
            self.db.execute(
                "UPDATE subscribers SET general = 0, updated_at = ? WHERE chat_id = ?",
                [now(), chat_id],
            )

    def audience_chats(self, audience: Audience) -> list[int]:
        """Active subscribers for `all` and `topic:`; `missing:` is resolved by the caller."""
        if audience.kind == "all":
            sql, args = "SELECT chat_id FROM subscribers WHERE active = 1 AND general = 1", []
        elif audience.kind == "topic":
            sql = """SELECT s.chat_id FROM subscribers s JOIN subscriber_topics t
                     ON t.chat_id = s.chat_id WHERE s.active = 1 AND t.topic = ?"""
            args = [audience.value]
        else:
            return []
        return [r[0] for r in self.db.execute(sql + " ORDER BY 1", args)]

    def inactive_chats(self) -> set[int]:
        return {r[0] for r in self.db.execute("SELECT chat_id FROM subscribers WHERE active = 0")}

    # --- announcements -----------------------------------------------------------------------
    def queue_announcement(self, a: Announcement, actor: str, notify_chat: int | None = None,
                           send_at: dt.datetime | None = None) -> int:
        status = "scheduled" if send_at else "queued"
        with self.db.atomic():
            cursor = self.db.execute(
                """INSERT INTO announcements (created_at, created_by, notify_chat, status, send_at,
                     title, body, starts_at, place, organiser, audience, hours, categories, link,
                     deadline)
                   VALUES (:created_at, :created_by, :notify_chat, :status, :send_at, :title,
                     :body, :starts_at, :place, :organiser, :audience, :hours, :categories,
                     :link, :deadline)""",
                {"created_at": now(), "created_by": self.pseudonymise(actor), "notify_chat": notify_chat,
                 "status": status,
                 "send_at": send_at.astimezone(dt.UTC).isoformat(timespec="seconds") if send_at else None,
                 **a.to_record()},
            )
        return int(cursor.lastrowid or 0)

    def announcement(self, announcement_id: int) -> tuple[dict, Announcement] | None:
        rows = list(self.db.table("announcements").rows_where("id = ?", [announcement_id]))
        return (rows[0], _announcement(rows[0])) if rows else None

    def due_announcements(self) -> list[int]:
        return [
            r[0] for r in self.db.execute(
                """SELECT id FROM announcements WHERE status = 'queued'
                   OR (status = 'scheduled' AND send_at <= ?) ORDER BY id""", [now()])
        ]

    def start_delivery(self, announcement_id: int, chat_ids: list[int]) -> bool:
        """Write one pending ledger row per chat and mark the announcement as sending, at once."""
        with self.db.atomic():
            claimed = self.db.execute(
                """UPDATE announcements SET status = 'sending', started_at = ?, total = ?
                   WHERE id = ? AND status IN ('queued', 'scheduled')""",
                [now(), len(set(chat_ids)), announcement_id],
            ).rowcount
            if not claimed:
                return False
            stamp = now()
            self.db.conn.executemany(
                """INSERT OR IGNORE INTO deliveries (announcement_id, chat_id, status, updated_at)
                   VALUES (?, ?, 'pending', ?)""",
                [(announcement_id, chat, stamp) for chat in chat_ids],
            )
        return True

    def cancel_unsent(self, announcement_id: int, reason: str) -> None:
        """Never send it (e.g. its author is no longer an HR admin); kept for the record."""
        with self.db.atomic():
            self.db.execute(
                """UPDATE announcements SET status = 'cancelled', finished_at = ?
                   WHERE id = ? AND status IN ('queued', 'scheduled')""",
                [now(), announcement_id],
            )
        self.audit("system", "announce-cancelled", str(announcement_id), reason)

    def sending_announcements(self) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM announcements WHERE status = 'sending' ORDER BY id")]

    def recover_in_flight(self) -> int:
        """After a crash: messages that may or may not have gone out are `uncertain`, not resent."""
        with self.db.atomic():
            return self.db.execute(
                """UPDATE deliveries SET status = 'uncertain', reason = 'in flight at a restart',
                   updated_at = ? WHERE status = 'sending'""", [now()]).rowcount

    def pending_chats(self, announcement_id: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            """SELECT chat_id FROM deliveries WHERE announcement_id = ? AND status = 'pending'
               ORDER BY chat_id""", [announcement_id])]

    def claim_delivery(self, announcement_id: int, chat_id: int) -> bool:
        """pending → sending, committed before the message goes out; False when the row is
        no longer pending (the announcement was cancelled or withdrawn meanwhile)."""
        with self.db.atomic():
            claimed = self.db.execute(
                """UPDATE deliveries SET status = 'sending', updated_at = ?
                   WHERE announcement_id = ? AND chat_id = ? AND status = 'pending'
                   AND (SELECT status FROM announcements WHERE id = ?) = 'sending'""",
                [now(), announcement_id, chat_id, announcement_id],
            ).rowcount > 0
            if not claimed:  # a retry put it back to pending after a cancel: it stays unsent
                self.db.execute(
                    """UPDATE deliveries SET status = 'cancelled', updated_at = ?
                       WHERE announcement_id = ? AND chat_id = ? AND status = 'pending'""",
                    [now(), announcement_id, chat_id],
                )
            return claimed

    def mark_delivery(self, announcement_id: int, chat_id: int, status: str,
                      message_id: int | None = None, reason: str = "",
                      revision: int = 0) -> None:
        """A row's new state; `sent` also records when and with which text revision."""
        assert status in STATUSES
        stamp = now()
        with self.db.atomic():
            self.db.execute(
                """UPDATE deliveries SET status = ?, message_id = ?, reason = ?, updated_at = ?,
                     sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END, revision = ?
                   WHERE announcement_id = ? AND chat_id = ?""",
                [status, message_id, reason[:300], stamp, status, stamp, revision,
                 announcement_id, chat_id],
            )

    def delivery_counts(self, announcement_id: int) -> dict[str, int]:
        """Per status: from the ledger while sending, from the stored counts once finished."""
        counts = dict.fromkeys(STATUSES, 0)
        final = self.db.execute(
            "SELECT final_counts FROM announcements WHERE id = ?", [announcement_id]
        ).fetchone()
        if final and final[0]:
            counts.update(json.loads(final[0]))
            return counts
        for status, n in self.db.execute(
            "SELECT status, COUNT(*) FROM deliveries WHERE announcement_id = ? GROUP BY status",
            [announcement_id],
        ):
            counts[status] = n
        return counts

    def set_progress_message(self, announcement_id: int, message_id: int) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE announcements SET progress_message_id = ? WHERE id = ?",
                            [message_id, announcement_id])

    def finish_announcement(self, announcement_id: int) -> None:
        """Done. The ledger (chat and message ids) stays while HR may still correct or
        withdraw the messages; the daily housekeeping then keeps only the counts."""
        with self.db.atomic():
            self.db.execute(
                """UPDATE announcements SET status = 'done', finished_at = ?, notify_chat = NULL
                   WHERE id = ? AND status = 'sending'""",
                [now(), announcement_id],
            )

    def compress_finished(self, before: str) -> int:
        """Replace the ledgers of announcements finished before `before` by their counts."""
        done = [r[0] for r in self.db.execute(
            """SELECT id FROM announcements WHERE status IN ('done', 'cancelled')
               AND final_counts IS NULL AND COALESCE(finished_at, created_at) < ?""", [before])]
        with self.db.atomic():
            for announcement_id in done:
                compress_deliveries(self.db, announcement_id)
        return len(done)

    def list_announcements(self, limit: int = 50) -> list[dict]:
        rows = list(self.db.execute(
            """SELECT a.id, a.title, a.status, a.created_at, a.send_at, a.audience, a.total,
                 (SELECT COUNT(*) FROM interest i WHERE i.announcement_id = a.id) AS interested,
                 a.revision
               FROM announcements a ORDER BY a.id DESC LIMIT ?""", [limit]))
        keys = ("id", "title", "status", "created_at", "send_at", "audience", "total", "interested",
                "revision")
        out = []
        for row in rows:
            record = dict(zip(keys, row, strict=True))
            record["counts"] = self.delivery_counts(record["id"])
            out.append(record)
        return out

    def current_courses(self, since_days: int = 1, undated_days: int = 60) -> list[Course]:
        """Announcements not cancelled whose course has not passed; one without a date counts
        for `undated_days` after it was made, so old ones do not pile up in the engine."""
        now_utc = dt.datetime.now(dt.UTC)
        cutoff = (now_utc - dt.timedelta(days=since_days)).isoformat()
        undated = (now_utc - dt.timedelta(days=undated_days)).isoformat(timespec="seconds")
        rows = self.db.table("announcements").rows_where(
            "status NOT IN ('cancelled', 'withdrawing', 'withdrawn') AND (starts_at >= ? OR (starts_at IS NULL AND created_at >= ?))",
            [cutoff, undated],
            order_by="id",
        )
        return [Course(row["id"], _announcement(row)) for row in rows]

    # --- interest ----------------------------------------------------------------------------
    def record_interest(self, announcement_id: int, user_id: int) -> bool | None:
        """True if new, False if already recorded, None if there is no such announcement."""
        if self.announcement(announcement_id) is None:
            return None
        with self.db.atomic():
            return self.db.execute(
                "INSERT OR IGNORE INTO interest (announcement_id, user_hash, at) VALUES (?, ?, ?)",
                [announcement_id, self.user_hash(user_id), now()],
            ).rowcount > 0

    def interested(self, announcement_id: int) -> tuple[int, list[str]]:
        """How many tapped 我有興趣, and the names of those who are bound employees."""
        count = self.db.execute(
            "SELECT COUNT(*) FROM interest WHERE announcement_id = ?", [announcement_id]
        ).fetchone()[0]
        bound = {self.user_hash(user_id): employee_id for user_id, employee_id in self.db.execute(
            "SELECT user_id, employee_id FROM bindings")}
        names = []
        for (user_hash,) in self.db.execute(
            "SELECT user_hash FROM interest WHERE announcement_id = ? ORDER BY at",
            [announcement_id],
        ):
            row = self.db.execute(
                "SELECT name || '（' || id || '）' FROM employees WHERE id = ?",
                [bound.get(user_hash)],
            ).fetchone()
            if row:
                names.append(row[0])
        return int(count), names
