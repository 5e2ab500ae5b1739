"""Shared fixtures: the real knowledge base and engine, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")  # RetryAfter.retry_after as timedelta, no warning

import pytest

from knowledge.engine import AnswerEngine

from .fake_telegram import FakeTelegram

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


@pytest.fixture(scope="session")
def engine() -> AnswerEngine:
    return AnswerEngine.load()


@pytest.fixture
async def fake() -> FakeTelegram:
    """A fake Bot API server on 127.0.0.1, fresh for each test."""
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()
