"""The operators' commands (`mirai desk ...`): make the desk's key pair, list cases, read one
(the sealed message opened with the private key file, on the operator's machine only), reply,
and change a case's status. The list shows only the routing fields that stay readable
(category, preferred language, prefecture), never the sealed text. Every command opens the
endpoint's database (EndpointSettings, or --database-url) without migrating it: operators
never create a database. A problem ends the command with one line, `OperatorError`."""
from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO, TypeVar

from mirai.desk.case_secret import normalise_case_number
from mirai.desk.keys import generate_desk_key, load_private_key
from mirai.desk.unseal import UnsealError, unseal

# Statuses an operator sets; "received" is the endpoint's, for a case nobody has touched.
OPERATOR_STATUSES = ("in-progress", "answered", "closed")
SEALED_FIELD = "sealed"
T = TypeVar("T")


class OperatorError(Exception):
    """What went wrong, in one line for the operator (never a message's text)."""


def _database_url(database_url: str | None) -> str:
    if database_url:
        return database_url
    from mirai.endpoint.settings import EndpointSettings
    return EndpointSettings.from_environment().database_url


@contextmanager
def _store(database_url: str | None):
    from mirai.endpoint.storage import StoreUnavailable, open_store
    try:
        store = open_store(_database_url(database_url), migrate=False)
    except (StoreUnavailable, ValueError) as e:
        raise OperatorError(str(e)) from None
    try:
        yield store
    finally:
        store.close()


def _case_number(text: str) -> str:
    try:
        return normalise_case_number(text)
    except ValueError as e:
        raise OperatorError(f"{text!r}: {e}") from None


def _on_case(case: str, work: Callable[[str], T]) -> T:
    from mirai.endpoint.storage import UnknownCase
    number = _case_number(case)
    try:
        return work(number)
    except UnknownCase:
        raise OperatorError(f"no case {number}") from None


def keygen(private_path: Path, public_path: Path, out: TextIO) -> None:
    try:
        public = generate_desk_key(Path(private_path), Path(public_path))
    except (FileExistsError, FileNotFoundError, PermissionError) as e:
        raise OperatorError(str(e)) from None
    print(f"private key (keep it off the server, readable only by you): {private_path}", file=out)
    print(f"public key (kid {public['kid']}), for the site's seal.js: {public_path}", file=out)


def _routing(values: dict) -> str:
    return " ".join(f"{field}={values.get(field) if values.get(field) is not None else '-'}" for field in values)


def list_cases(status: str | None, database_url: str | None, out: TextIO) -> int:
    from mirai.endpoint.storage import CASE_STATUSES
    if status is not None and status not in CASE_STATUSES:
        raise OperatorError(f"unknown status {status!r} (one of {', '.join(CASE_STATUSES)})")
    with _store(database_url) as store:
        cases = store.list_cases(status)
    for case in cases:
        print(f"{case.case_number}  {case.status:<11}  {case.created_at}  {_routing(case.routing)}", file=out)
    return len(cases)


def read_case(case: str, key_path: Path, database_url: str | None, out: TextIO) -> None:
    try:
        key = load_private_key(Path(key_path))
    except (OSError, ValueError) as e:  # missing, unreadable, not JSON, not a private P-256 JWK
        raise OperatorError(f"cannot use {key_path} as the desk's private key: {' '.join(str(e).split())}") from None
    with _store(database_url) as store:
        number = _case_number(case)
        answers = _on_case(case, store.case_answers)
        found = store.find_case(number)
        replies = store.replies(number)
    try:
        sealed = unseal(str(answers.get(SEALED_FIELD, "")), key)
    except UnsealError as e:
        raise OperatorError(f"cannot decrypt case {number}: {e}") from None
    print(f"case: {number}", file=out)
    print(f"status: {found.status} (updated {found.updated_at})", file=out)
    for field, value in answers.items():
        if field != SEALED_FIELD:
            print(f"{field}: {value}", file=out)
    print("sealed (decrypted):", file=out)
    print(json.dumps(sealed, ensure_ascii=False, indent=2), file=out)
    print(f"replies: {len(replies)}", file=out)
    for reply in replies:
        print(f"--- {reply.created_at} [{reply.lang or '-'}]", file=out)
        print(reply.body, file=out)


def reply(case: str, text: str, lang: str | None, database_url: str | None, out: TextIO) -> None:
    from mirai.languages import language_codes
    if not text.strip():
        raise OperatorError("the reply is empty")
    if lang is not None and lang not in language_codes():
        raise OperatorError(f"unknown language {lang!r} (one of {', '.join(language_codes())})")
    with _store(database_url) as store:
        stored = _on_case(case, lambda number: store.add_reply(number, text, lang))
    print(f"{_case_number(case)}: reply stored at {stored.created_at}; status answered", file=out)


def set_status(case: str, status: str, database_url: str | None, out: TextIO) -> None:
    if status not in OPERATOR_STATUSES:
        raise OperatorError(f"unknown status {status!r} (one of {', '.join(OPERATOR_STATUSES)})")
    with _store(database_url) as store:
        _on_case(case, lambda number: store.set_status(number, status))
    print(f"{_case_number(case)}: status {status}", file=out)
