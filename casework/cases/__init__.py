"""Survivors, incidents, consent, notes and the life of a case."""
