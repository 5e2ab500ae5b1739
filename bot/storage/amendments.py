"""Cancelling, correcting and withdrawing announcements: the intent is written here at once
(from chat or the CLI); the bot's delivery job carries it out against the ledger.

A correction raises the announcement's `revision`; every ledger row that was sent with an
older revision is a message still to edit, so an interrupted correction resumes by itself.
A withdrawal turns `sent` rows into `deleted` or `undeletable` one by one, likewise.
"""

from __future__ import annotations

from sqlite_utils import Database

from bot.storage.clock import days_ago, now
from knowledge.announcements.announcement import Announcement

CANCELLABLE = ("queued", "scheduled", "sending")
CORRECTABLE = ("queued", "scheduled", "sending", "done", "cancelled")
WITHDRAWABLE = ("queued", "scheduled", "sending", "done", "cancelled")
DELETE_WINDOW_HOURS = 48


class AmendmentsTable:
    db: Database

    def audit(self, actor: str, action: str, target: str = "", detail: str = "") -> None: ...

    def _status(self, announcement_id: int) -> str | None:
        row = self.db.execute(
            "SELECT status FROM announcements WHERE id = ?", [announcement_id]
        ).fetchone()
        return str(row[0]) if row else None

    def cancel_announcement(self, announcement_id: int, actor: str) -> str:
        """Stop what has not gone yet. Returns ok, missing, or the status that forbids it."""
        with self.db.atomic():
            status = self._status(announcement_id)
            if status is None:
                return "missing"
            if status not in CANCELLABLE:
                return status
            self.db.execute(
                "UPDATE announcements SET status = 'cancelled', finished_at = ? WHERE id = ?",
                [now(), announcement_id],
            )
            stopped = self.db.execute(
                """UPDATE deliveries SET status = 'cancelled', updated_at = ?
                   WHERE announcement_id = ? AND status = 'pending'""",
                [now(), announcement_id],
            ).rowcount
            self.audit(actor, "announce-cancel", str(announcement_id),
                       f"was {status}; {stopped} not sent")
        return "ok"

    def correct_announcement(self, announcement_id: int, new: Announcement, actor: str,
                             report_chat: int | None = None) -> str:
        """New text for later deliveries, and every delivered message to be edited to it.
        The audience stays: a correction never reaches anyone new."""
        with self.db.atomic():
            row = self.db.execute(
                "SELECT status, audience FROM announcements WHERE id = ?", [announcement_id]
            ).fetchone()
            if row is None:
                return "missing"
            if row[0] not in CORRECTABLE:
                return str(row[0])
            if row[1] != str(new.audience):
                return "audience"
            record = new.to_record()
            record.pop("audience")
            sets = ", ".join(f"{k} = :{k}" for k in record)
            self.db.execute(
                f"""UPDATE announcements SET {sets}, revision = revision + 1,
                      action_chat = :chat WHERE id = :id""",
                {**record, "chat": report_chat, "id": announcement_id},
            )
            to_edit = self.db.execute(
                "SELECT COUNT(*) FROM deliveries WHERE announcement_id = ? AND status = 'sent'",
                [announcement_id],
            ).fetchone()[0]
            self.audit(actor, "announce-correct", str(announcement_id),
                       f"{new.title}; {to_edit} messages to edit")
        return "ok"

    def withdraw_announcement(self, announcement_id: int, actor: str,
                              report_chat: int | None = None) -> str:
        """Stop sending and queue the deletion of every delivered message."""
        with self.db.atomic():
            status = self._status(announcement_id)
            if status is None:
                return "missing"
            if status not in WITHDRAWABLE:
                return status
            self.db.execute(
                """UPDATE announcements SET status = 'withdrawing', action_chat = ?
                   WHERE id = ?""", [report_chat, announcement_id])
            self.db.execute(
                """UPDATE deliveries SET status = 'cancelled', updated_at = ?
                   WHERE announcement_id = ? AND status = 'pending'""",
                [now(), announcement_id],
            )
            self.audit(actor, "announce-withdraw", str(announcement_id), f"was {status}")
        return "ok"

    # --- carrying it out ---------------------------------------------------------------------
    def revision(self, announcement_id: int) -> int:
        row = self.db.execute(
            "SELECT revision FROM announcements WHERE id = ?", [announcement_id]
        ).fetchone()
        return int(row[0]) if row else 0

    def correcting_announcements(self) -> list[int]:
        """Announcements with delivered messages older than their current text."""
        return [r[0] for r in self.db.execute(
            """SELECT a.id FROM announcements a WHERE a.status NOT IN ('withdrawing', 'withdrawn')
               AND a.revision > 0 AND EXISTS (SELECT 1 FROM deliveries d
                 WHERE d.announcement_id = a.id AND d.status = 'sent'
                 AND d.revision < a.revision) ORDER BY a.id""")]

    def stale_messages(self, announcement_id: int) -> list[tuple[int, int, int]]:
        """(chat id, message id, revision it shows) of delivered messages to edit."""
        return [(r[0], r[1], r[2]) for r in self.db.execute(
            """SELECT d.chat_id, d.message_id, d.revision FROM deliveries d
               JOIN announcements a ON a.id = d.announcement_id
               WHERE d.announcement_id = ? AND d.status = 'sent' AND d.revision < a.revision
               ORDER BY d.chat_id""", [announcement_id])]

    def mark_edited(self, announcement_id: int, chat_id: int, revision: int,
                    reason: str = "") -> None:
        with self.db.atomic():
            self.db.execute(
                """UPDATE deliveries SET revision = ?, edit_reason = ?, updated_at = ?
                   WHERE announcement_id = ? AND chat_id = ?""",
                [revision, reason[:300], now(), announcement_id, chat_id],
            )

    def withdrawing_announcements(self) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM announcements WHERE status = 'withdrawing' ORDER BY id")]

    def messages_to_delete(self, announcement_id: int) -> tuple[list[tuple[int, int]], int]:
        """Delivered messages still deletable, (chat, message id); and how many are too old,
        which are marked undeletable here."""
        cutoff = days_ago(DELETE_WINDOW_HOURS / 24)
        with self.db.atomic():
            too_old = self.db.execute(
                """UPDATE deliveries SET status = 'undeletable', updated_at = ?,
                     reason = 'older than 48 hours'
                   WHERE announcement_id = ? AND status = 'sent'
                   AND COALESCE(sent_at, updated_at) < ?""",
                [now(), announcement_id, cutoff],
            ).rowcount
        rows = [(r[0], r[1]) for r in self.db.execute(
            """SELECT chat_id, message_id FROM deliveries WHERE announcement_id = ?
               AND status = 'sent' ORDER BY chat_id""", [announcement_id])]
        return rows, too_old

    def finish_withdrawal(self, announcement_id: int) -> None:
        with self.db.atomic():
            self.db.execute(
                """UPDATE announcements SET status = 'withdrawn', finished_at = ?
                   WHERE id = ? AND status = 'withdrawing'""", [now(), announcement_id])

    def edit_counts(self, announcement_id: int) -> dict[str, int]:
        """Delivered messages showing the current text, still to edit, and failed edits."""
        row = self.db.execute(
            """SELECT a.revision,
                 SUM(d.status = 'sent' AND d.revision = a.revision AND d.edit_reason = ''),
                 SUM(d.status = 'sent' AND d.revision < a.revision),
                 SUM(d.status = 'sent' AND d.edit_reason != '')
               FROM announcements a LEFT JOIN deliveries d ON d.announcement_id = a.id
               WHERE a.id = ? GROUP BY a.id""", [announcement_id]).fetchone()
        if row is None:
            return {"revision": 0, "current": 0, "stale": 0, "edit_failed": 0}
        return {"revision": int(row[0]), "current": int(row[1] or 0),
                "stale": int(row[2] or 0), "edit_failed": int(row[3] or 0)}

    def announcement_actions(self, announcement_id: int) -> list[tuple[str, str, str, str]]:
        """(at, actor, action, detail) of the HR actions on one announcement, oldest first."""
        return [(r[0], r[1], r[2], r[3]) for r in self.db.execute(
            """SELECT at, actor, action, detail FROM audit WHERE target = ?
               AND action IN ('announce', 'announce-cancel', 'announce-correct',
                              'announce-withdraw', 'announce-withdrawn', 'announce-corrected')
               ORDER BY id""", [str(announcement_id)])]
