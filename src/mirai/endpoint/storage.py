"""Where submissions are kept: SQLite by default (WAL, every commit synced to disk).

One transaction stores a submission and its idempotency key, so a key never exists
without its submission, and the same key can never store two."""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class StoredResponse:
    fingerprint: str
    status: int
    body: str


class KeyConflict(Exception):
    """The idempotency key is already stored (by a request that raced this one)."""


def migrations() -> list[tuple[int, str]]:
    return [(int(path.name.split("_", 1)[0]), path.read_text(encoding="utf-8"))
            for path in sorted(MIGRATIONS.glob("*.sql"))]


class SQLiteStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self.migrate()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")  # a stored answer survives a power cut
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
        return connection

    def migrate(self) -> list[int]:
        db = self._connection()
        db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
        applied = []
        for version, sql in migrations():
            if version in done:
                continue
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, sql.split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, _now()))
                db.execute("COMMIT")
            except Exception:
                db.execute("ROLLBACK")
                raise
            applied.append(version)
        return applied

    def schema_version(self) -> int:
        row = self._connection().execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def find_key(self, key: str) -> StoredResponse | None:
        row = self._connection().execute(
            "SELECT fingerprint, status, response FROM idempotency_keys WHERE key = ?", (key,)).fetchone()
        return StoredResponse(*row) if row else None

    def store(self, key: str, fingerprint: str, form: str, form_version: int, lang: str, answers_json: str,
              make_response) -> StoredResponse:
        """Stores the submission and the response `make_response(id, received_at)` returns."""
        submission_id, received_at = str(uuid.uuid4()), _now()
        status, body = make_response(submission_id, received_at)
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?)",
                       (submission_id, form, form_version, lang, received_at, answers_json))
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

    def count(self, form: str) -> int:
        return self._connection().execute("SELECT COUNT(*) FROM submissions WHERE form = ?", (form,)).fetchone()[0]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def open_store(database_url: str) -> SQLiteStore:
    if database_url.startswith("sqlite:///"):
        return SQLiteStore(Path(database_url[len("sqlite:///"):]))
    raise ValueError(f"unsupported database URL {database_url.split(':', 1)[0]}:... (use sqlite:///path)")
