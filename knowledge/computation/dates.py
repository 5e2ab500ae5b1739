"""Dates and times as Taiwanese HR systems and people write them (Gregorian or 民國)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")
ROC_OFFSET = 1911


def parse_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """2024-03-22, 2024/3/22, 20240322, or ROC 113/03/22, 113.3.22, 1130322; a year from 1990
    to next year (so a mistyped year is caught rather than stored)."""
    text = text.strip()
    m = re.fullmatch(r"(\d{2,4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    elif re.fullmatch(r"\d{7,8}", text):
        split = len(text) - 4
        year, month, day = int(text[:split]), int(text[split : split + 2]), int(text[split + 2 :])
    else:
        return None
    if year < 1000:
        year += ROC_OFFSET
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    today = today or dt.datetime.now(TAIPEI).date()
    if not 1990 <= date.year <= today.year + 1:
        return None
    return date


def parse_datetime(text: str, today: dt.date | None = None) -> dt.datetime | None:
    """A date as above, optionally followed by HH:MM; Taipei time. Date only means 00:00."""
    text = str(text).strip().replace("T", " ")
    m = re.fullmatch(r"(\S+)(?:\s+(\d{1,2}):(\d{2}))?(?::\d{2})?(?:\+08:00)?", text)
    if not m:
        return None
    # Announcements may be planned a couple of years ahead.
    ahead = (today or dt.datetime.now(TAIPEI).date()) + dt.timedelta(days=800)
    date = parse_date(m.group(1), today=ahead)
    if date is None:
        return None
    hour, minute = int(m.group(2) or 0), int(m.group(3) or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=TAIPEI)


def roc(date: dt.date) -> str:
    """113/03/22 (五)"""
    weekday = "一二三四五六日"[date.weekday()]
    return f"{date.year - ROC_OFFSET}/{date.month:02d}/{date.day:02d}（{weekday}）"


def roc_written(date: dt.date) -> str:
    """A date as written in a sentence: 115年3月1日."""
    return f"{date.year - ROC_OFFSET}年{date.month}月{date.day}日"


def roc_when(moment: dt.datetime | None) -> str:
    """113/03/22（五） 09:30, or just the date at midnight; empty for None."""
    if moment is None:
        return ""
    text = roc(moment.date())
    return text + (f" {moment:%H:%M}" if (moment.hour, moment.minute) != (0, 0) else "")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day
    (民法第121條第2項: a period in months ends on the corresponding day, or the month's end)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
