"""Reading HR's CSV exports: learning-hour records and the employee roster.

Files come from different HR systems: UTF-8 with or without BOM, or Big5/CP950; Gregorian or
ROC dates in several spellings. Rows are parsed one at a time (files of 100,000 rows stay cheap)
and every bad row is reported with its line number; the storage layer writes nothing unless
the whole file is clean.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from knowledge.computation.dates import parse_date
from knowledge.computation.requirements import Requirements

ENCODINGS = ("utf-8-sig", "cp950")
HOURS_REQUIRED = ("員工編號", "姓名", "課程名稱", "日期", "時數")
ROSTER_REQUIRED = ("員工編號", "姓名", "機關", "身分")
MAX_HOURS = 100.0
MODES = {"數位": "數位", "線上": "數位", "數位學習": "數位", "實體": "實體", "實體課程": "實體",
         "混成": "混成", "混成學習": "混成"}
STATUSES = {"公務人員": "公務人員", "正式": "公務人員", "正式人員": "公務人員", "約聘僱": "約聘僱",
            "約聘": "約聘僱", "約僱": "約聘僱", "聘用": "約聘僱", "約聘僱人員": "約聘僱",
            "臨時人員": "臨時人員", "臨時": "臨時人員"}
_CATEGORY_SPLIT = re.compile(r"[、,;/，；]")
_EMPLOYEE_ID = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
# Taiwan national ID and resident certificate numbers: never to be stored.
_NATIONAL_ID = re.compile(r"^[A-Za-z][1289]\d{8}$")


UNCLOSED_QUOTE = (
    "有一個引號（\"）沒有配對，這一行之後的內容都被當成同一個欄位；"
    "請刪掉多餘的引號，或把欄位裡的引號寫成兩個（\"\"）"
)


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header); nothing was written."""


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"第 {self.line} 行：{self.reason}"


@dataclass(frozen=True)
class HoursRow:
    line: int
    employee_id: str
    name: str
    course: str
    date: dt.date
    hours: float
    mode: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class RosterRow:
    line: int
    employee_id: str
    name: str
    agency: str
    title: str
    status: str


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as such, else Big5/CP950."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(1 << 16):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError("檔案編碼無法辨識：請存成 UTF-8 或 Big5 的 CSV 檔。")


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, values by column name) for every non-empty row."""
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as fh:
        reader = csv.reader(fh)
        start = 1
        try:
            header = next(reader, None)
            if header is None:
                raise ImportFileError("檔案是空的：第一行須為欄位名稱。")
            names = [h.strip().lstrip("\ufeff") for h in header]
            missing = [c for c in required if c not in names]
            if missing:
                raise ImportFileError(
                    f"缺少必要欄位：{'、'.join(missing)}（第一行須為欄位名稱，目前是：{'、'.join(names)}）"
                )
            start = reader.line_num + 1
            for row in reader:
                line, start = start, reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue
                yield line, {n: (row[i].strip() if i < len(row) else "") for i, n in enumerate(names)}
        except csv.Error as exc:  # e.g. a quote that never closes: "field larger than field limit"
            raise ImportFileError(_unreadable(start, exc)) from None


def _unreadable(line: int, exc: csv.Error) -> str:
    if "field larger" in str(exc) or "EOF" in str(exc):
        return f"第 {line} 行：{UNCLOSED_QUOTE}"
    return f"第 {line} 行無法讀取（{str(exc)[:80]}）；請存成一般的 CSV 檔。"


def detect_kind(path: Path) -> str | None:
    """hours if the header has 課程名稱, roster if it has 身分, else None."""
    with path.open(encoding=detect_encoding(path), newline="") as fh:
        header = [h.strip().lstrip("\ufeff") for h in next(csv.reader(fh), [])]
    if "課程名稱" in header:
        return "hours"
    if "身分" in header:
        return "roster"
    return None


def _parse_hours_value(text: str) -> float | None:
    if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", text.strip()):
        return None
    value = float(text)
    return value if 0 < value <= MAX_HOURS else None


def _personal_id_problem(values: dict[str, str]) -> str | None:
    for column, value in values.items():
        if _NATIONAL_ID.match(value):
            return f"「{column}」欄像是身分證字號；為保護個資，本系統不接受身分證字號"
    return None


def _employee(values: dict[str, str]) -> tuple[str, str] | str:
    employee_id, name = values.get("員工編號", ""), values.get("姓名", "")
    if not employee_id:
        return "缺少員工編號"
    if not _EMPLOYEE_ID.match(employee_id):
        return f"員工編號「{employee_id}」格式不對（限英數字、- 或 _，最多20字）"
    if not name:
        return "缺少姓名"
    return employee_id, name


def _person_rows(
    path: Path, required: tuple[str, ...]
) -> Iterator[RowError | tuple[int, dict[str, str], list[str], tuple[str, str] | None]]:
    """Rows with the checks every file shares: no national IDs, a valid employee id and name.

    Yields a RowError for a row to skip outright, else (line, values, reasons so far, who).
    """
    for line, values in _rows(path, required):
        if any("\n" in v or "\r" in v for v in values.values()):
            yield RowError(line, UNCLOSED_QUOTE)  # a stray quote that closed lines later
            continue
        problem = _personal_id_problem(values)
        if problem:
            yield RowError(line, problem)
            continue
        who = _employee(values)
        if isinstance(who, str):
            yield line, values, [who], None
        else:
            yield line, values, [], who


def parse_hours(path: Path, requirements: Requirements) -> Iterator[HoursRow | RowError]:
    """Every row of an hours file, parsed, or the reasons it cannot be."""
    for item in _person_rows(path, HOURS_REQUIRED):
        if isinstance(item, RowError):
            yield item
            continue
        line, values, reasons, who = item
        course = values.get("課程名稱", "")
        if not course:
            reasons.append("缺少課程名稱")
        date = parse_date(values.get("日期", ""))
        if date is None:
            reasons.append(f"日期「{values.get('日期', '')}」無法辨識（例：2024-03-22 或 113/03/22）")
        hours = _parse_hours_value(values.get("時數", ""))
        if hours is None:
            reasons.append(f"時數「{values.get('時數', '')}」不合理（須大於0、不超過{MAX_HOURS:g}）")
        raw_mode = values.get("學習方式", "")
        mode = MODES.get(raw_mode, "") if raw_mode else ""
        if raw_mode and not mode:
            reasons.append(f"學習方式「{raw_mode}」不認得（可用：數位、實體、混成）")
        categories = []
        for part in _CATEGORY_SPLIT.split(values.get("類別", "")):
            if part.strip():
                category = requirements.category(part)
                if category is None:
                    reasons.append(f"類別「{part.strip()}」不認得")
                elif category not in categories:
                    categories.append(category)
        if reasons:
            yield RowError(line, "；".join(reasons))
            continue
        assert who is not None and date is not None and hours is not None
        yield HoursRow(line, who[0], who[1], course, date, hours, mode, tuple(categories))


def parse_roster(path: Path) -> Iterator[RosterRow | RowError]:
    """Every row of a roster file, parsed, or the reasons it cannot be."""
    for item in _person_rows(path, ROSTER_REQUIRED):
        if isinstance(item, RowError):
            yield item
            continue
        line, values, reasons, who = item
        status = STATUSES.get(values.get("身分", ""))
        if status is None:
            reasons.append(f"身分「{values.get('身分', '')}」不認得（可用：公務人員、約聘僱、臨時人員）")
        agency = values.get("機關", "")
        if not agency:
            reasons.append("缺少機關")
        if reasons:
            yield RowError(line, "；".join(reasons))
            continue
        assert who is not None and status is not None
        title = values.get("職稱", "") or values.get("職等", "")
        yield RosterRow(line, who[0], who[1], agency, title, status)
