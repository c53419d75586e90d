"""The submissions endpoint fuzzed from its own OpenAPI description (schemathesis), and the
answer validator's properties (hypothesis).

Reproducible: a fixed number of examples, derandomized, no example database, so CI runs the
same cases every time instead of hunting for new ones. `pytest -rA -s` prints the figures."""
from __future__ import annotations

import json
import uuid
from collections import Counter
from itertools import count

import pytest
import schemathesis
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance
from schemathesis.config._checks import NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, NegativeDataRejectionConfig
from starlette.testclient import TestClient

from mirai.endpoint.app import KEY, create_endpoint
from mirai.endpoint.openapi import openapi_document
from mirai.endpoint.settings import EndpointSettings
from mirai.forms.schema import load_form, prefectures, questions
from mirai.forms.validate import check_answers

FUZZ_EXAMPLES = 500  # per operation and generation mode
REPRODUCIBLE = settings(derandomize=True, database=None, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
ERROR_CODES = set(openapi_document()["components"]["schemas"]["Error"]["properties"]["error"]
                  ["properties"]["code"]["enum"])


def as_served(app):
    """Starlette sends its 500 and then re-raises (for the server to log); uvicorn keeps the
    response, so here too: the fuzzer sees the 500 a phone would see."""
    async def served(scope, receive, send):
        try:
            await app(scope, receive, send)
        except Exception:
            pass  # the endpoint has logged the error's type
    return served


def endpoint_settings(folder) -> EndpointSettings:
    # The fuzzer is one client sending hundreds of requests: no rate limit in the way.
    return EndpointSettings(database_url=f"sqlite:///{folder / 'submissions.sqlite3'}",
                            submissions_per_minute=1_000_000)


KEY_SERIAL = count()


def make_key_unique(case) -> None:
    """Schemathesis draws keys from a small space, so two different valid bodies often share
    one, and the second rightly gets 422 (key reused), which its acceptance check would
    flag. A valid key stays valid (and an invalid one invalid); test_endpoint.py tests reuse."""
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and KEY.match(key):
        case.headers["Idempotency-Key"] = f"{key[:200]}.{next(KEY_SERIAL)}"


@pytest.fixture(scope="module")
def tally():
    """Counts what the tests below tried; printed at the end (`pytest -rA -s`)."""
    counts = Counter()
    yield counts
    statuses = {int(k[7:]): v for k, v in sorted(counts.items()) if k.startswith("status ")}
    print(f"\nendpoint fuzz: {counts['cases']} cases tried, {counts['server errors']} server errors; "
          f"statuses {statuses}")
    print(f"validator: {counts['validated']} random answers checked; round trip: {counts['stored']} accepted "
          f"and exported as sent, {counts['refused']} refused with 422")


@pytest.fixture
def served_endpoint(tmp_path):
    return as_served(create_endpoint(endpoint_settings(tmp_path)))


# The description the endpoint serves (test_endpoint.py keeps it equal to /v1/openapi.json),
# loaded at import so pytest can name one test per operation.
endpoint_schema = schemathesis.openapi.from_dict(openapi_document())
endpoint_schema.config.generation.update(modes=list(schemathesis.GenerationMode),  # valid and invalid
                                         max_examples=FUZZ_EXAMPLES)
# Invalid input may also be refused for its size: 413 is a refusal too (a made-up body with
# over 200,000 characters in `sealed` breaks maxLength and the body limit at once).
endpoint_schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
    expected_statuses=[*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "413"])


@endpoint_schema.parametrize()
@settings(REPRODUCIBLE, max_examples=FUZZ_EXAMPLES,  # one endpoint (and database) per operation, on purpose
          suppress_health_check=[*REPRODUCIBLE.suppress_health_check, HealthCheck.function_scoped_fixture])
def test_the_endpoint_answers_any_request_as_its_description_says(case, served_endpoint, tally):
    make_key_unique(case)
    response = case.call(app=served_endpoint)
    tally["cases"] += 1
    tally[f"status {response.status_code}"] += 1
    tally["server errors"] += response.status_code >= 500
    # Every built-in check: no 5xx; documented status codes, content types, headers and bodies
    # (errors as {"error": {"code", "message"}}, a documented code); invalid input refused,
    # valid input accepted, a missing required header refused.
    # A consultation's sealed token is a JWE whose header must name ECDH-ES, A256GCM and a P-256
    # key: more than its pattern says, so a token made up from the pattern is rightly refused.
    sealed_only_in_outline = case.operation.definition.raw.get("operationId") == "consult"
    case.validate_response(response, excluded_checks=[positive_data_acceptance] if sealed_only_in_outline else None)


VALID = b'"nationality": "peru", "residence_status": "other", "prefecture": "01", "life_satisfaction": 0'


@pytest.mark.parametrize("body", [
    b'{"answers": {' + VALID + b', "info_sources": [{}]}}',        # an object among the choices
    b'{"answers": {' + VALID.replace(b'"peru"', b'["peru"]') + b'}}',  # a list for a single choice
    b'{"answers": {' + VALID.replace(b'"01"', b'{}') + b'}}',          # an object for a prefecture
    b'{"answers": {' + VALID + b', "comment": "\\ud800"}}',           # a lone surrogate (valid JSON)
    b'{"lang": "\\udfff", "answers": {}}',
    b'{"answers": ' + b"[" * 20_000 + b"]" * 20_000 + b"}",           # nested deeper than json.loads goes
], ids=["object-in-multiple", "list-for-single", "object-for-prefecture", "surrogate-in-text",
        "surrogate-in-lang", "deep-nesting"])
def test_what_the_fuzzer_found_is_refused_without_a_server_error(served_endpoint, body):
    client = TestClient(served_endpoint, base_url="http://127.0.0.1:8000")
    response = client.post("/v1/forms/survey/submissions", content=body,
                           headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.json()["error"]["code"] in ERROR_CODES


# --- The answer validator -------------------------------------------------------------------

# One question of every type the schema knows (the survey has no date question).
EVERY_TYPE = {"id": "every-type", "version": 1, "sections": [{"id": "all", "questions": [
    {"id": "single", "type": "single", "required": True, "choices": [{"id": "a"}, {"id": "b"}]},
    {"id": "multiple", "type": "multiple", "required": False, "choices": [{"id": "a"}, {"id": "b"}, {"id": "c"}]},
    {"id": "scale", "type": "scale", "required": True, "min": 0, "max": 10},
    {"id": "number", "type": "number", "required": False, "min": 0, "max": 1_000_000},
    {"id": "text", "type": "text", "required": False, "max_length": 20},
    {"id": "date", "type": "date", "required": False},
    {"id": "prefecture", "type": "prefecture", "required": True},
]}]}
PROBLEM_CODES = {"not_an_object", "required", "unknown_question", "not_a_choice", "not_a_list",
                 "repeated_choice", "out_of_range", "not_a_number", "too_long", "not_text",
                 "not_a_date", "not_a_prefecture"}

# JSON may carry a lone surrogate ("\ud800"); json.loads hands it to the validator as is.
texts = st.text(max_size=30) | st.text(st.characters(categories=["Ll", "Cs"]), max_size=3)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=8)
SKIPPED = st.sampled_from([None, "", []])  # what the validator reads as "not answered"


def valid(q: dict) -> st.SearchStrategy:
    """Values the question is meant to accept."""
    choices = [c["id"] for c in q.get("choices", [])]
    low, high = q.get("min", -10**9), q.get("max", 10**9)
    return {
        "single": lambda: st.sampled_from(choices),
        "multiple": lambda: st.lists(st.sampled_from(choices), min_size=1, max_size=len(choices), unique=True),
        "scale": lambda: st.integers(low, high),
        "number": lambda: st.integers(low, high) | st.floats(low, high),
        "text": lambda: st.text(st.characters(exclude_categories=["Cn"]), max_size=q["max_length"]) | texts,
        "date": lambda: st.dates().map(str),
        "prefecture": lambda: st.sampled_from([p["code"] for p in prefectures()]),
    }[q["type"]]()


def near_misses(q: dict) -> st.SearchStrategy:
    """Values just outside what the question accepts, or nothing."""
    low, high = q.get("min", 0), q.get("max", 10)
    return {
        "single": lambda: st.just("not-a-choice"),
        "multiple": lambda: st.just([]) | valid(q).map(lambda chosen: chosen + chosen[:1]),
        "scale": lambda: st.sampled_from([low - 1, high + 1, float(low), True]),
        "number": lambda: st.sampled_from([low - 1, high + 1, float("nan"), float("inf"), "1"]),
        "text": lambda: st.just("x" * (q.get("max_length", 0) + 1)),
        "date": lambda: st.sampled_from(["2026-02-30", "30/11/2026", "20261130"]),
        "prefecture": lambda: st.sampled_from(["00", "48", "1", 23]),
    }[q["type"]]() | SKIPPED


def answers_to(form: dict, value_for) -> st.SearchStrategy:
    """An answer to every required question and to some of the others, `value_for(q)` each."""
    return st.fixed_dictionaries({q["id"]: value_for(q) for q in questions(form) if q["required"]},
                                 optional={q["id"]: value_for(q) for q in questions(form) if not q["required"]})


def anything_for(q: dict) -> st.SearchStrategy:
    return valid(q) | near_misses(q) | json_values


@settings(REPRODUCIBLE, max_examples=500)
@given(answers=answers_to(EVERY_TYPE, anything_for)
       | st.builds(dict, answers_to(EVERY_TYPE, anything_for), nope=json_values)  # a question it lacks
       | json_values)  # not even an object
def test_the_validator_names_problems_and_never_raises(answers, tally):
    note(f"answers = {answers!r}")  # schemathesis's plugin blanks Hypothesis's own failing-example line
    tally["validated"] += 1
    problems = check_answers(EVERY_TYPE, answers)
    ids = {q["id"] for q in questions(EVERY_TYPE)}
    for problem in problems:
        assert problem.code in PROBLEM_CODES
        assert problem.question in ids or problem.code in ("not_an_object", "unknown_question")


def canonical(value) -> str:
    # Compares as JSON: 1, 1.0 and true are three different answers.
    return json.dumps(value, sort_keys=True)


@pytest.fixture(scope="module")
def survey_endpoint(tmp_path_factory):
    app = create_endpoint(endpoint_settings(tmp_path_factory.mktemp("survey")))
    return TestClient(app, base_url="http://127.0.0.1:8000"), app.state.store


@settings(REPRODUCIBLE, max_examples=150)
@given(answers=answers_to(load_form("survey"), valid) | answers_to(load_form("survey"), anything_for))
def test_what_the_validator_accepts_is_stored_and_exported_as_given(survey_endpoint, tally, answers):
    note(f"answers = {answers!r}")
    client, store = survey_endpoint
    accepted = not check_answers(load_form("survey"), answers)
    # json.dumps escapes a lone surrogate as \ud800, as a phone's JSON.stringify does
    response = client.post("/v1/forms/survey/submissions", content=json.dumps({"lang": "vi", "answers": answers}),
                           headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
    try:
        json.dumps(answers, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: valid JSON syntax, but no text to store
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_json"
        tally["refused"] += 1
        return
    if not accepted:
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_answers"
        tally["refused"] += 1
        return
    assert response.status_code == 201, response.text
    tally["stored"] += 1
    exported = {s.id: s for s in store.submissions("survey")}[response.json()["id"]]
    assert canonical(exported.answers) == canonical(answers)
