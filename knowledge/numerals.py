"""Chinese numerals to digits, only where they count something (八個月, 一年半, 兩年, 第九職等).

Numerals elsewhere stay as they are: 一般, 一定 and 統一 are words, not numbers.
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "萬": 10000}
NUMERAL = "零〇一二兩三四五六七八九十百千萬"
# Measure words after which a numeral is a quantity.
COUNTED = "個年月週周星期天日號時小人次級倍篇名位學期分職等歲成元"

_NUMBER_RUN = re.compile(
    rf"(?P<frac_den>[{NUMERAL}]+)分之(?P<frac_num>[{NUMERAL}]+)"
    rf"|(?<![0-9.])(?P<num>[{NUMERAL}]+)(?P<half>個半|半)?(?=[{COUNTED}])"
    rf"|(?<=第)(?P<ord>[{NUMERAL}]+)"
)
_HALF_ALONE = re.compile(r"(?<![0-9.])半(?=年|個月|個?小時|個?鐘頭|天)")
# Money in ten-thousands: 八萬 is 8萬, 十八萬 is 18萬.
_TEN_THOUSANDS = re.compile(rf"(?<![0-9.])(?P<wan>[{NUMERAL}]+)萬(?![{NUMERAL}])")
# Money said the short way: 兩萬五 is 25,000 and 三萬二 is 32,000 (written 2萬5, 3萬2).
_TEN_THOUSANDS_AND = re.compile(rf"(?P<wan>[{NUMERAL}]+)萬(?P<qian>[一二三四五六七八九])(?![{NUMERAL}])")


def chinese_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 十二, 兩百零五, 三萬; None when it is not one."""
    total = section = number = 0
    seen = False
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
            seen = True
        elif ch in UNITS:
            unit = UNITS[ch]
            if unit == 10000:
                total += (section + number) * unit
                section = 0
            else:
                section += (number or 1) * unit
            number = 0
            seen = True
        else:
            return None
    return total + section + number if seen else None


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _replace(match: re.Match[str]) -> str:
    if match.group("frac_den"):
        den = chinese_to_int(match.group("frac_den"))
        num = chinese_to_int(match.group("frac_num"))
        if den is None or num is None:
            return match.group(0)
        return f"{num}/{den}"
    raw = match.group("num") or match.group("ord")
    value = chinese_to_int(raw)
    if value is None:
        return match.group(0)
    half = match.group("half") if match.group("num") else None
    if half == "個半":
        return f"{_fmt(value + 0.5)}個"
    if half == "半":
        return _fmt(value + 0.5)
    return _fmt(value)


_ENGLISH_UNITS = {
    "year": "年", "years": "年", "month": "個月", "months": "個月", "week": "週", "weeks": "週",
    "hour": "小時", "hours": "小時", "hr": "小時", "hrs": "小時", "h": "小時",
    "people": "人", "person": "人", "persons": "人", "staff": "人", "employees": "人",
}
_ENGLISH_QUANTITY = re.compile(
    r"(\d+(?:\.\d+)?)[\s-]*(" + "|".join(sorted(_ENGLISH_UNITS, key=len, reverse=True)) + r")\b"
)


def chinese_units_for_english(text: str) -> str:
    """8 months → 8個月, 30 hours → 30小時: one spelling of a quantity for every language."""
    return _ENGLISH_QUANTITY.sub(lambda m: m.group(1) + _ENGLISH_UNITS[m.group(2)], text)


def _wan_and(match: re.Match[str]) -> str:
    wan = chinese_to_int(match.group("wan"))
    return match.group(0) if wan is None else f"{wan}萬{DIGITS[match.group('qian')]}"


def _wan(match: re.Match[str]) -> str:
    value = chinese_to_int(match.group("wan") + "萬")
    return match.group(0) if not value else f"{_fmt(value / 10000)}萬"


def digits_for_numerals(text: str) -> str:
    """Rewrite counted Chinese numerals as Arabic digits; 半年 becomes 0.5年."""
    text = _TEN_THOUSANDS_AND.sub(_wan_and, text)
    text = _TEN_THOUSANDS.sub(_wan, text)
    text = _NUMBER_RUN.sub(_replace, text)
    # "1年半" (digits already) and a lone 半年 / 半個月.
    text = re.sub(r"(\d+)(年|個月)半", lambda m: f"{_fmt(int(m.group(1)) + 0.5)}{m.group(2)}", text)
    text = re.sub(r"(\d+)個半(?=小時|鐘頭|月)", lambda m: f"{_fmt(int(m.group(1)) + 0.5)}個", text)
    return _HALF_ALONE.sub("0.5", text)
