"""Study time: the yearly quota, how far an unpaid study leave may still run and its dates,
and weekly class hours against the official-leave cap."""

from __future__ import annotations

import datetime as dt
import math
import re

from knowledge.computation.common import (
    NUM,
    PEOPLE,
    Computation,
    fmt,
    fmt_hours,
    months_label,
    months_of,
)
from knowledge.computation.dates import ROC_OFFSET, add_months, roc_written

_ALREADY = re.compile(r"(?:已經?|目前|現在)\s*(?:有|核准了?|批了?|通過了?)?\D{0,18}?" + NUM + r"\s*(?:人|名|位|個人)")


def study_quota(text: str, tokens: set[str]) -> Computation | None:
    """The yearly study quota for an agency's budgeted headcount."""
    if "預算員額" not in tokens and "編制內" not in tokens:
        return None
    people = (re.findall(r"預算員額\D{0,4}?" + NUM, text) or re.findall(NUM + r"\s*預算員額", text)
              or PEOPLE.findall(text))
    if not people:
        return None
    headcount = float(people[0])
    if headcount < 1 or headcount != int(headcount):
        return None
    raw = headcount / 10
    quota = max(1, math.floor(raw))
    note = "不足 1 人以 1 人計" if raw < 1 else f"不得超過 {fmt(raw)}，取 {quota} 人"
    rule = (f"預算員額 {fmt(headcount)} 人 × 1/10 = {fmt(raw)}，{note}"
            "（全時與部分辦公時間進修合計，含選送與自行申請）")
    already = _ALREADY.search(text)
    per_unit = already is not None and "每" in text[max(0, already.start(1) - 10) : already.start(1)]
    if already is not None and float(already.group(1)) != headcount and not per_unit:
        used = float(already.group(1))
        left = max(0.0, quota - used)
        return Computation(
            "study-quota", f"還能 {fmt(left)} 人：名額 {quota} 人，已核准 {fmt(used)} 人。{rule}。"
        )
    return Computation("study-quota", f"{quota} 人：{rule}。")


_ASKS_EXTEND = re.compile(r"(?:還|再|最多)\s*(?:能|可以|可)?\s*(?:再)?\s*延\s*(?:長)?\s*(?:多久|幾個月|多少)")
_STUDIED_SO_FAR = re.compile(r"(?:已經?|讀了|念了|唸了|進修了|留停了)\D{0,4}?" + NUM + r"\s*(年|個月|月)")


def extension_left(text: str, tokens: set[str]) -> Computation | None:
    """How much longer an unpaid study leave may run: 2 years in all, extension included."""
    if "留職停薪" not in tokens or not _ASKS_EXTEND.search(text.replace(" ", "")):
        return None
    so_far = _STUDIED_SO_FAR.search(text)
    if so_far is None:
        return None
    done = months_of(*so_far.groups())
    if "專題研究" in tokens:  # research abroad: 6 months, 3 more at most
        left = max(0.0, 9 - done)
        return Computation(
            "study-abroad-duration",
            f"最多再 {months_label(left)}：專題研究 6 個月以內，必要時延長最多 3 個月，合計最長 9 個月；"
            f"已進修 {fmt(done)} 個月，9 − {fmt(done)} = {fmt(left)} 個月（經中央一級機關專案核定者另計）。",
        )
    left = max(0.0, 24 - done)
    return Computation(
        "study-unpaid-leave",
        f"最多再 {months_label(left)}：留職停薪進修 1 年以內，延長最多 1 年，合計最長 24 個月；"
        f"已進修 {fmt(done)} 個月，24 − {fmt(done)} = {fmt(left)} 個月（延長要經核准）。",
    )


_ROC_DATE = re.compile(r"(?<!\d)(\d{2,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|號)")



def leave_dates(text: str, tokens: set[str]) -> Computation | None:
    """Dates of an unpaid study leave: the latest end with the longest extension (2 years in
    all), or, from the day it ends, when the agency must give notice (30 days before) and when
    to apply to return (within the 20 days before)."""
    if "留職停薪" not in tokens:
        return None
    m = _ROC_DATE.search(text)
    compact = text.replace(" ", "")
    if m is None or not re.search(r"哪[一1]?天|幾號|幾月幾日|什麼時候|何時|最晚|期限", compact):
        return None
    year = int(m.group(1))
    try:
        day = dt.date(year if year >= 1000 else year + ROC_OFFSET, int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    after = text[m.end() : m.end() + 8]
    if re.search(r"開始|起", after) and re.search(r"最長|延長", compact):
        end = add_months(day, 24) - dt.timedelta(days=1)
        return Computation(
            "study-unpaid-leave",
            f"{roc_written(end)}：留職停薪進修 1 年，再延長最多 1 年，合計最長 2 年，從 {roc_written(day)} 起算到"
            f" {roc_written(end)} 期滿，次日回職復薪（延長要經核准）。",
        )
    if re.search(r"期滿|到期|結束", compact) and "延長" not in compact:
        notice = day - dt.timedelta(days=30)
        apply_from = day - dt.timedelta(days=20)
        return Computation(
            "return-after-unpaid-leave",
            f"機關最晚 {roc_written(notice)} 通知你（期滿 {roc_written(day)} 前 30 日）；你要在期滿前 20 日內"
            f"（{roc_written(apply_from)} 起到期滿）申請回職復薪，逾期未回任視同辭職（不可歸責於你者除外）。",
        )
    return None


_WEEKLY = re.compile(r"(?:每週|1週|一週|每星期|1星期)\D{0,10}?" + NUM + r"\s*(?:小時|個小時|hr)")


_DAYS = re.compile(r"(?:每週|1週|每星期|每個?禮拜)\D{0,3}?(\d)\s*天")
_EACH_DAY = re.compile(r"(?:各|都)\D{0,3}?" + NUM + r"\s*(?:小時|個小時|hr)|" + NUM + r"\s*小時\s*each")
_EACH_CLASS = re.compile(r"(?:各|都)(?:\d+\s*[門堂節]|\D){0,6}?" + NUM + r"\s*(?:小時|個小時|hr)")  # 各有一門3小時的課
# A list of weekdays: 週一三五, 星期一、三、五, 禮拜一跟禮拜三, 一三五白天.
_WEEKDAYS = re.compile(
    r"(?:週|星期|禮拜)?[一二三四五六日](?:\s*(?:[、,及和跟與]|and)?\s*(?:週|星期|禮拜)?[一二三四五六日]){0,6}"
)
_ASKS_LEAVE = re.compile(r"夠|超過|幾\s*個?\s*小時|多少|剩|還有|可以\s*請|能\s*請|(?:全部|都)\s*(?:可以|能)?\s*請|上限|不能用|自己請|enough|how many|left")
_DAY_HOURS = re.compile(r"(?:週|星期|禮拜)[一二三四五六日1-7][^\d、,，各週]{0,6}?" + NUM + r"\s*(?:個?小時|hr)")
_TERM_WEEKS = re.compile(r"(?<![週拜\d.])" + NUM + r"\s*(?:週|個星期|個禮拜)")  # not 週2週4: weekdays
# The term's length, named as such (這學期18週, 為期16週, 共18週), not "3 weeks in" or "every 2 weeks".
_TERM_NAMED = re.compile(r"(?:學期|為期|共)\s*" + NUM + r"\s*(?:週|個星期|個禮拜)")
_DAY_TIME = re.compile(r"\s*(?:白天|上午|下午|晚上|早上|各|都|mornings?|afternoons?|evenings?)")


def weekly_leave(text: str, tokens: set[str]) -> Computation | None:
    """How much of a week's class time official leave covers (8 hours at most)."""
    if "公假" not in tokens or not _ASKS_LEAVE.search(text):
        return None
    m = _WEEKLY.search(text)
    each = _EACH_DAY.search(text) or _EACH_CLASS.search(text)
    days = max((len(set(re.findall(r"[一二三四五六日]", m.group())))
                for m in _WEEKDAYS.finditer(text)
                if re.match(r"週|星期|禮拜", m.group()) or (len(m.group()) > 1 and _DAY_TIME.match(text, m.end()))),
               default=0)
    counted = _DAYS.search(text)  # 每週2天各上3小時
    per_day = [float(h) for h in _DAY_HOURS.findall(text)]
    hours: float | None = None
    if len(per_day) > 1:  # 週二下午3小時、週四下午5小時、週五早上2小時
        hours = sum(per_day)
    elif each is not None and (days >= 1 or counted):  # 週二、週四下午各上 4.5 小時
        per = next(g for g in each.groups() if g is not None)
        hours = (days or float(counted.group(1))) * float(per)  # type: ignore[union-attr]
    elif m is not None:
        hours = float(m.group(1))
    term = _TERM_WEEKS.search(text)
    weeks = float(term.group(1)) if term is not None else 0.0
    if weeks >= 2 and re.search(r"整學期|整個學期|總共|一共|合計|全部(?!(?:可以|能)?請)|in total", text.replace(" ", "")):
        weekly = min(hours, 8.0) if hours else 8.0
        basis = f"你每週 {fmt(hours)} 小時，公假最多 {fmt(weekly)} 小時" if hours else "每週公假上限 8 小時"
        return Computation(
            "study-partial-hours",
            f"最多 {fmt_hours(weekly * weeks)}：{basis} × {fmt(weeks)} 週 = {fmt(weekly * weeks)} 小時"
            "（每週都以上班時間內的上課時數為準，且不超過 8 小時）。",
        )
    if hours is None:
        return None
    if hours <= 0 or hours > 60:
        return None
    if hours <= 8:
        spare = f"，每週還有 {fmt_hours(8 - hours)}的額度" if hours < 8 else ""
        verdict = f"{fmt_hours(hours)}都可以請公假：每週上限 8 小時，你的 {fmt(hours)} 小時在上限內{spare}。"
    else:
        verdict = (f"最多 8 小時公假，另外 {fmt_hours(hours - 8)}要自己請假或用下班時間："
                   f"每週 {fmt(hours)} − 8 = {fmt(hours - 8)}。")
    named = _TERM_NAMED.search(text)
    if named is not None and float(named.group(1)) >= 2:  # its total too, whichever was meant
        term_weeks = float(named.group(1))
        verdict += f"{fmt(term_weeks)} 週合計最多 {fmt_hours(min(hours, 8.0) * term_weeks)}公假。"
    return Computation(
        "study-partial-hours",
        verdict + "部分辦公時間進修須經機關認定與業務有關並同意。",
    )


