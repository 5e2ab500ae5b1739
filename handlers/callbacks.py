"""Callback data for inline buttons: short, self-contained, valid across restarts.

Telegram allows 64 bytes. Buttons carry an entry id or a question-log id, never state held in
memory, so a button sent before a restart still works after it.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64
ENTRY = "e"  # show an entry's answer: e:<entry id>
VOTE = "v"  # feedback on a logged answer: v:<1|0>:<question id>
INTEREST = "i"  # 我有興趣 under an announcement: i:<announcement id>
TOPIC = "t"  # subscription toggle: t:<topic> (t:* = general announcements)
FORGET = "x"  # /forget confirmation: x:1 delete everything, x:0 keep it
SUGGESTION = "s"  # HR's verdict on a suggested phrasing: s:<1 approve|0 reject>:<suggestion id>


@dataclass(frozen=True)
class EntryChoice:
    entry_id: str


@dataclass(frozen=True)
class Vote:
    question_id: int
    helpful: bool


@dataclass(frozen=True)
class Interest:
    announcement_id: int


@dataclass(frozen=True)
class TopicToggle:
    topic: str  # "" = general announcements


@dataclass(frozen=True)
class Forget:
    confirmed: bool


@dataclass(frozen=True)
class Verdict:
    suggestion_id: int
    approve: bool


Callback = EntryChoice | Vote | Interest | TopicToggle | Forget | Verdict


def entry_choice(entry_id: str) -> str:
    return _fit(f"{ENTRY}:{entry_id}")


def vote(question_id: int, helpful: bool) -> str:
    return _fit(f"{VOTE}:{int(helpful)}:{question_id}")


def interest(announcement_id: int) -> str:
    return _fit(f"{INTEREST}:{announcement_id}")


def topic_toggle(topic: str) -> str:
    return _fit(f"{TOPIC}:{topic or '*'}")


def forget(confirmed: bool) -> str:
    return _fit(f"{FORGET}:{int(confirmed)}")


def verdict(suggestion_id: int, approve: bool) -> str:
    return _fit(f"{SUGGESTION}:{int(approve)}:{suggestion_id}")


def _fit(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def parse(data: str | None) -> Callback | None:
    """The button's meaning, or None for data this version does not understand."""
    if not data:
        return None
    kind, _, rest = data.partition(":")
    if kind == ENTRY and rest:
        return EntryChoice(rest)
    if kind == INTEREST and rest.isdigit():
        return Interest(int(rest))
    if kind == TOPIC and rest:
        return TopicToggle("" if rest == "*" else rest)
    if kind == FORGET and rest in ("0", "1"):
        return Forget(rest == "1")
    if kind in (VOTE, SUGGESTION):
        flag, _, number = rest.partition(":")
        if flag in ("0", "1") and number.isdigit():
            if kind == VOTE:
                return Vote(int(number), flag == "1")
            return Verdict(int(number), flag == "1")
    return None
