"""Turn a question as typed into one canonical form: half-width, Traditional, digits, no noise.

Simplified is converted character by character with OpenCC's `s2tw` (not `s2twp`): the phrase
table of `s2twp` rewrites Traditional text too (中高級 becomes 中高階), which would break terms
that are already right.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

from knowledge.numerals import chinese_units_for_english, digits_for_numerals

MAX_QUESTION_CHARS = 10_000
_KEEP_BETWEEN_DIGITS = "./"
_SPACES = re.compile(r"\s+")
_MARKUP_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,80}>")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# 脩 is an old form of 修 that 注音 input offers beside it (進脩, 研脩); nobody here means dried meat.
_OLD_FORMS = str.maketrans({"脩": "修"})
# 各 typed for the measure word 個 (same 注音, ㄍㄜˋ): 幾各月, 3各小時. After a number or 幾 and
# before a unit, 各 ("each") makes no sense, so this rewrites no real word.
_MEASURE_TYPO = re.compile(r"(?<=[\d一二三四五六七八九十幾兩半])各(?=月|小時|鐘頭|學期|禮拜|星期|人)")


@dataclass(frozen=True)
class Cleaned:
    """The question after trimming: its text and whether it had to be shortened."""

    text: str
    truncated: bool


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("s2tw")


def clean(raw: str) -> Cleaned:
    """Trim, drop control characters and cut very long input to MAX_QUESTION_CHARS."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in raw
    ).strip()
    if len(text) > MAX_QUESTION_CHARS:
        return Cleaned(text[:MAX_QUESTION_CHARS], True)
    return Cleaned(text, False)


def _strip_noise(text: str) -> str:
    out: list[str] = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if cat[0] in "LN":
            out.append(ch)
            continue
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i < last else ""
        if ch in _KEEP_BETWEEN_DIGITS and prev.isdigit() and nxt.isdigit():
            out.append(ch)
        elif ch == "-" and prev.isascii() and prev.isalpha() and nxt.isascii() and nxt.isalpha():
            out.append(ch)
        elif ch == "%" and prev.isdigit():
            out.append(ch)
        else:
            out.append(" ")
    return _SPACES.sub(" ", "".join(out)).strip()


def normalise(text: str) -> str:
    """Canonical form used for matching: NFKC, lower case, Traditional, digits, words only."""
    text = _MARKUP_TAG.sub(" ", unicodedata.normalize("NFKC", text)).lower()
    text = _THOUSANDS.sub("", text)  # NT$84,000 is one amount
    text = _converter().convert(text).translate(_OLD_FORMS)
    text = _MEASURE_TYPO.sub("個", text)
    text = chinese_units_for_english(digits_for_numerals(text))
    return _strip_noise(text)


def has_words(text: str) -> bool:
    """True when the text has any letter or digit at all (not just emoji or punctuation)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)
