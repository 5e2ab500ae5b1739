"""Employees and their learning-hour records: all-or-nothing imports and per-person reads.

An import streams rows into a temporary staging table in batches (no lock on the database),
then, holding the write lock, checks the whole file there (duplicates, names that contradict the
roster) and merges it in one transaction. A file with any bad row changes nothing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from bot.imports import HoursRow, RosterRow, RowError
from bot.storage.clock import now
from handlers import texts
from handlers.services import CourseRecord, Employee, ImportRejected, ImportResult, ImportSummary

BATCH = 5_000
RETRY_AFTER = 10  # seconds HR is told to wait when another import holds the lock (see README)
MAX_REPORTED = 200
SEP = "、"


class _Rollback(Exception):
    """Raised inside the import transaction to undo it (dry run or rejected file)."""

    def __init__(self, result: ImportResult):
        self.result = result


def _reject_if_bad(errors: list[str], error_count: int, staged: int) -> None:
    """Undo the import when any row was bad, or when there was nothing to import."""
    if error_count:
        raise _Rollback(ImportRejected(tuple(errors[:MAX_REPORTED]), error_count))
    if staged == 0:
        raise _Rollback(ImportRejected(("檔案裡沒有任何資料列。",), 1))


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


class HoursTable:
    db: Database
    last_lock_seconds: float = 0.0  # how long the last merge held the write lock (benchmark)

    if TYPE_CHECKING:  # provided by QuestionsTable in the composed Storage

        def pseudonymise(self, actor: str) -> str: ...

    def _stage(self, rows: Iterable[Any], columns: list[str],
               values: Callable[[Any], tuple]) -> tuple[int, list[str], int]:
        """Load rows into temp table `staging`; return (rows staged, first errors, error count)."""
        self.db.execute("DROP TABLE IF EXISTS temp.staging")
        self.db.execute(f"CREATE TEMP TABLE staging (line INTEGER, {', '.join(columns)})")
        placeholders = ", ".join("?" * (len(columns) + 1))
        errors: list[tuple[int, str]] = []
        error_count = staged = 0
        for batch in _batches(iter(rows), BATCH):
            good = []
            for row in batch:
                if isinstance(row, RowError):
                    error_count += 1
                    if len(errors) < MAX_REPORTED:
                        errors.append((row.line, str(row)))
                else:
                    good.append((row.line, *values(row)))
            self.db.conn.executemany(f"INSERT INTO staging VALUES ({placeholders})", good)  # noqa: S608
            staged += len(good)
        self.db.conn.commit()  # the temp table only: the database itself is not locked yet
        return staged, [e for _, e in sorted(errors)], error_count

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """BEGIN IMMEDIATE: take the write lock before reading what the merge depends on.

        A deferred transaction that read first would fail to upgrade (SQLITE_BUSY_SNAPSHOT)
        whenever the bot logged a question meanwhile; this way other writers simply wait,
        and only for the merge, not for the reading and checking of the file. If another
        import holds the lock past the busy timeout, the file is refused as "busy", unchanged.
        """
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise _Rollback(ImportRejected((texts.IMPORT_BUSY.format(n=RETRY_AFTER),), 1, busy=True)) from None
        locked_at = time.perf_counter()
        try:
            yield
        except BaseException:
            self.db.conn.rollback()
            raise
        finally:
            self.last_lock_seconds = time.perf_counter() - locked_at
        self.db.conn.commit()

    def _file_conflicts(self, with_roster_names: bool) -> list[str]:
        problems = []
        for ident, names, lines in self.db.execute(
            """SELECT employee_id, GROUP_CONCAT(DISTINCT name), GROUP_CONCAT(line)
               FROM staging GROUP BY employee_id HAVING COUNT(DISTINCT name) > 1 LIMIT ?""",
            [MAX_REPORTED],
        ):
            problems.append(f"第 {lines} 行：員工編號 {ident} 對應不同姓名（{names}）")
        if with_roster_names:
            for line, ident, name, known in self.db.execute(
                """SELECT s.line, s.employee_id, s.name, e.name FROM staging s
                   JOIN employees e ON e.id = s.employee_id WHERE e.name <> s.name LIMIT ?""",
                [MAX_REPORTED],
            ):
                problems.append(f"第 {line} 行：員工編號 {ident} 在名冊上是「{known}」，這裡寫「{name}」")
        return problems

    def _record_import(self, kind: str, actor: str, source: str, summary: ImportSummary) -> int:
        cursor = self.db.execute(
            """INSERT INTO imports (kind, at, actor, source, rows, employees, new, unchanged, updated)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [kind, now(), self.pseudonymise(actor), source, summary.rows, summary.employees, summary.new,
             summary.unchanged, summary.updated],
        )
        return int(cursor.lastrowid or 0)

    def import_hours(self, rows: Iterable[HoursRow | RowError], actor: str, source: str,
                     dry_run: bool = False) -> ImportResult:
        """Merge an hours file keyed by (employee, course, date); all or nothing."""
        staged, errors, error_count = self._stage(
            rows, ["employee_id", "name", "course", "date", "hours", "mode", "categories"],
            lambda r: (r.employee_id, r.name, r.course, r.date.isoformat(), r.hours,
                       r.mode, SEP.join(r.categories)),
        )
        try:
            with self._writing():
                for key, lines in self.db.execute(
                    """SELECT employee_id || ' ' || course || ' ' || date, GROUP_CONCAT(line)
                       FROM staging GROUP BY employee_id, course, date HAVING COUNT(*) > 1 LIMIT ?""",
                    [MAX_REPORTED],
                ):
                    errors.append(f"第 {lines} 行：同一人、同一課程、同一天重複（{key}）")
                    error_count += 1
                conflicts = self._file_conflicts(with_roster_names=True)
                errors += conflicts
                error_count += len(conflicts)
                _reject_if_bad(errors, error_count, staged)
                new, changed = self.db.execute(
                    """SELECT SUM(r.id IS NULL),
                              SUM(r.id IS NOT NULL AND (r.hours <> s.hours OR r.mode <> s.mode
                                                        OR r.categories <> s.categories))
                       FROM staging s LEFT JOIN hour_records r ON r.employee_id = s.employee_id
                            AND r.course = s.course AND r.date = s.date"""
                ).fetchone()
                people = self.db.execute(
                    "SELECT COUNT(DISTINCT employee_id) FROM staging"
                ).fetchone()[0]
                summary = ImportSummary("hours", staged, people, int(new or 0),
                                        staged - int(new or 0) - int(changed or 0),
                                        int(changed or 0), dry_run)
                if dry_run:
                    raise _Rollback(summary)
                import_id = self._record_import("hours", actor, source, summary)
                self.db.execute(
                    """INSERT INTO employees (id, name) SELECT employee_id, MIN(name) FROM staging
                       GROUP BY employee_id ON CONFLICT (id) DO NOTHING"""
                )
                self.db.execute(
                    """INSERT INTO hour_records
                         (employee_id, course, date, hours, mode, categories, import_id)
                       SELECT employee_id, course, date, hours, mode, categories, ? FROM staging
                       WHERE true
                       ON CONFLICT (employee_id, course, date) DO UPDATE SET
                         hours = excluded.hours, mode = excluded.mode,
                         categories = excluded.categories, import_id = excluded.import_id
                       WHERE hours <> excluded.hours OR mode <> excluded.mode
                             OR categories <> excluded.categories""",
                    [import_id],
                )
                self.db.execute("DROP TABLE temp.staging")
                return summary
        except _Rollback as done:
            return done.result

    def import_roster(self, rows: Iterable[RosterRow | RowError], actor: str, source: str,
                      dry_run: bool = False) -> ImportResult:
        """Load employees (id, name, agency, title, status); all or nothing."""
        staged, errors, error_count = self._stage(
            rows, ["employee_id", "name", "agency", "title", "status"],
            lambda r: (r.employee_id, r.name, r.agency, r.title, r.status),
        )
        try:
            with self._writing():
                for ident, lines in self.db.execute(
                    """SELECT employee_id, GROUP_CONCAT(line) FROM staging GROUP BY employee_id
                       HAVING COUNT(*) > 1 LIMIT ?""", [MAX_REPORTED],
                ):
                    errors.append(f"第 {lines} 行：員工編號 {ident} 重複")
                    error_count += 1
                _reject_if_bad(errors, error_count, staged)
                new, changed = self.db.execute(
                    """SELECT SUM(e.id IS NULL),
                              SUM(e.id IS NOT NULL AND (e.name <> s.name OR e.agency <> s.agency
                                  OR e.title <> s.title OR e.status <> s.status))
                       FROM staging s LEFT JOIN employees e ON e.id = s.employee_id"""
                ).fetchone()
                summary = ImportSummary("roster", staged, staged, int(new or 0),
                                        staged - int(new or 0) - int(changed or 0),
                                        int(changed or 0), dry_run)
                if dry_run:
                    raise _Rollback(summary)
                self._record_import("roster", actor, source, summary)
                self.db.execute(
                    """INSERT INTO employees (id, name, agency, title, status)
                       SELECT employee_id, name, agency, title, status FROM staging WHERE true
                       ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                         agency = excluded.agency, title = excluded.title,
                         status = excluded.status"""
                )
                self.db.execute("DROP TABLE temp.staging")
                return summary
        except _Rollback as done:
            return done.result

    def employee(self, employee_id: str) -> Employee | None:
        row = self.db.execute(
            "SELECT id, name, agency, status FROM employees WHERE id = ?", [employee_id]
        ).fetchone()
        return Employee(*row) if row else None

    def records(self, employee_id: str, year: int) -> list[CourseRecord]:
        rows = self.db.execute(
            """SELECT date, course, hours, mode, categories FROM hour_records
               WHERE employee_id = ? AND date BETWEEN ? AND ? ORDER BY date, course""",
            [employee_id, f"{year}-01-01", f"{year}-12-31"],
        )
        return [
            CourseRecord(d, c, h, m, tuple(x for x in cats.split(SEP) if x))
            for d, c, h, m, cats in rows
        ]

    def last_import(self, kind: str = "hours") -> str | None:
        row = self.db.execute("SELECT MAX(at) FROM imports WHERE kind = ?", [kind]).fetchone()
        return row[0] if row else None
