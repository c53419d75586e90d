"""`mirai export`: a form's submissions, sent through the real endpoint into SQLite and into
PostgreSQL, read back as the secretariat gets them (CSV for Excel, JSON Lines)."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import uuid

import psycopg
import pytest
from starlette.testclient import TestClient

from mirai.cli import main
from mirai.endpoint.app import create_endpoint
from mirai.endpoint.settings import EndpointSettings
from mirai.forms.schema import load_form, questions

from conftest import free_port

BURMESE = "အလုပ်ရှင်က လစာ မပေးဘူး"
CHINESE = "老板没有付加班费。"
SENT = [
    {"lang": "my", "answers": {"nationality": "myanmar", "residence_status": "technical-intern", "prefecture": "23",
                               "life_satisfaction": 2, "documents_kept": ["passport", "residence-card"],
                               "comment": BURMESE}},
    {"lang": "zh", "answers": {"nationality": "china", "residence_status": "specified-skilled", "prefecture": "13",
                               "life_satisfaction": 7, "fees_amount": 550000, "comment": CHINESE}},
    {"lang": "en", "answers": {"nationality": "other", "residence_status": "unknown", "prefecture": "01",
                               "life_satisfaction": 10, "comment": "=1+1 \"quoted\", and a comma"}},
]


@pytest.fixture
def receipts(database_url):
    """The three submissions above, posted to the endpoint in order; their receipts."""
    app = create_endpoint(EndpointSettings(database_url=database_url))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    try:
        out = []
        for body in SENT:
            response = client.post("/v1/forms/survey/submissions", json=body,
                                   headers={"Idempotency-Key": str(uuid.uuid4())})
            assert response.status_code == 201, response.text
            out.append(response.json())
        return out
    finally:
        app.state.store.close()


def export(*args: str) -> int:
    return main(["export", *args])


def test_csv_has_a_bom_one_row_per_submission_and_a_column_per_question(database_url, receipts, tmp_path):
    path = tmp_path / "survey.csv"
    assert export("survey", "--format", "csv", "--output", str(path), "--database-url", database_url) == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's cue for UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    form_questions = [q["id"] for q in questions(load_form("survey"))]
    assert rows[0] == ["id", "received_at", "lang", "form_version", *form_questions]
    records = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert [r["id"] for r in records] == [r["id"] for r in receipts]  # received order
    assert [r["received_at"] for r in records] == [r["received_at"] for r in receipts]
    assert [r["lang"] for r in records] == ["my", "zh", "en"] and {r["form_version"] for r in records} == {str(load_form("survey")["version"])}
    burmese, chinese, english = records
    assert burmese["comment"] == BURMESE and chinese["comment"] == CHINESE
    assert burmese["documents_kept"] == "passport;residence-card"
    assert burmese["prefecture"] == "23" and english["prefecture"] == "01"
    assert chinese["fees_amount"] == "550000" and chinese["documents_kept"] == ""
    assert english["comment"] == "'=1+1 \"quoted\", and a comma"  # never run as a formula by Excel
    assert english["life_satisfaction"] == "10"


def test_jsonl_keeps_every_answer_as_sent(database_url, receipts, tmp_path):
    path = tmp_path / "survey.jsonl"
    assert export("survey", "--format", "jsonl", "--output", str(path), "--database-url", database_url) == 0
    text = path.read_text(encoding="utf-8")
    assert BURMESE in text and CHINESE in text  # readable, not \u escapes
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["id"] for r in records] == [r["id"] for r in receipts]
    assert [{"lang": r["lang"], "answers": r["answers"]} for r in records] == SENT
    assert all(r["form_version"] == load_form("survey")["version"] and r["received_at"] for r in records)


def test_without_output_the_export_goes_to_standard_output(database_url, receipts, capsysbinary):
    assert export("survey", "--format", "jsonl", "--database-url", database_url) == 0
    lines = capsysbinary.readouterr().out.decode("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in receipts]


def test_the_database_url_defaults_to_the_endpoints_setting(database_url, receipts, tmp_path, monkeypatch):
    monkeypatch.setenv("MIRAI_DATABASE_URL", database_url)
    path = tmp_path / "survey.csv"
    assert export("survey", "--output", str(path)) == 0  # CSV by default
    assert len(path.read_text(encoding="utf-8-sig").splitlines()) == 1 + len(SENT)


def test_a_form_without_submissions_gives_the_header_only(database_url, receipts, tmp_path):
    with _connect(database_url) as db:
        db.execute("DELETE FROM idempotency_keys")
        db.execute("DELETE FROM submissions")
    path = tmp_path / "empty.csv"
    assert export("survey", "--output", str(path), "--database-url", database_url) == 0
    assert path.read_text(encoding="utf-8-sig").splitlines() == [
        ",".join(["id", "received_at", "lang", "form_version", *(q["id"] for q in questions(load_form("survey")))])]


def test_a_failed_export_leaves_the_earlier_file_whole(database_url, receipts, tmp_path):
    (tmp_path / "exports").mkdir()
    path = tmp_path / "exports" / "survey.csv"
    path.write_text("yesterday's export\n", encoding="utf-8")
    with _connect(database_url) as db:  # a damaged row after the good ones: the export stops midway
        db.execute("INSERT INTO submissions VALUES ('broken', 'survey', 1, 'en', '9999-12-31T00:00:00+00:00', '{not json')")
    with pytest.raises(ValueError):
        export("survey", "--output", str(path), "--database-url", database_url)
    assert path.read_text(encoding="utf-8") == "yesterday's export\n"
    assert [p.name for p in path.parent.iterdir()] == ["survey.csv"]  # no half file left beside it


def test_an_unknown_form_is_named(database_url, tmp_path, capsys):
    assert export("quiz", "--output", str(tmp_path / "quiz.csv"), "--database-url", database_url) == 1
    assert "no form called 'quiz'" in capsys.readouterr().err
    assert not (tmp_path / "quiz.csv").exists()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_missing_sqlite_file_is_named_and_not_created(database_url, capsys):
    assert export("survey", "--database-url", database_url) == 1
    assert "no SQLite database at" in capsys.readouterr().err
    assert not _sqlite_path(database_url).exists()


def test_a_missing_postgresql_database_is_named(postgres_server, capsys):
    url = postgres_server.url_for("survey_typo")
    assert export("survey", "--database-url", url) == 1
    assert 'database "survey_typo" does not exist' in capsys.readouterr().err


def test_an_unreachable_postgresql_server_is_named(capsys):
    assert export("survey", "--database-url", f"postgres://mirai:secret@127.0.0.1:{free_port()}/mirai") == 1
    err = capsys.readouterr().err
    assert "cannot connect to postgres://mirai:***@127.0.0.1" in err and "secret" not in err


def test_a_database_the_endpoint_never_migrated_is_named(database_url, capsys):
    if database_url.startswith("sqlite"):
        sqlite3.connect(_sqlite_path(database_url)).execute("VACUUM")  # an empty SQLite file
    assert export("survey", "--database-url", database_url) == 1
    assert "schema version 0" in capsys.readouterr().err


def _sqlite_path(database_url: str):
    from pathlib import Path

    return Path(database_url.removeprefix("sqlite:///"))


def _connect(database_url: str):
    """A plain connection that commits on leaving the `with` block, to change the data by hand."""
    if database_url.startswith("sqlite"):
        return sqlite3.connect(_sqlite_path(database_url))
    return psycopg.connect(database_url)
