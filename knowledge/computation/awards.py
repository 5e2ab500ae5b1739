"""Rewards: a group's by headcount and participation, an English level's, posts still needed
for the assembled-course reward, and the sum over several achievements."""

from __future__ import annotations

import math
import re

from knowledge.computation import rewards
from knowledge.computation.common import NUM, PEOPLE, Computation, fmt


def _headcount(text: str, words: tuple[str, ...]) -> float | None:
    """The number of people of a kind: 正式人員62人, or the English order, 62 regular 公務人員."""
    for word in words:
        after = re.search(re.escape(word) + r"([^\da-z]{0,6}?)" + NUM + r"\s*(?:人|名|位|個)?", text)
        before = re.search(NUM + r"(\s*(?:人|名|位)?\s*的?\s*(?:[a-z]+\s+){0,2})" + re.escape(word), text)
        found = [(len(m.group(1)), m.group(2)) for m in (after,) if m] + [
            (len(m.group(2)), m.group(1)) for m in (before,) if m]
        if found:
            return float(min(found)[1])  # the number nearer the word
    return None


def group_reward(text: str, tokens: set[str]) -> Computation | None:
    """The group reward tier for an agency's headcount (formal plus contract staff)."""
    group_award = re.search(r"團體\s*獎", text) is not None  # folding may space it: 團體 獎
    course_share = bool(tokens & {"組裝數位課程", "組裝課程"}) and re.search(r"90\s*%|9成|選讀", text)
    if not course_share and (not (tokens & {"敘獎", "嘉獎"} or group_award) or not (
        tokens & {"團體", "機關", "承辦", "主辦人員", "組裝數位課程", "組裝課程"} or group_award
    )):
        return None
    formal = _headcount(text, ("正式", "公務人員", "編制"))
    contract = _headcount(text, ("約聘僱",))
    temporary = _headcount(text, ("臨時人員",))
    if formal is None and contract is None:
        m = PEOPLE.search(text)
        formal = float(m.group(1)) if m else None
    if formal is None and contract is None:
        return None
    count = (formal or 0) + (contract or 0)
    parts = " + ".join(fmt(v) for v in (formal, contract) if v is not None)
    excluded = f"，臨時人員 {fmt(temporary)} 人不計" if temporary else ""
    basis = f"現有人數 {parts} = {fmt(count)} 人{excluded}" if formal is not None and contract is not None else f"現有人數 {fmt(count)} 人{excluded}"
    joined = re.search(r"(?:選讀|參加|上了?|修了?|完成)\D{0,20}?" + NUM + r"\s*(?:人|名|位)", text) or re.search(
        NUM + r"\s*(?:人|名|位)\s*(?:已經?|有)?\s*(?:選讀|參加|上了?|修了?|完成)", text)
    if joined and count >= 20 and float(joined.group(1)) < count:
        needed = math.ceil(count * 0.9)
        took = float(joined.group(1))
        if took < needed:
            return Computation(
                "reward-group-digital-course",
                f"還不能敘獎：{fmt(count)} 人的 90% 是 {needed} 人，選讀的 {fmt(took)} 人不到"
                f"（還差 {fmt(needed - took)} 人）。達到 90% 且總學習時數 10 小時以上時，"
                + ("承辦主管及主辦人員各嘉獎 2 次。" if count >= 100 else "承辦主管及主辦人員各嘉獎 1 次。"),
            )
    if count >= 20 and re.search(r"幾\s*個?\s*人|多少\s*人|至少要?幾|how many|差幾", text):
        needed = math.ceil(count * 0.9)
        return Computation(
            "reward-group-digital-course",
            f"至少 {needed} 人：{fmt(count)} 人的 90% 是 {fmt(count * 0.9)}，進位為 {needed} 人，"
            "且總學習時數要達 10 小時以上；達標後"
            + ("承辦主管及主辦人員各嘉獎 2 次。" if count >= 100 else "承辦主管及主辦人員各嘉獎 1 次。"),
        )
    needed_note = f"（{fmt(count)} 人的 90% 是 {math.ceil(count * 0.9)} 人）" if count >= 20 else ""
    if count < 20:
        verdict = "不敘獎（20 人以下的機關不敘獎）"
    elif count == 20:
        verdict = "規定不明確（附表同時寫「20人以上」嘉獎1次與「20人以下」不敘獎），請洽人事處"
    elif count < 100:
        verdict = "承辦主管及主辦人員各嘉獎 1 次"
    else:
        verdict = "承辦主管及主辦人員各嘉獎 2 次"
    return Computation(
        "reward-group-digital-course",
        f"{verdict}：{basis}（正式公務人員加約聘僱人員）。條件是機關 90% 以上人員{needed_note}"
        "選讀組裝數位課程、總學習時數達 10 小時以上。",
    )


_POSTS = re.compile(NUM + r"\s*篇")
_SHORT_POSTS = re.compile(r"(\d+)\s*篇[^\d篇]{0,8}?(?:只有|不到|未滿|少於|不足)\s*\d*\s*個?字?")


def posts_needed(text: str, tokens: set[str]) -> Computation | None:
    """Posts still needed for the assembled-course reward: five, each 30 characters or more."""
    if not (tokens & {"組裝數位課程", "組裝課程"} or "線上討論" in text):
        return None
    if not re.search(r"還要|還差|還缺|幾篇|夠不夠|夠嗎|夠了嗎", text):
        return None
    posts = _POSTS.search(text)
    if posts is None:
        return None
    written = float(posts.group(1))
    short_m = _SHORT_POSTS.search(text, posts.end())
    short = float(short_m.group(1)) if short_m else 0.0
    valid = max(0.0, written - short)
    need = max(0.0, 5 - valid)
    counted = f"{fmt(written)} 篇中 {fmt(short)} 篇不到 30 字，算 {fmt(valid)} 篇" if short else f"已有 {fmt(valid)} 篇"
    head = f"還要 {fmt(need)} 篇" if need else "已經夠了"
    return Computation(
        "reward-digital-course",
        f"{head}：線上討論要 5 篇以上、每篇 30 字以上且與主題有關，{counted}；完成當年度組裝數位課程並達到篇數，嘉獎 1 次。",
    )


ENGLISH_LEVELS = (
    ("中高級", "記功 1 次"),
    ("初級", "嘉獎 1 次"),
    ("中級", "嘉獎 2 次"),
)


_ASKS_SUM = re.compile(r"總共|加起來|合計|一共|總計|共可以|共能|共有|in total|altogether")


def reward_total(text: str, tokens: set[str]) -> Computation | None:
    """The sum of rewards for several achievements named together (each is a row of the
    plan's table, and the rows are separate)."""
    if not _ASKS_SUM.search(text):
        return None
    named = rewards.named_in(text)
    if len(named) < 2:
        return None
    totals = {kind: sum(n for item in named for k, n in item.reward if k == kind) for kind in rewards.KINDS}
    figure = "、".join(f"{kind} {fmt(count)} 次" for kind, count in totals.items() if count)
    rows = "＋".join(f"{item.label}{''.join(f'{k}{n}次' for k, n in item.reward)}" for item in named)
    entries = list(dict.fromkeys(item.entry for item in named))
    return Computation(
        entries[0],
        f"共{figure}：{rows}（附表各項分別敘獎；實際以機關核定為準）。",
        also=tuple(entries[1:]),
    )


def english_reward(text: str, tokens: set[str]) -> Computation | None:
    """The reward row for a passed English level."""
    if "全民英檢" not in tokens or tokens & {"國外進修", "外語能力"}:
        return None
    for level in ("優級", "高級"):
        if level in text and "中高級" not in text:
            return Computation(
                "reward-english-test",
                f"附表沒有列{level}：最高只列到中高級（記功 1 次），{level}如何敘獎請洽人事單位。",
            )
    for level, reward in ENGLISH_LEVELS:
        if level in text:
            return Computation(
                "reward-english-test",
                f"{reward}：通過全民英檢{level}（或相當英語能力測驗）者。",
            )
    return None


