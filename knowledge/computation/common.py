"""What every calculator shares: the worked answer it returns, and reading numbers, lengths
of time and lengths of study out of a question."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Computation:
    """A worked answer and the entry whose rule and source it applies."""

    entry_id: str
    text: str
    edition: str = ""  # the editions the figures follow, when not the entry's own
    also: tuple[str, ...] = ()  # further entries whose rules the figure also applies


NUM = r"(\d+(?:\.\d+)?)"
DURATION = re.compile(NUM + r"\s*(年|個月|月)")
COMPOUND = re.compile(NUM + r"\s*年\s*(?:又|零)?\s*" + NUM + r"\s*個?月")  # 1年3個月
TOTAL_BEFORE = re.compile(r"(?:總共|合計|一共|總計|加起來|共)\D{0,3}?$")
PEOPLE = re.compile(NUM + r"\s*(?:人|名|位)")
# An amount in dollars: 84000元, NT$84,000 (normalised to "nt 84000"), 新臺幣5萬 is read as 萬.
DOLLARS = r"(?:nt|ntd|新臺幣|新台幣)\s*(?<!\d)(\d{4,8})(?!\d)|(?<![\d.])(\d{4,8})\s*(?:元|塊|dollars)"


def fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def months_label(months: float) -> str:
    if months >= 12 and months % 12 == 0:
        return f"{fmt(months)} 個月（{fmt(months / 12)} 年）"
    return f"{fmt(months)} 個月"


STUDY_NEAR = re.compile(r"進修|讀|念|唸|學位|碩士|博士|研究|出國|國外|留職停薪|帶職帶薪|選送|全時|課程|延長")


SENIORITY = re.compile(r"當|做了|工作了?|任職|年資|服務了?|待了")
# The same in English, a few words back: "I worked here for 1年 before I studied ...".
_SENIORITY_EN = re.compile(r"\b(?:worked|working|served|serving|been|joined|employed)\b[^.,;]{0,24}$")


_FILLER = re.compile(r"[a-z' ]+")
# A bare 月 is a length only right after a verb of study or leave (讀了8月, 留停10月, 共計6月),
# and never before what a month of the year takes (9月開學, 12月結束, 5月初).
_MONTHS_BEFORE = re.compile(r"(?:共計|[了讀念唸停滿])\s*$")
_MONTH_OF_YEAR_AFTER = re.compile(r"\s*(?:開學|出發|結束|畢業|回國|回來|初|底|中|份|\d+\s*[日號])")


def _near(text: str, start: int, end: int, before: int = 10, after: int = 6) -> str:
    """The Chinese just around a span, English filler and folding's spaces left out: in
    "18個月 of  留職停薪" the leave is right next to its length."""
    head = _FILLER.sub("", text[max(0, start - 4 * before) : start])[-before:]
    return head + _FILLER.sub("", text[end : end + 4 * after])[:after]


def durations_in_months(text: str) -> list[float]:
    """Lengths of study in the text, in months: a length with a study word just before or
    after it ("進修8個月", "念了2年碩士"), not any length ("我當課員三年了")."""
    out = []
    for m in COMPOUND.finditer(text):  # "總共1年3個月" states the whole length: it alone counts
        if TOTAL_BEFORE.search(text[max(0, m.start() - 6) : m.start()]):
            return [float(m.group(1)) * 12 + float(m.group(2))]
    text = COMPOUND.sub(lambda m: f"{float(m.group(1)) * 12 + float(m.group(2)):g}個月", text)
    for m in DURATION.finditer(text):
        if (SENIORITY.search(text[max(0, m.start() - 6) : m.start()]) or re.match(r"\s*了", text[m.end():])
                or _SENIORITY_EN.search(text[max(0, m.start() - 40) : m.start()])):
            continue  # 當公務員5年了, 在這個機關做了10年: how long they have worked
        if re.match(r"\s*(?:以|之)?前(?![往進去])", text[m.end():]):
            continue  # 3年前被選送, 半年前回來: when it happened, not how long it lasted
        if m.group(2) == "年" and float(m.group(1)) >= 20:
            continue  # 112年, 2023年: a year of the calendar, no study takes twenty years
        if m.group(2) == "月" and (not _MONTHS_BEFORE.search(text[max(0, m.start() - 3) : m.start()])
                                   or _MONTH_OF_YEAR_AFTER.match(text, m.end())):
            continue  # 九月才回來上班, 預計9月出發: a month of the year, not a length
        if STUDY_NEAR.search(_near(text, m.start(), m.end())):
            out.append(float(m.group(1)) * (12 if m.group(2) == "年" else 1))
    return out


def months_of(number: str, unit: str) -> float:
    return float(number) * (12 if unit == "年" else 1)


def fmt_hours(value: float) -> str:
    return f"{fmt(value)} 小時"
