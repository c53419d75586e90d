"""The operators' command line (`mirai desk`, issue 7 item 6): a key pair from keygen, a
consultation sealed to it and sent through the endpoint, then list (routing fields, never the
message), read (decrypted with the private key file), reply and status, which the worker's
status route then shows. On SQLite and PostgreSQL."""
from __future__ import annotations

import json
import os
import stat

import pytest
from joserfc import jwe
from joserfc.jwk import ECKey

from mirai.cli import main
from mirai.endpoint.storage import UnknownCase, open_store

from test_consultation import CONTACT, MESSAGE, READABLE, consult, new_secret, status

LIST_FIELDS = "category=labour preferred_language=my prefecture=23"


@pytest.fixture
def keys(tmp_path):
    private, public = tmp_path / "desk-private.jwk", tmp_path / "desk-public.jwk"
    assert main(["desk", "keygen", "--private", str(private), "--public", str(public)]) == 0
    return private, public


def sealed_body(public_path, secret, **answers):
    public = json.loads(public_path.read_text())
    token = jwe.encrypt_compact({"alg": "ECDH-ES", "enc": "A256GCM", "kid": public["kid"]},
                                json.dumps({"message": MESSAGE, "contact": CONTACT}, ensure_ascii=False).encode(),
                                ECKey.import_key(public))  # the public key only, as seal.js has
    return {"lang": "my", "case_secret": secret, "answers": {**READABLE, "sealed": token, **answers}}


def desk(capsys, *args):
    """(exit code, standard output, standard error) of `mirai desk ...`."""
    capsys.readouterr()
    code = main(["desk", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(keys, capsys):
    private, public = keys
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert "d" in json.loads(private.read_text()) and "d" not in json.loads(public.read_text())
    before = private.read_bytes()
    code, _, err = desk(capsys, "keygen", "--private", str(private), "--public", str(public.with_name("other.jwk")))
    assert code == 1 and "never overwritten" in err and len(err.strip().splitlines()) == 1
    assert private.read_bytes() == before and not public.with_name("other.jwk").exists()


def test_list_shows_cases_oldest_first_with_routing_fields_and_never_the_message(endpoint, database_url, keys, capsys):
    client, _ = endpoint()
    first = consult(client, sealed_body(keys[1], new_secret())).json()["case"]
    second = consult(client, sealed_body(keys[1], new_secret(), category="housing", prefecture="13")).json()["case"]
    code, out, err = desk(capsys, "list", "--database-url", database_url)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines] == [[first, "received"], [second, "received"]]
    assert lines[0].endswith(LIST_FIELDS) and lines[1].endswith("category=housing preferred_language=my prefecture=13")
    for hidden in (MESSAGE, CONTACT["value"], "Example Foods", "technical-intern", "eyJ"):
        assert hidden not in out
    assert desk(capsys, "status", second, "closed", "--database-url", database_url)[0] == 0
    assert desk(capsys, "list", "--status", "closed", "--database-url", database_url)[1].split()[:2] == [second, "closed"]
    assert desk(capsys, "list", "--status", "received", "--database-url", database_url)[1].split()[:2] == [first, "received"]
    assert desk(capsys, "list", "--status", "in-progress", "--database-url", database_url)[1] == ""


def test_read_decrypts_what_the_consultation_stored(endpoint, database_url, keys, capsys):
    client, _ = endpoint()
    case = consult(client, sealed_body(keys[1], new_secret())).json()["case"]
    code, out, err = desk(capsys, "read", case.lower(), "--key", str(keys[0]), "--database-url", database_url)
    assert code == 0 and err == "", err
    assert f"case: {case}" in out and "status: received" in out
    assert "category: labour" in out and "employer: Example Foods" in out and "prefecture: 23" in out
    assert MESSAGE in out and CONTACT["value"] in out and "replies: 0" in out
    assert "eyJ" not in out  # the token itself is not printed


def test_reply_and_status_show_on_the_workers_status_route(endpoint, database_url, keys, capsys):
    client, store = endpoint()
    secret = new_secret()
    case = consult(client, sealed_body(keys[1], secret)).json()["case"]
    received_at = store.find_case(case).updated_at
    assert desk(capsys, "status", case, "in-progress", "--database-url", database_url)[0] == 0
    shown = status(client, case, secret).json()
    assert shown["status"] == "in-progress" and shown["replies"] == []
    text = "Chúng tôi đã đọc tin nhắn của bạn. Hãy giữ bản sao hợp đồng."
    code, out, err = desk(capsys, "reply", case, "--text", text, "--lang", "vi", "--database-url", database_url)
    assert code == 0 and err == "" and "status answered" in out
    shown = status(client, case, secret).json()
    assert shown["status"] == "answered"
    [reply] = shown["replies"]
    assert reply["body"] == text and reply["lang"] == "vi"
    assert store.find_case(case).updated_at == reply["created_at"] > received_at
    code, out, _ = desk(capsys, "read", case, "--key", str(keys[0]), "--database-url", database_url)
    assert code == 0 and "status: answered" in out and "replies: 1" in out and text in out
    assert desk(capsys, "status", case, "closed", "--database-url", database_url)[0] == 0
    assert status(client, case, secret).json()["status"] == "closed"


def test_an_unknown_case_gets_one_clear_line_and_changes_nothing(endpoint, database_url, keys, capsys):
    client, store = endpoint()
    case = consult(client, sealed_body(keys[1], new_secret())).json()["case"]
    for args in (["read", "C-00000000", "--key", str(keys[0])], ["reply", "C-00000000", "--text", "hello"],
                 ["status", "C-00000000", "closed"]):
        code, out, err = desk(capsys, *args, "--database-url", database_url)
        assert (code, out, err) == (1, "", f"mirai desk {args[0]}: no case C-00000000\n")
    code, _, err = desk(capsys, "status", "C-123", "closed", "--database-url", database_url)
    assert code == 1 and "a case number is C- and 8 letters and digits" in err
    with pytest.raises(UnknownCase):
        store.add_reply("C-00000000", "hello", None)
    with pytest.raises(UnknownCase):
        store.set_status("C-00000000", "closed")
    assert store.find_case(case).status == "received" and store.replies(case) == []
    assert store.replies("C-00000000") == []


def test_status_values_are_checked(endpoint, database_url, keys, capsys):
    client, store = endpoint()
    case = consult(client, sealed_body(keys[1], new_secret())).json()["case"]
    for value in ("received", "done", "Closed", ""):
        code, _, err = desk(capsys, "status", case, value, "--database-url", database_url)
        assert code == 1 and "unknown status" in err and "in-progress, answered, closed" in err
    code, _, err = desk(capsys, "list", "--status", "open", "--database-url", database_url)
    assert code == 1 and "unknown status 'open'" in err
    code, _, err = desk(capsys, "reply", case, "--text", "hi", "--lang", "xx", "--database-url", database_url)
    assert code == 1 and "unknown language 'xx'" in err
    with pytest.raises(ValueError):
        store.set_status(case, "done")
    assert store.find_case(case).status == "received" and store.replies(case) == []


def test_a_wrong_key_file_and_a_changed_token_get_one_clear_line(endpoint, database_url, keys, tmp_path, capsys):
    client, _ = endpoint()
    case = consult(client, sealed_body(keys[1], new_secret())).json()["case"]
    other_private, other_public = tmp_path / "other-private.jwk", tmp_path / "other-public.jwk"
    assert main(["desk", "keygen", "--private", str(other_private), "--public", str(other_public)]) == 0
    for key, expected in ((keys[1], "is not a P-256 private key"), (tmp_path / "missing.jwk", "cannot use"),
                          (other_private, f"cannot decrypt case {case}: sealed to another key")):
        code, out, err = desk(capsys, "read", case, "--key", str(key), "--database-url", database_url)
        assert code == 1 and out == "" and expected in err and len(err.splitlines()) == 1, err
        assert MESSAGE not in err


def test_the_desk_never_creates_a_database(tmp_path, capsys):
    missing = tmp_path / "nothing.sqlite3"
    code, _, err = desk(capsys, "list", "--database-url", f"sqlite:///{missing}")
    assert code == 1 and "no SQLite database" in err and not missing.exists()


def test_the_database_url_defaults_to_the_endpoints(database_url, endpoint, keys, monkeypatch, capsys):
    client, _ = endpoint()
    case = consult(client, sealed_body(keys[1], new_secret())).json()["case"]
    monkeypatch.setenv("MIRAI_DATABASE_URL", database_url)
    code, out, _ = desk(capsys, "list")
    assert code == 0 and out.startswith(case) and out.rstrip().endswith(LIST_FIELDS)


def test_the_case_reply_ids_are_unique(endpoint, database_url, keys):
    client, store = endpoint()
    case = consult(client, sealed_body(keys[1], new_secret())).json()["case"]
    for n in range(3):
        store.add_reply(case, f"reply {n}", None)
    assert [r.body for r in store.replies(case)] == ["reply 0", "reply 1", "reply 2"]
    reader = open_store(database_url, migrate=False)
    try:
        assert reader.find_case(case).status == "answered"
    finally:
        reader.close()


class Inbox:
    """What a real SMTP server (aiosmtpd) on localhost received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    from conftest import free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_a_new_case_sends_the_desk_a_notice_with_no_personal_data(endpoint, keys, smtp_server):
    inbox, port = smtp_server
    client, _ = endpoint(desk_email="desk@example.org", smtp_host="127.0.0.1", smtp_port=port)
    secret, key = new_secret(), "5b0c9d1e-0000-4000-8000-000000000001"
    sent = sealed_body(keys[1], secret)
    case = consult(client, sent, key).json()["case"]
    assert consult(client, sent, key).headers["idempotency-replayed"] == "true"  # a retry: no second notice
    [(recipients, text)] = inbox.messages
    assert recipients == ["desk@example.org"]
    assert case in text and "category: labour" in text and "language: my" in text
    for personal in (MESSAGE, CONTACT["value"], "Example Foods", "technical-intern", "prefecture", "23\n",
                     secret, sent["answers"]["sealed"][:40]):
        assert personal not in text


def test_no_notice_without_a_desk_address_and_a_dead_smtp_server_loses_no_case(endpoint, keys, smtp_server):
    inbox, port = smtp_server
    client, store = endpoint()
    assert consult(client, sealed_body(keys[1], new_secret())).status_code == 201
    from conftest import free_port
    client, store = endpoint(desk_email="desk@example.org", smtp_host="127.0.0.1", smtp_port=free_port())
    assert consult(client, sealed_body(keys[1], new_secret())).status_code == 201
    assert inbox.messages == [] and store.count("consultation") == 2
