"""Timestamps as stored: ISO 8601 in UTC, to the second, so text order is time order."""

from __future__ import annotations

import datetime as dt


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def days_ago(days: float) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="seconds")


def later(days: float = 0, hours: float = 0) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=days, hours=hours)).isoformat(
        timespec="seconds"
    )
