"""Finding cases through blind indexes, and duplicates across centres."""
