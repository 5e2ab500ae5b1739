"""Hours files, rules, binding and reminders, against a real SQLite file."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from bot.cli import main
from bot.hours_desk import Desk
from bot.imports import RowError, parse_hours
from bot.storage import Storage
from handlers.services import ImportRejected, ImportSummary
from knowledge.computation.dates import parse_date
from knowledge.computation.requirements import RULES_FILE, Requirements

RULES = Requirements.load()
HEADER = "員工編號,姓名,課程名稱,日期,時數,學習方式,類別\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-22", dt.date(2024, 3, 22)), ("2024/3/22", dt.date(2024, 3, 22)),
        ("113/03/22", dt.date(2024, 3, 22)), ("113.3.22", dt.date(2024, 3, 22)),
        ("1130322", dt.date(2024, 3, 22)), ("20240322", dt.date(2024, 3, 22)),
        ("99/12/31", dt.date(2010, 12, 31)),
        ("113/02/30", None), ("2024-13-01", None), ("昨天", None), ("", None), ("1850-01-01", None),
    ],
)
def test_dates_in_every_spelling_hr_systems_use(text, expected):
    assert expected == parse_date(text)


def write(tmp_path, text, encoding="utf-8", name="h.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_rows_are_parsed_with_categories_and_modes(tmp_path):
    path = write(tmp_path, HEADER + "A1,王,課,113/1/2,1.5,線上,環教、性平;業務\n", "cp950")
    (row,) = list(parse_hours(path, RULES))
    assert 1.5 == row.hours and "數位" == row.mode
    assert ("環境教育", "性別主流化", "業務相關") == row.categories


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (",王,課,113/1/2,1,,", "缺少員工編號"),
        ("A1,王,課,113/1/2,0,,", "時數「0」不合理"),
        ("A1,王,課,113/1/2,-2,,", "時數「-2」不合理"),
        ("A1,王,課,113/1/2,150,,", "時數「150」不合理"),
        ("A1,王,課,113/1/2,1,,烹飪", "類別「烹飪」不認得"),
        ("A1,王,課,113/1/2,1,函授,", "學習方式「函授」不認得"),
        ("A123456789,王,課,113/1/2,1,,", "身分證字號"),
    ],
)
def test_each_bad_row_names_its_line_and_reason(tmp_path, line, says):
    (row,) = list(parse_hours(write(tmp_path, HEADER + line + "\n"), RULES))
    assert isinstance(row, RowError) and 2 == row.line and says in row.reason


def test_missing_header_column_is_a_file_error(tmp_path):
    desk = Desk(Storage.open(tmp_path / "d.db"), RULES)
    result = desk.import_file(write(tmp_path, "員工編號,姓名,日期\nA1,王,113/1/1\n"), "hours", "t")
    assert isinstance(result, ImportRejected) and "缺少必要欄位：課程名稱、時數" in result.errors[0]


@pytest.fixture
def desk(tmp_path):
    storage = Storage.open(tmp_path / "d.db")
    yield Desk(storage, RULES)
    storage.close()


def test_reimport_updates_changed_records_only(desk, tmp_path):
    first = write(tmp_path, HEADER + "A1,王,甲,113/1/2,1,,\nA1,王,乙,113/1/3,2,,\n")
    assert ImportSummary("hours", 2, 1, 2, 0, 0, False) == desk.import_file(first, "hours", "t")
    second = write(tmp_path, HEADER + "A1,王,甲,113/1/2,1,,\nA1,王,乙,113/1/3,3,,\nA1,王,丙,113/1/4,1,,\n")
    assert ImportSummary("hours", 3, 1, 1, 1, 1, False) == desk.import_file(second, "hours", "t")
    assert 5.0 == desk.hours("A1", 2024).progress.total_done


def test_duplicates_and_name_conflicts_reject_the_whole_file(desk, tmp_path):
    desk.import_file(write(tmp_path, HEADER + "A1,王小明,甲,113/1/2,1,,\n"), "hours", "t")
    bad = HEADER + "A2,林,乙,113/1/3,2,,\nA2,林,乙,113/1/3,2,,\nA1,王大明,丙,113/1/4,1,,\n"
    result = desk.import_file(write(tmp_path, bad, name="b.csv"), "hours", "t")
    assert isinstance(result, ImportRejected)
    text = "\n".join(result.errors)
    assert "第 2,3 行：同一人、同一課程、同一天重複" in text
    assert "在名冊上是「王小明」，這裡寫「王大明」" in text
    assert desk.storage.employee("A2") is None


def test_digital_mode_counts_as_digital_hours(desk, tmp_path):
    desk.import_file(write(tmp_path, HEADER + "A1,王,甲,104/3/1,3,數位,業務相關\nA1,王,乙,104/3/2,2,實體,數位\n"), "hours", "t")
    view = desk.hours("A1", 2015)
    assert "桃園市104年度訓練進修計畫" == view.progress.rules.label  # 2015 follows the plan
    digital = next(c for c in view.progress.categories if c.category == "數位")
    assert 5.0 == digital.done and 0 == digital.missing
    assert 35.0 == view.progress.total_missing


def test_requirement_years_are_data(tmp_path):
    text = RULES_FILE_TEXT.replace("  2016: plan104\n", "  2016: plan104\n  2025: plan104\n")
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    assert "plan104" == Requirements.load(path).for_year(2025).id
    assert "national2017" == RULES.for_year(2025).id


RULES_FILE_TEXT = RULES_FILE.read_text(encoding="utf-8")


def test_binding_codes_are_single_use_and_expire(desk, tmp_path):
    desk.import_file(write(tmp_path, "員工編號,姓名,機關,身分\nA1,王,人事處,公務人員\nA2,林,人事處,臨時人員\n"), "roster", "t")
    code = desk.new_bind_code("A1", "t")
    assert 10 == len(code)
    assert desk.bind(1, code.lower()).ok  # case and spacing do not matter
    assert "used" == desk.bind(2, code).reason
    assert "already-bound" == desk.bind(1, desk.new_bind_code("A2", "t")).reason
    assert "employee-taken" == desk.bind(3, desk.new_bind_code("A1", "t")).reason
    stale = desk.new_bind_code("A2", "t")
    desk.storage.db.execute("UPDATE bind_codes SET expires_at = '2000-01-01'")
    assert "expired" == desk.bind(4, stale).reason
    assert desk.new_bind_code("NOBODY", "t") is None
    with sqlite3.connect(desk.storage.db.conn.execute("PRAGMA database_list").fetchone()[2]) as db:
        stored = [r[0] for r in db.execute("SELECT code_hash FROM bind_codes")]
    assert code not in stored and all(len(h) == 64 for h in stored)


def test_reminders_once_per_threshold_even_after_a_late_start(desk, tmp_path):
    desk.import_file(write(tmp_path, "員工編號,姓名,機關,身分\nA1,王,人事處,公務人員\n"), "roster", "t")
    desk.bind(1, desk.new_bind_code("A1", "t"))
    year = dt.date.today().year
    deadline = RULES.deadline(year)
    assert [] == desk.due_reminders(deadline - dt.timedelta(days=40), (30, 7))
    late = desk.due_reminders(deadline - dt.timedelta(days=5), (30, 7))  # bot was down at 30
    assert 1 == len(late)
    desk.reminder_sent(late[0], (30, 7))
    assert [] == desk.due_reminders(deadline - dt.timedelta(days=4), (30, 7))
    assert [] == desk.due_reminders(deadline + dt.timedelta(days=1), (30, 7))


def test_cli_imports_codes_and_audit(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAINBOT_DB", str(tmp_path / "cli.db"))
    roster = write(tmp_path, "員工編號,姓名,機關,職等,身分\nA1,王,人事處,薦任第7職等,正式\n", "cp950", "r.csv")
    assert 0 == main(["roster", "import", str(roster)])
    hours = write(tmp_path, HEADER + "A1,王,甲,1130102,2,,\n", name="h.csv")
    assert 0 == main(["hours", "import", str(hours), "--dry-run"])
    assert "試算" in capsys.readouterr().out
    bad = write(tmp_path, HEADER + "A1,王,甲,1130102,abc,,\n", name="bad.csv")
    assert 1 == main(["hours", "import", str(bad)])
    Storage.open(tmp_path / "cli.db").set_meta("bot_username", "trainhelper_bot")
    assert 0 == main(["bind-code", "A1"])
    out = capsys.readouterr().out
    assert "https://t.me/trainhelper_bot?start=" in out
    assert 1 == main(["bind-code", "Z9"])
    assert 0 == main(["audit"])
    audit = capsys.readouterr().out
    assert "import-roster" in audit and "import-hours-dry-run" in audit and "bind-code\tA1" in audit
