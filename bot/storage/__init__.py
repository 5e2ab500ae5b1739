"""The bot's SQLite database: the only package that speaks SQL.

One `Storage` object per process, composed of one class per concept (the question log, hours,
people, announcements); all share one sqlite-utils `Database` with WAL and foreign keys on.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from bot.storage.amendments import AmendmentsTable
from bot.storage.announcements import AnnouncementsTable
from bot.storage.hours import HoursTable
from bot.storage.learning import LearningTable
from bot.storage.people import PeopleTable
from bot.storage.progress import ProgressTable
from bot.storage.questions import QuestionsTable
from bot.storage.retention import RetentionTable
from bot.storage.schema import migrations


class Storage(QuestionsTable, HoursTable, PeopleTable, AnnouncementsTable, AmendmentsTable,
              ProgressTable, RetentionTable, LearningTable):
    """Calls are short and synchronous; the bot makes them from its event loop."""

    def __init__(self, db: Database, path: Path | str = ":memory:"):
        self.db = db
        self.path = path
        self._salt = bytes.fromhex(self.meta("user_hash_salt") or "")

    @classmethod
    def open(cls, path: Path | str) -> Storage:
        memory = str(path) == ":memory:"
        if not memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA secure_delete = ON")  # deleted rows (/forget, retention) are zeroed
        if not memory:
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA busy_timeout = 5000")
        migrations.apply(db)
        return cls(db, path)

    def reopen(self) -> Storage:
        """Another connection to the same file, for work on another thread (sqlite3
        connections stay on the thread that made them). In memory, the same object."""
        return self if str(self.path) == ":memory:" else Storage.open(self.path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )


__all__ = ["Storage"]
