"""Out-of-scope rules: questions that sit close to the knowledge base but are not ours.

Without them, 育嬰留停可以請多久 would score well against the study-leave entry and get a
confident, wrong answer. The rules are data (`lexicon/out_of_scope.yaml`), so HR can add one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.model import DEFAULT_LEXICON_DIR, load_yaml
from knowledge.normalise import normalise

_LATIN_RUN = re.compile(r"[a-z][a-z' -]*[a-z]")


@dataclass(frozen=True)
class ScopeRule:
    id: str
    terms: tuple[str, ...]
    unless: tuple[str, ...]
    reply: str
    # All the terms as one pattern, longest first: most questions name no rule's term, and one
    # search per rule says so faster than a search per term.
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        alternatives = "|".join(_term_pattern(t) for t in sorted(self.terms, key=len, reverse=True))
        object.__setattr__(self, "pattern", re.compile(alternatives))

    def named_in(self, text: str) -> bool:
        """Whether any of the rule's terms is in the text at all."""
        return self.pattern.search(text) is not None

    def fires(self, text: str, folded: str = "", spans: Sequence[tuple[int, int]] = ()) -> bool:
        """`folded`: the same text with synonyms and the English glossary folded into our
        terms, where an exception is looked for too ("keep my salary while I study" names
        進修 only once folded). `spans`: where the text's words lie; a term that straddles two
        of them is not there (1年終身學習 holds 年終 only as letters)."""
        if not any(_whole(t, text, spans) for t in self.terms if not t.isascii()) and not any(
            re.search(_term_pattern(t), text) for t in self.terms if t.isascii()
        ):
            return False
        return not any(u in text or u in folded for u in self.unless)


def _term_pattern(term: str) -> str:
    """An English term matches whole words only ("visa" is not in "advisable"), plurals too."""
    escaped = re.escape(term)
    return rf"(?<![a-z]){escaped}(?:e?s)?(?![a-z])" if term.isascii() else escaped


def _whole(term: str, text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the term occurs in the text other than across a word boundary: it may lie inside
    one word (育嬰 in 育嬰假) or span whole words, but not end partway into a word that begins
    within it, nor begin partway through a word that ends within it. Only two-character terms
    are held to this: they are the ones two neighbouring words spell by accident, while the
    segmenter splits some longer names (新北|市政府) that are meant all the same."""
    at = text.find(term)
    if at < 0 or not spans or len(term) > 2:
        return at >= 0
    while at >= 0:
        end = at + len(term)
        if not any(at < a < end < b or a < at < b < end for a, b in spans):
            return True
        at = text.find(term, at + 1)
    return False


def word_spans(words: Sequence[str]) -> list[tuple[int, int]]:
    """Start and end of each word of a text cut into words (spaces and all)."""
    starts = list(itertools.accumulate((len(w) for w in words), initial=0))
    return list(zip(starts, starts[1:], strict=False))


def load_scope_rules(directory: Path = DEFAULT_LEXICON_DIR) -> tuple[ScopeRule, ...]:
    data = load_yaml(directory / "out_of_scope.yaml") or {}
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        raise ValueError("out_of_scope.yaml needs a list of rules")
    out = []
    for raw in rules:
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("terms"):
            raise ValueError(f"out_of_scope.yaml: each rule needs id and terms: {raw!r}")
        out.append(
            ScopeRule(
                id=str(raw["id"]),
                terms=tuple(normalise(str(t)) for t in raw["terms"]),
                unless=tuple(normalise(str(t)) for t in raw.get("unless") or ()),
                reply=str(raw.get("reply") or ""),
            )
        )
    return tuple(out)


def out_of_scope(
    text: str,
    rules: tuple[ScopeRule, ...],
    fold: Callable[[str], str] | None = None,
    cut: Callable[[str], Sequence[str]] | None = None,
) -> ScopeRule | None:
    """The first rule the normalised question trips, if any. Only when some rule's term is in
    the text at all: `fold` reads its English through the glossary, where a rule's (Chinese)
    exceptions are looked for too, and `cut` splits it into words (see `ScopeRule.fires`). The
    Chinese is not folded: that would widen the exceptions (育嬰留停的津貼 would reach 補助)."""
    named = [rule for rule in rules if rule.named_in(text)]
    if not named:
        return None
    english = " ".join(_LATIN_RUN.findall(text))
    folded = fold(english) if fold is not None and english else ""
    spans = word_spans(cut(text)) if cut is not None else []
    for rule in named:
        if rule.fires(text, folded, spans):
            return rule
    return None
