"""Organisations, staff accounts, sessions, login and the admin screens."""
