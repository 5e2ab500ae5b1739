"""The answer engine: one question in, an Answer, Clarify or Fallback out.

normalise → out-of-scope rules → segment → compute (when the question carries numbers)
→ match → decide. Everything is loaded once; `ask` does no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from knowledge.announcements.course_answers import CourseAnswers
from knowledge.announcements.courses import Course, course_entry, course_id
from knowledge.check import load_knowledge_base
from knowledge.computation.compute import compute
from knowledge.followup import Facets, is_followup, merge
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
from knowledge.retrieval.clauses import (
    STORY_WEIGHT,
    asks,
    questions_in,
    refers_back,
    size,
    weighted_clauses,
)
from knowledge.retrieval.confidence import Confidence, features
from knowledge.retrieval.phonetic import Speller
from knowledge.retrieval.ranker import Query, Ranker, Scored
from knowledge.scope import ScopeRule, load_scope_rules, out_of_scope
from knowledge.segment import Lexicon, Segmenter
from knowledge.tuning import THRESHOLDS, Thresholds

MAX_PARTS = 6  # questions of one message read one by one; the rest are said to be unanswered
EMPTY_REPLY = "請直接輸入你的問題，例如：「留職停薪進修最長多久？」"
NO_WORDS_REPLY = "我只看得懂文字問題，請用一句話描述你想問的事。"
SEVERAL_UNSURE = "你還問了別的，但我不太確定是哪一個，可以點下面的選項。"
SEVERAL_UNANSWERED = "你的訊息裡還有別的問題，我沒有把握回答，請分開再問一次，或洽人事單位。"
VAGUE_MAX_CHARS = 10  # characters as read (clauses.size); longer messages say enough to be decided on
NUMBER_ONLY_REPLY = "只收到一個數字。請把問題寫完整，例如：「帶薪進修8個月要服務多久？」"


@dataclass(frozen=True)
class Understood:
    """What the engine made of a question, kept for logging and evaluation."""

    normalised: str
    folded: str  # synonyms replaced by their canonical term
    tokens: tuple[str, ...]


@dataclass
class PartsRead:
    """What the questions of one message got: answers (each a different entry), how many parts
    were left unanswered, and the choices offered for those."""

    answers: list[Answer] = field(default_factory=list)
    unanswered: int = 0
    unsure: list[Suggestion] = field(default_factory=list)


class AnswerEngine:
    def __init__(
        self,
        kb: KnowledgeBase,
        segmenter: Segmenter,
        rules: tuple[ScopeRule, ...],
        thresholds: Thresholds = THRESHOLDS,
        courses: Sequence[Course] = (),
        confidence: Confidence | None = None,
        facets: Facets | None = None,
    ):
        self.kb = kb
        self.segmenter = segmenter
        self.rules = rules
        self.t = thresholds
        self.confidence = confidence or Confidence.load()
        self.facets = facets or Facets.load()
        self.course_answers = CourseAnswers(courses, segmenter)  # announcement bodies
        entries = [*kb.entries, *(course_entry(c) for c in courses)]
        searchable = KnowledgeBase.of(entries) if courses else kb
        self.ranker = Ranker(searchable, segmenter, thresholds)
        lexicon = segmenter.lexicon
        terms = set(lexicon.synonyms) | set(lexicon.synonyms.values()) | segmenter.domain_words
        terms |= {k for e in searchable.entries for k in e.keywords}
        self.speller = Speller(self.ranker.vocabulary | terms, terms, segmenter.general_frequency,
                               weight=self.ranker.document_frequency)
        self._entries = dict(searchable.by_id)

    def with_courses(self, courses: Sequence[Course]) -> AnswerEngine:
        """A copy that also answers questions about these course announcements."""
        return AnswerEngine(
            self.kb, self.segmenter, self.rules, self.t, courses, self.confidence, self.facets
        )

    @classmethod
    def load(
        cls,
        kb_directory: Path | None = None,
        lexicon: Path = DEFAULT_LEXICON_DIR,
        thresholds: Thresholds = THRESHOLDS,
    ) -> AnswerEngine:
        kb = load_knowledge_base(kb_directory, lexicon)
        segmenter = Segmenter.load(kb, Lexicon.load(lexicon))
        return cls(
            kb, segmenter, load_scope_rules(lexicon), thresholds, facets=Facets.load(lexicon)
        )

    def understand(self, text: str) -> Understood:
        """Normalised, homophone typos corrected, synonyms folded, segmented."""
        normalised = self.speller.correct(normalise(text))
        folded = self.segmenter.fold_synonyms(normalised)
        return Understood(normalised, folded, tuple(self.segmenter.tokens(folded, folded=True)))

    def _clauses(self, text: str, seen: Understood) -> list[tuple[str, float]]:
        """The message's clauses, folded, with their weights (one clause: the whole, as seen)."""
        weighted = weighted_clauses(text)
        if len(weighted) < 2 or all(w == 1.0 for _, w in weighted):
            return [(seen.folded, 1.0)]
        return [(self._fold(c), w) for c, w in weighted]

    def _asking(self, question: str, seen: Understood) -> str:
        """The normalised clauses that ask. Out-of-scope words in the story around a question
        ("午餐的時候同事說……") do not make the question itself out of scope."""
        weighted = weighted_clauses(clean(question).text)
        if all(w == 1.0 for _, w in weighted):
            return seen.normalised
        return " ".join(self.speller.correct(normalise(c)) for c, w in weighted if w == 1.0)

    def _out_of_scope(self, question: str, seen: Understood) -> ScopeRule | None:
        """The out-of-scope rule the asking part trips (its English read through the glossary
        for the rules' exceptions: "keep my salary while I study" is about 進修)."""
        asking = self._asking(question, seen)
        return out_of_scope(asking, self.rules, self.segmenter.fold_synonyms, self.segmenter.cut)

    def _fold(self, text: str) -> str:
        return self.segmenter.fold_synonyms(self.speller.correct(normalise(text)))

    def entry(self, entry_id: str) -> Entry | None:
        """An entry by id; an id merged into another entry (a button sent before the merge)
        finds the entry it became."""
        return self._entries.get(self.kb.current_id(entry_id))

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

    def ask(self, question: str, previous: str | None = None) -> Result:
        return self.ask_traced(question, previous)[0]

    def ask_traced(
        self, question: str, previous: str | None = None
    ) -> tuple[Result, Understood | None]:
        """The result and what the engine made of the question (None if it had no words).

        `previous` is the folded text of the chat's previous question (`Understood.folded`),
        given while a follow-up may still lean on it; a full question ignores it.
        """
        cleaned = clean(question)
        text, cut = cleaned.text, cleaned.truncated
        if not text:
            return Fallback(question, "empty", EMPTY_REPLY, truncated=cut), None
        if not has_words(text):
            return Fallback(question, "no-words", NO_WORDS_REPLY, truncated=cut), None
        seen = self.understand(text)
        if seen.normalised.replace(" ", "").replace(".", "").replace("/", "").isdigit():
            return Fallback(question, "number-only", NUMBER_ONLY_REPLY, truncated=cut), seen
        if previous and is_followup(seen.normalised):
            merged = merge(previous, seen.folded, self.facets)
            seen = Understood(seen.normalised, merged, tuple(self.segmenter.tokens(merged, folded=True)))
            result = self._single(question, seen, [(merged, 1.0)], cut)
            return result, seen
        parts = questions_in(text)
        if len(parts) > 1 and self._out_of_scope(text, seen) is None:
            read = self._read_parts(parts[:MAX_PARTS], cut)
            read.unanswered += max(0, len(parts) - MAX_PARTS)  # more would hold the bot up
            if read.answers and not any(a.computed for a in read.answers):
                # The user's numbers and what they ask of them are one question even over two
                # sentences (……四科68、70、69、72分，平均有到70嗎？可以申請補助嗎？): a computation
                # of the whole message comes first, the parts' other answers after it.
                whole = self._single(question, seen, self._clauses(text, seen), cut)
                if isinstance(whole, Answer) and whole.computed:
                    others = [a for a in read.answers if a.entry_id not in whole.entry_ids]
                    left = max(0, read.unanswered - 1)  # the part the computation answered
                    read = replace(read, answers=[whole, *others], unanswered=left,
                                   unsure=read.unsure if left else [])
            if read.answers:
                return self._assemble(question, read, cut), seen
        return self._single(question, seen, self._clauses(text, seen), cut), seen

    def _single(
        self,
        question: str,
        seen: Understood,
        clauses: list[tuple[str, float]],
        cut: bool,
        answered: frozenset[str] = frozenset(),
        in_context: bool = False,
    ) -> Result:
        """One question: a current course it names, out-of-scope rules, computations, then
        ranking and the decision. `answered`: entries an earlier question of the same message
        already got, which this one is not asking again. `in_context`: the clauses include the
        question before it, so a short part (補助多少？申請要附什麼？) is no bare subject."""
        course = self.course_answers.named_in(seen.normalised)
        if course is not None:  # a question naming a current course is about that course,
            # even when it asks what the rules leave to announcements (dates, fees, contacts)
            return self._about_course(course, question, seen, cut)
        rule = self._out_of_scope(question, seen)
        if rule is not None:
            reply = f"{rule.reply}{ASK_PERSONNEL}\n{COVERED_TOPICS}"
            declined = Fallback(question, f"out-of-scope:{rule.id}", reply, truncated=cut)
            # A rule's word may be a current course's own (the Korean visitors of the Taipei
            # tour, once HR announces it): what the ranking takes from that course stands.
            if self.course_answers.courses:
                ranked = self._ranked(question, seen, clauses, cut, answered, in_context)
                if isinstance(ranked, Answer) and course_id(ranked.entry_id) is not None:
                    return ranked
            return declined
        course = self.course_answers.pointed_at(seen.normalised)
        if course is not None:  # "這場……": the one course announced
            return self._about_course(course, question, seen, cut)
        computed = compute(seen.folded, set(seen.tokens))
        entry = self.entry(computed.entry_id) if computed else None
        if computed is not None and entry is not None:  # HR may have removed the entry
            base = self.answer_entry(entry, question)
            return replace(
                base,
                text=computed.text,
                related=(Suggestion(entry.id, entry.question), *base.related[:2]),
                computed=True,
                edition=computed.edition or base.edition,
                also=tuple(found.id for e in computed.also if (found := self.entry(e)) is not None),
                truncated=cut,
            )
        return self._ranked(question, seen, clauses, cut, answered, in_context)

    def _ranked(
        self,
        question: str,
        seen: Understood,
        clauses: list[tuple[str, float]],
        cut: bool,
        answered: frozenset[str],
        in_context: bool,
    ) -> Result:
        """A stored phrasing, or the ranking and the decision, refined by current courses."""
        stored = self.ranker.exact_match(seen.tokens) if len(clauses) == 1 else None
        # Worded as a stored phrasing: HR put it there for this entry.
        if stored is not None and stored.id not in answered:
            answer = replace(self.answer_entry(stored, question), truncated=cut)
            return self.course_answers.refine(answer, seen.normalised, seen.tokens)
        query = self.ranker.query(clauses)
        ranked = self.ranker.rank(query, answered)
        if not in_context and self._too_vague(seen) and len(ranked) > 1:
            return self._clarify(question, ranked, cut, all_close=True)
        result = self.decide(question, ranked, query, cut, strict=bool(answered))
        # Course announcements: fields and body sentences (knowledge/announcements/course_answers.py)
        return self.course_answers.refine(result, seen.normalised, seen.tokens)

    def _about_course(self, course: Course, question: str, seen: Understood, cut: bool) -> Result:
        """The course's own answer, refined by what its announcement says."""
        announced = self._entries[course_entry(course).id]
        answer = replace(self.answer_entry(announced, question), truncated=cut)
        return self.course_answers.refine(answer, seen.normalised, seen.tokens)

    def candidates(self, question: str) -> tuple[list[Scored], Query] | None:
        """The ranked entries and weighted query for a single question, before any decision
        (None when a rule, a computation or the lack of words decides it instead). Used to fit
        the confidence model."""
        cleaned = clean(question).text
        if not has_words(cleaned):
            return None
        seen = self.understand(cleaned)
        if self._out_of_scope(cleaned, seen) or compute(seen.folded, set(seen.tokens)):
            return None
        query = self.ranker.query(self._clauses(cleaned, seen))
        return self.ranker.rank(query), query

    def _read_parts(self, parts: list[str], cut: bool) -> PartsRead:
        """Two or more questions in one message: each read on its own (see `_part`)."""
        read = PartsRead()
        before = ""
        for part in parts:
            seen = self.understand(part)
            result = self._part(part, seen, before, read.answers, cut)
            before = seen.folded
            if self._adds(result, read.answers):
                assert isinstance(result, Answer)
                read.answers.append(result)
            elif isinstance(result, Answer):
                pass  # covered by an answer already given (最長多久？可以延長嗎？)
            else:
                read.unanswered += 1
                if isinstance(result, Clarify):
                    read.unsure += result.suggestions
        return read

    def _assemble(self, question: str, read: PartsRead, cut: bool) -> Answer:
        """The parts' answers as one reply, numbered when there are several, and a word on what
        was left unanswered."""
        first = read.answers[0]
        if len(read.answers) == 1 and not read.unanswered:
            return replace(first, question=question, truncated=cut)
        texts = [f"{n}. {a.text}" for n, a in enumerate(read.answers, 1)]
        if read.unsure:
            texts.append(SEVERAL_UNSURE)
        elif read.unanswered:
            texts.append(SEVERAL_UNANSWERED)
        return replace(
            first,
            question=question,
            text="\n\n".join(texts),
            source="；".join(dict.fromkeys(a.source for a in read.answers)),
            edition="；".join(dict.fromkeys(a.edition for a in read.answers)),
            related=tuple(read.unsure[:3]) or first.related,
            computed=any(a.computed for a in read.answers),
            also=tuple(e for a in read.answers for e in a.entry_ids if e != first.entry_id),
            truncated=cut,
        )

    def _part(
        self, part: str, seen: Understood, before: str, answers: list[Answer], cut: bool
    ) -> Result:
        """One question of several, read in turn:
        1. as a follow-up of the question before it (環境教育要幾小時？那性別主流化呢？): kept if
           it answers something new; read with the earlier question, it may only repeat it
           (……？還有人事處辦哪些訓練？), so a repeat waits;
        2. alone: any answer stands, a new one or one already given (最長多久？可以延長嗎？),
           unless the part points back with a pronoun ("who signs off on that?");
        3. with the earlier question as context, leaving out what that one got
           (留停進修多久？回來要服務多久？ 報告多久內交？沒交要賠什麼？), answered only on a
           clear lead: a second question usually asks something new;
        4. the repeat of step 1, if there was one: the part asked again what was answered.
        Failing all, the choices offered, or the part alone."""
        tried: list[Result] = []
        repeat: Answer | None = None
        if before and is_followup(seen.normalised):
            merged = merge(before, seen.folded, self.facets)
            leaning = Understood(seen.normalised, merged, tuple(self.segmenter.tokens(merged, folded=True)))
            result = self._single(part, leaning, [(merged, 1.0)], cut)
            if self._adds(result, answers):
                return result
            repeat = result if isinstance(result, Answer) else None
            tried.append(result)
        alone = self._single(part, seen, [(seen.folded, 1.0)], cut)
        leans = bool(before) and refers_back(part)
        if isinstance(alone, Answer) and not leans:
            return alone
        tried.append(alone)
        if before:
            context = [(before, STORY_WEIGHT), (seen.folded, 1.0)]
            answered = frozenset(a.entry_id for a in answers)
            told = self._single(part, seen, context, cut, answered, in_context=bool(answers))
            if self._adds(told, answers):
                return told
            tried.append(told)
        if repeat is not None:
            return repeat
        choices = [r for r in tried if isinstance(r, Clarify)]
        if leans and choices:  # "who signs off on that?" alone is anyone's approval
            return choices[-1]
        return choices[0] if choices else alone

    @staticmethod
    def _adds(result: Result, answers: list[Answer]) -> bool:
        """An answer to an entry not yet answered in this message."""
        return isinstance(result, Answer) and all(result.entry_id != a.entry_id for a in answers)

    def _too_vague(self, seen: Understood) -> bool:
        """A short message naming one subject that several entries share ("補助", "留停的事",
        "公假？"), only subjects most entries share ("主管訓練"), or no subject at all
        ("規定是什麼"): a subject, not yet a question. Single characters (算, 班) say too
        little to count as a subject of their own."""
        if size(seen.normalised) > VAGUE_MAX_CHARS or any(c.isdigit() for c in seen.normalised):
            return False
        generic = self.segmenter.lexicon.generic
        words = [w for w in self.segmenter.words(seen.folded, folded=True) if w not in generic and len(w) > 1]
        if not words:
            return True
        shared = [self.ranker.document_frequency(w) for w in words]
        broad = self.t.vague_broad_share * len(self.kb.entries)
        if len(words) == 1:
            return shared[0] >= self.t.vague_df
        # Broad subjects with a question about them (留停可以多久) are a question after all.
        return not asks(seen.normalised) and all(df >= broad for df in shared)

    def decide(
        self, question: str, ranked: list[Scored], query: Query, truncated: bool = False,
        strict: bool = False,
    ) -> Result:
        """Answer, offer close choices or decline, by the fitted confidence in the top entry.
        `strict`: a later question of a message read with the one before it, leaving out what
        that one got: answered on its own fitted threshold, and never as a lone reading."""
        p = self.confidence.probability(features(ranked, query)) if ranked else 0.0
        enough = min(self.confidence.answer_at, self.confidence.part_at) if strict else self.confidence.answer_at
        if ranked and p >= enough:
            best = ranked[0]
            return replace(self.answer_entry(best.entry, question, p), truncated=truncated)
        if ranked and p >= self.confidence.clarify_at:
            clarify = self._clarify(question, ranked, truncated)
            if len(clarify.suggestions) > 1:
                return clarify
            if p >= self.confidence.lone_at and not strict:  # one reading and no close rival
                return replace(self.answer_entry(ranked[0].entry, question, p), truncated=truncated)
        reply = f"這個問題我沒有把握回答。{COVERED_TOPICS}{ASK_PERSONNEL}"
        return Fallback(question, "no-match", reply, score=p, truncated=truncated)

    def _clarify(
        self, question: str, ranked: list[Scored], truncated: bool, all_close: bool = False
    ) -> Clarify:
        """Offer the likeliest entries: those close to the top one, or the top few."""
        top = ranked[0]
        floor = -math.inf if all_close else top.logit - self.t.clarify_band
        choices = tuple(
            Suggestion(s.entry.id, s.entry.question)
            for s in ranked[: self.t.max_choices]
            if s.logit >= floor
        )
        return Clarify(question, top.score, choices, truncated=truncated)
