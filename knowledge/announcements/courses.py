"""Current course announcements as knowledge-base entries, so the same engine answers
"跨界踐行團在哪裡" from the announcement's own data.

Each course becomes one entry (id `course-<n>`); which field the answer leads with (time,
place, audience, hours, registration) follows what the question asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.announcements.announcement import Announcement
from knowledge.computation.dates import roc_when
from knowledge.model import Entry, Source

COURSE_PREFIX = "course-"
COURSE_TOPIC = "課程公告"
COURSE_EDITION = "人事單位發布的課程公告"

# What a question asks about, by the words it uses (checked in order).
ASKS = (
    ("link", ("報名", "連結", "網址", "截止", "怎麼參加", "register", "sign up")),
    ("place", ("地點", "在哪", "哪裡", "地址", "場地", "where")),
    ("audience", ("對象", "誰可以", "誰能", "資格", "適合", "who")),
    ("hours", ("時數", "幾小時", "幾個小時", "認證", "hours")),
    ("time", ("時間", "什麼時候", "幾點", "日期", "哪天", "幾號", "when")),
)


@dataclass(frozen=True)
class Course:
    id: int
    announcement: Announcement


def course_entry(course: Course) -> Entry:
    a = course.announcement
    keywords = tuple(w for w in (a.title, a.organiser, a.place, *a.categories) if w)
    return Entry(
        id=f"{COURSE_PREFIX}{course.id}",
        topic=COURSE_TOPIC,
        question=f"{a.title}的時間、地點和報名方式？",
        answer=summary(course),
        source=Source(f"課程公告：{a.title}", a.organiser or "人事單位"),
        edition="course",
        edition_label=COURSE_EDITION,
        alternates=(a.title, f"{a.title} 課程"),
        keywords=keywords,
    )


def summary(course: Course) -> str:
    a = course.announcement
    parts = [f"「{a.title}」"]
    if a.starts_at:
        parts.append(f"時間 {roc_when(a.starts_at)}")
    if a.place:
        parts.append(f"地點 {a.place}")
    if a.hours:
        parts.append(f"時數 {a.hours:g} 小時")
    if a.link or a.deadline:
        parts.append(_registration(a))
    return "，".join(parts) + "。"


def _registration(a: Announcement) -> str:
    bits = []
    if a.deadline:
        bits.append(f"報名截止 {roc_when(a.deadline)}")
    if a.link:
        bits.append(f"報名網址 {a.link}")
    return "，".join(bits) if bits else "報名方式請見公告或洽主辦單位"


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def answer_about(course: Course, question: str) -> str:
    """The field the question asks about first, then the rest of the summary."""
    a = course.announcement
    asked = next((field for field, words in ASKS if any(w in question for w in words)), None)
    lead = {
        "time": f"{roc_when(a.starts_at)}：「{a.title}」的時間" if a.starts_at else "",
        "place": f"{a.place}：「{a.title}」的地點" if a.place else "",
        "audience": f"「{a.title}」的對象與內容：{_excerpt(a.body)}（本公告發送給{a.audience.describe()}）",
        "hours": f"{a.hours:g} 小時：「{a.title}」認證的時數" if a.hours else "",
        "link": f"{_registration(a)}：「{a.title}」",
    }.get(asked or "", "")
    if asked and not lead:
        lead = f"公告沒有寫「{a.title}」的這項資訊，請洽{a.organiser or '主辦單位'}"
    return f"{lead}。{summary(course)}" if lead else summary(course)


def course_id(entry_id: str) -> int | None:
    if entry_id.startswith(COURSE_PREFIX) and entry_id[len(COURSE_PREFIX):].isdigit():
        return int(entry_id[len(COURSE_PREFIX):])
    return None
