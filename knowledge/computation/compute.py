"""Answers worked out from the numbers in the question, with the rule and the arithmetic.

Each calculator looks at the normalised text (numerals already digits) and the folded tokens,
and returns None unless the question clearly asks for its computation.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.computation import rewards
from knowledge.computation.dates import ROC_OFFSET, TAIPEI, add_months
from knowledge.computation.requirements import Requirements, RuleSet, default_requirements


@dataclass(frozen=True)
class Computation:
    """A worked answer and the entry whose rule and source it applies."""

    entry_id: str
    text: str
    edition: str = ""  # the editions the figures follow, when not the entry's own
    also: tuple[str, ...] = ()  # further entries whose rules the figure also applies


_NUM = r"(\d+(?:\.\d+)?)"
_DURATION = re.compile(_NUM + r"\s*(年|個月|月)")
_COMPOUND = re.compile(_NUM + r"\s*年\s*(?:又|零)?\s*" + _NUM + r"\s*個?月")  # 1年3個月
_TOTAL = re.compile(r"(?:總共|合計|一共|總計|加起來|共)\D{0,3}?$")
_PEOPLE = re.compile(_NUM + r"\s*(?:人|名|位)")


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _months_label(months: float) -> str:
    if months >= 12 and months % 12 == 0:
        return f"{_fmt(months)} 個月（{_fmt(months / 12)} 年）"
    return f"{_fmt(months)} 個月"


_STUDY_NEAR = re.compile(r"進修|讀|念|唸|學位|碩士|博士|研究|出國|國外|留職停薪|帶職帶薪|選送|全時|課程|延長")


_SENIORITY = re.compile(r"當|做了|工作了?|任職|年資|服務了?|待了")


def _durations_in_months(text: str) -> list[float]:
    """Lengths of study in the text, in months: a length with a study word just before or
    after it ("進修8個月", "念了2年碩士"), not any length ("我當課員三年了")."""
    out = []
    for m in _COMPOUND.finditer(text):  # "總共1年3個月" states the whole length: it alone counts
        if _TOTAL.search(text[max(0, m.start() - 6) : m.start()]):
            return [float(m.group(1)) * 12 + float(m.group(2))]
    text = _COMPOUND.sub(lambda m: f"{float(m.group(1)) * 12 + float(m.group(2)):g}個月", text)
    for m in _DURATION.finditer(text):
        if _SENIORITY.search(text[max(0, m.start() - 6) : m.start()]) or re.match(r"\s*了", text[m.end():]):
            continue  # 當公務員5年了, 在這個機關做了10年: how long they have worked
        near = text[max(0, m.start() - 10) : m.start()] + text[m.end() : m.end() + 6]
        if _STUDY_NEAR.search(near):
            out.append(float(m.group(1)) * (12 if m.group(2) == "年" else 1))
    return out


# The question asks for a length, not whether one may go again or what to do ("有限制嗎").
_ASKS_LENGTH = re.compile(r"多久|多長|幾年|幾個月|多少年|多少個月|期間|how long|how many (?:years|months)|綁")


_AGAIN = re.compile(r"再(?:被)?選送|不能再|不得再|再出國|再去")


def service_owed(text: str, tokens: set[str]) -> Computation | None:
    """Months of service owed after full-time study of a given length."""
    asks_service = bool(tokens & {"服務義務", "回原機關服務", "服務", "繼續服務"})
    durations = _durations_in_months(text)
    asks_length = "服務義務" in tokens or _ASKS_LENGTH.search(text)  # 服務多久 is folded to 服務義務
    if not asks_service or not durations or "學習時數" in tokens or not asks_length:
        return None
    if tokens & {"公餘進修", "部分辦公時間"} and not tokens & {"帶職帶薪", "留職停薪", "全時進修"}:
        return None  # part-time study owes no service: the ranked entry says so
    unpaid = "留職停薪" in tokens
    paid = bool(tokens & {"帶職帶薪", "公假", "選送"})
    studied = sum(durations) if unpaid and not paid else durations[0]
    if studied <= 0 or studied > 120:
        return None
    paid_owed = max(2 * studied, 6)
    if _AGAIN.search(text) and tokens & {"國外進修", "出國"}:
        return Computation(
            "abroad-reselection",
            f"{_months_label(paid_owed)}：出國進修 {_fmt(studied)} 個月後，2 倍的服務期間內"
            "不得再選送出國進修；業務需要、期間 3 個月以內並經主管機關核准者例外。",
        )
    if paid and unpaid and len(durations) > 1 and "延長" in text:
        # Paid study extended on unpaid leave (延長那年改留職停薪): 2× the paid part, plus the
        # unpaid part once.
        extra = sum(durations[1:])
        total = paid_owed + extra
        return Computation(
            "service-after-paid-study",
            f"{_months_label(total)}：帶職帶薪 {_fmt(studied)} 個月 × 2 = {_fmt(paid_owed)} 個月，"
            f"加上留職停薪延長的 {_fmt(extra)} 個月（與留停期間相同），共 {_fmt(total)} 個月"
            "（兩段合計是依條文的推論）。",
            also=("service-after-unpaid-study",),
        )
    paid_line = (
        f"帶職帶薪：進修 {_fmt(studied)} 個月 × 2 = {_fmt(2 * studied)} 個月"
        + ("，但至少 6 個月" if 2 * studied < 6 else "")
    )
    if unpaid and not paid:
        label = "、".join(_fmt(d) for d in durations)
        sum_note = f"（{label} 個月合計）" if len(durations) > 1 else ""
        return Computation(
            "service-after-unpaid-study",
            f"{_months_label(studied)}：留職停薪進修 {_fmt(studied)} 個月{sum_note}，"
            "回來要服務與留停期間相同的時間（延長的期間也算在內）。",
        )
    if paid:
        return Computation(
            "service-after-paid-study", f"{_months_label(paid_owed)}：{paid_line}。"
        )
    return Computation(
        "service-after-paid-study",
        f"看進修時的身分：帶職帶薪（選送、公假）要服務 {_months_label(paid_owed)}"
        f"（{_fmt(studied)} × 2，至少 6 個月）；留職停薪要服務 {_months_label(studied)}（與留停期間相同）。",
    )


_ALREADY = re.compile(r"(?:已經?|目前|現在)\s*(?:有|核准了?|批了?|通過了?)?\D{0,18}?" + _NUM + r"\s*(?:人|名|位|個人)")


def study_quota(text: str, tokens: set[str]) -> Computation | None:
    """The yearly study quota for an agency's budgeted headcount."""
    if "預算員額" not in tokens and "編制內" not in tokens:
        return None
    people = (re.findall(r"預算員額\D{0,4}?" + _NUM, text) or re.findall(_NUM + r"\s*預算員額", text)
              or _PEOPLE.findall(text))
    if not people:
        return None
    headcount = float(people[0])
    if headcount < 1 or headcount != int(headcount):
        return None
    raw = headcount / 10
    quota = max(1, math.floor(raw))
    note = "不足 1 人以 1 人計" if raw < 1 else f"不得超過 {_fmt(raw)}，取 {quota} 人"
    rule = (f"預算員額 {_fmt(headcount)} 人 × 1/10 = {_fmt(raw)}，{note}"
            "（全時與部分辦公時間進修合計，含選送與自行申請）")
    already = _ALREADY.search(text)
    per_unit = already is not None and "每" in text[max(0, already.start(1) - 10) : already.start(1)]
    if already is not None and float(already.group(1)) != headcount and not per_unit:
        used = float(already.group(1))
        left = max(0.0, quota - used)
        return Computation(
            "study-quota", f"還能 {_fmt(left)} 人：名額 {quota} 人，已核准 {_fmt(used)} 人。{rule}。"
        )
    return Computation("study-quota", f"{quota} 人：{rule}。")


CATEGORY_WORDS = {
    "數位": ("數位學習", "數位", "線上"),
    "業務相關": ("業務相關", "業務", "專業"),
    "環境教育": ("環境教育", "環教"),
    "性別主流化": ("性別主流化", "性平", "性別"),
}
_CATEGORY_ENTRY = {"數位": "hours-digital", "業務相關": "hours-business",
                   "環境教育": "hours-environment", "性別主流化": "hours-gender"}
_ASKS_MISSING = re.compile(
    r"還差|還缺|還要|還需|還欠|尚差|尚缺|尚需|欠多少|欠幾|還有多遠|距離|差距|不足|差幾|差多少|缺幾|缺多少|要補|補幾|補多少|夠不夠|夠嗎|夠了嗎"
    r"|達標|達到|missing|left|short|need more|enough"
)
_ASKS_PLAN = re.compile(r"104|2015|計畫|plan")


# Read on the folded text: 要求 is folded to 規定, and folding puts spaces around terms.
_REQUIRED_BEFORE = re.compile(
    r"補完|上滿|要上|規定|需要|要求|至少|應上|必須|一定要|還要|目標|標準|門檻|總共要|要達|達到|去年|前年"
)
_BAR_NEAR = re.compile(r"(?:那|這|離|距離|滿)\s*$")
_BAR_AFTER = re.compile(r"(?:指定課程|的?規定|的?要求|門檻|下限|的?標準|的?目標)|\s+的\s*(?:規定|要求|門檻|下限|標準|目標)")
_TIME_SPENT = re.compile(_NUM + r"\s*(個?小時|hr|h\b|時|分鐘)")


@dataclass(frozen=True)
class _Figure:
    """An amount of time the asker says they have taken, in hours."""

    hours: float
    minutes: bool  # said in minutes
    start: int
    end: int
    before: str  # up to 14 characters before it, where its category is named


_MORE = re.compile(r"又|再|另外|加上|還有|也上了|加起來")


def _hours_taken(text: str) -> list[_Figure]:
    """Every figure of time taken in a (folded) question, leaving out the goals and rules it
    quotes ("一定要補完環境教育4小時", "離4小時", "那10小時指定課程", "目標是20小時",
    "20小時的要求") and last year's hours."""
    out = []
    for match in _TIME_SPENT.finditer(text):
        before = text[max(0, match.start() - 14) : match.start()]
        if (_REQUIRED_BEFORE.search(before) or _BAR_NEAR.search(before[-3:])
                or _BAR_AFTER.match(text, match.end())):
            continue
        value = float(match.group(1))
        in_minutes = match.group(2).startswith("分")
        out.append(_Figure(value / 60 if in_minutes else value, in_minutes, match.start(), match.end(), before))
    return out


def _fmt_h(value: float) -> str:
    return f"{_fmt(value)} 小時"


def _hours_minutes(value: float) -> str:
    """1.6667 → "1 小時 40 分"; whole and half hours stay hours (0.5 小時)."""
    total = round(value * 60)
    if total % 30 == 0:
        return _fmt_h(total / 60)
    hours, mins = divmod(total, 60)
    return f"{hours} 小時 {mins} 分" if hours else f"{mins} 分"


def hours_missing(text: str, tokens: set[str], today: dt.date | None = None) -> Computation | None:
    """Hours still missing, for the total and for each category the question names.

    A question about the plan (104, 計畫) answers from the plan; any other leads with the rule
    in force this year and gives the plan's figure beside it, naming both editions.
    """
    if not _ASKS_MISSING.search(text) or not _TIME_SPENT.search(text) or "公假" in tokens:
        return None  # 公假夠嗎 asks about weekly leave, not yearly hours
    done: dict[str, float] = {}
    # With one category named in the whole question, every figure is of that category
    # (業務相關的課我到10月才上了12小時).
    named = {c for c, words in CATEGORY_WORDS.items() if any(w in text for w in words)}
    sole = next(iter(named)) if len(named) == 1 else None
    sole_from = min((text.find(w) for w in CATEGORY_WORDS.get(sole or "", ()) if w in text), default=len(text))
    minutes = False
    last_end: dict[str, int] = {}
    for figure in _hours_taken(text):
        before = figure.before
        # The category nearest the number names it: 數位3小時、業務12小時.
        found = [(before.rfind(w), c) for c, words in CATEGORY_WORDS.items() for w in words if w in before]
        after = text[figure.end : figure.end + 8]
        behind = [(after.find(w), c) for c, words in CATEGORY_WORDS.items() for w in words
                  if re.match(rf"\s*的?\s*{re.escape(w)}", after)  # but 數位學習 3小時 is the next one's
                  and not re.match(rf"\s*的?\s*{re.escape(w)}[^\d\s]*\s*\d", text[figure.end : figure.end + 16])]
        if found:
            category = max(found)[1]
        elif behind:  # 一個半小時的環境教育
            category = min(behind)[1]
        else:
            category = sole if sole and sole_from < figure.start else "總時數"
        minutes = minutes or figure.minutes
        if category in done:
            # A second figure of the same kind adds to the first (看了影片50分鐘，又聽了1.5小時),
            # unless it restates a total (總共5小時) or repeats the same figure.
            if re.search(r"總共|合計|加起來|一共|總計", before[-6:]):
                done[category] = figure.hours
            elif figure.hours != done[category] or _MORE.search(text[last_end[category] : figure.start]):
                done[category] += figure.hours
        else:
            done[category] = figure.hours
        last_end[category] = figure.end
    reqs = default_requirements()
    plan = reqs.plan()
    today = today or dt.datetime.now(TAIPEI).date()
    lead = plan if _ASKS_PLAN.search(text) or plan is None else reqs.for_year(today.year)
    if lead is None:
        return None
    grouped = _group_shortfall(text, reqs, today)
    if grouped is not None:
        return grouped
    if not done:
        return None

    def need(rules: RuleSet, name: str) -> float | None:
        return rules.total if name == "總時數" else rules.minimums.get(name)

    def shortfalls(rules: RuleSet) -> str:
        out = []
        for name, got in done.items():
            required = need(rules, name)
            if required is None:
                out.append(f"{name}：沒有最低時數要求")
                continue
            missing = max(0.0, required - got)
            if minutes:
                out.append(
                    f"{name}還差 {_hours_minutes(missing)}（{_fmt(required)} 小時 − 已上 "
                    f"{_hours_minutes(got)}" + ("，已達標）" if not missing else "）")
                )
                continue
            out.append(
                f"{name}還差 {_fmt_h(missing)}（{_fmt(required)} − {_fmt(got)} = {_fmt(missing)}"
                + ("，已達標）" if not missing else "）")
            )
        return "、".join(out)

    text_out = f"{shortfalls(lead)}，依{lead.label}。"
    edition = ""
    if plan is not None and lead.id != plan.id:
        text_out += f"\n依{plan.label}則是：{shortfalls(plan)}。"
        edition = f"{lead.label}（{today.year - 1911}年適用）；{plan.label}"
    entry = _CATEGORY_ENTRY.get(next(iter(done)), "") if len(done) == 1 else ""
    if re.search(r"106|2017|新制|national", text):
        entry = "hours-national-2017"
    return Computation(entry or "hours-yearly-total", text_out, edition)


def _group_shortfall(text: str, reqs: Requirements, today: dt.date) -> Computation | None:
    """Hours missing from a group of categories the question names as its goal: the 2017
    rule's 10 designated hours or 民主治理's 5 ("民主治理那5小時，我上了性平1、廉政2……還缺幾小時").
    A group also needs each minimum inside it (民主治理's 5 include 性別主流化's 1)."""
    rules = next((r for r in (reqs.for_year(today.year), *reqs.rule_sets.values()) if r.groups), None)
    if rules is None:
        return None
    named = sorted((text.find(g), g) for g in rules.groups if g in text)
    if not named:
        return None
    at, group = named[0]  # the group named first is the goal; the others are what was taken
    # A figure right after the goal's name states its size (指定課程10小時，我上了……).
    figures = [f for f in _hours_taken(text) if not 0 <= f.start - (at + len(group)) <= 3]
    members = rules.groups[group][1]
    spellings = sorted(((w, c) for w, c in reqs.aliases.items() if c in members), key=lambda x: -len(x[0]))
    taken: list[tuple[str, str, float]] = []  # (as said, category, hours)
    for figure in figures:
        before = figure.before[-10:]
        hits = [(before.rfind(w), w, c) for w, c in spellings if w in before]
        if hits:
            _, word, category = max(hits)
            taken.append((word, category, figure.hours))
    if not taken:
        return None
    by_category: dict[str, float] = defaultdict(float)
    for _, category, hours in taken:
        by_category[category] += hours

    def short(name: str) -> float:
        """What a group (or a category with a minimum) still lacks."""
        if name in rules.groups:
            hours, inside = rules.groups[name]
            got = sum(by_category[c] for c in inside)
            nested = {c for g in inside if g != name and g in rules.groups for c in rules.groups[g][1] if c != g}
            subs = sum(short(c) for c in inside
                       if c != name and c not in nested and (c in rules.groups or c in rules.minimums))
            return max(hours - got, subs)
        return max(0.0, rules.minimums.get(name, 0.0) - by_category[name])

    missing = short(group)
    hours = rules.groups[group][0]
    listed = "、".join(f"{w} {_fmt(v)}" for w, _, v in taken)
    inner = [c for c in members if c != group and c in rules.minimums]
    note = "、".join(f"其中{c}至少 {_fmt(rules.minimums[c])} 小時" for c in inner)
    return Computation(
        "democratic-governance-courses" if group == "民主治理" else "hours-national-2017",
        f"{group}還差 {_fmt_h(missing)}：{group} {_fmt(hours)} 小時"
        + (f"（{note}）" if note else "")
        + f"，算進的有{listed}，依{rules.label}。104年計畫沒有{group}的規定。",
    )


_NOW = re.compile(r"今年|現在|目前|現行|最新|this year|now|currently|today")
_ASKS_AMOUNT = re.compile(r"多少|幾|how many|how much|minimum|最低|至少")
_ASKS_HOURS = re.compile(r"幾小時|幾個小時|多少小時|多少時數|幾個鐘頭|how many hours|幾hr")


def hours_required_now(
    text: str, tokens: set[str], today: dt.date | None = None
) -> Computation | None:
    """This year's required hours: the rule in force today first, the plan's figure beside it."""
    if not _NOW.search(text) or _TIME_SPENT.search(text) or _ASKS_PLAN.search(text):
        return None
    if not (_ASKS_HOURS.search(text) or ("學習時數" in tokens and _ASKS_AMOUNT.search(text))):
        return None  # "am I still counted this year" asks who, not how many
    if not ("學習時數" in tokens or "時數" in text or re.search(r"要上|上滿|最低|至少|一年|每年|training hours", text)):
        return None  # 想白天抽幾個小時去讀 is not a question about required hours
    reqs = default_requirements()
    plan = reqs.plan()
    today = today or dt.datetime.now(TAIPEI).date()
    lead = reqs.for_year(today.year)
    named = [c for c, words in CATEGORY_WORDS.items() if any(w in text for w in words)]

    def figure(rules: RuleSet) -> str:
        if named:
            return "、".join(
                f"{c} {_fmt_h(rules.minimums[c])}" if c in rules.minimums else f"{c}沒有最低時數要求"
                for c in named
            )
        parts = "、".join(f"{c} {_fmt(h)}" for c, h in rules.minimums.items())
        return f"{_fmt_h(rules.total)}（{parts}）" if rules.total else parts

    out = f"{figure(lead)}，依{lead.label}（{today.year - 1911}年適用）。"
    edition = lead.label
    if plan is not None and plan.id != lead.id:
        out += f"\n依{plan.label}則是：{figure(plan)}。"
        edition = f"{lead.label}（{today.year - 1911}年適用）；{plan.label}"
    entry = _CATEGORY_ENTRY.get(named[0], "hours-yearly-total") if len(named) == 1 else "hours-yearly-total"
    return Computation(entry, out, edition)


def _headcount(text: str, words: tuple[str, ...]) -> float | None:
    """The number of people of a kind: 正式人員62人, or the English order, 62 regular 公務人員."""
    for word in words:
        after = re.search(re.escape(word) + r"([^\da-z]{0,6}?)" + _NUM + r"\s*(?:人|名|位|個)?", text)
        before = re.search(_NUM + r"(\s*(?:人|名|位)?\s*的?\s*(?:[a-z]+\s+){0,2})" + re.escape(word), text)
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
        m = _PEOPLE.search(text)
        formal = float(m.group(1)) if m else None
    if formal is None and contract is None:
        return None
    count = (formal or 0) + (contract or 0)
    parts = " + ".join(_fmt(v) for v in (formal, contract) if v is not None)
    excluded = f"，臨時人員 {_fmt(temporary)} 人不計" if temporary else ""
    basis = f"現有人數 {parts} = {_fmt(count)} 人{excluded}" if formal is not None and contract is not None else f"現有人數 {_fmt(count)} 人{excluded}"
    joined = re.search(r"(?:選讀|參加|上了?|修了?|完成)\D{0,20}?" + _NUM + r"\s*(?:人|名|位)", text) or re.search(
        _NUM + r"\s*(?:人|名|位)\s*(?:已經?|有)?\s*(?:選讀|參加|上了?|修了?|完成)", text)
    if joined and count >= 20 and float(joined.group(1)) < count:
        needed = math.ceil(count * 0.9)
        took = float(joined.group(1))
        if took < needed:
            return Computation(
                "reward-group-digital-course",
                f"還不能敘獎：{_fmt(count)} 人的 90% 是 {needed} 人，選讀的 {_fmt(took)} 人不到"
                f"（還差 {_fmt(needed - took)} 人）。達到 90% 且總學習時數 10 小時以上時，"
                + ("承辦主管及主辦人員各嘉獎 2 次。" if count >= 100 else "承辦主管及主辦人員各嘉獎 1 次。"),
            )
    if count >= 20 and re.search(r"幾\s*個?\s*人|多少\s*人|至少要?幾|how many|差幾", text):
        needed = math.ceil(count * 0.9)
        return Computation(
            "reward-group-digital-course",
            f"至少 {needed} 人：{_fmt(count)} 人的 90% 是 {_fmt(count * 0.9)}，進位為 {needed} 人，"
            "且總學習時數要達 10 小時以上；達標後"
            + ("承辦主管及主辦人員各嘉獎 2 次。" if count >= 100 else "承辦主管及主辦人員各嘉獎 1 次。"),
        )
    needed_note = f"（{_fmt(count)} 人的 90% 是 {math.ceil(count * 0.9)} 人）" if count >= 20 else ""
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


_SERVED = re.compile(
    r"(?<![應要需])(?:服務了?|做了?|待了?|工作了?|回來|回任)[^\d應要需]{0,4}?" + _NUM + r"\s*(年|個月|月)"
)
_OWED = re.compile(r"(?:應|要|需)(?:服務|綁)\D{0,3}?" + _NUM + r"\s*(年|個月|月)")
_MONEY = re.compile(_NUM + r"\s*萬")
_ASKS_REPAY = re.compile(r"賠|離職|辭職|不做了|走人|想走|repay|pay back|refund")


def _served(text: str) -> list[re.Match[str]]:
    """Stretches of service (回來做了3個月), not of study (去國外做2個月專題研究)."""
    return [m for m in _SERVED.finditer(text) if not _STUDY_NEAR.search(text[m.end() : m.end() + 8])]


def _months(number: str, unit: str) -> float:
    return float(number) * (12 if unit == "年" else 1)


_TRANSFER = re.compile(r"商調|調到|調去|調過去|調職|轉調|調任|transfer")
_ASKS_LEFT = re.compile(r"還要|還差|還剩|剩下|剩幾|才滿|才夠|還得|多久才|幾個月才|還服務義務|還欠")


def service_left(text: str, tokens: set[str]) -> Computation | None:
    """Service still owed: the obligation stated, minus every stretch served (at the home
    agency and, after an approved transfer, at the new one)."""
    owed_m = _OWED.search(text)
    served_m = _served(text)
    served = [_months(*m.groups()) for m in served_m]
    if not served or not _ASKS_LEFT.search(text.replace(" ", "")) or _ASKS_REPAY.search(text):
        return None
    unpaid = False
    if owed_m is not None:
        owed = _months(*owed_m.groups())
    else:  # the obligation from the study itself: 2× a paid study, once an unpaid one
        rest = text
        for m in reversed(served_m):
            rest = rest[: m.start()] + rest[m.end() :]
        studied = _durations_in_months(rest)
        if not studied or not tokens & {"帶職帶薪", "留職停薪", "選送", "公假"}:
            return None
        paid = bool(tokens & {"帶職帶薪", "選送", "公假"})
        unpaid = not paid
        owed = max(2 * studied[0], 6) if paid else studied[0]
    done = sum(served)
    if owed <= 0 or owed > 240 or done > 240:
        return None
    left = max(0.0, owed - done)
    transfer = _TRANSFER.search(text) is not None
    parts = " + ".join(_fmt(v) for v in served)
    return Computation(
        "service-transfer" if transfer else ("service-after-unpaid-study" if unpaid else "service-after-paid-study"),
        f"{_months_label(left)}：應服務 {_fmt(owed)} 個月，已服務 {parts} = {_fmt(done)} 個月，"
        f"還要 {_fmt(owed)} − {_fmt(done)} = {_fmt(left)} 個月"
        + ("（經同意商調到其他機關的服務期間可以合併計算）。" if transfer else "。"),
    )


_MONTHLY = re.compile(r"月薪\s*" + _NUM + r"\s*萬")


def _received(text: str, studied: list[float]) -> tuple[float | None, str]:
    """What was received during the study, in 萬: the sums stated, a monthly salary counted
    for each month of study (月薪4萬 × 18 個月)."""
    monthly = _MONTHLY.search(text)
    others = [float(m.group(1)) for m in _MONEY.finditer(text) if monthly is None or m.start() != monthly.start(1)]
    if monthly is not None and studied:
        salary = float(monthly.group(1)) * studied[0]
        total = salary + sum(others)
        extra = "".join(f" + {_fmt(v)} 萬" for v in others)
        return total, f"月薪 {_fmt(float(monthly.group(1)))} 萬 × {_fmt(studied[0])} 個月{extra} = "
    if others:
        return sum(others), (" + ".join(f"{_fmt(v)} 萬" for v in others) + " = " if len(others) > 1 else "")
    return None, ""


def repayment_share(text: str, tokens: set[str]) -> Computation | None:
    """What is owed when the service obligation is cut short: the share, and the sum when
    the question gives what was received."""
    if not _ASKS_REPAY.search(text) or not re.search(r"比例|多少|幾成|幾%|how much|share|賠", text):
        return None
    if _TRANSFER.search(text):
        return None  # an approved transfer carries the obligation over: nothing is repaid
    found = _served(text)
    if not found:
        return None
    served_m = found[0]
    served = _months(*served_m.groups())
    owed_m = _OWED.search(text)
    rest = text[: served_m.start()] + text[served_m.end() :]
    if owed_m is not None:
        rest = _OWED.sub("", rest)
    studied_all = _durations_in_months(rest)
    unpaid = "留職停薪" in tokens and "帶職帶薪" not in tokens
    if owed_m is not None:
        owed = _months(*owed_m.groups())
        basis = "你說的應服務期間"
    elif studied_all:
        studied = studied_all[0]
        owed = studied if unpaid else max(2 * studied, 6)
        basis = "留職停薪：與進修期間相同" if unpaid else f"帶職帶薪：{_fmt(studied)} × 2" + (
            "，至少 6 個月" if 2 * studied < 6 else "")
    else:
        return None
    if owed <= 0 or owed > 240 or served > 240:
        return None
    left = max(0.0, owed - served)
    share = left / owed
    received, how = _received(text, studied_all)
    lead = f"約 {share:.0%}"
    if received is not None:
        lead = f"約 {_fmt(round(received * share, 1))} 萬元（{how}{_fmt(received)} 萬 × {share:.0%}）"
    return Computation(
        "repayment",
        f"{lead}：應服務 {_fmt(owed)} 個月（{basis}），已服務 {_fmt(served)} 個月，"
        f"未服務 {_fmt(left)} 個月 ÷ {_fmt(owed)} 個月，按這個比例賠償進修期間所領的"
        "薪俸和補助（比例算法是依條文的推論）；不可歸責於本人者免賠。",
    )


_NOT_BACK = re.compile(r"沒(?:有)?(?:馬上|立即|立刻|直接)?回(?:原機關|去|來)?(?:報到|服務|上班)?|沒交\s*(?:進修)?報告|不交\s*(?:進修)?報告|沒有交\s*(?:進修)?報告|未交\s*(?:進修)?報告")


def repay_all(text: str, tokens: set[str]) -> Computation | None:
    """Everything received is repaid when a full-time student does not return at once, or a
    subsidised one hands in no report: the sum of what the question says was received."""
    compact = text.replace(" ", "")
    if not _NOT_BACK.search(compact) or not re.search(r"賠|還|繳回|repay|pay back", text):
        return None
    if not (tokens & {"全時進修", "帶職帶薪", "留職停薪", "選送"} or "進修報告" in compact):
        return None  # 沒回去看醫生 is no study at all
    if not re.search(r"期滿|結束|結業|完成|讀完|回來|回國|報告", compact):
        return None  # still studying: nothing is owed yet
    report = re.search(r"報告", text) is not None
    found = list(_MONEY.finditer(text))
    if report:  # a missing report costs the grant, not the salary
        found = [m for m in found if re.search(r"補助|學費", text[max(0, m.start() - 6) : m.start()])] or found
    sums = [float(m.group(1)) for m in found]
    if not sums:
        return None
    total = sum(sums)
    parts = " + ".join(f"{_fmt(v)} 萬" for v in sums)
    return Computation(
        "repayment" if report else "return-immediately",
        f"約 {_fmt(total)} 萬元（{parts}）："
        + ("受補助的全時進修結束後 3 個月內沒交進修報告，要賠償所領的補助。" if report
           else "全時進修期滿沒有立即回原機關服務，要賠償進修期間所領的薪俸和補助。")
        + "不可歸責於本人者免賠；實際金額以機關核算為準。",
        also=("study-report",) if report else (),
    )


_POSTS = re.compile(_NUM + r"\s*篇")
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
    counted = f"{_fmt(written)} 篇中 {_fmt(short)} 篇不到 30 字，算 {_fmt(valid)} 篇" if short else f"已有 {_fmt(valid)} 篇"
    head = f"還要 {_fmt(need)} 篇" if need else "已經夠了"
    return Computation(
        "reward-digital-course",
        f"{head}：線上討論要 5 篇以上、每篇 30 字以上且與主題有關，{counted}；完成當年度組裝數位課程並達到篇數，嘉獎 1 次。",
    )


_ASKS_EXTEND = re.compile(r"(?:還|再|最多)\s*(?:能|可以|可)?\s*(?:再)?\s*延\s*(?:長)?\s*(?:多久|幾個月|多少)")
_STUDIED_SO_FAR = re.compile(r"(?:已經?|讀了|念了|唸了|進修了|留停了)\D{0,4}?" + _NUM + r"\s*(年|個月|月)")


def extension_left(text: str, tokens: set[str]) -> Computation | None:
    """How much longer an unpaid study leave may run: 2 years in all, extension included."""
    if "留職停薪" not in tokens or not _ASKS_EXTEND.search(text.replace(" ", "")):
        return None
    so_far = _STUDIED_SO_FAR.search(text)
    if so_far is None:
        return None
    done = _months(*so_far.groups())
    if "專題研究" in tokens:  # research abroad: 6 months, 3 more at most
        left = max(0.0, 9 - done)
        return Computation(
            "study-abroad-duration",
            f"最多再 {_months_label(left)}：專題研究 6 個月以內，必要時延長最多 3 個月，合計最長 9 個月；"
            f"已進修 {_fmt(done)} 個月，9 − {_fmt(done)} = {_fmt(left)} 個月（經中央一級機關專案核定者另計）。",
        )
    left = max(0.0, 24 - done)
    return Computation(
        "study-unpaid-leave",
        f"最多再 {_months_label(left)}：留職停薪進修 1 年以內，延長最多 1 年，合計最長 24 個月；"
        f"已進修 {_fmt(done)} 個月，24 − {_fmt(done)} = {_fmt(left)} 個月（延長要經核准）。",
    )


_ROC_DATE = re.compile(r"(?<!\d)(\d{2,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|號)")


def _roc(date: dt.date) -> str:
    return f"{date.year - ROC_OFFSET}年{date.month}月{date.day}日"


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
            f"{_roc(end)}：留職停薪進修 1 年，再延長最多 1 年，合計最長 2 年，從 {_roc(day)} 起算到"
            f" {_roc(end)} 期滿，次日回職復薪（延長要經核准）。",
        )
    if re.search(r"期滿|到期|結束", compact) and "延長" not in compact:
        notice = day - dt.timedelta(days=30)
        apply_from = day - dt.timedelta(days=20)
        return Computation(
            "return-after-unpaid-leave",
            f"機關最晚 {_roc(notice)} 通知你（期滿 {_roc(day)} 前 30 日）；你要在期滿前 20 日內"
            f"（{_roc(apply_from)} 起到期滿）申請回職復薪，逾期未回任視同辭職（不可歸責於你者除外）。",
        )
    return None


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


_WEEKLY = re.compile(r"(?:每週|1週|一週|每星期|1星期)\D{0,10}?" + _NUM + r"\s*(?:小時|個小時|hr)")


_DAYS = re.compile(r"(?:每週|1週|每星期|每個?禮拜)\D{0,3}?(\d)\s*天")
_EACH_DAY = re.compile(r"(?:各|都)\D{0,3}?" + _NUM + r"\s*(?:小時|個小時|hr)")
_EACH_CLASS = re.compile(r"(?:各|都)\D{0,6}?" + _NUM + r"\s*(?:小時|個小時|hr)")  # 各有一門3小時的課
# A list of weekdays: 週一三五, 星期一、三、五, 禮拜一跟禮拜三, 一三五白天.
_WEEKDAYS = re.compile(r"(?:週|星期|禮拜)?[一二三四五六日](?:\s*[、,及和跟與]?\s*(?:週|星期|禮拜)?[一二三四五六日]){0,6}")
_ASKS_LEAVE = re.compile(r"夠|超過|幾\s*個?\s*小時|多少|剩|還有|可以\s*請|能\s*請|上限|不能用|自己請|enough|how many|left")
_DAY_HOURS = re.compile(r"(?:週|星期|禮拜)[一二三四五六日1-7][^\d、,，各週]{0,6}?" + _NUM + r"\s*(?:個?小時|hr)")
_TERM_WEEKS = re.compile(_NUM + r"\s*(?:週|個星期|個禮拜)")
_DAY_TIME = re.compile(r"\s*(?:白天|上午|下午|晚上|早上|各|都)")


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
        hours = (days or float(counted.group(1))) * float(each.group(1))  # type: ignore[union-attr]
    elif m is not None:
        hours = float(m.group(1))
    term = _TERM_WEEKS.search(text)
    weeks = float(term.group(1)) if term is not None else 0.0
    if weeks >= 2 and re.search(r"整學期|整個學期|總共|一共|合計|全部|in total", text.replace(" ", "")):
        weekly = min(hours, 8.0) if hours else 8.0
        basis = f"你每週 {_fmt(hours)} 小時，公假最多 {_fmt(weekly)} 小時" if hours else "每週公假上限 8 小時"
        return Computation(
            "study-partial-hours",
            f"最多 {_fmt_h(weekly * weeks)}：{basis} × {_fmt(weeks)} 週 = {_fmt(weekly * weeks)} 小時"
            "（每週都以上班時間內的上課時數為準，且不超過 8 小時）。",
        )
    if hours is None:
        return None
    if hours <= 0 or hours > 60:
        return None
    if hours <= 8:
        spare = f"，每週還有 {_fmt_h(8 - hours)}的額度" if hours < 8 else ""
        verdict = f"{_fmt_h(hours)}都可以請公假：每週上限 8 小時，你的 {_fmt(hours)} 小時在上限內{spare}。"
    else:
        verdict = (f"最多 8 小時公假，另外 {_fmt_h(hours - 8)}要自己請假或用下班時間："
                   f"每週 {_fmt(hours)} − 8 = {_fmt(hours - 8)}。")
    return Computation(
        "study-partial-hours",
        verdict + "部分辦公時間進修須經機關認定與業務有關並同意。",
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
    shown = "、".join(_fmt(v) for v in scores)
    mean = f"{average:.2f}".rstrip("0").rstrip(".")
    correction = f"（規定是平均 {_fmt(rule)} 分，不是 {_fmt(quoted)} 分）" if quoted is not None else ""
    if language:
        verdict = "達到" if average >= bar else "未達"
        return Computation(
            "abroad-language",
            f"平均 {mean} 分，{verdict} {_fmt(bar)} 分{correction}（{shown}）：行政院體系選送出國進修的語文條件，"
            "FLPT 筆試平均 60 分、口試 S-2+，進修學校另有規定者依其規定。",
        )
    passed = all(v >= 60 for v in scores)
    if passed and average >= bar:
        verdict = f"符合：各科都及格，平均 {mean} 分，達 {_fmt(bar)} 分"
    elif not passed:
        low = "、".join(_fmt(v) for v in scores if v < 60)
        verdict = f"不符合：有科目不及格（{low} 分），平均 {mean} 分"
    else:
        verdict = f"不符合：平均 {mean} 分，未達 {_fmt(bar)} 分"
    return Computation(
        "subsidy-grade",
        f"{verdict}{correction}（{shown}）。補助要各科及格且平均 70 分以上（或相當等級）。",
    )


_FEE = re.compile(r"(\d+(?:\.\d+)?)\s*萬\s*(?:(\d)\s*千?(?!\d))?|(\d{4,6})\s*元")  # 3萬2千, 2萬5
_SEMESTERS = re.compile(r"(\d+)\s*個?\s*學期")
SEMESTER_CAP = 20000  # 行政院 rule for after-hours study, per person and semester


def subsidy_cap(text: str, tokens: set[str]) -> Computation | None:
    """The most the after-hours grant pays for the user's fees: NT$20,000 a semester."""
    grant = "補助" in tokens or re.search(r"補\s*(?:多少|幾)|報銷|reimburs", text)
    if not grant or not re.search(r"上限|最多|多少|how much", text) or "學期" not in text:
        return None
    if tokens & {"全時進修", "帶職帶薪", "留職停薪", "選送"}:
        return None  # the semester cap is the after-hours (公餘) grant's
    fees = [float(m.group(3)) if m.group(3) else float(m.group(1)) * 10000 + float(m.group(2) or 0) * 1000
            for m in _FEE.finditer(text)
            if not re.search(r"最高|上限|最多|補|cap", text[max(0, m.start() - 4) : m.start()])]  # 最高補2萬: the cap
    if not fees:
        return None
    terms = [int(m.group(1)) for m in _SEMESTERS.finditer(text) if 0 < int(m.group(1)) <= 12]
    count = max(terms) if terms else 1
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
        head
        + "。這是行政院所屬機關的上限，桃園市是否準用未查到，請向人事單位確認；"
        "111年11月起經行政院專案核准的公餘進修不受此限。",
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
    figure = "、".join(f"{kind} {_fmt(count)} 次" for kind, count in totals.items() if count)
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


CALCULATORS: tuple[Callable[[str, set[str]], Computation | None], ...] = (
    reward_total,
    english_reward,
    grade_check,
    subsidy_cap,
    posts_needed,
    leave_dates,
    extension_left,
    repay_all,
    repayment_share,
    subsidy_deadline,
    service_left,
    weekly_leave,
    group_reward,
    study_quota,
    hours_missing,
    hours_required_now,
    service_owed,
)


def compute(text: str, tokens: set[str]) -> Computation | None:
    """The first calculator that recognises the question, or None."""
    for calculator in CALCULATORS:
        result = calculator(text, tokens)
        if result is not None:
            return result
    return None
