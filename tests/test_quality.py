"""The quality gate: accuracy on the development set, and that we did not copy it."""

from knowledge.evaluation import evaluate, load_labelled
from knowledge.normalise import normalise

from .conftest import TESTS

DEV = TESTS / "dev_questions.tsv"
STYLES = {"formal", "colloquial", "typo", "simplified", "keywords", "rambling", "english",
          "mixed", "compute", "ambiguous", "out-of-scope"}


def test_development_set_is_large_and_varied(engine):
    items = load_labelled(DEV, engine)
    assert len(items) >= 200
    assert STYLES == {i.style for i in items}


def test_in_scope_accuracy_and_out_of_scope_declines_are_at_least_90_percent(engine):
    report = evaluate(engine, load_labelled(DEV, engine))
    misses = "\n".join(f"{o.item.question} → {o.item.expected} / {o.got}" for o in report.misses())
    assert report.in_scope.rate >= 0.90, misses
    assert report.declined.rate >= 0.90, misses


def test_knowledge_base_does_not_copy_the_question_sets(engine):
    kb_phrasings = {normalise(q).replace(" ", "") for e in engine.kb.entries for q in e.questions}
    for path in (DEV, TESTS / "heldout_questions.tsv"):
        for item in load_labelled(path, engine):
            assert normalise(item.question).replace(" ", "") not in kb_phrasings, item.question
