"""Backups of the database and attachments, and restoring them."""
