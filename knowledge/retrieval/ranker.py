"""Rank knowledge-base entries for a question and describe each candidate by a few scores.

Two kinds of term stand for a question, so that wording nobody here wrote still lands:
- jieba words (compounds and their parts), synonyms folded;
- character bigrams (`#ab`), so an unknown compound or half a word still shares something.
(Homophone typos are corrected before this, by `phonetic.Speller`.)
They are scored with BM25F over each entry's phrasings, keywords and answer text. The few
entries that score best are then described by features (BM25F share, how much of their best
phrasing the question covers, character similarity, keyword share, what the question says that
the entry never mentions, each also relative to the best candidate's), and a choice model
over those features orders them. Its weights are fitted, not set by hand: on the knowledge
base's own phrasings, each fold held out of the index in turn (`benchmarks/fit_models.py`),
and saved as data (`knowledge/ranking.json`). `confidence` then turns the top candidates into
a probability of being right.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from knowledge.model import PACKAGE_DIR, Entry, KnowledgeBase
from knowledge.normalise import normalise
from knowledge.retrieval.bm25f import BM25F, Field
from knowledge.segment import Segmenter
from knowledge.tuning import THRESHOLDS, Thresholds

FIELDS = (
    Field("questions", 1.0, 0.5),
    Field("keywords", 1.6, 0.3),
    Field("answer", 0.35, 0.75),
)
RANKING_FILE = PACKAGE_DIR / "ranking.json"
RANK_FEATURES = (
    "bm25", "bm25_gap", "coverage", "coverage_gap", "fuzzy", "fuzzy_gap", "keywords",
    "missed", "missed_gap", "cue_missing", "bm25_rank", "phrased", "phrased_gap", "answered",
    "kw_cover", "rarest",
)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_WORD = re.compile(r"^[a-z][a-z'\-]*$")
GRAM = "#"


def bigrams(text: str) -> list[str]:
    """Character bigrams of the Chinese runs of a text, as index terms."""
    out = []
    for run in _CJK_RUN.findall(text):
        out += [GRAM + run[i : i + 2] for i in range(len(run) - 1)]
    return out


@dataclass(frozen=True)
class Scored:
    """A candidate entry, how strongly the ranking model believes in it, and why."""

    entry: Entry
    score: float  # the model's share of belief in this candidate among those ranked, 0..1
    logit: float  # its score before normalising over the candidates
    bm25: float  # BM25F score as a share of what a perfect match would get (capped at 1)
    coverage: float  # how much of the entry's best-matching phrasing the question covers
    fuzzy: float  # character similarity to that phrasing, 0..1
    keywords: float  # share of the question's word weight that falls on the entry's keywords
    missed: float  # share of the question's known word weight the entry never mentions
    cue_missing: bool  # a narrow entry whose distinguishing words the question lacks
    values: tuple[float, ...] = ()  # the candidate's features in RANK_FEATURES order


@dataclass(frozen=True)
class RankingModel:
    """Weights of the choice model that orders candidates (a conditional logit: the right entry
    against the others in the same list), fitted by a script and kept as data."""

    weights: tuple[float, ...]
    bias: float

    def logit(self, values: Sequence[float]) -> float:
        return self.bias + sum(w * v for w, v in zip(self.weights, values, strict=True))

    @classmethod
    def load(cls, path: Path = RANKING_FILE) -> RankingModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if list(data.get("features", [])) != list(RANK_FEATURES):
            raise ValueError(f"{path.name}: features must be {list(RANK_FEATURES)}; refit it")
        return cls(tuple(float(w) for w in data["weights"]), float(data["bias"]))

    def save(self, path: Path = RANKING_FILE, **notes: object) -> None:
        data = {
            "features": list(RANK_FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            **notes,
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Query:
    """The weighted terms of a question."""

    words: dict[str, float]  # jieba word → weight (clause weight)
    terms: dict[str, float]  # every index term (words and bigrams) → query weight
    text: str  # space-joined words of the asking part, for character similarity
    folded: str  # the whole folded question, where an entry's required words are looked for
    unknown: float  # share of word weight the index has never seen


class Ranker:
    def __init__(
        self,
        kb: KnowledgeBase,
        segmenter: Segmenter,
        thresholds: Thresholds = THRESHOLDS,
        model: RankingModel | None = None,
    ):
        self.kb = kb
        self.model = model or RankingModel.load()
        self.segmenter = segmenter
        self.t = thresholds
        phrasings: list[list[tuple[frozenset[str], str]]] = []
        self.keyword_words: list[frozenset[str]] = []
        self.cues: list[tuple[str, ...]] = []
        self.terms: list[frozenset[str]] = []  # every term an entry mentions, in any field
        self.phrased: list[frozenset[str]] = []  # the terms of its phrasings and keywords
        self.answered: list[frozenset[str]] = []  # the terms of its answer
        docs = []
        vocabulary: set[str] = set()
        # The same phrasings are cut at every start; a base with other entries (current
        # courses among them) keeps its own cache file rather than overwriting this one.
        base = hashlib.sha1(" ".join(e.id for e in kb.entries).encode()).hexdigest()[:8]
        with segmenter.remembered(f"index-{base}"):
            for entry in kb.entries:
                texts = [segmenter.prepare(q) for q in entry.questions]
                per_q = [segmenter.tokens(t, folded=True) for t in texts]
                keys = [segmenter.prepare(k) for k in entry.keywords]
                kw_words = {w for k in keys for w in segmenter.words(k, folded=True)}
                kw_tokens = [tok for k in keys for tok in segmenter.tokens(k, folded=True)]
                answer = segmenter.prepare(entry.answer)
                q_terms = [t for q in per_q for t in q] + [g for t in texts for g in bigrams(t)]
                k_terms = kw_tokens + [g for k in keys for g in bigrams(k)]
                a_terms = segmenter.tokens(answer, folded=True) + bigrams(answer)
                vocabulary.update(t for q in per_q for t in q)
                vocabulary.update(kw_tokens)
                docs.append({"questions": q_terms, "keywords": k_terms, "answer": a_terms})
                self.terms.append(frozenset(q_terms) | frozenset(k_terms) | frozenset(a_terms))
                self.phrased.append(frozenset(q_terms) | frozenset(k_terms))
                self.answered.append(frozenset(a_terms))
                phrasings.append([(frozenset(q), " ".join(q)) for q in per_q if q])
                self.keyword_words.append(frozenset(kw_words))
                self.cues.append(
                    tuple(segmenter.fold_synonyms(normalise(c)).replace(" ", "") for c in entry.requires)
                )
        self.index = BM25F(docs, FIELDS, k1=thresholds.k1)
        idf = self.index.idf
        # Per phrasing, its words and their total idf; and the texts for character similarity.
        self.phrasing_totals = [
            [sum(idf.get(t, 0.0) for t in toks) or 1.0 for toks, _ in entry] for entry in phrasings
        ]
        # Per entry, which of its phrasings hold a word: coverage is then summed over the
        # question's few words rather than intersected with each of forty phrasings.
        self.phrasings_with: list[dict[str, list[int]]] = []
        for stored in phrasings:
            holding: dict[str, list[int]] = defaultdict(list)
            for j, (toks, _) in enumerate(stored):
                for tok in toks:
                    holding[tok].append(j)
            self.phrasings_with.append(dict(holding))
        self.phrasing_texts = [[joined for _, joined in entry] for entry in phrasings]
        self.max_idf = max(idf.values(), default=1.0) or 1.0
        self.keyword_mass = [sum(idf.get(w, 0.0) for w in kw) or 1.0 for kw in self.keyword_words]
        # A question typed exactly as one entry's stored phrasing is that entry's question.
        owners: dict[str, set[int]] = defaultdict(set)
        for i, said in enumerate(self.phrasing_texts):
            for joined in said:
                owners[joined.replace(" ", "")].add(i)
        self.exact = {text: ids.pop() for text, ids in owners.items() if len(ids) == 1}
        self.vocabulary = frozenset(vocabulary)  # every word of the phrasings and keywords

    def exact_match(self, tokens: Sequence[str]) -> Entry | None:
        """The one entry with a phrasing worded exactly like this question (its folded
        tokens), if any."""
        i = self.exact.get("".join(tokens))
        return None if i is None else self.kb.entries[i]

    def document_frequency(self, token: str) -> int:
        return self.index.df(token)

    def query(self, clauses: Sequence[tuple[str, float]]) -> Query:
        """Weighted terms of a question given as (folded clause, weight) pairs."""
        words: dict[str, float] = defaultdict(float)
        terms: dict[str, float] = defaultdict(float)
        asking: list[str] = []
        t = self.t
        foreign = 0.0  # English words neither the index nor the glossary knows
        for text, weight in clauses:
            toks = self.segmenter.tokens(text, folded=True)
            # What the glossary knows of an English question is folded into our terms by now;
            # the English left over (obligated, afterwards, scrapped) is mostly the sentence
            # around those terms: it is not matched (no phrasing shares it), only counted as
            # unknown.
            unmatched = {tok for tok in toks if _LATIN_WORD.match(tok) and tok not in self.index.idf}
            foreign += weight * sum(1 for tok in toks if tok in unmatched)
            toks = [tok for tok in toks if tok not in unmatched]
            if weight >= 1.0:
                asking += toks
            for tok in toks:
                words[tok] = max(words[tok], weight)
            for gram in bigrams(text):
                terms[gram] = max(terms[gram], weight * t.gram_weight)
        for tok, w in words.items():
            terms[tok] = max(terms[tok], w)
        known = sum(w * self.index.idf.get(tok, 0.0) for tok, w in words.items())
        mean_idf = 2.0
        unknown = sum(w for tok, w in words.items() if tok not in self.index.idf) * mean_idf
        unknown += foreign * mean_idf
        share = unknown / (known + unknown) if known + unknown else 1.0
        folded = " ".join(text for text, _ in clauses)
        return Query(dict(words), dict(terms), " ".join(asking), folded, share)

    def rank(self, query: Query, exclude: frozenset[str] = frozenset()) -> list[Scored]:
        """The best candidates for the query, best first; entries in `exclude` (answered
        already, in the same message) are not candidates at all."""
        if not query.terms:
            return []
        raw = self.index.scores(query.terms)
        if exclude:
            raw = {i: v for i, v in raw.items() if self.kb.entries[i].id not in exclude}
        if not raw:
            return []
        ceiling = self.index.ceiling(query.terms) or 1.0
        shortlist = sorted(raw, key=raw.__getitem__, reverse=True)[: self.t.candidates]
        idf = self.index.idf
        word_mass = sum(w * idf.get(tok, 0.0) for tok, w in query.words.items()) or 1.0
        asked = {tok: w for tok, w in query.words.items() if w >= 1.0 and tok in idf}
        asked_mass = sum(w * idf[tok] for tok, w in asked.items()) or 1.0
        asked_words = query.words.keys()
        compact = query.folded.replace(" ", "")  # cues are looked for without folding's spaces
        found = []
        for position, i in enumerate(shortlist):
            shared: dict[int, float] = defaultdict(float)
            holding = self.phrasings_with[i]
            for tok in asked_words:
                for j in holding.get(tok, ()):
                    shared[j] += idf[tok]
            totals = self.phrasing_totals[i]
            coverage = max((v / totals[j] for j, v in shared.items()), default=0.0)
            best = process.extractOne(query.text, self.phrasing_texts[i], scorer=fuzz.ratio)
            fuzzy = best[1] / 100 if best else 0.0
            kw = self.keyword_words[i]
            keywords = sum(w * idf.get(tok, 0.0) for tok, w in query.words.items() if tok in kw)
            cue_missing = bool(self.cues[i]) and not any(c in compact for c in self.cues[i])
            missed = sum(w * idf[tok] for tok, w in asked.items() if tok not in self.terms[i])
            # What the question asks that the entry's phrasings say, and that its answer says:
            # a question about a fact stated only in an answer still finds it.
            phrased = sum(w * idf[tok] for tok, w in asked.items() if tok in self.phrased[i])
            answered = sum(w * idf[tok] for tok, w in asked.items() if tok in self.answered[i])
            # How much of the entry's own keywords the question names: 留停可以多久 names the
            # leave but not the 服務義務 that the service entry is about.
            kw_total = self.keyword_mass[i]
            kw_cover = sum(idf.get(tok, 0.0) for tok in kw if tok in asked_words) / kw_total
            # The rarest word the question shares with the entry: 公務員可以去做直播嗎 shares
            # only 公務人員 and 去 with anything, which is no evidence at all.
            rarest = max((idf[tok] for tok in asked if tok in self.terms[i]), default=0.0)
            found.append((i, position, min(1.0, raw[i] / ceiling), coverage, fuzzy,
                          keywords / word_mass, missed / asked_mass, cue_missing,
                          phrased / asked_mass, answered / asked_mass, kw_cover,
                          rarest / self.max_idf))
        top_bm25 = max(f[2] for f in found)
        top_coverage = max(f[3] for f in found)
        top_fuzzy = max(f[4] for f in found)
        least_missed = min(f[6] for f in found)
        top_phrased = max(f[8] for f in found)
        scored = []
        for (i, position, bm25, coverage, fuzzy, keywords, missed, cue_missing, phrased,
             answered, kw_cover, rarest) in found:
            values = (
                bm25, bm25 - top_bm25, coverage, coverage - top_coverage, fuzzy,
                fuzzy - top_fuzzy, keywords, missed, missed - least_missed,
                1.0 if cue_missing else 0.0, math.log1p(position), phrased,
                phrased - top_phrased, answered, kw_cover, rarest,
            )
            scored.append((i, self.model.logit(values), values))
        # Each candidate's share of belief among those ranked (a softmax over their scores):
        # the model was fitted to pick one entry out of such a list.
        peak = max(logit for _, logit, _ in scored)
        mass = sum(math.exp(logit - peak) for _, logit, _ in scored)
        out = []
        for i, logit, values in scored:
            share = math.exp(logit - peak) / mass
            bm25, _, coverage, _, fuzzy, _, keywords, missed = values[:8]
            out.append(Scored(self.kb.entries[i], share, logit, bm25, coverage, fuzzy, keywords,
                              missed, values[9] > 0, values))
        out.sort(key=lambda s: s.logit, reverse=True)
        return out

    def with_model(self, model: RankingModel) -> Ranker:
        """The same index ordered by other weights (the fitting script tries several)."""
        clone = copy.copy(self)
        clone.model = model
        return clone
