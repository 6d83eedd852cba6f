"""Case management after intake: assessment, safety plan, action plan, follow-ups, services."""
