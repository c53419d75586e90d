"""Submissions in PostgreSQL (psycopg 3), for a server that is not on this machine's disk.

Connections come from a pool: Starlette's threadpool calls us from many threads. A server
restart breaks every pooled connection: the first call to meet one empties the pool and
tries once more on a new connection, so a restart costs no request. Commits wait for the
server's WAL flush (synchronous_commit on), as SQLite's FULL sync does."""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import TypeVar

import psycopg
from psycopg_pool import ConnectionPool

from ...desk.case_secret import new_case_number
from . import (CaseChanges, Case, CaseSummary, KeyConflict, NewCase, Reply, StoredResponse, StoreUnavailable, Submission,
               UnknownCase, case_summary, check_status, migrations, now)

# Migrations run under this transaction-level advisory lock: two processes starting at once
# take turns, and the second finds the work done. (Any constant; this one spells "mirai".)
MIGRATION_LOCK = 0x6D69726169
# Starlette runs up to 40 calls at once; 10 connections per process leave room on a server
# with the default max_connections (100) for several processes and the secretariat's tools.
POOL_SIZE = 10
# Seconds to wait for a connection (a server restarting is back in about one); past that the
# request fails with a 500 and the page's outbox sends it again later.
CONNECT_TIMEOUT = 10
T = TypeVar("T")


def _durable(connection: psycopg.Connection) -> None:
    # A server or database set to synchronous_commit=off would acknowledge commits it can
    # still lose; switch it back on for our sessions (stronger settings such as remote_apply stay).
    connection.execute("SELECT set_config('synchronous_commit', 'on', false) "
                       "WHERE current_setting('synchronous_commit') = 'off'")


def _without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


class PostgresStore(CaseChanges):
    def __init__(self, url: str, migrate: bool = True):
        self.url = url
        # A direct connection first: its error names the problem (no such database, refused...).
        with self._connect() as connection:
            if migrate:
                self._migrate(connection)
        self.pool = ConnectionPool(url, min_size=1, max_size=POOL_SIZE, open=True, timeout=CONNECT_TIMEOUT,
                                   kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
                                   configure=_durable, name="mirai-submissions")

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.OperationalError as e:
            raise StoreUnavailable(f"cannot connect to {_without_password(self.url)}: {e}") from e

    def migrate(self) -> list[int]:
        with self._connect() as connection:
            return self._migrate(connection)

    @staticmethod
    def _migrate(connection: psycopg.Connection) -> list[int]:
        applied = []
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                               "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {row[0] for row in connection.execute("SELECT version FROM schema_migrations")}
            for version, sql in migrations():
                if version not in done:
                    connection.execute(sql)  # without parameters, one call runs the whole file
                    connection.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (version, now()))
                    applied.append(version)
        return applied

    def _with_connection(self, work: Callable[[psycopg.Connection], T]) -> T:
        """`work(connection)`; once more on a new connection if the server dropped ours.
        (The pool's own check before each loan backs off a second per dead connection: a
        restart under a full pool would time requests out.) Safe for store(): if the first try
        committed before the connection died, the second meets the stored key: KeyConflict."""
        connection = None
        try:
            with self.pool.connection() as connection:
                return work(connection)
        except psycopg.OperationalError:
            if connection is None or not connection.broken:
                raise
            self.pool.drain()  # its other connections went with the same server
        with self.pool.connection() as connection:
            return work(connection)

    def schema_version(self) -> int:
        """The last migration applied; 0 for a database never migrated."""
        def read(connection: psycopg.Connection) -> int:
            if connection.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
                return 0
            return connection.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] or 0
        return self._with_connection(read)

    def find_key(self, key: str) -> StoredResponse | None:
        row = self._with_connection(lambda connection: connection.execute(
            "SELECT fingerprint, status, response FROM idempotency_keys WHERE key = %s", (key,)).fetchone())
        return StoredResponse(*row) if row else None

    def store(self, key: str, fingerprint: str, form: str, form_version: int, lang: str, answers_json: str,
              make_response, case: NewCase | None = None) -> StoredResponse:
        """Stores the submission (and its case, if any) and the response `make_response` returns."""
        submission_id, received_at = str(uuid.uuid4()), now()
        made: list[tuple[int, str]] = []

        def insert(connection: psycopg.Connection) -> None:
            made.clear()
            with connection.transaction():
                connection.execute("INSERT INTO submissions VALUES (%s, %s, %s, %s, %s, %s)",
                                   (submission_id, form, form_version, lang, received_at, answers_json))
                if case is None:
                    made.append(make_response(submission_id, received_at))
                else:
                    # A clash with a stored (or concurrently stored) number inserts nothing: draw again.
                    number = None
                    while number is None:
                        number = connection.execute(
                            "INSERT INTO cases VALUES (%s, %s, %s, 'received', %s, %s) "
                            "ON CONFLICT (case_number) DO NOTHING RETURNING case_number",
                            (new_case_number(), submission_id, case.secret_hash, received_at, received_at)).fetchone()
                    made.append(make_response(submission_id, received_at, number[0]))
                status, body = made[0]
                connection.execute("INSERT INTO idempotency_keys VALUES (%s, %s, %s, %s, %s, %s)",
                                   (key, fingerprint, submission_id, status, body, received_at))
        try:
            self._with_connection(insert)
        except psycopg.errors.UniqueViolation as e:
            # A racing insert of the same key waits on the key's unique index for the first
            # transaction, then fails here: the caller answers with what the first stored.
            raise KeyConflict(key) from e
        status, body = made[0]
        return StoredResponse(fingerprint, status, body)

    def find_case(self, case_number: str) -> Case | None:
        row = self._with_connection(lambda connection: connection.execute(
            "SELECT case_number, secret_hash, status, updated_at FROM cases WHERE case_number = %s",
            (case_number,)).fetchone())
        return Case(*row) if row else None

    def replies(self, case_number: str) -> list[Reply]:
        rows = self._with_connection(lambda connection: connection.execute(
            "SELECT created_at, body, lang FROM case_replies WHERE case_number = %s ORDER BY created_at, id",
            (case_number,)).fetchall())
        return [Reply(*row) for row in rows]

    # The desk's side (mirai.desk.operator).
    _CASES = ("SELECT c.case_number, c.status, c.created_at, c.updated_at, s.answers FROM cases c "
              "JOIN submissions s ON s.id = c.submission_id")

    def list_cases(self, status: str | None = None) -> list[CaseSummary]:
        """Every case (or those with `status`), oldest first, with its routing fields only."""
        if status is None:
            query, params = self._CASES + " ORDER BY c.created_at, c.case_number", ()
        else:
            query, params = self._CASES + " WHERE c.status = %s ORDER BY c.created_at, c.case_number", (check_status(status),)
        rows = self._with_connection(lambda connection: connection.execute(query, params).fetchall())
        return [case_summary(*row) for row in rows]

    def case_answers(self, case_number: str) -> dict:
        row = self._with_connection(lambda connection: connection.execute(
            "SELECT s.answers FROM cases c JOIN submissions s ON s.id = c.submission_id WHERE c.case_number = %s",
            (case_number,)).fetchone())
        if row is None:
            raise UnknownCase(case_number)
        return json.loads(row[0])

    def _change_case(self, case_number: str, status: str, reply: tuple[str, str | None] | None = None) -> str:
        """One transaction: the case's status (and a reply, if any); UnknownCase if there is no case."""
        check_status(status)
        at, reply_id = now(), str(uuid.uuid4())  # drawn once: a retry after a lost commit meets its own row

        def change(connection: psycopg.Connection) -> None:
            with connection.transaction():
                changed = connection.execute("UPDATE cases SET status = %s, updated_at = %s WHERE case_number = %s",
                                             (status, at, case_number)).rowcount
                if not changed:
                    raise UnknownCase(case_number)
                if reply is not None:
                    connection.execute("INSERT INTO case_replies VALUES (%s, %s, %s, %s, %s)",
                                       (reply_id, case_number, at, *reply))
        self._with_connection(change)
        return at

    def count(self, form: str) -> int:
        return self._with_connection(lambda connection: connection.execute(
            "SELECT COUNT(*) FROM submissions WHERE form = %s", (form,)).fetchone()[0])

    def submissions(self, form: str) -> Iterator[Submission]:
        """The form's submissions in the order they arrived, read in batches (a server-side cursor)."""
        with self.pool.connection() as connection, connection.transaction():
            with connection.cursor(name="submissions") as rows:
                rows.execute("SELECT id, form, form_version, lang, received_at, answers FROM submissions "
                             "WHERE form = %s ORDER BY received_at, id", (form,))
                for *fields, answers in rows:
                    yield Submission(*fields, json.loads(answers))

    def close(self) -> None:
        self.pool.close()
