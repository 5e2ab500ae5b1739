"""Curation of the knowledge base from use: phrasings learnt from users, checked for
ambiguity, and appended to the entries' YAML files."""
