"""Checks one submission's answers against its form's schema.

The endpoint and the page's script use the same rules; each problem has a stable code
(for programs) and the question it is about (for the message in the reader's language)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .schema import prefectures, questions


@dataclass(frozen=True)
class AnswerProblem:
    code: str        # required, unknown_question, not_a_choice, not_a_list, repeated_choice,
                     # out_of_range, not_a_number, too_long, not_text, not_a_date, not_a_prefecture
    question: str


def _whole(value) -> bool:
    # 7.0 is a whole number too (JSON does not tell 7 from 7.0; JSON Schema's integer accepts both)
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
