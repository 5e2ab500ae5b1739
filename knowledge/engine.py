"""The answer engine: one question in, an Answer, Clarify or Fallback out.

normalise → out-of-scope rules → segment → compute (when the question carries numbers)
→ match → decide. Everything is loaded once; `ask` does no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from knowledge.check import load_knowledge_base
from knowledge.compute import compute
from knowledge.course_answers import CourseAnswers
from knowledge.courses import Course, course_entry
from knowledge.matcher import Matcher, Scored
from knowledge.model import DEFAULT_LEXICON_DIR, Entry, KnowledgeBase
from knowledge.normalise import clean, has_words, normalise
from knowledge.results import (
    ASK_PERSONNEL,
    COVERED_TOPICS,
    Answer,
    Clarify,
    Fallback,
    Result,
    Suggestion,
)
from knowledge.scope import ScopeRule, load_scope_rules, out_of_scope
from knowledge.segment import Lexicon, Segmenter
from knowledge.tuning import THRESHOLDS, Thresholds

EMPTY_REPLY = "請直接輸入你的問題，例如：「留職停薪進修最長多久？」"
NO_WORDS_REPLY = "我只看得懂文字問題，請用一句話描述你想問的事。"
NUMBER_ONLY_REPLY = "只收到一個數字。請把問題寫完整，例如：「帶薪進修8個月要服務多久？」"


@dataclass(frozen=True)
class Understood:
    """What the engine made of a question, kept for logging and evaluation."""

    normalised: str
    folded: str  # synonyms replaced by their canonical term
    tokens: tuple[str, ...]


class AnswerEngine:
    def __init__(
        self,
        kb: KnowledgeBase,
        segmenter: Segmenter,
        rules: tuple[ScopeRule, ...],
        thresholds: Thresholds = THRESHOLDS,
        courses: Sequence[Course] = (),
    ):
        self.kb = kb
        self.segmenter = segmenter
        self.rules = rules
        self.t = thresholds
        self.courses = {c.id: c for c in courses}
        self.course_answers = CourseAnswers(courses, segmenter)  # issue 11: announcement bodies
        entries = [*kb.entries, *(course_entry(c) for c in courses)]
        searchable = KnowledgeBase.of(entries) if courses else kb
        self.matcher = Matcher(searchable, segmenter, thresholds)
        self._entries = dict(searchable.by_id)

    def with_courses(self, courses: Sequence[Course]) -> AnswerEngine:
        """A copy that also answers questions about these course announcements."""
        return AnswerEngine(self.kb, self.segmenter, self.rules, self.t, courses)

    @classmethod
    def load(
        cls,
        kb_directory: Path | None = None,
        lexicon: Path = DEFAULT_LEXICON_DIR,
        thresholds: Thresholds = THRESHOLDS,
    ) -> AnswerEngine:
        kb = load_knowledge_base(kb_directory, lexicon)
        segmenter = Segmenter.load(kb, Lexicon.load(lexicon))
        return cls(kb, segmenter, load_scope_rules(lexicon), thresholds)

    def understand(self, text: str) -> Understood:
        normalised = normalise(text)
        folded = self.segmenter.fold_synonyms(normalised)
        return Understood(normalised, folded, tuple(self.segmenter.tokens(folded, folded=True)))

    def entry(self, entry_id: str) -> Entry | None:
        return self._entries.get(entry_id)

    def answer_entry(self, entry: Entry, question: str = "", score: float = 1.0) -> Answer:
        """The stored answer of one entry, as when a user picks it from a list of choices."""
        return Answer(
            question=question or entry.question,
            entry_id=entry.id,
            score=score,
            text=entry.answer,
            source=entry.source.cite(),
            edition=entry.edition_label,
            related=self._related(entry),
        )

    def _related(self, entry: Entry) -> tuple[Suggestion, ...]:
        out = []
        for rid in entry.related[:3]:
            rel = self._entries.get(rid)
            if rel is not None:
                out.append(Suggestion(rel.id, rel.question))
        return tuple(out)

    def ask(self, question: str) -> Result:
        return self.ask_traced(question)[0]

    def ask_traced(self, question: str) -> tuple[Result, Understood | None]:
        """The result and what the engine made of the question (None if it had no words)."""
        cleaned = clean(question)
        text, cut = cleaned.text, cleaned.truncated
        if not text:
            return Fallback(question, "empty", EMPTY_REPLY, truncated=cut), None
        if not has_words(text):
            return Fallback(question, "no-words", NO_WORDS_REPLY, truncated=cut), None
        seen = self.understand(text)
        if seen.normalised.replace(" ", "").replace(".", "").replace("/", "").isdigit():
            return Fallback(question, "number-only", NUMBER_ONLY_REPLY, truncated=cut), seen
        rule = out_of_scope(seen.normalised, self.rules)
        if rule is not None:
            reply = f"{rule.reply}{ASK_PERSONNEL}\n{COVERED_TOPICS}"
            return Fallback(question, f"out-of-scope:{rule.id}", reply, truncated=cut), seen
        tokens = set(seen.tokens)
        computed = compute(seen.folded, tokens)
        entry = self.kb.by_id.get(computed.entry_id) if computed else None
        if computed is not None and entry is not None:  # HR may have removed the entry
            base = self.answer_entry(entry, question)
            return replace(
                base,
                text=computed.text,
                related=(Suggestion(entry.id, entry.question), *base.related[:2]),
                computed=True,
                truncated=cut,
            ), seen
        ranked = self.matcher.rank(list(seen.tokens))
        if self._too_vague(seen) and len(ranked) > 1:
            return self._clarify(question, ranked, cut, floor=0.0), seen
        result = self.decide(question, ranked, cut)
        # Course announcements: fields and body sentences (issue 11, knowledge/course_answers.py)
        result = self.course_answers.refine(result, seen.normalised, seen.tokens)
        return result, seen

    def _too_vague(self, seen: Understood) -> bool:
        """A lone word that many entries share (補助, 公假, 時數) names a subject, not a question."""
        if len(set(seen.tokens)) > 4:  # one word yields at most a few search-mode parts
            return False
        words = self.segmenter.words(seen.folded, folded=True)
        return len(words) == 1 and self.matcher.document_frequency(words[0]) >= self.t.vague_df

    def decide(self, question: str, ranked: list[Scored], truncated: bool = False) -> Result:
        """Answer, offer choices or decline, from the ranked entries."""
        t = self.t
        top = ranked[0].score if ranked else 0.0
        if top < t.clarify_min:
            reply = f"這個問題我沒有把握回答。{COVERED_TOPICS}{ASK_PERSONNEL}"
            return Fallback(question, "no-match", reply, score=top, truncated=truncated)
        second = ranked[1].score if len(ranked) > 1 else 0.0
        if top >= t.answer_min and top - second >= t.margin:
            best = ranked[0]
            return replace(
                self.answer_entry(best.entry, question, best.score), truncated=truncated
            )
        return self._clarify(question, ranked, truncated)

    def _clarify(
        self, question: str, ranked: list[Scored], truncated: bool, floor: float | None = None
    ) -> Clarify:
        """Offer the likeliest entries; by default only those close to the top one."""
        t = self.t
        top = ranked[0].score
        if floor is None:
            floor = max(t.clarify_min, top - t.clarify_band)
        choices = tuple(
            Suggestion(s.entry.id, s.entry.question)
            for s in ranked[: t.max_choices]
            if s.score >= floor
        )
        return Clarify(question, top, choices, truncated=truncated)
