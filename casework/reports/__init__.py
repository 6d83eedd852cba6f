"""Statistics, exports and each person's home-page dashboard."""
