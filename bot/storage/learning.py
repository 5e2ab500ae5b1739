"""Learning from use: (wording → entry) pairs from users' behaviour, and HR's decisions.

A pair is written when a user taps a choice the bot offered after a clarification, or
rephrases right after a fallback or clarification and gets an answer; a 👎 on an answer writes
a counter-example. Whether the answer was *kept* is decided when suggestions are listed, from
what followed it (see `kept`). Pairs reference the logged answer, so they are deleted with it
when the question log's retention runs out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from sqlite_utils import Database

from bot.storage.clock import now as _now
from handlers.services import Suggested

CHOICE_MINUTES = 30  # a tap counts when the clarification is at most this old
REPHRASE_MINUTES = 5  # a rephrasing counts when it follows the miss within this time
KEEP_MINUTES = 3  # an answer is kept: 👍, or no 👎 and no new question for this long


def _time(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


def kept(vote: int | None, answered: str, next_question: str | None, now: dt.datetime) -> bool:
    """👍 keeps an answer at once; 👎 never; otherwise the user must have asked nothing else
    for KEEP_MINUTES after it (a new question or tap soon after suggests it missed)."""
    if vote is not None:
        return bool(vote)
    window = dt.timedelta(minutes=KEEP_MINUTES)
    if now - _time(answered) < window:
        return False
    return next_question is None or _time(next_question) - _time(answered) >= window


class LearningTable:
    """The learned_pairs and suggestions tables."""

    db: Database

    if TYPE_CHECKING:  # provided by the other tables in the composed Storage

        def user_hash(self, user_id: int) -> str: ...

        def audit(self, actor: str, action: str, target: str = "", detail: str = "") -> None: ...

    def _row(self, question_id: int) -> dict | None:
        rows = list(self.db.table("questions").rows_where("id = ?", [question_id]))
        return rows[0] if rows else None

    def _previous(self, row: dict, typed_only: bool) -> dict | None:
        """The same user's question just before this one (typed ones only: not taps)."""
        where = "user_hash = ? AND id < ?" + (" AND reason != 'picked'" if typed_only else "")
        rows = list(self.db.table("questions").rows_where(
            where, [row["user_hash"], row["id"]], order_by="id DESC", limit=1))
        return rows[0] if rows else None

    def _add_pair(self, kind: str, wording: dict, entry_id: str, answer_id: int) -> None:
        self.db.table("learned_pairs").insert(
            {"at": _now(), "user_hash": wording["user_hash"], "kind": kind,
             "text": wording["text"][:200], "normalised": wording["normalised"].replace(" ", ""),
             "entry_id": entry_id, "answer_id": answer_id},
            ignore=True,  # one pair of a kind per answer
        )

    def note_choice(self, user_id: int, entry_id: str, answer_id: int) -> None:
        """A tap on a choice: pair it with the wording of the clarification that offered it."""
        answer = self._row(answer_id)
        if answer is None or answer["user_hash"] != self.user_hash(user_id):
            return
        asked = self._previous(answer, typed_only=True)
        if asked is None or asked["outcome"] != "clarify" or not asked["normalised"]:
            return
        if entry_id not in asked["choices"].split(","):
            return
        if _time(answer["asked_at"]) - _time(asked["asked_at"]) > dt.timedelta(
            minutes=CHOICE_MINUTES
        ):
            return
        self._add_pair("choice", asked, entry_id, answer_id)

    def note_answer(self, answer_id: int) -> None:
        """A typed question answered right after a miss: pair the missed wording with it."""
        answer = self._row(answer_id)
        if answer is None or answer["outcome"] != "answer" or not answer["entry_id"]:
            return
        missed = self._previous(answer, typed_only=False)
        if missed is None or not missed["normalised"] or missed["normalised"] == answer["normalised"]:
            return
        if not (missed["outcome"] == "clarify"
                or (missed["outcome"] == "fallback" and missed["reason"] == "no-match")):
            return
        if _time(answer["asked_at"]) - _time(missed["asked_at"]) > dt.timedelta(
            minutes=REPHRASE_MINUTES
        ):
            return
        self._add_pair("rephrase", missed, answer["entry_id"], answer_id)

    def note_dislike(self, question_id: int, user_id: int) -> None:
        """A 👎 on a typed question's answer: its wording is a counter-example for the entry.
        (A 👎 on a tapped answer already turns that tap's pair into one.)"""
        row = self._row(question_id)
        if row is None or row["reason"] == "picked" or not row["entry_id"]:
            return
        if row["user_hash"] != self.user_hash(user_id) or not row["normalised"]:
            return
        self._add_pair("dislike", row, row["entry_id"], question_id)

    def learned(self, now: dt.datetime | None = None) -> list[tuple[str, str, str, int, int]]:
        """(normalised, entry, commonest wording, users who kept it, users who 👎 it) for
        every pair key with more keepers than objectors."""
        now = now or dt.datetime.now(dt.UTC)
        rows = self.db.execute(
            """SELECT p.normalised, p.entry_id, p.text, p.user_hash, p.kind, q.asked_at,
                      (SELECT helpful FROM feedback f
                        WHERE f.question_id = p.answer_id AND f.user_hash = p.user_hash),
                      (SELECT MIN(n.asked_at) FROM questions n
                        WHERE n.user_hash = p.user_hash AND n.id > p.answer_id)
               FROM learned_pairs p JOIN questions q ON q.id = p.answer_id"""
        ).fetchall()
        keepers: dict[tuple[str, str], set[str]] = defaultdict(set)
        objectors: dict[tuple[str, str], set[str]] = defaultdict(set)
        wordings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for norm, entry, text, user, kind, answered, vote, following in rows:
            key = (norm, entry)
            wordings[key][text.strip()] += 1
            if vote == 0 or kind == "dislike" and vote is None:
                objectors[key].add(user)
            elif kind != "dislike" and kept(vote, answered, following, now):
                keepers[key].add(user)
        out = []
        for key, users in keepers.items():
            against = len(objectors.get(key, ()))
            if len(users) > against:
                out.append((*key, wordings[key].most_common(1)[0][0], len(users), against))
        return out

    def open_suggestions(self, now: dt.datetime | None = None) -> list[Suggested]:
        """Learned pairs HR has not decided on, strongest first, each with a stable number."""
        learned = self.learned(now)
        table = self.db.table("suggestions")
        with self.db.atomic():
            for norm, entry, text, _, _ in learned:
                table.insert({"normalised": norm, "entry_id": entry, "text": text,
                              "created_at": _now()}, ignore=True)
        ids = {
            (r[0], r[1]): (r[2], r[3])
            for r in self.db.execute("SELECT normalised, entry_id, id, status FROM suggestions")
        }
        out = [
            Suggested(ids[(norm, entry)][0], entry, text, users, against)
            for norm, entry, text, users, against in learned
            if ids[(norm, entry)][1] == "open"
        ]
        return sorted(out, key=lambda s: (-s.users, s.against, s.id))

    def follow_merged_entries(self, merged_into: dict[str, str]) -> int:
        """Rewrite the ids of entries HR merged into others (`replaces` in the knowledge base)
        wherever learning keeps them, so old taps, rephrasings and decisions count for the
        entry they became; a decision taken under the old id is kept. Returns rows changed."""
        changed = 0
        with self.db.atomic():
            for old, new in merged_into.items():
                for table in ("questions", "learned_pairs"):
                    changed += self.db.execute(
                        f"UPDATE {table} SET entry_id = ? WHERE entry_id = ?", [new, old]  # noqa: S608
                    ).rowcount
                rows = self.db.execute(
                    "SELECT id, normalised, status, decided_at, decided_by FROM suggestions WHERE entry_id = ?",
                    [old],
                ).fetchall()
                for sid, norm, status, decided_at, decided_by in rows:
                    twin = self.db.execute(
                        "SELECT id, status FROM suggestions WHERE normalised = ? AND entry_id = ?",
                        [norm, new],
                    ).fetchone()
                    if twin is None:
                        self.db.execute("UPDATE suggestions SET entry_id = ? WHERE id = ?", [new, sid])
                    else:
                        if twin[1] == "open" and status != "open":
                            self.db.execute(
                                "UPDATE suggestions SET status = ?, decided_at = ?, decided_by = ? WHERE id = ?",
                                [status, decided_at, decided_by, twin[0]],
                            )
                        self.db.execute("DELETE FROM suggestions WHERE id = ?", [sid])
                    changed += 1
        return changed

    def suggestion(self, suggestion_id: int) -> tuple[str, str, str] | None:
        """(entry, wording, status) of one suggestion."""
        row = self.db.execute(
            "SELECT entry_id, text, status FROM suggestions WHERE id = ?", [suggestion_id]
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def decide_suggestion(self, suggestion_id: int, approved: bool, actor: str) -> bool:
        """Mark an open suggestion approved or rejected and audit it; False if not open."""
        status = "approved" if approved else "rejected"
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE suggestions SET status = ?, decided_at = ?, decided_by = ?"
                " WHERE id = ? AND status = 'open'",
                [status, _now(), actor, suggestion_id],
            )
            if cursor.rowcount != 1:
                return False
            entry, text, _ = self.suggestion(suggestion_id) or ("", "", "")
            action = "suggestion-approve" if approved else "suggestion-reject"
            self.audit(actor, action, str(suggestion_id), f"{entry}: {text}")
        return True
