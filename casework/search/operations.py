"""Finding cases through blind indexes: buckets narrow, decryption confirms, access limits.

No path here decrypts every row: the index gives a few candidates per value, the searcher's
visible cases are applied in SQL, and only those candidates are opened, a page at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from casework.accounts.models import User
from casework.cases.access import may_access_case
from casework.cases.models import Case, Survivor, SurvivorIndex
from casework.crypto.blind_index import buckets_under_every_key, name_tokens, normalise_nik, normalise_phone
from casework.crypto.keyring import current_keyring
from casework.extensions import db
from casework.search import models  # noqa: F401  (the covering index must exist for create_all)
from casework.search.errors import QueryTooLong, QueryTooShort

MIN_QUERY_CHARS = 2
MAX_QUERY_CHARS = 200
MAX_NAME_TOKENS = 6
CONFIRM_CHUNK = 100
# A name word shared by more survivors than this is too common to search alone: only this
# many candidates are looked at (another word narrows the search).
MAX_CANDIDATES = 5_000
REFERENCE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-?[2-9A-HJKMNP-Z]{4}$")
NIK = re.compile(r"^\d{16}$")
PHONE = re.compile(r"^(\+?62|0062|0)\d{7,13}$")


@dataclass(frozen=True)
class SearchQuery:
    """What a query asks for: its kind (reference, nik, phone, name) and normalised values."""

    kind: str
    values: tuple[str, ...]
    # A word like MARGARET is also a valid reference: such a query looks for both.
    reference: str | None = None


def parse_query(text: str) -> SearchQuery:
    """Recognise a reference, a NIK, a phone number or name words; refuse the unusable."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLong()
    compact = re.sub(r"[\s.()-]", "", text)
    reference = None
    if REFERENCE.match(text.upper()):
        upper = text.upper().replace("-", "")
        reference = f"{upper[:4]}-{upper[4:]}"
        if re.search(r"\d", upper) or "-" in text:
            return SearchQuery("reference", (), reference)
    if NIK.match(compact):
        return SearchQuery("nik", (normalise_nik(compact),))
    if PHONE.match(compact):
        return SearchQuery("phone", (normalise_phone(compact),))
    tokens = name_tokens(text)
    if len("".join(tokens)) < MIN_QUERY_CHARS:
        raise QueryTooShort()
    return SearchQuery("name", tuple(tokens[:MAX_NAME_TOKENS]), reference)


def _bucket_pairs(field: str, value: str) -> list[tuple[str, int]]:
    """(index key id, bucket) of this value under every index key the ring holds."""
    return list(buckets_under_every_key(current_keyring(), field, value))


def _holds(pairs: list[tuple[str, int]], entry=SurvivorIndex):
    """An index row holding one of these buckets."""
    return or_(*(and_(entry.key_id == k, entry.bucket == b) for k, b in pairs))


def _bucket_ranges(field: str, pairs: list[tuple[str, int]], entry=SurvivorIndex) -> list:
    """The index ranges to read: the field, then its buckets as an IN list (which SQLite and
    PostgreSQL read as ranges of (field, bucket, ...); an OR of pairs makes SQLite read every
    entry of the field)."""
    return [entry.field == field, entry.bucket.in_({b for _k, b in pairs}),
            entry.key_id.in_({k for k, _b in pairs})]


def index_match(field: str, value: str) -> Select:
    """Survivor ids whose index holds this value's bucket under any index key."""
    pairs = _bucket_pairs(field, value)
    return select(SurvivorIndex.survivor_id).where(*_bucket_ranges(field, pairs), _holds(pairs))


def _rarest_first(field: str, words: list[list[tuple[str, int]]]) -> list:
    """The words' bucket pairs, the word held by the fewest entries first (one count read
    from the covering index): a search for "Siti Wirasanti" then reads Wirasanti's few
    entries, not every Siti's."""
    if len(words) < 2:
        return words
    every = [pair for pairs in words for pair in pairs]
    counts = {(k, b): n for k, b, n in db.session.execute(
        select(SurvivorIndex.key_id, SurvivorIndex.bucket, func.count())
        .where(*_bucket_ranges(field, every))
        .group_by(SurvivorIndex.key_id, SurvivorIndex.bucket))}
    return sorted(words, key=lambda pairs: sum(counts.get(pair, 0) for pair in pairs))


def candidate_query(query: SearchQuery) -> Select:
    """Case ids of the survivors whose index holds every value's bucket (all name words),
    from the covering search index alone: the rarest word's entries, each checked for every
    other word by one index seek on (field, bucket, key, survivor)."""
    field = query.kind if query.kind in ("phone", "nik") else "name"
    first, *others = _rarest_first(field, [_bucket_pairs(field, v) for v in query.values])
    statement = select(SurvivorIndex.case_id).where(*_bucket_ranges(field, first), _holds(first))
    for pairs in others:
        other = aliased(SurvivorIndex)
        statement = statement.where(exists().where(
            *_bucket_ranges(field, pairs, other), _holds(pairs, other),
            other.survivor_id == SurvivorIndex.survivor_id))
    return statement


def confirms(survivor: Survivor, query: SearchQuery) -> bool:
    """Decrypt one candidate and check it really holds what was asked for."""
    if query.kind == "nik":
        return normalise_nik(survivor.nik or "") == query.values[0]
    if query.kind == "phone":
        phones = (survivor.phone, survivor.safe_phone)
        return any(p and normalise_phone(p) == query.values[0] for p in phones)
    held = set(name_tokens(f"{survivor.name or ''} {survivor.alias or ''}"))
    return set(query.values) <= held


def _candidate_ids(query: SearchQuery) -> list:
    """Candidate case ids, newest first, in one statement: the index's candidates joined to
    their cases by primary key.

    Visibility is applied afterwards with the case rule: asked for "in these organisations and
    among these ids, by date", a planner may walk every visible case instead of the few ids.
    """
    if query.kind == "reference":
        match = Case.reference == query.reference
    else:
        candidates = candidate_query(query).limit(MAX_CANDIDATES).scalar_subquery()
        match = Case.id.in_(candidates)
        if query.reference:
            match = or_(match, Case.reference == query.reference)
    rows = db.session.execute(select(Case.id, Case.created_at).where(match)).all()
    rows.sort(key=lambda row: (row.created_at, str(row.id)), reverse=True)
    return [row.id for row in rows]


def _visible(user: User, ids: list) -> list[Case]:
    """Of these cases, those the user may see (the same rule as visible_cases), in order,
    loaded with what a result card shows (survivor and organisation in the same statement,
    assignments for the rule); nothing is decrypted here."""
    found = {case.id: case for case in db.session.scalars(
        select(Case).where(Case.id.in_(ids)).options(
            joinedload(Case.survivor), joinedload(Case.organisation),
            selectinload(Case.assignments)))}
    return [found[i] for i in ids if i in found and may_access_case(user, found[i], "view")]


def _confirmed(user: User, query: SearchQuery, wanted: int) -> Iterator[Case]:
    """The searcher's matching cases; only visible candidates are decrypted, as needed."""
    ids = _candidate_ids(query)
    start, chunk = 0, wanted  # the first chunk is what one page needs; then larger ones
    while start < len(ids):
        chunk_ids, start, chunk = ids[start:start + chunk], start + chunk, CONFIRM_CHUNK
        for case in _visible(user, chunk_ids):
            if case.reference == query.reference or (
                case.survivor and confirms(case.survivor, query)
            ):
                yield case


@dataclass
class SearchResults:
    """One page of confirmed matches and whether more follow."""

    items: list[Case]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        """Whether a page comes before this one."""
        return self.number > 1


def search_cases(user: User, query: SearchQuery, page: int = 1, size: int = 25) -> SearchResults:
    """The page of cases the user may see that match the query; stops decrypting once full."""
    wanted = page * size + 1
    found: list[Case] = []
    for case in _confirmed(user, query, wanted):
        found.append(case)
        if len(found) >= wanted:
            break
    items = found[(page - 1) * size: page * size]
    return SearchResults(items=items, number=page, has_next=len(found) > page * size)
