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
COUNTED = "個年月週周星期天日號時小人次級倍篇名位學期分職等歲成元門堂節場"

_N = f"[{NUMERAL}]"
_FIRST = "[一二兩三四五六七八九十]"  # a numeral that can start an amount (千萬, 萬萬 are idioms)
# Every pattern starts only where a run of numerals starts (never inside one), so a long run
# is scanned once instead of from each of its characters.
_NUMBER_RUN = re.compile(
    rf"(?<!{_N})(?P<frac_den>{_N}+)分之(?P<frac_num>{_N}+)"
    rf"|(?<![0-9.{NUMERAL}])(?P<num>{_N}{{1,12}})(?P<half>個半|半)?(?=[{COUNTED}])"
    rf"|(?<=第)(?P<ord>{_N}{{1,12}})"
)
_HALF_ALONE = re.compile(r"(?<![0-9.])半(?=年|個月|個?小時|個?鐘頭|天)")
# Money in ten-thousands: 八萬 is 8萬, 十八萬 is 18萬.
_TEN_THOUSANDS = re.compile(rf"(?<![0-9.{NUMERAL}])(?P<wan>{_FIRST}{_N}{{0,6}}?)萬(?!{_N})")
# Money said the short way: 兩萬五 is 25,000 and 三萬二 is 32,000 (written 2.5萬, 3.2萬); only
# where the amount ends (三萬一定, 兩萬一次付清 keep their words).
_TEN_THOUSANDS_AND = re.compile(
    rf"(?<![0-9.{NUMERAL}])(?P<wan>{_FIRST}{_N}{{0,6}}?)萬(?P<qian>[一二兩三四五六七八九])"
    r"(?=$|[\s，。、,.!?！？；;）)]|元|塊|的)"
)
# Words that hold numerals but count nothing.
_IDIOMS = ("千萬", "萬萬", "萬一", "十萬火急", "萬無一失", "一元化", "一萬個", "一門心思", "一場空")


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
    if value is None or (value == 0 and not set(raw) & {"零", "〇"}):  # 上萬元, 數萬元: no number
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


_ENGLISH_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-four": 24, "thirty": 30, "thirty-six": 36, "forty": 40, "fifty": 50, "sixty": 60,
}
_LENGTH_UNIT = r"(years?|months?|weeks?|hours?)"
_SPELLED = re.compile(
    r"\b(" + "|".join(sorted(_ENGLISH_NUMBERS, key=len, reverse=True)) + r")"
    r"(?P<half>[\s-]+and[\s-]+a[\s-]+half)?[\s-]+" + _LENGTH_UNIT + r"\b"
)
# "a year" is a length after these words (took a year of unpaid leave, for a year); after a
# quantity it is a rate (40 hours a year), which the synonyms read as 每年.
_ONE_AFTER = re.compile(
    r"\b(for|took|take|takes|taking|spent|spend|spending|after|about|around|over|than|just|only"
    r"|within|of|is|was|be|been|lasts|last|lasting)\s+an?\s+(?:(half)\s+)?" + _LENGTH_UNIT
    + r"(?P<half>\s+and\s+a\s+half)?\b"
)
_HALF_A = re.compile(r"\bhalf\s+an?\s+" + _LENGTH_UNIT + r"\b")


def _spelled(match: re.Match[str]) -> str:
    value = _ENGLISH_NUMBERS[match.group(1)] + (0.5 if match.group("half") else 0)
    return f"{_fmt(value)} {match.group(3)}"


def _one(match: re.Match[str]) -> str:
    value = 0.5 if match.group(2) else 1 + (0.5 if match.group("half") else 0)
    return f"{match.group(1)} {_fmt(value)} {match.group(3)}"


def chinese_units_for_english(text: str) -> str:
    """8 months → 8個月, 30 hours → 30小時, eighteen months and took a year → 18個月 and
    took 1年: one spelling of a quantity for every language."""
    text = _SPELLED.sub(_spelled, text)
    text = _ONE_AFTER.sub(_one, text)
    text = _HALF_A.sub(lambda m: f"0.5 {m.group(1)}", text)
    return _ENGLISH_QUANTITY.sub(lambda m: m.group(1) + _ENGLISH_UNITS[m.group(2)], text)


def _wan_and(match: re.Match[str]) -> str:
    wan = chinese_to_int(match.group("wan"))
    return match.group(0) if not wan else f"{_fmt(wan + DIGITS[match.group('qian')] / 10)}萬"


def _wan(match: re.Match[str]) -> str:
    value = chinese_to_int(match.group("wan") + "萬")
    return match.group(0) if not value else f"{_fmt(value / 10000)}萬"


# Digits already: 1萬5000 is 15000, 2萬5 is 2.5萬 (one spelling for every money reader).
_DIGIT_WAN = re.compile(r"(?<![\d.])(\d+)萬(\d{1,4})(?![\d.])")


def _digit_wan(match: re.Match[str]) -> str:
    wan, rest = int(match.group(1)), match.group(2)
    if len(rest) == 4:
        return str(wan * 10000 + int(rest))
    return f"{_fmt(wan + int(rest) / 10 ** len(rest))}萬" if len(rest) == 1 else match.group(0)


def digits_for_numerals(text: str) -> str:
    """Rewrite counted Chinese numerals as Arabic digits; 半年 becomes 0.5年."""
    kept = {}
    for n, idiom in enumerate(i for i in _IDIOMS if i in text):  # masked, then put back
        kept[f"\x00{n}\x00"] = idiom
        text = text.replace(idiom, f"\x00{n}\x00")
    text = _TEN_THOUSANDS_AND.sub(_wan_and, text)
    text = _TEN_THOUSANDS.sub(_wan, text)
    text = _NUMBER_RUN.sub(_replace, text)
    text = _DIGIT_WAN.sub(_digit_wan, text)
    for mark, idiom in kept.items():
        text = text.replace(mark, idiom)
    # "1年半" (digits already) and a lone 半年 / 半個月.
    text = re.sub(r"(\d+)(年|個月)半", lambda m: f"{_fmt(int(m.group(1)) + 0.5)}{m.group(2)}", text)
    text = re.sub(r"(\d+)個半(?=小時|鐘頭|月)", lambda m: f"{_fmt(int(m.group(1)) + 0.5)}個", text)
    return _HALF_ALONE.sub("0.5", text)
