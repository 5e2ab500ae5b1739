"""Retrieval: from a normalised question to ranked knowledge-base entries and a confidence."""
