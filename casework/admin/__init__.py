"""The admin screens: organisations and staff accounts."""
