"""Homophone tolerance: a toneless, 注音-forgiving pinyin key for Chinese text.

People type with 注音 input and pick the wrong character of the right sound (進脩 for 進修,
公家 for 公假) or a near sound (終生 for 終身: ㄕㄥ/ㄕㄣ). A key that drops tones and folds the
pairs Taiwanese speakers merge (zh/z, ch/c, sh/s, eng/en, ing/in) is the same for both, so a
token the index does not know can be looked up by its sound.

The character table comes from pypinyin. Importing pypinyin costs ~0.15 s, so the table of
keys is written once to the cache folder and read from there afterwards.
"""

from __future__ import annotations

import marshal
import re
from functools import lru_cache
from pathlib import Path

_FOLDS = ((re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"),
          (re.compile(r"eng$"), "en"), (re.compile(r"ing$"), "in"))
_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
TABLE_VERSION = 1


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
    from knowledge.segment import cache_dir

    path: Path = cache_dir() / f"pinyin-keys-v{TABLE_VERSION}.marshal"
    try:
        return marshal.loads(path.read_bytes())  # noqa: S302 - our own cache file
    except (OSError, ValueError, EOFError, TypeError):
        table = _build_table()
        tmp = path.with_suffix(".tmp")
        try:
            tmp.write_bytes(marshal.dumps(table))
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache only costs the rebuild next time
        return table


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
