"""Who is who: one-time binding codes, Telegram-to-employee bindings, the audit trail, and
which reminders were already sent.

Codes are stored only as hashes; a binding is the one place here a Telegram user id is kept in
clear, because reminders must reach that chat (lockout attempts are keyed by the user's hash).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from sqlite_utils import Database

from bot.storage.clock import days_ago, later, now
from handlers.services import BindOutcome, Employee

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed by hand
CODE_LENGTH = 10
MAX_WRONG = 5
LOCK_HOURS = 1
GUESSING_ALERT = 50  # wrong codes in an hour, all accounts together: HR's audit is told


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


class PeopleTable:
    db: Database

    if TYPE_CHECKING:  # provided by HoursTable and QuestionsTable in the composed Storage

        def employee(self, employee_id: str) -> Employee | None: ...

        def pseudonymise(self, actor: str) -> str: ...

        def user_hash(self, user_id: int) -> str: ...

    def new_bind_code(self, employee_id: str, valid_days: int = 14) -> str:
        """A fresh single-use code for HR to hand to the employee; every earlier code of that
        employee stops working (the usual reason for a new one is that the old one was lost)."""
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        with self.db.atomic():
            self._revoke_codes(employee_id)
            self.db.execute(
                """INSERT INTO bind_codes (code_hash, employee_id, created_at, expires_at)
                   VALUES (?, ?, ?, ?)""",
                [_hash(code), employee_id, now(), later(days=valid_days)],
            )
        return code

    def _revoke_codes(self, employee_id: str) -> int:
        """Revoke the employee's outstanding codes (call inside a transaction)."""
        return int(self.db.execute(
            """UPDATE bind_codes SET revoked_at = ?
               WHERE employee_id = ? AND used_at IS NULL AND revoked_at IS NULL""",
            [now(), employee_id],
        ).rowcount)

    def _failures_in_last_hour(self, user_id: int) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                """SELECT at FROM bind_attempts WHERE user_hash = ? AND ok = 0 AND at >= ?
                   ORDER BY at""",
                [self.user_hash(user_id), days_ago(LOCK_HOURS / 24)],
            )
        ]

    def redeem_bind_code(self, user_id: int, code: str) -> BindOutcome:
        """Bind this Telegram user to the code's employee, if the code is good and unused."""
        failures = self._failures_in_last_hour(user_id)
        if len(failures) >= MAX_WRONG:
            return BindOutcome(False, "locked", locked_until=_plus_hour(failures[-MAX_WRONG]))
        if self.bound_employee(user_id) is not None:
            return BindOutcome(False, "already-bound")
        with self.db.atomic():
            row = self.db.execute(
                """SELECT employee_id, expires_at, used_at, revoked_at FROM bind_codes
                   WHERE code_hash = ?""",
                [_hash(code)],
            ).fetchone()
            reason = "bound"
            if row is None:
                reason = "wrong"
            elif row[3] is not None:
                reason = "revoked"
            elif row[2] is not None:
                reason = "used"
            elif row[1] < now():
                reason = "expired"
            elif self.db.execute(
                "SELECT 1 FROM bindings WHERE employee_id = ?", [row[0]]
            ).fetchone():
                reason = "employee-taken"
            ok = reason == "bound"
            self.db.execute(
                "INSERT INTO bind_attempts (user_hash, at, ok) VALUES (?, ?, ?)",
                [self.user_hash(user_id), now(), int(ok)],
            )
            if not ok:
                self._alert_if_guessing()
                left = MAX_WRONG - len(failures) - 1
                return BindOutcome(False, reason, attempts_left=max(0, left))
            self.db.execute(
                "UPDATE bind_codes SET used_at = ? WHERE code_hash = ?",  # who: the binding
                [now(), _hash(code)],
            )
            self.db.execute(
                "INSERT INTO bindings (user_id, employee_id, bound_at) VALUES (?, ?, ?)",
                [user_id, row[0], now()],
            )
            self._revoke_codes(row[0])  # other codes HR issued for this employee
        return BindOutcome(True, "bound", employee=self.employee(row[0]))

    def _alert_if_guessing(self) -> None:
        """Many accounts each trying their five codes is how one would guess at scale: the
        per-user lockout does not see it, so the audit gets one row when an hour crosses the
        threshold. (A 10-character code has 31^10 ≈ 8×10^14 values; the alert is for HR.)"""
        wrong, accounts = self.db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT user_hash) FROM bind_attempts WHERE ok = 0 AND at >= ?",
            [days_ago(LOCK_HOURS / 24)],
        ).fetchone()
        if wrong == GUESSING_ALERT:
            self.audit("system", "bind-codes-guessing", "",
                       f"{wrong} wrong codes within an hour from {accounts} accounts")

    def bound_employee(self, user_id: int) -> str | None:
        row = self.db.execute(
            "SELECT employee_id FROM bindings WHERE user_id = ?", [user_id]
        ).fetchone()
        return row[0] if row else None

    def unbind_user(self, user_id: int) -> bool:
        """The user's own /unbind; the employee's outstanding codes are revoked too."""
        with self.db.atomic():
            employee_id = self.bound_employee(user_id)
            if employee_id is None:
                return False
            self.db.execute("DELETE FROM bindings WHERE user_id = ?", [user_id])
            self._revoke_codes(employee_id)
        return True

    def unbind_employee(self, employee_id: str) -> int | None:
        """HR removes a binding; returns the Telegram user who was bound (to tell them), if
        any. Outstanding codes are revoked whether or not the employee was bound."""
        with self.db.atomic():
            row = self.db.execute(
                "SELECT user_id FROM bindings WHERE employee_id = ?", [employee_id]
            ).fetchone()
            self.db.execute("DELETE FROM bindings WHERE employee_id = ?", [employee_id])
            self._revoke_codes(employee_id)
        return int(row[0]) if row else None

    # --- notices: messages owed to one person, sent by the running bot ---------------------
    def queue_notice(self, chat_id: int, text: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO notices (chat_id, text, created_at) VALUES (?, ?, ?)",
                [chat_id, text, now()],
            )

    def pending_notices(self) -> list[tuple[int, int, str]]:
        """(notice id, chat id, text), oldest first."""
        return [(r[0], r[1], r[2]) for r in self.db.execute(
            "SELECT id, chat_id, text FROM notices ORDER BY id")]

    def notice_done(self, notice_id: int) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM notices WHERE id = ?", [notice_id])

    def set_reminders(self, user_id: int, on: bool) -> bool:
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE bindings SET reminders = ? WHERE user_id = ?", [int(on), user_id]
            )
            return cursor.rowcount > 0

    def bindings(self) -> list[tuple[int, str]]:
        """(user id, employee id) of every bound user."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT user_id, employee_id FROM bindings ORDER BY user_id")]

    def reminder_candidates(self) -> list[tuple[int, str]]:
        """(user id, employee id) of bound users who have not turned reminders off."""
        return [
            (r[0], r[1])
            for r in self.db.execute(
                "SELECT user_id, employee_id FROM bindings WHERE reminders = 1 ORDER BY user_id"
            )
        ]

    def reminders_sent(self, employee_id: str, year: int) -> set[int]:
        return {
            r[0]
            for r in self.db.execute(
                "SELECT threshold FROM reminders_sent WHERE employee_id = ? AND year = ?",
                [employee_id, year],
            )
        }

    def mark_reminders_sent(self, employee_id: str, year: int, thresholds: list[int]) -> None:
        with self.db.atomic():
            for threshold in thresholds:
                self.db.execute(
                    """INSERT OR IGNORE INTO reminders_sent (employee_id, year, threshold, sent_at)
                       VALUES (?, ?, ?, ?)""",
                    [employee_id, year, threshold, now()],
                )

    def audit(self, actor: str, action: str, target: str = "", detail: str = "") -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                [now(), self.pseudonymise(actor), action, target, detail],
            )

    def audit_log(self, limit: int = 100) -> list[tuple[str, str, str, str, str]]:
        return [
            tuple(r)  # type: ignore[misc]
            for r in self.db.execute(
                "SELECT at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT ?",
                [limit],
            )
        ]


def _plus_hour(iso: str) -> str:
    return (dt.datetime.fromisoformat(iso) + dt.timedelta(hours=LOCK_HOURS)).isoformat(
        timespec="minutes"
    )
