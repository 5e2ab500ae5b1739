"""Learning hours: what is still missing this year, per category and for the designated-course
groups, and what this year's rule requires."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from knowledge.computation.common import NUM, Computation, fmt, fmt_hours
from knowledge.computation.dates import TAIPEI
from knowledge.computation.requirements import Requirements, RuleSet, default_requirements

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
    r"|不夠|未達|達標|達到|missing|left|short|need more|enough"
)
_ASKS_PLAN = re.compile(r"104|2015|計畫|plan")


# Read on the folded text: 要求 is folded to 規定, and folding puts spaces around terms.
_REQUIRED_BEFORE = re.compile(
    r"補完|上滿|要上|規定|需要|要求|至少|應上|必須|一定要|還要|目標|標準|門檻|總共要|要達|達到|去年|前年"
)
# Right before the figure: a bar the asker points at (那10小時, 離4小時) or a rule they quote
# (只要1小時, 人事說要2小時, 早就沒有40小時了).
_BAR_NEAR = re.compile(r"(?:那|這|離|距離|滿|只要|說要|沒有|不是)\s*$")
_BAR_AFTER = re.compile(r"(?:指定課程|的?規定|的?要求|門檻|下限|的?標準|的?目標)|\s+的\s*(?:規定|要求|門檻|下限|標準|目標)")
_TIME_SPENT = re.compile(NUM + r"\s*(個?小時|hr|h\b|時|分鐘)")
# Right after the figure, whether it must still be taken (環境教育4小時還要上嗎): the rule
# quoted, unless the asker says they took it (上了4小時還要上嗎 asks for more).
_ASKED_AFTER = re.compile(r"\s*(?:也|還|都|是不是|是否)?\s*(?:要|需要|得|必須)\s*上\s*(?:嗎|喔|哦|齁|啊|[?？])")
_TAKEN_BEFORE = re.compile(r"上了|已經|已上|修了|完成|上過|只有|累積")


@dataclass(frozen=True)
class _Figure:
    """An amount of time the asker says they have taken, in hours."""

    hours: float
    minutes: bool  # said in minutes
    start: int
    end: int
    before: str  # up to 14 characters before it, where its category is named


_MORE = re.compile(r"又|再|另外|加上|還有|也上了|加起來")
# "3門數位課程，每門50分鐘": a length per class, and how many classes.
_EACH = re.compile(r"每\s*(?:[一1]\s*)?(?:門|堂|節|次|場)\S{0,4}?\s*(?:都|約|大約|大概|\s)*$")
# How many classes: a count before the length (上了3門，每門50分鐘) or after it (每次2小時，上了3次);
# not a count of months (這3個月), an ordinal (第2次) nor "each" itself (每1堂).
_CLASSES = re.compile(r"(?<![第每])(?<![\d.])(\d+)\s*(?:門|堂|節|次|場)")


def _hours_taken(text: str) -> list[_Figure]:
    """Every figure of time taken in a (folded) question, leaving out the goals and rules it
    quotes ("一定要補完環境教育4小時", "離4小時", "那10小時指定課程", "目標是20小時",
    "20小時的要求") and last year's hours."""
    out = []
    for match in _TIME_SPENT.finditer(text):
        before = text[max(0, match.start() - 14) : match.start()]
        if (_REQUIRED_BEFORE.search(before) or _BAR_NEAR.search(before[-4:])
                or _BAR_AFTER.match(text, match.end())
                or (_ASKED_AFTER.match(text, match.end()) and not _TAKEN_BEFORE.search(before[-8:]))):
            continue
        value = float(match.group(1))
        if _EACH.search(before):
            counts = (_CLASSES.findall(text[max(0, match.start() - 30) : match.start() - 1])
                      or _CLASSES.findall(text[match.end() : match.end() + 15]))
            if not counts:
                continue  # a length per class, but not how many: no hours taken to add up
            value *= float(counts[-1])
        in_minutes = match.group(2).startswith("分")
        out.append(_Figure(value / 60 if in_minutes else value, in_minutes, match.start(), match.end(), before))
    return out


def _hours_minutes(value: float) -> str:
    """1.6667 → "1 小時 40 分"; whole and half hours stay hours (0.5 小時)."""
    total = round(value * 60)
    if total % 30 == 0:
        return fmt_hours(total / 60)
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
        after = text[figure.end : figure.end + 12]
        behind = [(after.find(w), c) for c, words in CATEGORY_WORDS.items() for w in words
                  if re.match(rf"\s*(?:的|of|in)?\s*{re.escape(w)}", after)  # but 數位學習 3小時 is the next one's
                  and not re.match(rf"\s*(?:的|of|in)?\s*{re.escape(w)}[^\d\s]*\s*\d", text[figure.end : figure.end + 16])]
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
            if not missing:  # "還差 0 小時" reads as a shortfall; say it is met
                shown = _hours_minutes(got) if minutes else fmt_hours(got)
                out.append(f"{name}已達標（已上 {shown}，至少 {fmt_hours(required)}）")
                continue
            if minutes:
                out.append(
                    f"{name}還差 {_hours_minutes(missing)}（{fmt(required)} 小時 − 已上 "
                    f"{_hours_minutes(got)}）"
                )
                continue
            out.append(f"{name}還差 {fmt_hours(missing)}（{fmt(required)} − {fmt(got)} = {fmt(missing)}）")
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
    listed = "、".join(f"{w} {fmt(v)}" for w, _, v in taken)
    inner = [c for c in members if c != group and c in rules.minimums]
    note = "、".join(f"其中{c}至少 {fmt(rules.minimums[c])} 小時" for c in inner)
    return Computation(
        "democratic-governance-courses" if group == "民主治理" else "hours-national-2017",
        f"{group}還差 {fmt_hours(missing)}：{group} {fmt(hours)} 小時"
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
                f"{c} {fmt_hours(rules.minimums[c])}" if c in rules.minimums else f"{c}沒有最低時數要求"
                for c in named
            )
        parts = "、".join(f"{c} {fmt(h)}" for c, h in rules.minimums.items())
        return f"{fmt_hours(rules.total)}（{parts}）" if rules.total else parts

    out = f"{figure(lead)}，依{lead.label}（{today.year - 1911}年適用）。"
    edition = lead.label
    if plan is not None and plan.id != lead.id:
        out += f"\n依{plan.label}則是：{figure(plan)}。"
        edition = f"{lead.label}（{today.year - 1911}年適用）；{plan.label}"
    entry = _CATEGORY_ENTRY.get(named[0], "hours-yearly-total") if len(named) == 1 else "hours-yearly-total"
    return Computation(entry, out, edition)


