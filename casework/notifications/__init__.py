"""Notifications to staff (email, SMS, in-app) that carry no survivor data."""
