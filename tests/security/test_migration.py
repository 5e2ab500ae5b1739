"""A database written before issue 10 (clear ids in interest, audit, announcements, the
delivery ledger and lockout attempts) is rewritten on the first start: ids become pseudonyms or
go, and nothing HR relies on is lost."""

from __future__ import annotations

from sqlite_utils import Database

from bot.storage import Storage
from bot.storage.schema import migrations

from .helpers import places_holding

USER, ADMIN = 5_550_777_001, 9_001


def test_old_database_keeps_its_meaning_without_clear_ids(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m006_clear_ids_only_where_needed")
    db.execute("INSERT INTO employees (id, name) VALUES ('A001', '王小明')")
    db.execute("INSERT INTO subscribers VALUES (?, 'x', 1, 1, 'x')", [USER])
    db.execute(
        "INSERT INTO bindings (user_id, employee_id, bound_at) VALUES (?, 'A001', 'x')", [USER]
    )
    db.execute(
        """INSERT INTO announcements (id, created_at, created_by, notify_chat, status,
                  total, title, body) VALUES (1, 'x', ?, ?, 'done', 1, 't', 'b')""",
        [f"telegram:{ADMIN}", ADMIN],
    )
    db.execute(
        "INSERT INTO deliveries (announcement_id, chat_id, status, message_id, reason, updated_at)"
        " VALUES (1, ?, 'sent', 5, '', 'x')",
        [USER],
    )
    db.execute("INSERT INTO interest VALUES (1, ?, 'x')", [USER])
    db.execute(
        "INSERT INTO audit (at, actor, action) VALUES ('x', ?, 'lookup-hours')",
        [f"telegram:{ADMIN}"],
    )
    db.execute("INSERT INTO bind_attempts (user_id, at, ok) VALUES (?, 'x', 0)", [USER])
    db.execute("""INSERT INTO bind_codes VALUES ('h', 'A001', 'x', 'x', 'x', ?, NULL)""", [USER])
    db.conn.commit()
    db.close()

    with Storage.open(path) as storage:
        assert places_holding(path, USER) == {"subscribers.chat_id", "bindings.user_id"}
        assert places_holding(path, ADMIN) == set()
        assert 1 == storage.delivery_counts(1)["sent"]
        assert (1, ["王小明（A001）"]) == storage.interested(1)
        assert storage.pseudonymise(f"telegram:{ADMIN}") == storage.audit_log()[0][1]
