"""A case's timeline, gathered from every domain (API: casework.timeline.registry)."""
