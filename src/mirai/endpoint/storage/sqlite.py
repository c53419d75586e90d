"""Submissions in an embedded SQLite file: WAL, every commit synced to disk."""
from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

from ...desk.case_secret import new_case_number
from . import (CaseChanges, Case, CaseSummary, KeyConflict, NewCase, Reply, StoredResponse, StoreUnavailable, Submission,
               UnknownCase, case_summary, check_status, migrations, now)


class SQLiteStore(CaseChanges):
    def __init__(self, path: Path, migrate: bool = True):
        self.path = Path(path)
        if not migrate and not self.path.is_file():
            raise StoreUnavailable(f"no SQLite database at {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []  # every thread's, for close()
        self._lock = threading.Lock()
        # Writers of this process queue here. SQLite has one writer at a time anyway, and its
        # busy handler waits by sleeping (up to 100 ms a turn): under a burst that sleeping,
        # not the disk, made the slowest answers. Other processes still wait on SQLite's lock.
        self._write_lock = threading.Lock()
        try:
            self.migrate() if migrate else self.schema_version()
        except sqlite3.DatabaseError as e:  # unreadable, locked out, not a database
            raise StoreUnavailable(f"cannot open the SQLite database at {self.path}: {e}") from e

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread (Starlette's threadpool calls us from many); closed by close().
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, timeout=10, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")  # a stored answer survives a power cut
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
            with self._lock:
                self._opened.append(connection)
        return connection

    def migrate(self) -> list[int]:
        db = self._connection()
        db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = []
        for version, sql in migrations():
            db.execute("BEGIN IMMEDIATE")  # one writer at a time: a second process waits, then skips
            try:
                if not db.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)).fetchone():
                    for statement in filter(str.strip, sql.split(";")):
                        db.execute(statement)
                    db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, now()))
                    applied.append(version)
                db.execute("COMMIT")
            except Exception:
                db.execute("ROLLBACK")
                raise
        return applied

    def schema_version(self) -> int:
        """The last migration applied; 0 for a database never migrated."""
        db = self._connection()
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone():
            return 0
        return db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] or 0

    def find_key(self, key: str) -> StoredResponse | None:
        row = self._connection().execute(
            "SELECT fingerprint, status, response FROM idempotency_keys WHERE key = ?", (key,)).fetchone()
        return StoredResponse(*row) if row else None

    def store(self, key: str, fingerprint: str, form: str, form_version: int, lang: str, answers_json: str,
              make_response, case: NewCase | None = None) -> StoredResponse:
        """Stores the submission (and its case, if any) and the response `make_response` returns."""
        submission_id, received_at = str(uuid.uuid4()), now()
        db = self._connection()
        with self._write_lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?)",
                           (submission_id, form, form_version, lang, received_at, answers_json))
                if case is None:
                    status, body = make_response(submission_id, received_at)
                else:
                    # Checked, then inserted: BEGIN IMMEDIATE holds the only write lock.
                    number = new_case_number()
                    while db.execute("SELECT 1 FROM cases WHERE case_number = ?", (number,)).fetchone():
                        number = new_case_number()
                    db.execute("INSERT INTO cases VALUES (?, ?, ?, 'received', ?, ?)",
                               (number, submission_id, case.secret_hash, received_at, received_at))
                    status, body = make_response(submission_id, received_at, number)
                db.execute("INSERT INTO idempotency_keys VALUES (?, ?, ?, ?, ?, ?)",
                           (key, fingerprint, submission_id, status, body, received_at))
                db.execute("COMMIT")
            except sqlite3.IntegrityError as e:
                db.execute("ROLLBACK")
                raise KeyConflict(key) from e
            except Exception:
                db.execute("ROLLBACK")
                raise
        return StoredResponse(fingerprint, status, body)

    def find_case(self, case_number: str) -> Case | None:
        row = self._connection().execute(
            "SELECT case_number, secret_hash, status, updated_at FROM cases WHERE case_number = ?",
            (case_number,)).fetchone()
        return Case(*row) if row else None

    def replies(self, case_number: str) -> list[Reply]:
        rows = self._connection().execute(
            "SELECT created_at, body, lang FROM case_replies WHERE case_number = ? ORDER BY created_at, rowid",
            (case_number,))
        return [Reply(*row) for row in rows]

    # The desk's side (mirai.desk.operator).
    _CASES = ("SELECT c.case_number, c.status, c.created_at, c.updated_at, s.answers FROM cases c "
              "JOIN submissions s ON s.id = c.submission_id")

    def list_cases(self, status: str | None = None) -> list[CaseSummary]:
        """Every case (or those with `status`), oldest first, with its routing fields only."""
        if status is None:
            rows = self._connection().execute(self._CASES + " ORDER BY c.created_at, c.case_number")
        else:
            rows = self._connection().execute(self._CASES + " WHERE c.status = ? ORDER BY c.created_at, c.case_number",
                                              (check_status(status),))
        return [case_summary(*row) for row in rows]

    def case_answers(self, case_number: str) -> dict:
        row = self._connection().execute(
            "SELECT s.answers FROM cases c JOIN submissions s ON s.id = c.submission_id WHERE c.case_number = ?",
            (case_number,)).fetchone()
        if row is None:
            raise UnknownCase(case_number)
        return json.loads(row[0])

    def _change_case(self, case_number: str, status: str, reply: tuple[str, str | None] | None = None) -> str:
        """One transaction: the case's status (and a reply, if any); UnknownCase if there is no case."""
        check_status(status)
        at = now()
        db = self._connection()
        with self._write_lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                changed = db.execute("UPDATE cases SET status = ?, updated_at = ? WHERE case_number = ?",
                                     (status, at, case_number)).rowcount
                if not changed:
                    raise UnknownCase(case_number)
                if reply is not None:
                    db.execute("INSERT INTO case_replies VALUES (?, ?, ?, ?, ?)",
                               (str(uuid.uuid4()), case_number, at, *reply))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return at

    def count(self, form: str) -> int:
        return self._connection().execute("SELECT COUNT(*) FROM submissions WHERE form = ?", (form,)).fetchone()[0]

    def submissions(self, form: str) -> Iterator[Submission]:
        """The form's submissions in the order they arrived."""
        rows = self._connection().execute(
            "SELECT id, form, form_version, lang, received_at, answers FROM submissions WHERE form = ? "
            "ORDER BY received_at, rowid", (form,))
        for *fields, answers in rows:
            yield Submission(*fields, json.loads(answers))

    def close(self) -> None:
        with self._lock:
            for connection in self._opened:
                connection.close()
            self._opened.clear()
        self._local = threading.local()
