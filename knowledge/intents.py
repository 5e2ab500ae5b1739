"""Questions about the asker's own records, which the engine alone cannot answer.

"我還差幾小時" needs the person's own hours, not the rule; a bound user gets their figures.
A question that carries its own numbers ("我上了30小時還差幾小時") is left to the calculator.
"""

from __future__ import annotations

import re

from knowledge.normalise import normalise

_SELF = r"(我|本人|自己|my|i\b)"
_HOURS_NEED = r"(還差|還缺|差幾|缺幾|差多少|缺多少|不足|夠不夠|夠了嗎|夠嗎|達標|多少小時|幾小時|時數|進度|missing|progress)"
_OWN_HOURS = re.compile(_SELF + r".{0,12}?" + _HOURS_NEED)
_HAS_HOURS = re.compile(r"\d+(\.\d+)?\s*小時")


def asks_own_hours(question: str) -> bool:
    text = normalise(question)
    return bool(_OWN_HOURS.search(text)) and not _HAS_HOURS.search(text)
