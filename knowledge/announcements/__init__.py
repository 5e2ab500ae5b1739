"""Course announcements: their model, their topics, how they become searchable entries, and
answers from an announcement's own text."""
