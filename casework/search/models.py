"""The search domain's index on the blind-index table.

A covering index: a name search reads a few thousand entries of common words, and with every
column it needs in the index it never touches the table. It makes the cases domain's
(field, bucket) index redundant; the lead may move this declaration into cases/models.py.
"""

from __future__ import annotations

from sqlalchemy import Index

from casework.cases.models import SurvivorIndex

SEARCH_INDEX = Index(
    "ix_survivor_index_search",
    SurvivorIndex.field, SurvivorIndex.bucket, SurvivorIndex.key_id,
    SurvivorIndex.survivor_id, SurvivorIndex.case_id,
)
