"""Shared fixtures: the real knowledge base and engine, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")  # RetryAfter.retry_after as timedelta, no warning

import pytest

from knowledge.engine import AnswerEngine

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


@pytest.fixture(scope="session")
def engine() -> AnswerEngine:
    return AnswerEngine.load()
