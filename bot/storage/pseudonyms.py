"""Telegram user ids as stored where the bot need not message the person: a keyed hash.

The key (salt) is generated per database and never leaves it, so a hash cannot be turned back
into an id without the database, and is useless in another one.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_TELEGRAM_ACTOR = re.compile(r"telegram:(-?\d+)")


def hash_user(salt: bytes, user_id: int) -> str:
    """A stable pseudonym: the same user always maps to the same hash, never back."""
    return hmac.new(salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


def pseudonymise_actor(salt: bytes, actor: str) -> str:
    """`telegram:<user id>` becomes `telegram:#<hash>`; other actors (`cli:<login>`) stay."""
    match = _TELEGRAM_ACTOR.fullmatch(actor)
    return f"telegram:#{hash_user(salt, int(match.group(1)))[:16]}" if match else actor
