"""Outgoing requests that fail for a passing reason are tried again, so that a reply is not
lost to one network blip or one 5xx from Telegram.

AIORateLimiter already waits out a 429 for its `retry_after`. On top of it: a connection error,
a connect or pool timeout, or a 5xx is retried with exponential backoff (0.5, 1, 2 s). A 400 is
not (the same request would fail the same way), nor is a read timeout: the message may have
arrived, and the broadcast ledger relies on never sending it twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)
NETWORK_RETRIES = 3
FIRST_BACKOFF = 0.5  # seconds; doubled after each failure


def surely_not_sent(exc: NetworkError) -> bool:
    """True if Telegram cannot have acted on the request: retrying it is safe."""
    if isinstance(exc, BadRequest):
        return False
    if isinstance(exc, TimedOut):  # only a timeout before anything was sent
        return isinstance(exc.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)
    return True  # connection refused or reset, 5xx


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (Telegram's limits, 429s) plus retries of passing network failures."""

    def __init__(
        self,
        *args: Any,
        network_retries: int = NETWORK_RETRIES,
        first_backoff: float = FIRST_BACKOFF,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.network_retries = network_retries
        self.first_backoff = first_backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        delay = self.first_backoff
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except NetworkError as exc:
                if attempt == self.network_retries or not surely_not_sent(exc):
                    raise
                log.warning(
                    "%s failed (%s); retry %d in %.1f s",
                    endpoint,
                    exc.message[:80],
                    attempt + 1,
                    delay,
                )
            await asyncio.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")
