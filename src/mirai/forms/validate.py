"""Checks one submission's answers against its form's schema.

The endpoint and the page's script use the same rules; each problem has a stable code
(for programs) and the question it is about (for the message in the reader's language)."""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass

from .schema import prefectures, questions


@dataclass(frozen=True)
class AnswerProblem:
    code: str        # required, unknown_question, not_a_choice, not_a_list, repeated_choice,
                     # out_of_range, not_a_number, too_long, not_text, not_a_date, not_a_prefecture,
                     # not_sealed
    question: str


def _whole(value) -> bool:
    # 7.0 is a whole number too (JSON does not tell 7 from 7.0; JSON Schema's integer accepts both)
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


B64URL = re.compile(r"[A-Za-z0-9_-]*")  # fullmatch: "$" would let a final newline through


def _b64url_json(part: str):
    try:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def is_sealed(value) -> bool:
    """Shaped as seal.js seals: a compact JWE of 5 base64url parts, no encrypted key (ECDH-ES is
    direct key agreement), a protected header with alg ECDH-ES, enc A256GCM and a P-256
    ephemeral key. Only the shape: the endpoint cannot decrypt (the desk's key is not here)."""
    if not isinstance(value, str):
        return False
    parts = value.split(".")
    if len(parts) != 5 or parts[1] or not all(parts[i] for i in (0, 2, 3, 4)):
        return False
    if not all(B64URL.fullmatch(part) for part in parts):
        return False
    header = _b64url_json(parts[0])  # any JSON: "0" decodes to the number 0
    if not isinstance(header, dict):
        return False
    epk = header.get("epk")
    return (header.get("alg") == "ECDH-ES" and header.get("enc") == "A256GCM" and isinstance(epk, dict)
            and epk.get("kty") == "EC" and epk.get("crv") == "P-256"
            and isinstance(epk.get("x"), str) and isinstance(epk.get("y"), str))


def check_answer(q: dict, value) -> str | None:
    kind = q["type"]
    choices = {c["id"] for c in q.get("choices", [])}
    if kind == "single":  # (a list or an object is never a choice: check the type before hashing)
        return None if isinstance(value, str) and value in choices else "not_a_choice"
    if kind == "multiple":
        if not isinstance(value, list) or not value:
            return "not_a_list"
        if not all(isinstance(v, str) and v in choices for v in value):
            return "not_a_choice"
        return None if len(set(value)) == len(value) else "repeated_choice"
    if kind == "scale":
        if not _whole(value):
            return "not_a_number"
        return None if q["min"] <= value <= q["max"] else "out_of_range"
    if kind == "number":
        if not _number(value):
            return "not_a_number"
        return None if q.get("min", float("-inf")) <= value <= q.get("max", float("inf")) else "out_of_range"
    if kind == "text":
        if not isinstance(value, str):
            return "not_text"
        return None if len(value) <= q["max_length"] else "too_long"
    if kind == "date":
        # YYYY-MM-DD only (RFC 3339 full-date, as the OpenAPI description says); Python's
        # fromisoformat alone would also take "20261130" and "2026-W48-1".
        if not (isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-"):
            return "not_a_date"
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            return "not_a_date"
    if kind == "sealed":
        if not is_sealed(value):
            return "not_sealed"
        return None if len(value) <= q["max_length"] else "too_long"
    if kind == "prefecture":
        return None if isinstance(value, str) and value in {p["code"] for p in prefectures()} else "not_a_prefecture"
    raise ValueError(f"unknown question type {kind!r}")


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def check_answers(form: dict, answers) -> list[AnswerProblem]:
    if not isinstance(answers, dict):
        return [AnswerProblem("not_an_object", "")]
    by_id = {q["id"]: q for q in questions(form)}
    problems = [AnswerProblem("unknown_question", qid) for qid in answers if qid not in by_id]
    for qid, q in by_id.items():
        value = answers.get(qid)
        if _empty(value):
            if q["required"]:
                problems.append(AnswerProblem("required", qid))
            continue
        code = check_answer(q, value)
        if code:
            problems.append(AnswerProblem(code, qid))
    return problems
