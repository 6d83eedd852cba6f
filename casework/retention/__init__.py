"""Retention periods and purging cases."""
