"""Learning from use as a service for the handlers and the CLI: storage, checks, file edits.

Nothing reaches the knowledge base except through `decide(..., approve=True)`, which HR alone
can reach (the handlers re-check the admin list; the CLI is HR's shell).
"""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from bot.storage import Storage
from handlers.services import Decision, Suggested
from knowledge.curation import learning
from knowledge.curation.kb_edit import EditError, append_alternate, same_wording
from knowledge.engine import AnswerEngine

log = logging.getLogger(__name__)
PER_ENTRY = 3  # suggestions listed per entry: the strongest few


class LearningDesk:
    """Implements handlers.services.Learning over the bot's storage and knowledge base."""

    def __init__(
        self,
        storage: Storage,
        engine: Callable[[], AnswerEngine],
        kb_dir: Path | None = None,
        on_reload: Callable[[AnswerEngine], None] | None = None,
    ):
        self.storage = storage
        self.engine = engine  # the current engine (it changes when the base is reloaded)
        self.kb_dir = kb_dir
        self.on_reload = on_reload

    @contextlib.contextmanager
    def _own_connection(self) -> Iterator[Storage]:
        """A connection for the calling thread: listing and deciding run on worker threads,
        and an sqlite3 connection stays on the thread that made it."""
        storage = self.storage.reopen()
        try:
            yield storage
        finally:
            if storage is not self.storage:
                storage.close()

    def note_choice(self, user_id: int, entry_id: str, answer_id: int) -> None:
        self.storage.note_choice(user_id, entry_id, answer_id)

    def note_answer(self, answer_id: int) -> None:
        self.storage.note_answer(answer_id)

    def note_dislike(self, question_id: int, user_id: int) -> None:
        self.storage.note_dislike(question_id, user_id)

    def suggestions(self, limit: int = 10) -> list[Suggested]:
        """Open suggestions for entries that exist and lack the wording, at most PER_ENTRY
        each, every one with the quick ambiguity checks."""
        engine = self.engine()
        per_entry: dict[str, int] = defaultdict(int)
        out: list[Suggested] = []
        with self._own_connection() as storage:
            found = storage.open_suggestions()
        for s in found:
            entry = engine.entry(s.entry_id)  # an id merged into another reaches that one
            if entry is None or any(same_wording(s.text, q) for q in entry.questions):
                continue
            if per_entry[entry.id] >= PER_ENTRY:
                continue
            per_entry[entry.id] += 1
            flags = learning.assess(engine, entry.id, s.text)
            out.append(Suggested(s.id, entry.id, s.text, s.users, s.against, flags))
            if len(out) >= limit:
                break
        return out

    def decide(self, suggestion_id: int, approve: bool, actor: str) -> Decision:
        """Reject: mark it. Approve: refuse if the phrasing would stop other entries' own
        questions being answered; else write it to the entry's file (rolled back unless kb
        check passes), mark it, and reload the engine."""
        with self._own_connection() as storage:
            return self._decide(storage, suggestion_id, approve, actor)

    def _decide(self, storage: Storage, suggestion_id: int, approve: bool, actor: str) -> Decision:
        found = storage.suggestion(suggestion_id)
        if found is None or found[2] != "open":
            return Decision("missing")
        entry_id, text, _ = found
        shown = Suggested(suggestion_id, entry_id, text, 0, 0)
        if not approve:
            storage.decide_suggestion(suggestion_id, False, actor)
            return Decision("rejected", shown)
        engine = self.engine()
        entry_id = engine.kb.current_id(entry_id)
        broken = learning.breaks(engine, entry_id, text)
        if broken:
            return Decision("refused", shown, broken)
        try:
            path = append_alternate(entry_id, text, self.kb_dir)
        except EditError as exc:
            log.warning("suggestion %d not written: %s", suggestion_id, exc)
            return Decision("failed", shown, detail=str(exc))
        if not storage.decide_suggestion(suggestion_id, True, actor):
            return Decision("missing")  # decided meanwhile by someone else
        log.info("suggestion %d added to %s by %s", suggestion_id, path.name, actor)
        reloaded = learning.reload(engine, self.kb_dir)
        if self.on_reload is not None:
            self.on_reload(reloaded)
        return Decision("approved", shown)
