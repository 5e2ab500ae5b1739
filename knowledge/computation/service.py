"""Service owed after full-time study, what is left of it, and what is repaid when it is cut
short or the study is not followed by an immediate return."""

from __future__ import annotations

import re

from knowledge.computation.common import (
    DOLLARS,
    NUM,
    STUDY_NEAR,
    Computation,
    durations_in_months,
    fmt,
    months_label,
    months_of,
)

_ASKS_LENGTH = re.compile(r"多久|多長|幾年|幾個月|多少年|多少個月|(?:服務\s*[的之]?|義務)\s*期間|期間\s*為何|how long|how many (?:years|months)|綁")


# Going abroad again (folded text has spaces; 出國 is folded to 國外進修, trips included, so a
# service or length question must come with it).
_AGAIN = re.compile(r"再\s*(?:被\s*)?選送|不(?:能|得)\s*再\s*(?:被\s*)?(?:選送|出國|國外進修)|再\s*(?:出國|國外進修)")


def service_owed(text: str, tokens: set[str]) -> Computation | None:
    """Months of service owed after full-time study of a given length."""
    asks_service = bool(tokens & {"服務義務", "回原機關服務", "服務", "繼續服務"})
    durations = durations_in_months(text)
    asks_length = "服務義務" in tokens or _ASKS_LENGTH.search(text)  # 服務多久 is folded to 服務義務
    # 還在義務期內不能再出國嗎 asks for the same length with 服務 or 多久 alone.
    again = bool(_AGAIN.search(text) and tokens & {"國外進修", "出國"})
    if not durations or "學習時數" in tokens or not (asks_service or asks_length):
        return None
    if not (again or (asks_service and asks_length)):
        return None
    if tokens & {"公餘進修", "部分辦公時間"} and not tokens & {"帶職帶薪", "留職停薪", "全時進修"}:
        return None  # part-time study owes no service: the ranked entry says so
    unpaid = "留職停薪" in tokens
    paid = bool(tokens & {"帶職帶薪", "公假", "選送"})
    studied = sum(durations) if unpaid and not paid else durations[0]
    if studied <= 0 or studied > 120:
        return None
    paid_owed = max(2 * studied, 6)
    if again:
        return Computation(
            "abroad-reselection",
            f"{months_label(paid_owed)}：出國進修 {fmt(studied)} 個月後，2 倍的服務期間內"
            "不得再選送出國進修；業務需要、期間 3 個月以內並經主管機關核准者例外。",
        )
    if paid and unpaid and len(durations) > 1 and "延長" in text:
        # Paid study extended on unpaid leave (延長那年改留職停薪): 2× the paid part, plus the
        # unpaid part once.
        extra = sum(durations[1:])
        total = paid_owed + extra
        return Computation(
            "service-after-paid-study",
            f"{months_label(total)}：帶職帶薪 {fmt(studied)} 個月 × 2 = {fmt(paid_owed)} 個月，"
            f"加上留職停薪延長的 {fmt(extra)} 個月（與留停期間相同），共 {fmt(total)} 個月"
            "（兩段合計是依條文的推論）。",
            also=("service-after-unpaid-study",),
        )
    paid_line = (
        f"帶職帶薪：進修 {fmt(studied)} 個月 × 2 = {fmt(2 * studied)} 個月"
        + ("，但至少 6 個月" if 2 * studied < 6 else "")
    )
    if unpaid and not paid:
        label = "、".join(fmt(d) for d in durations)
        sum_note = f"（{label} 個月合計）" if len(durations) > 1 else ""
        return Computation(
            "service-after-unpaid-study",
            f"{months_label(studied)}：留職停薪進修 {fmt(studied)} 個月{sum_note}，"
            "回來要服務與留停期間相同的時間（延長的期間也算在內）。",
        )
    if paid:
        return Computation(
            "service-after-paid-study", f"{months_label(paid_owed)}：{paid_line}。"
        )
    return Computation(
        "service-after-paid-study",
        f"看進修時的身分：帶職帶薪（選送、公假）要服務 {months_label(paid_owed)}"
        f"（{fmt(studied)} × 2，至少 6 個月）；留職停薪要服務 {months_label(studied)}（與留停期間相同）。",
    )


_SERVED = re.compile(
    r"(?<![應要需])(?:服務了?|做了?|待了?|工作了?|回來|回任|working|worked|served|serving)[^\d應要需]{0,4}?"
    + NUM + r"\s*(年|個月|月)"
)
_OWED = re.compile(r"(?:應|要|需)(?:服務|綁)\D{0,3}?" + NUM + r"\s*(年|個月|月)")
# Money in 萬 (8萬), or in dollars (84000元, NT$84,000 → nt 84000), read as 萬.
_MONEY = re.compile(r"(?<![\d.])" + NUM + r"\s*萬|" + DOLLARS)
_ASKS_REPAY = re.compile(r"賠|離職|辭職|不做了|走人|想走|repay|pay back|refund")


def _served(text: str) -> list[re.Match[str]]:
    """Stretches of service (回來做了3個月), not of study (去國外做2個月專題研究)."""
    return [m for m in _SERVED.finditer(text) if not STUDY_NEAR.search(text[m.end() : m.end() + 8])]


_TRANSFER = re.compile(r"商調|調到|調去|調過去|調職|轉調|調任|transfer")
# "還要" asks what is left only about service (還要服務多久, 還要做幾個月), not in 還要看考績.
_ASKS_LEFT = re.compile(
    r"還要\s*(?:再\s*)?(?:服務|做|待|綁|多久|幾|繼續)|還差|還剩|剩下|剩幾|才滿|才夠|還得\s*(?:服務|做|待)"
    r"|多久才|幾個月才|還服務義務|還欠"
)


def service_left(text: str, tokens: set[str]) -> Computation | None:
    """Service still owed: the obligation stated, minus every stretch served (at the home
    agency and, after an approved transfer, at the new one)."""
    owed_m = _OWED.search(text)
    served_m = _served(text)
    served = [months_of(*m.groups()) for m in served_m]
    if not served or not _ASKS_LEFT.search(text.replace(" ", "")) or _ASKS_REPAY.search(text):
        return None
    unpaid = False
    if owed_m is not None:
        owed = months_of(*owed_m.groups())
    else:  # the obligation from the study itself: 2× a paid study, once an unpaid one
        rest = text
        for m in reversed(served_m):
            rest = rest[: m.start()] + rest[m.end() :]
        studied = durations_in_months(rest)
        if not studied or not tokens & {"帶職帶薪", "留職停薪", "選送", "公假"}:
            return None
        paid = bool(tokens & {"帶職帶薪", "選送", "公假"})
        unpaid = not paid
        owed = max(2 * studied[0], 6) if paid else studied[0]
    done = sum(served)
    if owed <= 0 or owed > 240 or done > 240:
        return None
    left = max(0.0, owed - done)
    transfer = _TRANSFER.search(text) is not None
    parts = " + ".join(fmt(v) for v in served)
    return Computation(
        "service-transfer" if transfer else ("service-after-unpaid-study" if unpaid else "service-after-paid-study"),
        f"{months_label(left)}：應服務 {fmt(owed)} 個月，已服務 {parts} = {fmt(done)} 個月，"
        f"還要 {fmt(owed)} − {fmt(done)} = {fmt(left)} 個月"
        + ("（經同意商調到其他機關的服務期間可以合併計算）。" if transfer else "。"),
    )


_MONTHLY = re.compile(r"月薪\s*(?:" + NUM + r"\s*萬|" + DOLLARS + ")")


def _wan(match: re.Match[str]) -> float:
    """The amount of a _MONEY (or _MONTHLY) match in 萬: its 萬 group, else its dollars."""
    wan, nt, plain = match.groups()[:3]
    return float(wan) if wan is not None else float(nt or plain) / 10000


def _received(text: str, studied: list[float]) -> tuple[float | None, str]:
    """What was received during the study, in 萬: the sums stated, a monthly salary counted
    for each month of study (月薪4萬 × 18 個月)."""
    monthly = _MONTHLY.search(text)
    others = [_wan(m) for m in _MONEY.finditer(text)
              if monthly is None or not monthly.start() <= m.start() < monthly.end()]
    if monthly is not None and studied:
        month = _wan(monthly)
        total = month * studied[0] + sum(others)
        extra = "".join(f" + {fmt(v)} 萬" for v in others)
        return total, f"月薪 {fmt(month)} 萬 × {fmt(studied[0])} 個月{extra} = "
    if others:
        return sum(others), (" + ".join(f"{fmt(v)} 萬" for v in others) + " = " if len(others) > 1 else "")
    return None, ""


def repayment_share(text: str, tokens: set[str]) -> Computation | None:
    """What is owed when the service obligation is cut short: the share, and the sum when
    the question gives what was received."""
    if not _ASKS_REPAY.search(text) or not re.search(r"比例|多少|幾成|幾%|how much|share|賠", text):
        return None
    if _TRANSFER.search(text):
        return None  # an approved transfer carries the obligation over: nothing is repaid
    found = _served(text)
    if not found:
        return None
    served_m = found[0]
    served = months_of(*served_m.groups())
    owed_m = _OWED.search(text)
    rest = text[: served_m.start()] + text[served_m.end() :]
    if owed_m is not None:
        rest = _OWED.sub("", rest)
    studied_all = durations_in_months(rest)
    unpaid = "留職停薪" in tokens and "帶職帶薪" not in tokens
    if owed_m is not None:
        owed = months_of(*owed_m.groups())
        basis = "你說的應服務期間"
    elif studied_all:
        studied = studied_all[0]
        owed = studied if unpaid else max(2 * studied, 6)
        basis = "留職停薪：與進修期間相同" if unpaid else f"帶職帶薪：{fmt(studied)} × 2" + (
            "，至少 6 個月" if 2 * studied < 6 else "")
    else:
        return None
    if owed <= 0 or owed > 240 or served > 240:
        return None
    left = max(0.0, owed - served)
    share = left / owed
    received, how = _received(text, studied_all)
    lead = f"約 {share:.0%}"
    if received is not None:
        lead = f"約 {fmt(round(received * share, 1))} 萬元（{how}{fmt(received)} 萬 × {share:.0%}）"
    return Computation(
        "repayment",
        f"{lead}：應服務 {fmt(owed)} 個月（{basis}），已服務 {fmt(served)} 個月，"
        f"未服務 {fmt(left)} 個月 ÷ {fmt(owed)} 個月，按這個比例賠償進修期間所領的"
        "薪俸和補助（比例算法是依條文的推論）；不可歸責於本人者免賠。",
    )


_NOT_BACK = re.compile(r"沒(?:有)?(?:馬上|立即|立刻|直接)?回(?:原機關|去|來)?(?:報到|服務|上班)?|沒交\s*(?:進修)?報告|不交\s*(?:進修)?報告|沒有交\s*(?:進修)?報告|未交\s*(?:進修)?報告")


def repay_all(text: str, tokens: set[str]) -> Computation | None:
    """Everything received is repaid when a full-time student does not return at once, or a
    subsidised one hands in no report: the sum of what the question says was received."""
    compact = text.replace(" ", "")
    if not _NOT_BACK.search(compact) or not re.search(r"賠|還|繳回|repay|pay back", text):
        return None
    if not (tokens & {"全時進修", "帶職帶薪", "留職停薪", "選送"} or "進修報告" in compact):
        return None  # 沒回去看醫生 is no study at all
    if not re.search(r"期滿|結束|結業|完成|讀完|回來|回國|報告", compact):
        return None  # still studying: nothing is owed yet
    report = re.search(r"報告", text) is not None
    found = list(_MONEY.finditer(text))
    if report:  # a missing report costs the grant, not the salary
        found = [m for m in found if re.search(r"補助|學費", text[max(0, m.start() - 6) : m.start()])] or found
    sums = [_wan(m) for m in found]
    if not sums:
        return None
    total = sum(sums)
    parts = " + ".join(f"{fmt(v)} 萬" for v in sums)
    return Computation(
        "repayment" if report else "return-immediately",
        f"約 {fmt(total)} 萬元（{parts}）："
        + ("受補助的全時進修結束後 3 個月內沒交進修報告，要賠償所領的補助。" if report
           else "全時進修期滿沒有立即回原機關服務，要賠償進修期間所領的薪俸和補助。")
        + "不可歸責於本人者免賠；實際金額以機關核算為準。",
        also=("study-report",) if report else (),
    )


