"""The quality gates: the blind bank's development half, the older sets as regressions, and
that none of the question sets was copied into the knowledge base.

The bank's locked half is not a gate here: it is measured by benchmarks/quality_baseline.py
when a change is finished, and never tuned on.
"""

from knowledge.evaluation import evaluate, load_labelled
from knowledge.normalise import normalise

from .conftest import TESTS

BANK = TESTS / "questions"
OLD_DEV = TESTS / "dev_questions.tsv"
OLD_HELDOUT = TESTS / "heldout_questions.tsv"
STYLES = {"formal", "colloquial", "typo", "simplified", "keywords", "long", "english", "mixed",
          "oos", "vague", "calc", "multi"}


def _misses(report) -> str:
    return "\n".join(f"{o.item.question} → {o.item.expected} / {o.got}" for o in report.misses())


def test_the_blind_bank_is_large_split_in_two_and_covers_every_style(engine):
    dev = load_labelled(BANK / "dev.tsv", engine)
    locked = load_labelled(BANK / "locked.tsv", engine)
    assert len(dev) + len(locked) >= 600
    assert STYLES == {i.style for i in dev} == {i.style for i in locked}
    assert not {i.question for i in dev} & {i.question for i in locked}


def test_development_half_of_the_blind_bank(engine):
    report = evaluate(engine, load_labelled(BANK / "dev.tsv", engine))
    # A regression floor a few points under today's 84.1% (1,121 questions, five later rounds
    # of new writers included; the gate began at 75% on the first 398).
    assert report.in_scope.rate >= 0.80, _misses(report)
    assert report.in_scope.share("wrong") <= 0.035, _misses(report)
    assert report.declined.rate >= 0.90, _misses(report)
    assert report.by_kind["vague"].rate >= 0.80, _misses(report)


def test_older_sets_still_hold(engine):
    for path in (OLD_DEV, OLD_HELDOUT):
        report = evaluate(engine, load_labelled(path, engine))
        assert report.in_scope.rate >= 0.85, _misses(report)
        assert report.in_scope.share("wrong") <= 0.03, _misses(report)
        # Their out-of-scope questions may get choices, never a confident answer.
        assert report.declined.share("answered") <= 0.05, _misses(report)


def test_knowledge_base_does_not_copy_the_question_sets(engine):
    """Two or three keywords ("全時進修 公假") are bound to coincide with someone's keyword
    phrasing; anything longer in the base must not be a test question."""
    kb_phrasings = {normalise(q).replace(" ", "") for e in engine.kb.entries for q in e.questions}
    for path in (OLD_DEV, OLD_HELDOUT, BANK / "dev.tsv", BANK / "locked.tsv"):
        for item in load_labelled(path, engine):
            text = normalise(item.question).replace(" ", "")
            assert len(text) <= 8 or text not in kb_phrasings, item.question
