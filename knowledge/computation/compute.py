"""Answers worked out from the numbers in the question, with the rule and the arithmetic.

Each calculator reads the question as the engine folded it (numerals already digits, synonyms
folded, with spaces around folded terms: cue words are matched with `\\s*` or on the text with
its spaces removed) and its tokens, and returns None unless the question clearly asks for its
computation. The first that answers wins, so the order matters:

1. sums of rewards before a single English level (英檢中級又拿到線上英語營證書，總共……);
2. grades, the grant cap, posts for the course reward, unpaid-leave dates and extensions: each
   has a shape of its own;
3. repayment in full (no return, no report) before repayment in proportion, and both before
   the deadlines, since they name dates and sums too;
4. service left before weekly leave and service owed: 應服務24個月，做了10個月 holds a length
   that is not the study's;
5. group rewards and the study quota before the hours: their figures are people, not hours;
6. hours still missing before this year's requirement, and service owed last: it needs only
   a length of study and a question about service.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.computation.awards import english_reward, group_reward, posts_needed, reward_total
from knowledge.computation.common import Computation
from knowledge.computation.grants import grade_check, subsidy_cap, subsidy_deadline
from knowledge.computation.hours import hours_missing, hours_required_now
from knowledge.computation.service import repay_all, repayment_share, service_left, service_owed
from knowledge.computation.study import extension_left, leave_dates, study_quota, weekly_leave

__all__ = ["CALCULATORS", "Computation", "compute"]

CALCULATORS: tuple[Callable[[str, set[str]], Computation | None], ...] = (
    reward_total,
    english_reward,
    grade_check,
    subsidy_cap,
    posts_needed,
    leave_dates,
    extension_left,
    repay_all,
    repayment_share,
    subsidy_deadline,
    service_left,
    weekly_leave,
    group_reward,
    study_quota,
    hours_missing,
    hours_required_now,
    service_owed,
)


def compute(text: str, tokens: set[str]) -> Computation | None:
    """The first calculator that recognises the question, or None."""
    for calculator in CALCULATORS:
        result = calculator(text, tokens)
        if result is not None:
            return result
    return None
