"""Shared fixtures: the real knowledge base and engine, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.engine import AnswerEngine

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


@pytest.fixture(scope="session")
def engine() -> AnswerEngine:
    return AnswerEngine.load()
