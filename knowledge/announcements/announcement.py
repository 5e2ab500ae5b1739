"""A course announcement: what HR composes, validated the same way from chat or from a file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.announcements.topics import topics
from knowledge.computation.dates import parse_datetime

# Categories an audience of `missing:<category>` may name (see rules/hour_requirements.yaml).
MISSING_CATEGORIES = ("業務相關", "環境教育", "性別主流化", "數位")
FIELDS = ("title", "starts_at", "place", "organiser", "audience", "hours", "categories", "link",
          "deadline", "body")
MAX_TITLE = 100
MAX_BODY = 3000
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Audience:
    kind: str  # all | topic | missing
    value: str = ""

    @classmethod
    def parse(cls, text: str, any_topic: bool = False) -> Audience | None:
        """A topic must be one of the current topics, unless `any_topic` (an announcement
        stored before HR removed its topic still reads back)."""
        text = (text or "all").strip()
        if text == "all":
            return cls("all")
        kind, _, value = text.partition(":")
        if kind == "topic" and value and (any_topic or value in topics()):
            return cls("topic", value)
        if kind == "missing" and value in MISSING_CATEGORIES:
            return cls("missing", value)
        return None

    def __str__(self) -> str:
        return self.kind if self.kind == "all" else f"{self.kind}:{self.value}"

    def describe(self) -> str:
        if self.kind == "all":
            return "所有訂閱者"
        if self.kind == "topic":
            return f"訂閱「{self.value}」的同仁"
        return f"今年「{self.value}」時數未達標的同仁"


@dataclass(frozen=True)
class Announcement:
    title: str
    body: str
    starts_at: dt.datetime | None = None
    place: str = ""
    organiser: str = ""
    audience: Audience = Audience("all")
    hours: float | None = None
    categories: tuple[str, ...] = ()
    link: str = ""
    deadline: dt.datetime | None = None

    def to_record(self) -> dict[str, object]:
        """Plain values for storage and YAML."""
        return {
            "title": self.title, "body": self.body,
            "starts_at": self.starts_at.isoformat() if self.starts_at else None,
            "place": self.place, "organiser": self.organiser, "audience": str(self.audience),
            "hours": self.hours, "categories": "、".join(self.categories), "link": self.link,
            "deadline": self.deadline.isoformat() if self.deadline else None,
        }


def _text(raw: Mapping[str, object], key: str) -> str:
    value = raw.get(key)
    return "" if value is None else str(value).strip()


def parse_announcement(raw: Mapping[str, object],
                       stored: bool = False) -> Announcement | list[str]:
    """An Announcement, or every problem found (as `field: reason`), never an exception.
    `stored`: read back from the database, so a since-removed topic is still accepted."""
    errors: list[str] = []
    unknown = sorted(set(map(str, raw)) - set(FIELDS))
    if unknown:
        errors.append(f"{', '.join(unknown)}: 不認得的欄位（可用：{', '.join(FIELDS)}）")
    title, body = _text(raw, "title"), _text(raw, "body")
    if not title:
        errors.append("title: 必填")
    elif len(title) > MAX_TITLE:
        errors.append(f"title: 太長（最多 {MAX_TITLE} 字）")
    if not body:
        errors.append("body: 必填")
    elif len(body) > MAX_BODY:
        errors.append(f"body: 太長（最多 {MAX_BODY} 字）")
    times: dict[str, dt.datetime | None] = {}
    for key in ("starts_at", "deadline"):
        text = _text(raw, key)
        times[key] = parse_datetime(text) if text else None
        if text and times[key] is None:
            errors.append(f"{key}: 「{text}」看不懂，請寫成 2024-03-22 09:00 或 113/03/22 09:00")
    audience = Audience.parse(_text(raw, "audience"), any_topic=stored)
    if audience is None:
        errors.append(
            f"audience: 「{_text(raw, 'audience')}」不認得，可用 all、topic:<{'/'.join(topics())}>"
            f" 或 missing:<{'/'.join(MISSING_CATEGORIES)}>"
        )
    hours: float | None = None
    if _text(raw, "hours"):
        try:
            hours = float(_text(raw, "hours"))
            if not 0 < hours <= 200:
                raise ValueError
        except ValueError:
            errors.append(f"hours: 「{_text(raw, 'hours')}」須是 0 到 200 之間的數字")
    raw_categories = raw.get("categories") or []
    if isinstance(raw_categories, str):
        raw_categories = re.split(r"[、,;/，；\s]+", raw_categories)
    if not isinstance(raw_categories, list | tuple):
        raw_categories = [raw_categories]
    categories = tuple(str(c).strip() for c in raw_categories if str(c).strip())
    link = _text(raw, "link")
    if link and not _URL.match(link):
        errors.append(f"link: 「{link}」不是網址（須以 http:// 或 https:// 開頭）")
    if errors:
        return errors
    assert audience is not None
    return Announcement(
        title=title, body=body, starts_at=times["starts_at"], place=_text(raw, "place"),
        organiser=_text(raw, "organiser"), audience=audience, hours=hours,
        categories=categories, link=link, deadline=times["deadline"],
    )
