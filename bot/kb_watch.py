"""Notice edited knowledge-base files and reload the engine without a restart."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from knowledge.check import KnowledgeBaseError
from knowledge.curation import learning
from knowledge.engine import AnswerEngine
from knowledge.model import kb_dir

log = logging.getLogger(__name__)


class KbWatch:
    """Compares the files' names, sizes and modification times with the last look."""

    def __init__(
        self,
        directory: Path | None,
        engine: Callable[[], AnswerEngine],
        on_reload: Callable[[AnswerEngine], None],
    ):
        self.directory = directory or kb_dir()
        self.engine = engine
        self.on_reload = on_reload
        self.seen = self._stamp()

    def _stamp(self) -> tuple[tuple[str, int, int], ...]:
        stats = ((p.name, p.stat()) for p in sorted(self.directory.glob("*.yaml")))
        return tuple((name, st.st_size, st.st_mtime_ns) for name, st in stats)

    def check(self) -> bool:
        """Reload if anything changed since the last look; True when a new engine is in use."""
        try:
            stamp = self._stamp()
        except OSError:  # a file replaced while listed: look again next time
            return False
        if stamp == self.seen:
            return False
        self.seen = stamp
        try:
            engine = learning.reload(self.engine(), self.directory)
        except (KnowledgeBaseError, OSError, ValueError) as exc:
            log.error("knowledge base changed but does not load; keeping the last good one: %s",
                      exc)
            return False
        self.on_reload(engine)
        log.info("knowledge base reloaded: %d entries", len(engine.kb))
        return True
