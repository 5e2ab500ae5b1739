"""Out-of-scope rules: questions that sit close to the knowledge base but are not ours.

Without them, 育嬰留停可以請多久 would score well against the study-leave entry and get a
confident, wrong answer. The rules are data (`lexicon/out_of_scope.yaml`), so HR can add one.
"""

from __future__ import annotations

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

    def fires(self, text: str) -> bool:
        return any(t in text for t in self.terms) and not any(u in text for u in self.unless)


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


def out_of_scope(text: str, rules: tuple[ScopeRule, ...]) -> ScopeRule | None:
    """The first rule the normalised question trips, if any."""
    for rule in rules:
        if rule.fires(text):
            return rule
    return None
