"""The completion report: counts, the workbook, /progress in Telegram and `trainbot progress`."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3

from openpyxl import load_workbook

from bot.cli import main
from bot.progress_files import chart_png, chinese_font, safe_cell, workbook
from handlers import texts
from knowledge.computation.dates import TAIPEI
from knowledge.computation.progress import TOTAL, PersonYear, build_report
from knowledge.computation.requirements import Requirements

from .bot_harness import ADMIN_ID, running_bot
from .test_announce_e2e import wait_until

YEAR = dt.datetime.now(TAIPEI).year
ROSTER = ("員工編號,姓名,機關,職稱,身分\nA001,王小明,人事處,科員,公務人員\n"
          "A002,陳美麗,工務局,技士,約聘僱\nA003,=HYPERLINK(1),工務局,技士,公務人員\n")
HOURS = (
    "員工編號,姓名,課程名稱,日期,時數,學習方式,類別\n"
    f"A001,王小明,業務研習,{YEAR}-03-01,20,實體,業務相關\n"
    f"A001,王小明,環境教育講座,{YEAR}-03-02,4,實體,環境教育\n"
    f"A001,王小明,性平課,{YEAR}-03-03,1,數位,性別主流化\n"
    f"A002,陳美麗,業務研習,{YEAR}-03-01,6,實體,業務相關\n"
)


def people() -> list[PersonYear]:
    return [
        PersonYear("A001", "王小明", "人事處", 25, {"業務相關": 20, "環境教育": 4, "性別主流化": 1}),
        PersonYear("A002", "陳美麗", "工務局", 6, {"業務相關": 6}),
        PersonYear("A003", "=HYPERLINK(1)", "工務局", 0, {}),
    ]


def test_report_counts_each_person_in_their_unit_and_overall():
    report = build_report(people(), Requirements.load(), 2024, reminded={"A001", "A002"})
    assert (TOTAL, "業務相關", "環境教育", "性別主流化") == report.categories
    assert (3, 1) == (report.overall.people, report.overall.complete)
    works = {u.unit: u for u in report.units}["工務局"]
    assert 0 == works.complete and 0 == works.met.get("業務相關", 0)
    assert [("A002", 14.0), ("A003", 20.0)] == [(s.employee_id, s.missing)
                                               for s in works.short["業務相關"]]
    assert (2, 1) == (report.reminded, report.caught_up)  # A001 was reminded and now meets it


def test_workbook_has_a_summary_and_one_sheet_per_unit_with_formulas_neutralised():
    report = build_report(people(), Requirements.load(), 2024)
    book = load_workbook(io.BytesIO(workbook(report)))
    assert [texts.XLSX_SUMMARY, "人事處", "工務局"] == book.sheetnames
    names = [row[1] for row in book["工務局"].iter_rows(min_row=2, values_only=True)]
    assert ["陳美麗", "'=HYPERLINK(1)"] == names
    assert "'=x" == safe_cell("=x") and 3 == safe_cell(3) and "-" != safe_cell("-1")


def test_chart_is_a_png_when_a_chinese_font_is_found():
    report = build_report(people(), Requirements.load(), 2024)
    png = chart_png(report)
    assert chinese_font() is not None  # mplfonts is a dependency
    assert png is not None and png.startswith(b"\x89PNG")


async def test_progress_in_telegram_table_chart_workbook_and_targeted_draft(fake, engine,
                                                                            tmp_path):
    db = tmp_path / "p.db"
    async with running_bot(fake, engine, db) as app:
        desk = app.bot_data["desk"]
        for name, content in (("r.csv", ROSTER), ("h.csv", HOURS)):
            path = tmp_path / name
            path.write_text(content, encoding="utf-8")
            desk.import_file(path, "auto", "test")
        fake.push_text("/progress", user_id=77)
        (denied,) = await fake.wait_for("sendMessage", 1, chat_id=77)
        assert texts.ADMIN_ONLY == denied.params["text"]
        fake.push_text("/progress", user_id=ADMIN_ID)
        (table,) = await fake.wait_for("sendMessage", 1, chat_id=ADMIN_ID)
        (photo,) = await fake.wait_for("sendPhoto", 1, chat_id=ADMIN_ID)
        (document,) = await fake.wait_for("sendDocument", 1, chat_id=ADMIN_ID)
        text = table.params["text"]
        assert "<pre>" in text and "工務局" in text and "陳美麗（工務局）缺 14" in text
        assert photo.params["photo"]["body"].startswith(b"\x89PNG")
        book = load_workbook(io.BytesIO(document.params["document"]["body"]))
        assert "人事處" in book.sheetnames
        buttons = [b["callback_data"] for row in table.params["reply_markup"]["inline_keyboard"]
                   for b in row]
        assert "ann:prep:missing:環境教育" in buttons
        fake.push_callback("ann:prep:missing:環境教育", {"message_id": 1, "date": 0, "chat": {
            "id": ADMIN_ID, "type": "private"}}, user_id=ADMIN_ID)
        await fake.wait_for("sendMessage", 2, chat_id=ADMIN_ID)
        for n, step in enumerate(["環教補課通知", "/skip", "/skip", "/skip", "/skip", "/skip",
                                  "/skip", "/skip", "請把握最後機會。"], start=3):
            fake.push_text(step, user_id=ADMIN_ID)
            await fake.wait_for("sendMessage", n, chat_id=ADMIN_ID)
        await wait_until(lambda: fake.sent("sendMessage", chat_id=ADMIN_ID)[-1].params[
            "text"].startswith("📢"))
        sent = [c.params["text"] for c in fake.sent("sendMessage", chat_id=ADMIN_ID)]
        assert any("今年「環境教育」時數未達標的同仁" in t for t in sent)
        assert sent[-1].startswith("📢 <b>環教補課通知</b>")
        fake.push_text("/progress 1999", user_id=ADMIN_ID)
        fake.push_text(f"/progress {YEAR} 不存在局", user_id=ADMIN_ID)
        replies = await fake.wait_for("sendMessage", len(sent) + 2, chat_id=ADMIN_ID)
    assert texts.PROGRESS_NO_DATA.format(year=1999) == replies[-2].params["text"]
    assert replies[-1].params["text"].startswith("找不到機關「不存在局」")
    with sqlite3.connect(db) as conn:
        audited = conn.execute("SELECT COUNT(*) FROM audit WHERE action = 'progress-report'")
        assert 3 == audited.fetchone()[0]


def test_cli_progress_unit_and_workbook(tmp_path, monkeypatch, capsys):
    db = tmp_path / "c.db"
    monkeypatch.setenv("TRAINBOT_DB", str(db))
    for name, content, kind in (("r.csv", ROSTER, "roster"), ("h.csv", HOURS, "hours")):
        (tmp_path / name).write_text(content, encoding="utf-8")
        assert 0 == main([kind, "import", str(tmp_path / name)])
    capsys.readouterr()
    out_file = tmp_path / "report.xlsx"
    assert 0 == main(["progress", "--unit", "工務局", "--xlsx", str(out_file)])
    out = capsys.readouterr().out
    assert "工務局" in out and "人事處" not in out.split("\n", 2)[2].split("已寫入")[0]
    assert "=HYPERLINK(1)（工務局）缺 20" in out
    assert ["總覽", "工務局"] == load_workbook(out_file).sheetnames
    assert 1 == main(["progress", "--unit", "不存在局"])
    assert 1 == main(["progress", "--year", "1999"])
    err = capsys.readouterr().err
    assert "找不到機關「不存在局」" in err and "1999 年沒有任何時數資料" in err
