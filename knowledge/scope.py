"""Out-of-scope rules: questions that sit close to the knowledge base but are not ours.

Without them, 育嬰留停可以請多久 would score well against the study-leave entry and get a
confident, wrong answer. The rules are data (`lexicon/out_of_scope.yaml`), so HR can add one.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.model import DEFAULT_LEXICON_DIR, load_yaml
from knowledge.normalise import normalise


@dataclass(frozen=True)
class ScopeRule:
    id: str
    terms: tuple[str, ...]
    unless: tuple[str, ...]
    reply: str

    def fires(self, text: str, folded: str = "", words: Sequence[str] = ()) -> bool:
        """`folded`: the same text with synonyms and the English glossary folded into our
        terms, where an exception is looked for too ("keep my salary while I study" names
        進修 only once folded). `words`: the text cut into words; a term that straddles two of
        them is not there (1年終身學習 holds 年終 only as letters)."""
        if not any(_whole(t, text, words) for t in self.terms):
            return False
        return not any(u in text or u in folded for u in self.unless)


def _whole(term: str, text: str, words: Sequence[str]) -> bool:
    """Whether the term occurs in the text other than across a word boundary: it may lie inside
    one word (育嬰 in 育嬰假) or span whole words, but not end partway into a word that begins
    within it, nor begin partway through a word that ends within it. Only two-character terms
    are held to this: they are the ones two neighbouring words spell by accident, while the
    segmenter splits some longer names (新北|市政府) that are meant all the same."""
    if not words or len(term) > 2:
        return term in text
    starts = list(itertools.accumulate((len(w) for w in words), initial=0))
    spans = list(zip(starts, starts[1:], strict=False))
    at = text.find(term)
    while at >= 0:
        end = at + len(term)
        if not any(at < a < end < b or a < at < b < end for a, b in spans):
            return True
        at = text.find(term, at + 1)
    return False


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
    text: str, rules: tuple[ScopeRule, ...], folded: str = "", words: Sequence[str] = ()
) -> ScopeRule | None:
    """The first rule the normalised question trips, if any (`folded`, `words`: see
    `ScopeRule.fires`)."""
    for rule in rules:
        if rule.fires(text, folded, words):
            return rule
    return None
