"""A case's timeline, gathered from every domain."""
