"""Segment normalised questions into the tokens the matcher scores.

jieba's own dictionary is Simplified-centred: on Traditional text it splits even 申請 and 什麼
into characters. So a dedicated `jieba.Tokenizer` segments a character-by-character Simplified
copy of the text (OpenCC `t2s`), and the token offsets are used to cut the original Traditional
text. Our domain dictionary and every knowledge-base keyword are added in Simplified form too.
Synonyms are folded to one spelling before segmentation so 留停, 留職停薪 and "unpaid leave"
become the same token.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import jieba
import opencc

from knowledge.model import DEFAULT_LEXICON_DIR, KnowledgeBase, load_yaml
from knowledge.normalise import normalise

jieba.setLogLevel(logging.WARNING)

_LATIN = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class Lexicon:
    """The hand-kept word lists in `knowledge/lexicon/`."""

    dictionary: Path
    synonyms: dict[str, str]  # variant -> canonical
    stopwords: frozenset[str]

    @classmethod
    def load(cls, directory: Path = DEFAULT_LEXICON_DIR) -> Lexicon:
        raw = load_yaml(directory / "synonyms.yaml") or {}
        if not isinstance(raw, dict):
            raise ValueError("synonyms.yaml must map a canonical term to a list of variants")
        synonyms: dict[str, str] = {}
        for canonical, variants in raw.items():
            if not isinstance(variants, list):
                raise ValueError(f"synonyms.yaml: {canonical!r} needs a list of variants")
            for variant in variants:
                # Variants are matched against normalised text, so normalise them alike
                # (OpenCC turns 平台 into 平臺; a raw variant would never match).
                synonyms[normalise(str(variant))] = normalise(str(canonical))
        words = set()
        for line in (directory / "stopwords.txt").read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                words.update(line.split())
        return cls(directory / "domain_dict.txt", synonyms, frozenset(words))


def _synonym_pattern(synonyms: dict[str, str]) -> re.Pattern[str]:
    # Canonical terms match themselves, so 全民英檢 is not rewritten through its variant 英檢.
    terms = set(synonyms) | {c.lower() for c in synonyms.values()}
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        escaped = re.escape(term)
        if _LATIN.match(term[0]):
            escaped = rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"
        parts.append(escaped)
    return re.compile("|".join(parts))


class Segmenter:
    """Folds synonyms, segments with jieba, and drops stopwords."""

    def __init__(self, lexicon: Lexicon, extra_words: list[str]):
        self.lexicon = lexicon
        self._t2s = opencc.OpenCC("t2s")
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        canonical = set(lexicon.synonyms.values())
        for word, freq in _read_dictionary(lexicon.dictionary):
            self._add_word(word, freq)
        for word in sorted(set(extra_words) | canonical):
            if len(word) > 1 and not word.isascii():
                self._add_word(word, 1000)
        self._pattern = _synonym_pattern(lexicon.synonyms)
        self._canonical = {c.lower(): c for c in canonical}

    @classmethod
    def load(cls, kb: KnowledgeBase, lexicon: Lexicon | None = None) -> Segmenter:
        keywords = [k for e in kb.entries for k in e.keywords]
        return cls(lexicon or Lexicon.load(), keywords)

    def fold_synonyms(self, text: str) -> str:
        """Replace every variant with its canonical term, surrounded by spaces."""

        def swap(m: re.Match[str]) -> str:
            found = m.group(0)
            return f" {self.lexicon.synonyms.get(found, self._canonical.get(found, found))} "

        return self._pattern.sub(swap, text)

    def _add_word(self, word: str, freq: int) -> None:
        self._tokenizer.add_word(self._t2s.convert(word), freq=freq)

    def _cut(self, text: str, mode: str) -> list[str]:
        simplified = self._t2s.convert(text)
        if len(simplified) != len(text):  # a phrase conversion changed length: no offsets
            return [w for w, _, _ in self._tokenizer.tokenize(text, mode=mode, HMM=False)]
        return [text[a:b] for _, a, b in self._tokenizer.tokenize(simplified, mode=mode, HMM=False)]

    def segment(self, text: str) -> list[str]:
        """Whole-word segmentation of normalised text (what a person would call the words)."""
        return [w for w in self._cut(text, "default") if w.strip()]

    def words(self, text: str) -> list[str]:
        """Whole content words: synonyms folded, stopwords dropped, no sub-word parts."""
        out = []
        for word in self._cut(self.fold_synonyms(text), "default"):
            word = word.strip()
            if word and word not in self.lexicon.stopwords:
                out.append(word)
        return out

    def tokens(self, text: str) -> list[str]:
        """Tokens for scoring: synonyms folded, stopwords dropped, compounds plus their parts."""
        out: list[str] = []
        for word in self._cut(self.fold_synonyms(text), "search"):
            word = word.strip()
            if word and word not in self.lexicon.stopwords:
                out.append(word)
        return out


def _read_dictionary(path: Path) -> list[tuple[str, int]]:
    """Lines of `word [freq [tag]]`, as jieba's user dictionaries are written."""
    words = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) > 1 and not parts[1].isdigit():
            raise ValueError(f"{path.name}:{number}: frequency must be a whole number")
        words.append((parts[0], int(parts[1]) if len(parts) > 1 else 1000))
    return words
