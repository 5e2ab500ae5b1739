"""Homophone tolerance: a toneless, 注音-forgiving pinyin key for Chinese text.

People type with 注音 input and pick the wrong character of the right sound (留值 for 留職,
公家 for 公假) or a near sound (終生 for 終身: ㄕㄥ/ㄕㄣ). A key that drops tones and folds the
pairs Taiwanese speakers merge (zh/z, ch/c, sh/s, eng/en, ing/in) is the same for both, so a
token the index does not know can be looked up by its sound.

The character table comes from pypinyin. Importing pypinyin costs ~0.15 s, so the table of
keys is written once to the cache folder and read from there afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

_FOLDS = ((re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"),
          (re.compile(r"eng$"), "en"), (re.compile(r"ing$"), "in"))
_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
TABLE_VERSION = 1
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# Question and function characters people type right; a stretch holding one is left alone
# (上幾 must not become 上級, 如於應服務 not 如育嬰服務, 105年第2期 not 105年底2期).
_NEVER_CORRECTED = frozenset("幾多嗎呢哪誰怎何麼什要可能有沒是不會在了的我你他還才於年第一")


def fold_syllable(syllable: str) -> str:
    """One toneless syllable with the merged initials and finals folded."""
    s = syllable.translate(_TONES)
    for pattern, repl in _FOLDS:
        s = pattern.sub(repl, s)
    return s


def _build_table() -> dict[str, str]:
    from pypinyin.pinyin_dict import pinyin_dict  # only when the cached table is missing

    return {chr(cp): fold_syllable(readings.split(",")[0]) for cp, readings in pinyin_dict.items()}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    from knowledge.segment import cache_dir, read_cache, write_cache

    path: Path = cache_dir() / f"pinyin-keys-v{TABLE_VERSION}.marshal"
    cached = read_cache(path)
    if isinstance(cached, dict):
        return cached
    table = _build_table()
    write_cache(path, table)
    return table


@lru_cache(maxsize=65536)  # the same short stretches recur in every question
def sound_key(text: str) -> str | None:
    """The folded pinyin of a word, or None if any character has no reading (Latin, digits)."""
    table = _table()
    parts = []
    for ch in text:
        key = table.get(ch)
        if key is None:
            return None
        parts.append(key)
    return "-".join(parts)


DOMINANT_RATIO, DOMINANT_MIN = 3.0, 3.0  # entries using the term: 3× its rival's, and at least 3


def _dominant(
    words: set[str], weight: Callable[[str], float] | None, everyday: Callable[[str], bool]
) -> str | None:
    """The one term a sound stands for: the only one, or among several that sound alike the one
    the knowledge base uses far more, when the others are no everyday words (終身學習 against
    the variant 終生學習, which no entry uses). Two terms in similar use (薦任, 簡任), or a rival
    people write every day (不足 beside 補助: 部足 means 不足), leave the sound to none."""
    if len(words) == 1:
        return next(iter(words))
    if weight is None:
        return None
    first, *others = sorted(words, key=weight, reverse=True)
    if any(everyday(w) for w in others):
        return None
    return first if weight(first) >= max(DOMINANT_MIN, DOMINANT_RATIO * weight(others[0])) else None


class Speller:
    """Replace stretches of a question that sound like a known term but are not one.

    The vocabulary is every word the engine knows (kept as typed); the targets are the domain's
    terms (keywords, synonyms, the domain dictionary), the only words a stretch may become,
    and only when no other target sounds the same. A stretch is replaced only when it is not itself a known term and not a
    word of its own (jieba's general frequency below `rare`: 急診 and 一樓 are words, however
    seldom, while 留值 and 陪錢 are none; a typo jieba reads through its Simplified copy, 進脩 as
    进修, is a word to it and is left to the synonyms), not the start of a longer general word (公家機關
    stays, 公家假 becomes 公假假 and so reaches 公假), nor one whose tail begins a common word
    that runs past it (三科成績 keeps 成績), nor one whose head ends a common word that began
    before it (護理師 keeps 理師, 去年甲等 keeps 年甲, 年輕時 keeps 輕時).
    """

    def __init__(
        self,
        vocabulary: Iterable[str],
        targets: Iterable[str],
        general_frequency: Callable[[str], int],
        common: int = 500,
        rare: int = 50,
        longest: int = 6,
        weight: Callable[[str], float] | None = None,
    ):
        self.vocabulary = {w for w in vocabulary if len(w) > 1 and not w.isascii()}
        by_key: dict[str, set[str]] = {}
        for word in {w for w in targets if len(w) > 1 and not w.isascii()}:
            key = sound_key(word)
            if key:
                by_key.setdefault(key, set()).add(word)
        def everyday(word: str) -> bool:
            return general_frequency(word) >= common

        self.by_key = {
            k: chosen for k, ws in by_key.items()
            if (chosen := _dominant(ws, weight, everyday)) is not None
        }
        self.frequency = general_frequency
        self.common = common
        self.rare = rare
        self.longest = longest

    def correct(self, text: str) -> str:
        return _CJK_RUN.sub(lambda m: self._correct_run(m.group(0)), text)

    def _correct_run(self, run: str) -> str:
        out = []
        i = 0
        while i < len(run):
            for size in range(min(self.longest, len(run) - i), 1, -1):
                piece = run[i : i + size]
                if piece in self.vocabulary:
                    out.append(piece)
                    break
                term = self.by_key.get(sound_key(piece) or "")
                if (
                    term is not None
                    and not self._function_word(piece, term)
                    and not self._common_word(run, i, size)
                ):
                    out.append(term)
                    break
            else:
                out.append(run[i])
                size = 1
            i += size
        return "".join(out)

    @staticmethod
    def _function_word(piece: str, term: str) -> bool:
        """A stretch holding a question or function character, typed right (上幾 is no 上級),
        unless a long term is mistyped in one character only: 環境教于 (于 read as 於) is
        環境教育, its three other characters say so."""
        if not _NEVER_CORRECTED.intersection(piece):
            return False
        return len(piece) < 4 or sum(a != b for a, b in zip(piece, term, strict=True)) > 1

    def _common_word(self, run: str, start: int, size: int) -> bool:
        if self.frequency(run[start : start + size]) >= self.rare:
            return True
        # A common word that began before the stretch and ends inside it: 護理|師, 去年|甲等.
        if any(
            self.frequency(run[k:end]) >= self.common
            for k in range(max(0, start - 3), start)
            for end in range(start + 1, start + size + 1)
            if end - k > 1
        ):
            return True
        if any(
            self.frequency(run[start:end]) > 0 for end in range(start + size + 1, min(len(run), start + 4) + 1)
        ):
            return True
        # Nor when its tail starts a common word that runs on: 三科成績 keeps 成績 (not 課程).
        return any(
            self.frequency(run[k:end]) >= self.common
            for k in range(start + 1, start + size)
            for end in range(start + size + 1, min(len(run), k + 4) + 1)
        )
