"""The database schema, as sqlite-utils migrations applied in order at every start."""

from __future__ import annotations

import json
import secrets

from sqlite_utils import Database, Migrations

from bot.storage.pseudonyms import hash_user, pseudonymise_actor

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


@migrations()
def m002_people_and_hours(db: Database) -> None:
    db.execute(
        """CREATE TABLE employees (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            agency TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute(
        """CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            source TEXT NOT NULL,
            rows INTEGER NOT NULL,
            employees INTEGER NOT NULL,
            new INTEGER NOT NULL,
            unchanged INTEGER NOT NULL,
            updated INTEGER NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE hour_records (
            id INTEGER PRIMARY KEY,
            employee_id TEXT NOT NULL REFERENCES employees (id),
            course TEXT NOT NULL,
            date TEXT NOT NULL,
            hours REAL NOT NULL CHECK (hours > 0),
            mode TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '',
            import_id INTEGER REFERENCES imports (id),
            UNIQUE (employee_id, course, date)
        )"""
    )
    db.execute("CREATE INDEX hour_records_person_date ON hour_records (employee_id, date)")
    db.execute(
        """CREATE TABLE bindings (
            user_id INTEGER PRIMARY KEY,
            employee_id TEXT NOT NULL UNIQUE REFERENCES employees (id),
            bound_at TEXT NOT NULL,
            reminders INTEGER NOT NULL DEFAULT 1
        )"""
    )
    db.execute(
        """CREATE TABLE bind_codes (
            code_hash TEXT PRIMARY KEY,
            employee_id TEXT NOT NULL REFERENCES employees (id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            used_by INTEGER
        )"""
    )
    db.execute(
        """CREATE TABLE bind_attempts (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            ok INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX bind_attempts_user_at ON bind_attempts (user_id, at)")
    db.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute(
        """CREATE TABLE reminders_sent (
            employee_id TEXT NOT NULL REFERENCES employees (id),
            year INTEGER NOT NULL,
            threshold INTEGER NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (employee_id, year, threshold)
        )"""
    )


@migrations()
def m003_announcements(db: Database) -> None:
    db.execute(
        """CREATE TABLE subscribers (
            chat_id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            general INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE subscriber_topics (
            chat_id INTEGER NOT NULL REFERENCES subscribers (chat_id) ON DELETE CASCADE,
            topic TEXT NOT NULL,
            PRIMARY KEY (chat_id, topic)
        )"""
    )
    db.execute(
        """CREATE TABLE announcements (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            notify_chat INTEGER,
            status TEXT NOT NULL,
            send_at TEXT,
            started_at TEXT,
            finished_at TEXT,
            progress_message_id INTEGER,
            total INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            starts_at TEXT,
            place TEXT NOT NULL DEFAULT '',
            organiser TEXT NOT NULL DEFAULT '',
            audience TEXT NOT NULL DEFAULT 'all',
            hours REAL,
            categories TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            deadline TEXT
        )"""
    )
    db.execute("CREATE INDEX announcements_status ON announcements (status, send_at)")
    db.execute(
        """CREATE TABLE deliveries (
            announcement_id INTEGER NOT NULL REFERENCES announcements (id),
            chat_id INTEGER NOT NULL,
            status TEXT NOT NULL,
            message_id INTEGER,
            reason TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (announcement_id, chat_id)
        )"""
    )
    db.execute("CREATE INDEX deliveries_status ON deliveries (announcement_id, status)")
    db.execute(
        """CREATE TABLE interest (
            announcement_id INTEGER NOT NULL REFERENCES announcements (id),
            user_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (announcement_id, user_id)
        )"""
    )


@migrations()
def m004_amendments(db: Database) -> None:
    """Corrections and withdrawals: which text revision each chat holds, when it was sent
    (Telegram lets a bot delete its message for 48 hours only), and where to report."""
    db.execute("ALTER TABLE announcements ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE announcements ADD COLUMN action_chat INTEGER")
    db.execute("ALTER TABLE deliveries ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE deliveries ADD COLUMN sent_at TEXT")
    db.execute("ALTER TABLE deliveries ADD COLUMN edit_reason TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE deliveries SET sent_at = updated_at WHERE status = 'sent'")


@migrations()
def m005_revocable_codes_and_notices(db: Database) -> None:
    # A new code, a binding or an unbind revokes every code still outstanding for that
    # employee, so a lost or superseded code can never bind later.
    db.execute("ALTER TABLE bind_codes ADD COLUMN revoked_at TEXT")
    # Messages the bot owes a person (e.g. "HR removed your binding"), queued by the CLI and
    # sent by the running bot; a row is deleted once sent.
    db.execute(
        """CREATE TABLE notices (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )


@migrations()
def m006_clear_ids_only_where_needed(db: Database) -> None:
    """Clear Telegram ids stay only where the bot must message the person (subscribers,
    bindings, pending deliveries, notices); everywhere else they become keyed hashes or go."""
    salt = bytes.fromhex(db.execute("SELECT value FROM meta WHERE key = 'user_hash_salt'")
                         .fetchone()[0])
    # Lockout attempts matter for an hour: start afresh, keyed by hash.
    db.execute("DROP TABLE bind_attempts")
    db.execute(
        """CREATE TABLE bind_attempts (
            id INTEGER PRIMARY KEY,
            user_hash TEXT NOT NULL,
            at TEXT NOT NULL,
            ok INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX bind_attempts_user_at ON bind_attempts (user_hash, at)")
    db.execute("UPDATE bind_codes SET used_by = NULL")  # the binding itself says who
    old = db.execute("SELECT announcement_id, user_id, at FROM interest").fetchall()
    db.execute("DROP TABLE interest")
    db.execute(
        """CREATE TABLE interest (
            announcement_id INTEGER NOT NULL REFERENCES announcements (id),
            user_hash TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (announcement_id, user_hash)
        )"""
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO interest VALUES (?, ?, ?)",
        [(a, hash_user(salt, u), at) for a, u, at in old],
    )
    for table, column in (("audit", "actor"), ("imports", "actor"),
                          ("announcements", "created_by")):
        for rowid, actor in db.execute(f"SELECT rowid, {column} FROM {table}").fetchall():  # noqa: S608
            db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?",  # noqa: S608
                       [pseudonymise_actor(salt, actor), rowid])
    # A finished announcement keeps its delivery counts, not who received it.
    db.execute("ALTER TABLE announcements ADD COLUMN final_counts TEXT")
    for (announcement_id,) in db.execute(
        "SELECT id FROM announcements WHERE status IN ('done', 'cancelled')"
    ).fetchall():
        compress_deliveries(db, announcement_id)


def compress_deliveries(db: Database, announcement_id: int) -> None:
    """Replace an announcement's ledger rows (chat ids) by its counts per status."""
    counts = dict(db.execute(
        "SELECT status, COUNT(*) FROM deliveries WHERE announcement_id = ? GROUP BY status",
        [announcement_id],
    ).fetchall())
    db.execute(
        "UPDATE announcements SET final_counts = ?, notify_chat = NULL WHERE id = ?",
        [json.dumps(counts), announcement_id],
    )
    db.execute("DELETE FROM deliveries WHERE announcement_id = ?", [announcement_id])


@migrations()
def m007_learning(db: Database) -> None:
    """Learning from use: the choices a clarification offered, the (wording → entry) pairs
    users' taps, rephrasings and 👎 give, and HR's decision on each suggested phrasing."""
    db.execute("ALTER TABLE questions ADD COLUMN choices TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX questions_user ON questions (user_hash, id)")
    db.execute(
        """CREATE TABLE learned_pairs (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_hash TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            normalised TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            answer_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
            UNIQUE (answer_id, kind)
        )"""
    )
    db.execute("CREATE INDEX learned_pairs_key ON learned_pairs (normalised, entry_id)")
    db.execute(
        """CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            normalised TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            created_at TEXT NOT NULL,
            decided_at TEXT,
            decided_by TEXT,
            UNIQUE (normalised, entry_id)
        )"""
    )
