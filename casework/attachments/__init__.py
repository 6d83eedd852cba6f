"""Encrypted attachments on a case."""
