"""How `trainbot eval` judges an outcome: right, wrong, partial, clarified, declined."""

import pytest

from knowledge.evaluation import Labelled, Outcome
from knowledge.results import Answer, Clarify, Fallback, Suggestion


def answer(*ids: str, text: str = "") -> Answer:
    return Answer("q", ids[0], 0.9, text, "", "", also=ids[1:])


@pytest.mark.parametrize(
    ("expected", "result", "verdict"),
    [
        ("a", answer("a"), "right"),
        ("a/b", answer("b"), "right"),  # either entry answers the question fully
        ("a", answer("b"), "wrong"),
        ("a|c", answer("a", "c"), "right"),
        ("a|c", answer("a"), "partial"),
        ("a|c", answer("a", "x"), "wrong"),
        ("a", Clarify("q", 0.5, (Suggestion("x", ""), Suggestion("a", ""))), "clarify-right"),
        ("a", Clarify("q", 0.5, (Suggestion("x", ""), Suggestion("y", ""))), "clarify-wrong"),
        ("a", Fallback("q", "no-match", ""), "fallback"),
        ("fallback", Fallback("q", "no-match", ""), "right"),
        ("fallback", answer("a"), "answered"),
        ("gap", answer("a"), "answered"),
        ("clarify", Clarify("q", 0.5, ()), "right"),
        ("clarify", answer("a"), "answered"),
    ],
)
def test_verdicts(expected, result, verdict):
    assert verdict == Outcome(Labelled("q", expected, "formal", 2), result, "t").verdict


def test_a_computed_answer_must_carry_the_expected_figure():
    item = Labelled("q", "a", "calc", 2, must_contain="16 個月")
    assert "right" == Outcome(item, answer("a", text="16 個月：……"), "t").verdict
    assert "wrong" == Outcome(item, answer("a", text="8 個月：……"), "t").verdict
