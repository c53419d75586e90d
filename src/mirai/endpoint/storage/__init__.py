"""Where submissions are kept: SQLite by default (`sqlite.py`), PostgreSQL when
MIRAI_DATABASE_URL says postgresql:// (`postgres.py`). Both run the same migrations
(`endpoint/migrations/*.sql`, portable SQL, recorded in `schema_migrations`).

One transaction stores a submission and its idempotency key, so a key never exists
without its submission, and the same key can never store two. A consultation's case is
made in that same transaction: no case without its submission, no consultation without
its case, and a replayed key answers with the case it made."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

MIGRATIONS = Path(__file__).parent.parent / "migrations"


@dataclass(frozen=True)
class StoredResponse:
    fingerprint: str
    status: int
    body: str


@dataclass(frozen=True)
class Submission:
    id: str
    form: str
    form_version: int
    lang: str
    received_at: str
    answers: dict


@dataclass(frozen=True)
class NewCase:
    """A case to open with a submission: the store draws its number (again on a clash)."""
    secret_hash: str


@dataclass(frozen=True)
class Case:
    case_number: str
    secret_hash: str
    status: str
    updated_at: str


@dataclass(frozen=True)
class Reply:
    created_at: str
    body: str
    lang: str | None


# A case's statuses, in the order a case goes through them (migrations/002_cases.sql checks the same).
CASE_STATUSES = ("received", "in-progress", "answered", "closed")
# The answers that stay readable for routing (the rest of a consultation is sealed or not shown).
ROUTING_FIELDS = ("category", "preferred_language", "prefecture")


@dataclass(frozen=True)
class CaseSummary:
    """A case as the desk's list shows it: its routing fields only, never the sealed text."""
    case_number: str
    status: str
    created_at: str
    updated_at: str
    routing: dict  # ROUTING_FIELDS -> value (None if not answered)


class UnknownCase(LookupError):
    """No case has this number."""

    def __init__(self, case_number: str):
        super().__init__(f"no case {case_number}")
        self.case_number = case_number


def check_status(status: str) -> str:
    if status not in CASE_STATUSES:
        raise ValueError(f"unknown case status {status!r} (one of {', '.join(CASE_STATUSES)})")
    return status


def case_summary(case_number: str, status: str, created_at: str, updated_at: str, answers_json: str) -> CaseSummary:
    answers = json.loads(answers_json)
    return CaseSummary(case_number, status, created_at, updated_at, {f: answers.get(f) for f in ROUTING_FIELDS})


class KeyConflict(Exception):
    """The idempotency key is already stored (by a request that raced this one)."""


class CaseChanges:
    """What the operator does to a case, the same on every database: each store only says
    how `_change_case` sets a status (and adds a reply) in one transaction."""

    def _change_case(self, case_number: str, status: str, reply: tuple[str, str | None] | None = None) -> str:
        raise NotImplementedError

    def add_reply(self, case_number: str, body: str, lang: str | None) -> Reply:
        at = self._change_case(case_number, "answered", (body, lang))
        return Reply(at, body, lang)

    def set_status(self, case_number: str, status: str) -> None:
        self._change_case(case_number, status)


class StoreUnavailable(Exception):
    """The database cannot be opened: not reachable, does not exist, or refuses us."""


class Store(Protocol):
    def migrate(self) -> list[int]: ...
    def schema_version(self) -> int: ...
    def find_key(self, key: str) -> StoredResponse | None: ...
    # make_response(id, received_at) -> (status, body); with a case, (id, received_at, case_number)
    def store(self, key: str, fingerprint: str, form: str, form_version: int, lang: str, answers_json: str,
              make_response: Callable[..., tuple[int, str]], case: NewCase | None = None) -> StoredResponse: ...
    def find_case(self, case_number: str) -> Case | None: ...
    def replies(self, case_number: str) -> list[Reply]: ...
    def list_cases(self, status: str | None = None) -> list[CaseSummary]: ...
    def case_answers(self, case_number: str) -> dict: ...  # UnknownCase if none
    def add_reply(self, case_number: str, body: str, lang: str | None) -> Reply: ...  # and status answered
    def set_status(self, case_number: str, status: str) -> None: ...
    def count(self, form: str) -> int: ...
    def submissions(self, form: str) -> Iterator[Submission]: ...
    def close(self) -> None: ...


def migrations() -> list[tuple[int, str]]:
    return [(int(path.name.split("_", 1)[0]), path.read_text(encoding="utf-8"))
            for path in sorted(MIGRATIONS.glob("*.sql"))]


def now() -> str:
    # Microseconds, fixed width: the text sorts in the order submissions arrived, which the
    # export follows (PostgreSQL has no rowid to break ties within a second).
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def open_store(database_url: str, *, migrate: bool = True) -> Store:
    """The store for `database_url`, migrated. With `migrate=False` (readers such as the
    export, perhaps with a read-only role) the database must exist and be migrated already:
    an export from a mistyped SQLite path fails instead of reading a new, empty file."""
    if database_url.startswith("sqlite:///"):
        from .sqlite import SQLiteStore
        store = SQLiteStore(Path(database_url[len("sqlite:///"):]), migrate=migrate)
    elif database_url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore  # psycopg is imported only by those who use it
        store = PostgresStore(database_url, migrate=migrate)
    else:
        raise ValueError(f"unsupported database URL {database_url.split(':', 1)[0]}:... "
                         "(use sqlite:///path or postgresql://user@host/database)")
    latest = migrations()[-1][0]
    if not migrate and (found := store.schema_version()) != latest:
        store.close()
        raise StoreUnavailable(f"the database has schema version {found}, this program reads version {latest} "
                               "(start the endpoint once: it migrates)")
    return store
