"""The survey's respondents, read from the endpoint's database for the report.

`load_respondents(url)` gives one dict per stored submission: its answers as they were
sent (a question left unanswered is simply absent), plus `_lang` (the page's language),
`_received_at` (ISO 8601 text, UTC, as stored) and `_form_version`. It reads an existing,
migrated database and never creates or changes one.

All or nothing: a report must not quietly leave answers out, so any problem (the database
cannot be read, no answers yet, a form version this program does not know, an answer the
schema refuses) raises `AnalysisError` with one line that says what and where, before
anything is returned.

Submissions keep the form version they were sent under. Each version is checked against
the current schema without the questions added after it (`ADDED_IN`): version 1 had no
`company_code`, so version-1 answers lack it, and a version-1 answer that has one is refused.
When a form's version is raised, record here the questions that version added."""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter

from ..endpoint.storage import StoreUnavailable, open_store
from ..forms.schema import FormError, load_form, questions
from ..forms.validate import AnswerProblem, check_answers

# form -> version -> the questions that version added (its earlier versions lack them)
ADDED_IN: dict[str, dict[int, set[str]]] = {
    "survey": {2: {"company_code"}},
}
META = ("_lang", "_received_at", "_form_version")  # the keys of a respondent that are not answers
MAX_PROBLEMS_SHOWN = 5


class AnalysisError(Exception):
    """The answers cannot be analysed; the message is one line for the person running it."""


def without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def form_at_version(form: dict, version: int) -> dict:
    """The schema as `version` asked it: the current one without the questions added later."""
    later = set().union(*(ids for v, ids in ADDED_IN.get(form["id"], {}).items() if v > version))
    if not later:
        return form
    return {**form, "sections": [{**section, "questions": [q for q in section["questions"] if q["id"] not in later]}
                                 for section in form["sections"]]}


def _database_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (sqlite3.Error, json.JSONDecodeError)  # answers that are not JSON
    try:
        import psycopg
        errors += (psycopg.Error,)
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    return errors


class Checker:
    """`check_answers(form, answers)`, the same problems in the same order, but each distinct
    (question, answer) checked once: a survey's answers repeat (a few hundred choices), and
    200,000 submissions checked whole took most of the loading time.

    check_answers checks each question on its own (unknown keys first, then every question
    in the form's order), so checking a one-question form gives that question's problems."""

    def __init__(self, form: dict):
        self.form = form
        self.asked = [(q["id"], {**form, "sections": [{"id": "-", "questions": [q]}]}) for q in questions(form)]
        self.ids = {qid for qid, _ in self.asked}
        self.memo: dict = {}

    def __call__(self, answers) -> list[AnswerProblem]:
        if not isinstance(answers, dict):
            return check_answers(self.form, answers)
        problems = [AnswerProblem("unknown_question", qid) for qid in answers if qid not in self.ids]
        memo = self.memo
        for qid, one in self.asked:
            value = answers.get(qid)
            kind = type(value)
            # The type is part of the key: 1, 1.0 and True are equal in Python, not to the check.
            # In a list, elements that are not text are refused alike, whatever their type.
            try:
                key = (qid, kind, tuple(value) if kind is list else value)
                found = memo.get(key)
            except TypeError:  # unhashable: a dict, or a list holding one
                problems += check_answers(one, {qid: value})
                continue
            if found is None:
                found = memo[key] = check_answers(one, {qid: value})
            problems += found
        return problems


def _shown(question: dict, value) -> str:
    """An answer as an error message may show it: never the words of a free-text answer."""
    if question["type"] == "text" and isinstance(value, str):
        return f"a text of {len(value)} characters"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _offending_values(question: dict, code: str, value) -> list:
    """The values to name: for a multiple question, each choice the form does not offer."""
    if code == "not_a_choice" and question["type"] == "multiple" and isinstance(value, list):
        offered = {c["id"] for c in question["choices"]}
        return [v for v in value if not (isinstance(v, str) and v in offered)] or [value]
    return [value]


def _describe(code: str, question: dict, value, version: int, form: dict) -> tuple[str, str, str]:
    """(verb, object, why) of one refused answer: ("answer", "nationality with 'atlantis'",
    "which the survey does not offer"); the verb agrees with the count later."""
    form_id, qid = form["id"], question["id"]
    if code == "not_an_object":
        return "have", "answers that are not a JSON object", "which the endpoint never stores"
    if code == "unknown_question":
        if any(q["id"] == qid for q in questions(form)):
            return "answer", qid, f"which version {version} of the {form_id} did not ask"
        return "answer", qid, f"which the {form_id} does not ask"
    if code == "required":
        return "leave", f"{qid} unanswered", f"which the {form_id} requires"
    answered = f"{qid} with {_shown(question, value)}"
    why = {
        "not_a_choice": f"which the {form_id} does not offer",
        "not_a_list": "which is not a list of choices",
        "repeated_choice": "which repeats a choice",
        "out_of_range": f"outside {question.get('min')} to {question.get('max')}",
        "not_a_number": "which is not a " + ("whole number" if question["type"] == "scale" else "number"),
        "too_long": f"longer than the {question.get('max_length')} characters the {form_id} allows",
        "not_text": "which is not text",
        "not_a_date": "which is not a date (YYYY-MM-DD)",
        "not_a_prefecture": "which is not a prefecture code (01 to 47)",
    }.get(code, f"which the {form_id} refuses ({code})")
    return "answer", answered, why


def _count(count: int, verb: str) -> str:
    if count == 1:
        return f"1 submission {'has' if verb == 'have' else verb + 's'}"
    return f"{count} submissions {verb}"


def load_respondents(database_url: str, form_id: str = "survey") -> list[dict]:
    """Every submission of `form_id` in `database_url`, checked; raises AnalysisError."""
    try:
        form = load_form(form_id)
    except FormError as e:
        raise AnalysisError(str(e)) from e
    current = int(form["version"])
    schemas = {version: form_at_version(form, version) for version in range(1, current + 1)}
    checkers = {version: Checker(schema) for version, schema in schemas.items()}
    by_id = {version: {q["id"]: q for q in questions(schema)} for version, schema in schemas.items()}
    where = without_password(database_url)

    try:
        store = open_store(database_url, migrate=False)
    except StoreUnavailable as e:
        raise AnalysisError(f"cannot read the answers: {_one_line(e)}") from e
    except ValueError as e:  # an unsupported URL
        raise AnalysisError(_one_line(e)) from e

    respondents: list[dict] = []
    unknown_versions: Counter = Counter()
    # (verb, what, why) -> how many submissions; in the order first met (arrival order)
    refused: Counter = Counter()
    try:
        for s in store.submissions(form_id):
            if not (isinstance(s.form_version, int) and 1 <= s.form_version <= current):
                unknown_versions[s.form_version] += 1
                continue
            problems = checkers[s.form_version](s.answers)
            for p in problems:
                question = by_id[s.form_version].get(p.question, {"id": p.question, "type": "?"})
                if p.code in ("unknown_question", "required", "not_an_object"):
                    values = [None]
                else:
                    values = _offending_values(question, p.code, s.answers.get(p.question))
                for value in values:
                    refused[_describe(p.code, question, value, s.form_version, form)] += 1
            if not problems:
                respondents.append({**s.answers, "_lang": s.lang, "_received_at": s.received_at,
                                    "_form_version": s.form_version})
    except _database_errors() as e:
        raise AnalysisError(f"cannot read the answers in {where}: {_one_line(e)}") from e
    finally:
        store.close()

    if unknown_versions:
        found = ", ".join(f"{count} {'submission' if count == 1 else 'submissions'} of version {version}"
                          for version, count in sorted(unknown_versions.items(), key=lambda item: str(item[0])))
        raise AnalysisError(f"{where} holds answers to a version of the {form_id} this program does not know "
                            f"({found}; it knows versions 1 to {current}): update this program "
                            "(git pull) and run it again")
    if refused:
        lines = [f"{_count(count, verb)} {what}, {why}" for (verb, what, why), count in refused.items()]
        more = len(lines) - MAX_PROBLEMS_SHOWN
        text = "; ".join(lines[:MAX_PROBLEMS_SHOWN]) + (f"; and {more} more problems" if more > 0 else "")
        raise AnalysisError(text)
    if not respondents:
        raise AnalysisError(f"no answers to the {form_id} yet in {where}: nothing to report")
    return respondents
