"""Study grants: the deadline to apply (and to hand in the study report), whether grades meet
the bar, and the per-semester cap."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from knowledge.computation.common import DOLLARS, Computation, fmt
from knowledge.computation.dates import TAIPEI, add_months

_RECEIVED = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|號)")


def _months_later(month: int, day: int, months: int, today: dt.date | None = None) -> tuple[str, int, int]:
    """The same day `months` later, from a month and day of this year, and "隔年" when that
    falls in the next year."""
    year = (today or dt.datetime.now(TAIPEI).date()).year
    start = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
    end = add_months(start, months)
    return ("隔年" if end.year > year else ""), end.month, end.day


def subsidy_deadline(text: str, tokens: set[str]) -> Computation | None:
    """The last day to apply for a study grant (two months after the grade notice), or to hand
    in the report of a subsidised full-time study (three months after it ends)."""
    dates = list(_RECEIVED.finditer(text))
    if not dates:
        return None
    compact = text.replace(" ", "")
    ending = [d for d in dates if re.match(r"(?:結束|結業|期滿|完成)", text[d.end() : d.end() + 8].replace(" ", ""))]
    m = ending[0] if ending and "進修報告" in compact else dates[0]
    month, day = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    ended = bool(ending)
    asks_when = re.search(r"什麼時候|最晚|期限|哪[一1]?天|幾號|何時|幾月幾日", compact)
    if "進修報告" in compact and ended and asks_when and not re.search(r"公餘|自費|自行", compact):
        carry, due_month, due_day = _months_later(month, day, 3)
        return Computation(
            "study-report",
            f"{carry}{due_month}月{due_day}日前：受補助的全時進修在結束（{month}月{day}日）後 3 個月內"
            "要提出進修報告（當月沒有該日則以月底為準）。",
        )
    if "補助" not in tokens or not tokens & {"期限", "成績", "申請"}:
        return None
    carry, due_month, due_day = _months_later(month, day, 2)
    return Computation(
        "subsidy-deadline",
        f"{carry}{due_month}月{due_day}日前（收到成績通知的 {month}月{day}日 起算 2 個月內，"
        "遇當月沒有該日則以月底為準）：附成績單和繳費收據申請，逾期就不能再申請補助。",
    )


_SCORES = re.compile(r"(\d{2,3})\s*(?:分)?(?=\s*(?:[、,，和跟及與/ ]|分|$))")
_ASKS_GRADE = re.compile(r"成績優良|及格|平均|夠不夠|符合|可以\s*申請|能\s*申請|qualif|enough")
# A score the question sets as the bar, not one the asker got: 平均要70分, 至少60分, 70分以上.
_BAR = re.compile(r"(?:平均|要|需|須|達|到|至少|門檻|標準)\D{0,3}?(\d{2,3})\s*分?|(\d{2,3})\s*分?以上")
_LANGUAGE_TEST = re.compile(r"flpt|外語能力|語言測驗|語文測驗")


def grade_check(text: str, tokens: set[str]) -> Computation | None:
    """Whether the user's grades meet a bar: the study grant's 成績優良 (every course passed,
    average at least 70) or the language test for study abroad (FLPT written average 60)."""
    language = _LANGUAGE_TEST.search(text) is not None and "補助" not in tokens
    if not language and (
        "補助" not in tokens or not _ASKS_GRADE.search(text)
        or not (tokens & {"成績", "成績優良", "分數", "平均"} or re.search(r"\d\s*分", text))
    ):
        return None
    bars = [m for m in _BAR.finditer(text)]
    stated = [float(m.group(1) or m.group(2)) for m in bars]
    taken = {m.start(1) if m.group(1) else m.start(2) for m in bars}
    scores = [float(m.group(1)) for m in _SCORES.finditer(text)
              if 0 < float(m.group(1)) <= 100 and m.start(1) not in taken]
    if len(scores) < 2:
        return None
    rule = 60.0 if language else 70.0
    bar = rule  # the rule decides; a different bar the asker quotes is corrected, not believed
    quoted = next((v for v in stated if v != rule), None)
    average = sum(scores) / len(scores)
    shown = "、".join(fmt(v) for v in scores)
    mean = f"{average:.2f}".rstrip("0").rstrip(".")
    correction = f"（規定是平均 {fmt(rule)} 分，不是 {fmt(quoted)} 分）" if quoted is not None else ""
    if language:
        verdict = "達到" if average >= bar else "未達"
        return Computation(
            "abroad-language",
            f"平均 {mean} 分，{verdict} {fmt(bar)} 分{correction}（{shown}）：行政院體系選送出國進修的語文條件，"
            "FLPT 筆試平均 60 分、口試 S-2+，進修學校另有規定者依其規定。",
        )
    passed = all(v >= 60 for v in scores)
    if passed and average >= bar:
        verdict = f"符合：各科都及格，平均 {mean} 分，達 {fmt(bar)} 分"
    elif not passed:
        low = "、".join(fmt(v) for v in scores if v < 60)
        verdict = f"不符合：有科目不及格（{low} 分），平均 {mean} 分"
    else:
        verdict = f"不符合：平均 {mean} 分，未達 {fmt(bar)} 分"
    return Computation(
        "subsidy-grade",
        f"{verdict}{correction}（{shown}）。補助要各科及格且平均 70 分以上（或相當等級）。",
    )


_FEE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*萬\s*(?:(\d)\s*千?(?!\d))?|" + DOLLARS)  # 3萬2千, 2萬5
_SEMESTERS = re.compile(r"(\d+)\s*個?\s*學期")
_ASKS_TOTAL = re.compile(r"總共|一共|全部|加起來|合計|總計|共\s*\d|最多能拿|最多可以拿|in total|total|altogether")
SEMESTER_CAP = 20000  # 行政院 rule for after-hours study, per person and semester
_CAP_NOTE = (
    "。這是行政院所屬機關的上限，桃園市是否準用未查到，請向人事單位確認；"
    "111年11月起經行政院專案核准的公餘進修不受此限。"
)


def subsidy_cap(text: str, tokens: set[str]) -> Computation | None:
    """The most the after-hours grant pays for the user's fees: NT$20,000 a semester."""
    grant = "補助" in tokens or re.search(r"補\s*(?:多少|幾)|報銷|reimburs", text)
    if not grant or not re.search(r"上限|最多|多少|how much", text) or "學期" not in text:
        return None
    if tokens & {"全時進修", "帶職帶薪", "留職停薪", "選送"}:
        return None  # the semester cap is the after-hours (公餘) grant's
    fees = [float(m.group(3) or m.group(4)) if m.group(1) is None
            else float(m.group(1)) * 10000 + float(m.group(2) or 0) * 1000
            for m in _FEE.finditer(text)
            if not re.search(r"最高|上限|最多|補|cap", text[max(0, m.start() - 4) : m.start()])]  # 最高補2萬: the cap
    terms = [int(m.group(1)) for m in _SEMESTERS.finditer(text) if 0 < int(m.group(1)) <= 12]
    count = max(terms) if terms else 1
    if not fees and count > 1 and _ASKS_TOTAL.search(text):  # 總共5學期，每學期都申請，最多可以拿多少
        return Computation(
            "subsidy-cap-after-hours",
            f"最多 {SEMESTER_CAP * count / 10000:g} 萬元：每學期上限 2 萬元 × {count} 個學期（每學期的學費都要達 2 萬元才補得滿）"
            + _CAP_NOTE,
        )
    if not fees:
        return None
    money = lambda v: f"{v / 10000:g} 萬元" if v % 1000 == 0 else f"{v:,.0f} 元"  # noqa: E731
    if len(fees) > 1 and len(fees) == count:  # a fee for each semester: 上學期3萬2、下學期1萬8
        total = sum(min(f, SEMESTER_CAP) for f in fees)
        shown = " + ".join(money(min(f, SEMESTER_CAP)) for f in fees)
        head = f"最多 {money(total)}：每學期補到上限 2 萬元為止，{shown} = {money(total)}"
    else:
        fee = fees[0]
        each = min(fee, SEMESTER_CAP)
        total = each * count
        over = f"，超過的 {money(fee - SEMESTER_CAP)}自付" if fee > SEMESTER_CAP else ""
        head = (f"最多 {money(total)}：每學期 {money(fee)}，上限每學期 2 萬元{over}"
                + (f"，{count} 個學期共 {money(total)}" if count > 1 else ""))
    return Computation(
        "subsidy-cap-after-hours",
        head + _CAP_NOTE,
    )


