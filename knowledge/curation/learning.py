"""Judge a suggested phrasing before HR adds it to an entry: would it pull another entry's
questions away, or is it really another entry's question?

A phrasing learnt from use is only a hint (a user tapped a choice, or rephrased and kept the
answer); these checks tell HR when adding it would make the base more ambiguous, not less.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz

from knowledge.check import load_knowledge_base
from knowledge.engine import AnswerEngine
from knowledge.model import KnowledgeBase
from knowledge.normalise import normalise
from knowledge.results import Answer, Clarify

CLOSE_RATIO = 85  # rapidfuzz ratio of normalised texts at which two phrasings read as one
NEIGHBOURS = 5  # entries ranked nearest to the phrasing whose questions are re-asked


@dataclass(frozen=True)
class Flag:
    """Why a suggestion needs a second look: `kind` is answers (the engine answers it from
    `other`), clarifies (it offers `other` first), close (it nearly equals `phrasing`, one of
    `other`'s questions) or breaks (with it added, `phrasing` of `other` is no longer answered
    from `other`)."""

    kind: str
    other: str
    phrasing: str = ""


def _flat(text: str) -> str:
    return normalise(text).replace(" ", "")


def assess(engine: AnswerEngine, entry_id: str, text: str) -> tuple[Flag, ...]:
    """Quick checks against the running engine: what it does with the phrasing today, and
    whether the phrasing is almost another entry's question."""
    flags: list[Flag] = []
    result = engine.ask(text)
    if isinstance(result, Answer) and result.entry_id != entry_id:
        flags.append(Flag("answers", result.entry_id))
    elif isinstance(result, Clarify) and result.suggestions:
        first = result.suggestions[0].entry_id
        if first != entry_id:
            flags.append(Flag("clarifies", first))
    flat = _flat(text)
    best: tuple[float, str, str] = (0.0, "", "")
    for entry in engine.kb.entries:
        if entry.id == entry_id:
            continue
        for question in entry.questions:
            ratio = fuzz.ratio(flat, _flat(question))
            if ratio > best[0]:
                best = (ratio, entry.id, question)
    if best[0] >= CLOSE_RATIO:
        flags.append(Flag("close", best[1], best[2]))
    return tuple(flags)


def with_phrasing(engine: AnswerEngine, entry_id: str, text: str) -> AnswerEngine:
    """A trial engine whose entry also carries the phrasing (nothing is written)."""
    entries = [
        replace(e, alternates=(*e.alternates, text)) if e.id == entry_id else e
        for e in engine.kb.entries
    ]
    return rebuilt(engine, KnowledgeBase.of(entries))


def rebuilt(engine: AnswerEngine, kb: KnowledgeBase) -> AnswerEngine:
    """The engine on another version of the base, reusing its segmenter and models (phrasings
    do not change the segmentation dictionary, which is built from keywords)."""
    return AnswerEngine(
        kb, engine.segmenter, engine.rules, engine.t,
        confidence=engine.confidence, facets=engine.facets,
    )


def reload(engine: AnswerEngine, directory: Path | None = None) -> AnswerEngine:
    """The engine on the knowledge base as it now is on disk (raises if it does not load)."""
    return rebuilt(engine, load_knowledge_base(directory))


def breaks(engine: AnswerEngine, entry_id: str, text: str) -> tuple[Flag, ...]:
    """Questions of the entries nearest the phrasing that the engine answers from their own
    entry today and would not once the phrasing is added."""
    ranked = engine.candidates(text)
    near = [s.entry.id for s in ranked[0][:NEIGHBOURS]] if ranked else []
    near = [n for n in near if n != entry_id and n in engine.kb.by_id]
    if not near:
        return ()
    trial = with_phrasing(engine, entry_id, text)
    out: list[Flag] = []
    for other in near:
        for question in engine.kb.by_id[other].questions:
            before = engine.ask(question)
            if not (isinstance(before, Answer) and before.entry_id == other):
                continue
            after = trial.ask(question)
            if not (isinstance(after, Answer) and after.entry_id == other):
                out.append(Flag("breaks", other, question))
    return tuple(out)
