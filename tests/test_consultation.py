"""The consultation form's server side (issue 7): a message sealed to the desk's key (joserfc
here, as seal.js does in the browser) is stored once with its case; neither the message nor
the case secret is anywhere in the database; the case's status opens with number + secret
only, unknown and wrong look alike, and wrong tries are limited. On SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import io
import json
import secrets
import sqlite3
import uuid

import psycopg
import pytest
from joserfc import jwe
from starlette.testclient import TestClient

from mirai.cli import main
from mirai.desk.case_secret import CROCKFORD
from mirai.desk.keys import generate_desk_key, load_private_key
from mirai.desk.unseal import unseal
from mirai.endpoint.app import WrongTries
from mirai.endpoint.messages import load_messages
from mirai.forms.schema import load_form
from mirai.forms.validate import check_answers

URL = "/v1/forms/consultation/submissions"
MESSAGE = "PLAINTEXT-ဆရာဝန် my employer keeps my passport"
CONTACT = {"kind": "line", "value": "LINE-ID-SECRET-77"}
READABLE = {"category": "labour", "preferred_language": "my", "prefecture": "23",
            "residence_status": "technical-intern", "employer": "Example Foods", "contact_method": "line"}


def new_secret() -> str:
    symbols = "".join(secrets.choice(CROCKFORD) for _ in range(28))
    return "-".join(symbols[i:i + 4] for i in range(0, 28, 4))


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    public = generate_desk_key(folder / "private.jwk", folder / "public.jwk")
    return load_private_key(folder / "private.jwk"), public


def seal(desk, payload) -> str:
    key, public = desk
    return jwe.encrypt_compact({"alg": "ECDH-ES", "enc": "A256GCM", "kid": public["kid"]},
                               json.dumps(payload, ensure_ascii=False).encode(), key)


def consult(client, body, key=None):
    return client.post(URL, content=json.dumps(body), headers={"Content-Type": "application/json",
                                                              "Idempotency-Key": key or str(uuid.uuid4())})


def status(client, case, secret, lang="vi", client_address=None):
    if client_address:  # another phone: a client with its own address
        client = TestClient(client.app, base_url="http://127.0.0.1:8000", client=(client_address, 50000))
    return client.post(f"/v1/cases/{case}/status", content=json.dumps({"secret": secret, "lang": lang}),
                       headers={"Content-Type": "application/json"})


def body(desk, secret, **answers):
    return {"lang": "my", "case_secret": secret,
            "answers": {**READABLE, "sealed": seal(desk, {"message": MESSAGE, "contact": CONTACT}), **answers}}


def every_text(database_url) -> str:
    """Everything the database holds: the SQLite file's bytes (WAL included), or every text
    column of every PostgreSQL table."""
    if database_url.startswith("sqlite"):
        from pathlib import Path
        path = Path(database_url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        return raw.decode("utf-8", "replace")
    out = []
    with psycopg.connect(database_url) as db:
        columns = db.execute("SELECT table_name, column_name FROM information_schema.columns "
                             "WHERE table_schema = 'public'").fetchall()
        for table, column in columns:
            out += [str(row[0]) for row in db.execute(f'SELECT "{column}"::text FROM "{table}"')]
    return "\n".join(out)


def sql(database_url, statement, params=()):
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            db.execute(statement.replace("%s", "?"), params)
    else:
        with psycopg.connect(database_url) as db:
            db.execute(statement, params)


def test_a_sealed_consultation_is_stored_once_with_its_case_and_nothing_readable(endpoint, database_url, desk):
    client, store = endpoint()
    secret, key = new_secret(), str(uuid.uuid4())
    sent = body(desk, secret)
    first = consult(client, sent, key)
    assert first.status_code == 201, first.text
    receipt = first.json()
    assert set(receipt) == {"id", "received_at", "case"} and receipt["case"].startswith("C-")
    again = consult(client, sent, key)  # a retry after a lost answer
    assert again.status_code == 201 and again.json() == receipt and again.headers["idempotency-replayed"] == "true"
    assert store.count("consultation") == 1
    [stored] = store.submissions("consultation")
    assert unseal(stored.answers["sealed"], desk[0]) == {"message": MESSAGE, "contact": CONTACT}  # the desk reads it
    assert "case_secret" not in stored.answers
    everything = every_text(database_url)
    assert receipt["case"] in everything and "Example Foods" in everything  # the search does see the database
    for hidden in (MESSAGE, "PLAINTEXT", "ဆရာဝန်", CONTACT["value"], secret, secret.replace("-", "")):
        assert hidden not in everything


def test_a_message_that_is_not_sealed_is_refused(endpoint, desk):
    client, store = endpoint()
    header = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0"  # {"alg":"dir","enc":"A256GCM"}
    # headers "0" and "W10" ([]) are JSON, but not objects
    for sealed in (MESSAGE, "a.b.c.d.e", "0..0.0.0", "W10..a.b.c", f"{header}..iv.ct.tag",
                   seal(desk, "x").replace(".", "..", 1), 42):
        response = consult(client, body(desk, new_secret(), sealed=sealed))
        assert response.status_code == 422
        assert [(p["question"], p["code"]) for p in response.json()["error"]["problems"]] == [("sealed", "not_sealed")]
        assert response.json()["error"]["problems"][0]["message"] == load_messages()["my"]["not_sealed"]
    assert store.count("consultation") == 0


@pytest.mark.parametrize("secret", [None, "", "1234", new_secret() + "X", new_secret().replace("A", "U")[:-1] + "U", 7])
def test_a_bad_case_secret_is_refused(endpoint, desk, secret):
    client, store = endpoint()
    sent = body(desk, "")
    sent["case_secret"] = secret
    response = consult(client, sent)
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "invalid_case_secret",
                                        "message": load_messages()["my"]["invalid_case_secret"]}
    assert store.count("consultation") == 0


def test_the_case_status_shows_the_case_and_the_desks_replies(endpoint, database_url, desk):
    client, _ = endpoint()
    secret = new_secret()
    case = consult(client, body(desk, secret)).json()["case"]
    shown = status(client, case, secret)
    assert shown.status_code == 200 and shown.headers["cache-control"] == "no-store"
    assert shown.json()["case"] == case and shown.json()["status"] == "received" and shown.json()["replies"] == []
    sql(database_url, "INSERT INTO case_replies VALUES (%s, %s, %s, %s, %s)",
        (str(uuid.uuid4()), case, "2026-11-30T15:00:00.000000+00:00", "Xin chào, chúng tôi đã nhận.", "vi"))
    typed = status(client, case.lower().replace("c-", ""), secret.lower().replace("-", " "))  # as typed by hand
    assert typed.json()["replies"] == [{"created_at": "2026-11-30T15:00:00.000000+00:00",
                                        "body": "Xin chào, chúng tôi đã nhận.", "lang": "vi"}]


def test_an_unknown_case_and_a_wrong_secret_get_the_same_answer(endpoint, desk):
    client, _ = endpoint()
    secret = new_secret()
    case = consult(client, body(desk, secret)).json()["case"]
    wrong_secret = status(client, case, new_secret())
    unknown_case = status(client, "C-00000000", secret, client_address="10.0.0.2")
    not_a_number = status(client, "nonsense", secret, client_address="10.0.0.3")
    assert wrong_secret.status_code == unknown_case.status_code == not_a_number.status_code == 404
    assert wrong_secret.content == unknown_case.content == not_a_number.content
    assert wrong_secret.json()["error"] == {"code": "case_not_found", "message": load_messages()["vi"]["case_not_found"]}


def test_the_sixth_wrong_try_in_an_hour_waits_while_other_clients_still_get_in(endpoint, desk):
    client, _ = endpoint()
    secret = new_secret()
    case = consult(client, body(desk, secret)).json()["case"]
    assert status(client, case, secret).status_code == 200  # right tries do not count
    tries = [status(client, case, new_secret()).status_code for _ in range(6)]
    assert tries == [404] * 5 + [429]
    limited = status(client, case, secret)  # even the right secret waits, from this client
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "too_many_tries"
    assert 3500 <= int(limited.headers["retry-after"]) <= 3601
    assert status(client, case, secret, client_address="10.0.0.9").status_code == 200


def test_wrong_tries_leave_the_window_after_an_hour():
    tries = WrongTries(limit=2, window=3600)
    assert tries.take("a", now=0)[0] == 0 and tries.take("a", now=1)[0] == 0
    assert tries.take("a", now=2)[0] == 3599
    wait, mark = tries.take("a", now=3600.5)
    assert wait == 0
    tries.give_back("a", mark)  # a right secret: it does not count
    assert tries.take("a", now=3601.5)[0] == 0


def test_the_survey_is_unchanged(endpoint):
    client, store = endpoint()
    answers = {"nationality": "vietnam", "residence_status": "technical-intern", "prefecture": "23",
               "life_satisfaction": 6}
    response = client.post("/v1/forms/survey/submissions", json={"lang": "vi", "answers": answers},
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 201 and set(response.json()) == {"id", "received_at"}
    assert store.count("survey") == 1


def test_a_long_burmese_message_fits(endpoint, desk):
    client, store = endpoint()
    sent = body(desk, new_secret(), sealed=seal(desk, {"message": "ဆ" * 20_000, "contact": CONTACT}))
    assert len(json.dumps(sent)) > 64 * 1024  # more than any other form's body may be
    assert consult(client, sent).status_code == 201
    assert store.count("consultation") == 1


def test_the_export_has_the_readable_answers_and_the_sealed_token_as_is(endpoint, database_url, desk, tmp_path):
    client, _ = endpoint()
    sent = body(desk, new_secret())
    receipt = consult(client, sent).json()
    path = tmp_path / "consultation.csv"
    assert main(["export", "consultation", "--output", str(path), "--database-url", database_url]) == 0
    [row] = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert row["id"] == receipt["id"] and row["category"] == "labour" and row["employer"] == "Example Foods"
    assert row["sealed"] == sent["answers"]["sealed"] and MESSAGE not in path.read_text(encoding="utf-8-sig")


def test_the_validator_checks_the_tokens_shape_only(desk):
    form = load_form("consultation")
    good = {**READABLE, "sealed": seal(desk, {"message": "hi"})}
    assert check_answers(form, good) == []
    header, _, *rest = good["sealed"].split(".")
    assert [p.code for p in check_answers(form, {**good, "sealed": ".".join([header, "key", *rest])})] == ["not_sealed"]
    assert [p.code for p in check_answers(form, {**good, "sealed": "x" * 70_000})] == ["not_sealed"]
    assert [p.code for p in check_answers(form, {**good, "sealed": good["sealed"] + "\n"})] == ["not_sealed"]


def test_outside_the_pilot_a_consultation_is_refused_in_the_workers_language(endpoint, desk):
    from mirai.desk.eligibility import COMPANIES, Eligibility

    client, store = endpoint(eligibility=Eligibility(COMPANIES, frozenset({"C001", "C017"})))
    for code in (None, "C999", ""):
        sent = body(desk, new_secret(), **({"company_code": code} if code is not None else {}))
        refused = consult(client, sent)
        assert refused.status_code == 403
        assert refused.json()["error"] == {"code": "not_eligible", "message": load_messages()["my"]["not_eligible"]}
    # Codes as workers type them: a participating company's worker gets a case.
    accepted = consult(client, body(desk, new_secret(), company_code="ｃ-０１７"))
    assert accepted.status_code == 201 and accepted.json()["case"].startswith("C-")
    assert store.count("consultation") == 1
    # Open to all (the default of data/desk.yml): no code needed.
    open_client, _ = endpoint()
    assert consult(open_client, body(desk, new_secret())).status_code == 201
