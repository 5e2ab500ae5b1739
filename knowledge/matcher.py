"""Rank knowledge-base entries for a tokenised question.

Scoring blends idf-weighted token overlap (jieba tokens, keywords counted extra) with
rapidfuzz's character-level similarity to the entry's phrasings, so typos still land while
keyword-only questions are not drowned by long sentences. An inverted index keeps the work
per question proportional to the entries that share a word with it, not to the whole base.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.model import Entry, KnowledgeBase
from knowledge.normalise import normalise
from knowledge.segment import Segmenter
from knowledge.tuning import THRESHOLDS, Thresholds


@dataclass(frozen=True)
class Scored:
    entry: Entry
    score: float


@dataclass
class _Doc:
    entry: int
    tokens: frozenset[str]
    weight: float  # sum of idf over tokens
    text: str  # space-joined tokens, for fuzzy comparison


def part_factors(tokens: set[str], part_weight: float) -> dict[str, float]:
    """Search-mode segmentation yields 留職 and 停薪 beside 留職停薪; counted in full, one
    compound would outweigh three separate words. Parts of another token weigh less."""
    return {
        tok: part_weight if any(tok != other and tok in other for other in tokens) else 1.0
        for tok in tokens
    }


class Matcher:
    def __init__(self, kb: KnowledgeBase, segmenter: Segmenter, thresholds: Thresholds = THRESHOLDS):
        self.kb = kb
        self.segmenter = segmenter
        self.t = thresholds
        entry_tokens: list[set[str]] = []
        keyword_tokens: list[frozenset[str]] = []
        question_tokens: list[list[list[str]]] = []
        for entry in kb.entries:
            per_question = [segmenter.tokens(normalise(q)) for q in entry.questions]
            # Keyword boost goes to whole words only: e等公務員 should not lend 公務員 its weight.
            keys = {tok for k in entry.keywords for tok in segmenter.words(normalise(k))}
            question_tokens.append(per_question)
            keyword_tokens.append(frozenset(keys))
            parts = {tok for k in entry.keywords for tok in segmenter.tokens(normalise(k))}
            entry_tokens.append({tok for q in per_question for tok in q} | keys | parts)
        df: dict[str, int] = defaultdict(int)
        for toks in entry_tokens:
            for tok in toks:
                df[tok] += 1
        n = len(kb.entries)
        self.idf = {tok: math.log(1 + n / d) for tok, d in df.items()}
        self.mean_idf = sum(self.idf.values()) / max(1, len(self.idf))
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, toks in enumerate(entry_tokens):
            for tok in toks:
                self.postings[tok].append(i)
        self.keyword_tokens = keyword_tokens
        # Per entry, the weight of each of its tokens: idf, boosted for the entry's keywords.
        self.weights: list[dict[str, float]] = [
            {tok: self._boosted(i, tok) for tok in toks} for i, toks in enumerate(entry_tokens)
        ]
        self.docs: list[list[_Doc]] = []
        for i, qs in enumerate(question_tokens):
            docs = []
            for q in qs:
                if q:
                    part = part_factors(set(q), thresholds.part_weight)
                    weight = sum(self.weights[i][tok] * part[tok] for tok in set(q))
                    docs.append(_Doc(i, frozenset(q), weight, " ".join(q)))
            self.docs.append(docs)

    def _boosted(self, entry: int, token: str) -> float:
        idf = self.idf[token]
        return idf * self.t.keyword_boost if token in self.keyword_tokens[entry] else idf

    def document_frequency(self, token: str) -> int:
        return len(self.postings.get(token, ()))

    def rank(self, tokens: list[str]) -> list[Scored]:
        """Entries sharing a word with the question, best first, with scores in 0..1."""
        query = set(tokens)
        known = [tok for tok in query if tok in self.idf]
        if not known:
            return []
        part = part_factors(query, self.t.part_weight)
        known_w = sum(self.idf[tok] * part[tok] for tok in known)
        # Words the base never uses count against every entry, damped so that a long, rambling
        # question is not sunk by its small talk.
        unknown = self.t.unknown_weight * self.mean_idf * math.sqrt(len(query) - len(known))
        rough: dict[int, float] = defaultdict(float)
        for tok in known:
            idf = self.idf[tok]
            for i in self.postings[tok]:
                rough[i] += idf
        shortlist = sorted(rough, key=rough.__getitem__, reverse=True)[: self.t.candidates]
        text = " ".join(tokens)
        t = self.t
        scored = []
        for i in shortlist:
            weights = self.weights[i]
            hits = [tok for tok in known if tok in weights]
            hit_w = sum(weights[tok] * part[tok] for tok in hits)
            # A boosted keyword weighs more on both sides of the fraction.
            query_w = known_w + (hit_w - sum(self.idf[tok] * part[tok] for tok in hits)) + unknown
            keywords = self.keyword_tokens[i]
            p_kw = sum(self.idf[tok] * part[tok] for tok in hits if tok in keywords) / known_w
            r_question = 0.0
            fuzzy = 0.0
            for doc in self.docs[i]:
                if doc.weight:
                    r = sum(weights[tok] * part[tok] for tok in hits if tok in doc.tokens)
                    r /= doc.weight
                    r_question = max(r_question, r)
                fuzzy = max(fuzzy, fuzz.ratio(text, doc.text) / 100)
            score = (
                t.w_query * hit_w / query_w
                + t.w_question * r_question
                + t.w_keywords * p_kw
                + t.w_fuzzy * fuzzy
            )
            scored.append(Scored(self.kb.entries[i], score))
        scored.sort(key=lambda s: s.score, reverse=True)
        return scored
