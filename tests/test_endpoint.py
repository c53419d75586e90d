"""The submissions endpoint: idempotency, refusals in the submitter's language, limits,
CORS, OpenAPI. Every test that stores or counts runs twice, on SQLite and on a real
PostgreSQL server (the `database_url` fixture in conftest.py)."""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
import uuid

import psycopg
import pytest
from starlette.testclient import TestClient

from mirai.endpoint.app import RateLimiter
from mirai.endpoint.messages import load_messages
from mirai.endpoint.openapi import openapi_document
from mirai.endpoint.storage import StoreUnavailable, open_store
from mirai.paths import ROOT

URL = "/v1/forms/survey/submissions"
ANSWERS = {"nationality": "vietnam", "residence_status": "technical-intern", "prefecture": "23",
           "life_satisfaction": 6, "comment": "PRIVATE-TEXT-42"}


# For tests whose subject is not the database: one run, on SQLite.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
POSTGRESQL_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def post(client, body, key=None, **headers):
    return client.post(URL, content=json.dumps(body) if not isinstance(body, (bytes, str)) else body,
                       headers={"Content-Type": "application/json",
                                **({"Idempotency-Key": key} if key is not None else {}), **headers})


def test_a_submission_is_stored_once_and_a_retry_gets_the_first_answer(endpoint):
    client, store = endpoint()
    key = str(uuid.uuid4())
    first = post(client, {"lang": "vi", "answers": ANSWERS}, key)
    assert first.status_code == 201 and set(first.json()) == {"id", "received_at"}
    again = post(client, {"answers": ANSWERS, "lang": "vi"}, key)  # same body, keys reordered
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["idempotency-replayed"] == "true"
    assert store.count("survey") == 1


def test_the_same_key_with_other_answers_is_refused_and_stores_nothing(endpoint):
    client, store = endpoint()
    key = str(uuid.uuid4())
    post(client, {"lang": "vi", "answers": ANSWERS}, key)
    other = post(client, {"lang": "vi", "answers": {**ANSWERS, "life_satisfaction": 1}}, key)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert other.json()["error"]["message"] == load_messages()["vi"]["idempotency_key_reused"]
    assert store.count("survey") == 1


@pytest.mark.parametrize("key", [None, "", "has space", "x" * 256])
def test_a_missing_or_malformed_key_is_refused(endpoint, key):
    client, store = endpoint()
    response = post(client, {"lang": "es", "answers": ANSWERS}, key)
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "idempotency_key_missing",
                                        "message": load_messages()["es"]["idempotency_key_missing"]}
    assert store.count("survey") == 0


def test_wrong_answers_are_named_in_the_submitters_language(endpoint):
    client, store = endpoint()
    response = post(client, {"lang": "my", "answers": {**ANSWERS, "nationality": "atlantis", "prefecture": None}},
                    str(uuid.uuid4()))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_answers"
    assert {(p["question"], p["code"]) for p in error["problems"]} == {("nationality", "not_a_choice"),
                                                                      ("prefecture", "required")}
    assert error["problems"][0]["message"] in load_messages()["my"].values()
    assert store.count("survey") == 0


@SQLITE_ONLY
def test_without_a_language_in_the_body_accept_language_decides(endpoint):
    client, _ = endpoint()
    response = post(client, {"answers": {}}, str(uuid.uuid4()), **{"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"})
    assert response.json()["error"]["message"] == load_messages()["pt"]["invalid_answers"]


@pytest.mark.parametrize("content_type, body, status, code", [
    ("text/plain", b'{"answers": {}}', 415, "unsupported_media_type"),
    ("application/json", b"{not json", 400, "invalid_json"),
    ("application/json", b"[1, 2]", 400, "invalid_json"),
    ("application/json", b'{"answers": {}, "x": "' + b"a" * 70_000 + b'"}', 413, "payload_too_large"),
])
def test_bodies_that_cannot_be_answers_are_refused(endpoint, content_type, body, status, code):
    client, store = endpoint()
    response = client.post(URL, content=body, headers={"Content-Type": content_type,
                                                       "Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == status and response.json()["error"]["code"] == code
    assert store.count("survey") == 0


@SQLITE_ONLY
def test_an_unknown_form_is_404(endpoint):
    client, _ = endpoint()
    response = client.post("/v1/forms/quiz/submissions", json={"answers": {}},
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_form"


def test_the_honeypot_gets_a_receipt_and_nothing_is_stored(endpoint):
    client, store = endpoint()
    response = post(client, {"answers": ANSWERS, "website": "http://spam.example"}, str(uuid.uuid4()))
    assert response.status_code == 201
    assert store.count("survey") == 0


def test_too_many_submissions_from_one_client_wait(endpoint):
    client, store = endpoint(submissions_per_minute=3)
    statuses = [post(client, {"answers": ANSWERS}, str(uuid.uuid4())).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    limited = post(client, {"answers": ANSWERS}, str(uuid.uuid4()))
    assert 1 <= int(limited.headers["retry-after"]) <= 61
    assert store.count("survey") == 3


def test_the_rate_limit_window_slides():
    limiter = RateLimiter(2)
    assert [limiter.retry_after("a", now=t) for t in (0, 1, 2)] == [0, 0, 59]
    assert limiter.retry_after("b", now=2) == 0      # per client
    assert limiter.retry_after("a", now=60.5) == 0    # the first one left the window


def test_cross_origin_posts_only_from_configured_origins(endpoint):
    client, store = endpoint(allowed_origins=("https://mirai.example",))
    allowed = post(client, {"answers": ANSWERS}, str(uuid.uuid4()), Origin="https://mirai.example")
    assert allowed.status_code == 201
    assert allowed.headers["access-control-allow-origin"] == "https://mirai.example"
    same_site = post(client, {"answers": ANSWERS}, str(uuid.uuid4()), Origin="http://127.0.0.1:8000")
    assert same_site.status_code == 201 and "access-control-allow-origin" not in same_site.headers
    foreign = post(client, {"answers": ANSWERS}, str(uuid.uuid4()), Origin="https://evil.example")
    assert foreign.status_code == 403 and foreign.json()["error"]["code"] == "origin_not_allowed"
    preflight = client.options(URL, headers={"Origin": "https://mirai.example",
                                             "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204 and "Idempotency-Key" in preflight.headers["access-control-allow-headers"]
    assert client.options(URL, headers={"Origin": "https://evil.example"}).status_code == 403
    assert store.count("survey") == 2


@SQLITE_ONLY
def test_a_failure_inside_says_so_plainly_without_internals(endpoint, monkeypatch):
    client, store = endpoint()
    monkeypatch.setattr(store, "store", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk on fire /var/x")))
    client = TestClient(client.app, raise_server_exceptions=False, base_url="http://127.0.0.1:8000")
    response = post(client, {"lang": "id", "answers": ANSWERS}, str(uuid.uuid4()))
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "server_error", "message": load_messages()["en"]["server_error"]}}
    assert "disk" not in response.text and "Traceback" not in response.text


def test_logs_say_what_happened_and_nothing_personal(endpoint, caplog):
    client, _ = endpoint()
    with caplog.at_level(logging.INFO, logger="mirai.endpoint"):
        post(client, {"answers": ANSWERS}, str(uuid.uuid4()))
        post(client, {"answers": {}}, str(uuid.uuid4()))
    records = [json.loads(r.getMessage()) for r in caplog.records]
    assert [(r["status"], r["code"]) for r in records] == [(201, None), (422, "invalid_answers")]
    assert "PRIVATE-TEXT-42" not in caplog.text and "127.0.0.1" not in caplog.text


def test_one_key_sent_many_times_at_once_stores_one_submission(endpoint):
    client, store = endpoint()
    key, results = str(uuid.uuid4()), []
    start = threading.Barrier(8)  # all eight ask the database at the same moment

    def send():
        start.wait()
        results.append(post(client, {"answers": ANSWERS}, key))
    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {r.status_code for r in results} == {201}
    assert len({r.text for r in results}) == 1
    assert store.count("survey") == 1


@SQLITE_ONLY
def test_sqlite_is_migrated_once_and_writes_durably(endpoint, database_url):
    client, store = endpoint()
    assert store.schema_version() == 2 and store.migrate() == []
    db = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {
        "submissions", "idempotency_keys", "schema_migrations", "cases", "case_replies"}


@POSTGRESQL_ONLY
def test_postgresql_is_migrated_once_and_commits_durably(endpoint, database_url):
    with psycopg.connect(database_url, autocommit=True) as admin:  # as a careless server might be set
        admin.execute("ALTER DATABASE " + admin.info.dbname + " SET synchronous_commit = off")
    client, store = endpoint()
    assert store.schema_version() == 2 and store.migrate() == []
    with psycopg.connect(database_url) as db:
        assert db.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall() == [(1,), (2,)]
        assert {row[0] for row in db.execute("SELECT table_name FROM information_schema.tables "
                                             "WHERE table_schema = 'public'")} >= {
            "submissions", "idempotency_keys", "schema_migrations", "cases", "case_replies"}
    with store.pool.connection() as connection:  # the store's own sessions wait for the WAL flush
        assert connection.execute("SHOW synchronous_commit").fetchone()[0] == "on"


@POSTGRESQL_ONLY
def test_postgresql_processes_starting_at_once_migrate_once(database_url):
    stores, start = [], threading.Barrier(4)

    def open_one():
        start.wait()
        stores.append(open_store(database_url))
    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert len(stores) == 4 and {s.schema_version() for s in stores} == {2}
        with psycopg.connect(database_url) as db:
            assert db.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall() == [(1,), (2,)]
    finally:
        for s in stores:
            s.close()


@POSTGRESQL_ONLY
def test_postgresql_connections_broken_by_the_server_are_replaced(endpoint, database_url):
    client, store = endpoint()
    assert post(client, {"answers": ANSWERS}, str(uuid.uuid4())).status_code == 201
    with psycopg.connect(database_url, autocommit=True) as admin:  # as a server restart does
        ended = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchall()
    assert ended, "the store kept no connection open"
    assert post(client, {"answers": ANSWERS}, str(uuid.uuid4())).status_code == 201
    assert store.count("survey") == 2


def test_a_reader_never_creates_a_sqlite_file(tmp_path):
    with pytest.raises(StoreUnavailable, match="no SQLite database at"):
        open_store(f"sqlite:///{tmp_path / 'typo.sqlite3'}", migrate=False)
    assert not (tmp_path / "typo.sqlite3").exists()


def test_a_postgresql_database_that_does_not_exist_is_named(postgres_server):
    with pytest.raises(StoreUnavailable, match='database "no_such_db" does not exist'):
        open_store(postgres_server.url_for("no_such_db"))


@SQLITE_ONLY
def test_openapi_is_served_and_the_kept_copy_is_current(endpoint):
    client, _ = endpoint()
    served = client.get("/v1/openapi.json").json()
    assert served == openapi_document()
    kept = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    assert kept == served, "openapi.json is out of date: run `mirai openapi > openapi.json`"
    survey = served["components"]["schemas"]["SurveySubmission"]["properties"]["answers"]
    assert set(survey["required"]) == {"nationality", "residence_status", "prefecture", "life_satisfaction"}


def test_every_language_has_every_message():
    messages = load_messages()
    assert set(messages) == {"en", "zh", "vi", "tl", "id", "my", "pt", "es"}
    for lang, texts in messages.items():
        assert set(texts) == set(messages["en"]) and all(texts.values()), lang
