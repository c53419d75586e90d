"""Reading the survey's respondents for the report (mirai.analysis.respondents), from SQLite
and from PostgreSQL: every submission or none, with one-line reasons; and the Japanese texts
the report prints."""
from __future__ import annotations

import json
import random
import re
import sqlite3
import uuid

import psycopg
import pytest
import yaml

from mirai.analysis.respondents import AnalysisError, Checker, form_at_version, load_respondents, without_password
from mirai.endpoint.storage import open_store
from mirai.forms.schema import FORMS, load_form, localized_texts, questions, texts
from mirai.forms.validate import check_answers

from conftest import free_port

SURVEY = load_form("survey")
VERSION = SURVEY["version"]
BASE = {"nationality": "vietnam", "residence_status": "technical-intern", "prefecture": "23", "life_satisfaction": 6}


def put(database_url: str, *rows: tuple[int, str, dict | str], form: str = "survey") -> None:
    """Stores (form_version, lang, answers) rows through the store, as the endpoint would."""
    store = open_store(database_url)
    try:
        for version, lang, answers in rows:
            text = answers if isinstance(answers, str) else json.dumps(answers, ensure_ascii=False, sort_keys=True)
            store.store(str(uuid.uuid4()), "test", form, version, lang, text,
                        lambda submission_id, received_at: (201, "{}"))
    finally:
        store.close()


def sql(database_url: str, statement: str) -> None:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url[len("sqlite:///"):]) as db:
            db.execute(statement)
    else:
        with psycopg.connect(database_url, autocommit=True) as db:
            db.execute(statement)


def refusal(database_url: str) -> str:
    with pytest.raises(AnalysisError) as caught:
        load_respondents(database_url)
    message = str(caught.value)
    assert "\n" not in message
    return message


# ---- reading ------------------------------------------------------------------------------------

def test_every_submission_comes_back_with_its_language_time_and_version(database_url):
    first = {**BASE, "company_code": "C001", "documents_kept": ["passport"], "comment": "Cảm ơn."}
    second = {**BASE, "nationality": "brazil", "residence_status": "resident", "fees_amount": 250000}
    put(database_url, (VERSION, "vi", first), (VERSION, "pt", second))
    put(database_url, (1, "en", BASE), form="consultation")  # another form: not read
    respondents = load_respondents(database_url)
    assert [{k: v for k, v in r.items() if not k.startswith("_")} for r in respondents] == [first, second]
    assert [(r["_lang"], r["_form_version"]) for r in respondents] == [("vi", VERSION), ("pt", VERSION)]
    assert respondents[0]["_received_at"] < respondents[1]["_received_at"]  # in the order they arrived
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", respondents[0]["_received_at"])


def test_version_1_answers_lack_the_company_code_and_are_read(database_url):
    put(database_url, (1, "zh", {**BASE, "nationality": "china"}), (VERSION, "vi", {**BASE, "company_code": "C007"}))
    old, new = load_respondents(database_url)
    assert "company_code" not in old and old["_form_version"] == 1 and old["nationality"] == "china"
    assert new["company_code"] == "C007" and new["_form_version"] == 2


def test_a_version_1_answer_with_a_company_code_is_refused(database_url):
    put(database_url, (1, "vi", {**BASE, "company_code": "C001"}), (VERSION, "vi", BASE))
    assert refusal(database_url) == "1 submission answers company_code, which version 1 of the survey did not ask"


def test_version_1_is_the_current_form_without_the_company_code():
    assert [q["id"] for q in questions(form_at_version(SURVEY, 1))] == [
        q["id"] for q in questions(SURVEY) if q["id"] != "company_code"]
    assert form_at_version(SURVEY, VERSION) is SURVEY


# ---- refusals -----------------------------------------------------------------------------------

def test_an_unknown_choice_is_named_with_how_many_submissions_chose_it(database_url):
    put(database_url, *[(VERSION, "en", {**BASE, "nationality": "atlantis"})] * 3, (VERSION, "en", BASE))
    assert refusal(database_url) == "3 submissions answer nationality with 'atlantis', which the survey does not offer"


def test_each_problem_is_named_on_one_line(database_url):
    put(database_url,
        (VERSION, "en", {**BASE, "documents_kept": ["passport", "car"]}),
        (VERSION, "en", {k: v for k, v in BASE.items() if k != "nationality"}),
        (VERSION, "en", {**BASE, "housing": 6}),
        (VERSION, "en", {**BASE, "favourite_colour": "blue"}),
        (1, "en", {**BASE, "life_satisfaction": 2.5}))
    assert refusal(database_url) == (
        "1 submission answers documents_kept with 'car', which the survey does not offer; "
        "1 submission leaves nationality unanswered, which the survey requires; "
        "1 submission answers housing with 6, outside 1 to 5; "
        "1 submission answers favourite_colour, which the survey does not ask; "
        "1 submission answers life_satisfaction with 2.5, which is not a whole number")


def test_a_refused_free_text_is_never_quoted(database_url):
    secret = "My supervisor Tanaka-san " + "x" * 1000
    put(database_url, (VERSION, "en", {**BASE, "comment": secret}), (VERSION, "en", {**BASE, "company_code": 7}))
    message = refusal(database_url)
    assert "Tanaka" not in message
    assert message == ("1 submission answers comment with a text of 1025 characters, longer than the 1000 characters "
                       "the survey allows; 1 submission answers company_code with 7, which is not text")


def test_answers_that_are_not_an_object_are_refused(database_url):
    put(database_url, (VERSION, "en", ["vietnam"]))
    assert refusal(database_url) == ("1 submission has answers that are not a JSON object, "
                                     "which the endpoint never stores")


def test_many_problems_are_cut_short(database_url):
    put(database_url, *[(VERSION, "en", {**BASE, "prefecture": f"{60 + n}"}) for n in range(8)])
    message = refusal(database_url)
    assert message.startswith("1 submission answers prefecture with '60', which is not a prefecture code (01 to 47); ")
    assert message.endswith("; and 3 more problems") and message.count(";") == 5


@pytest.mark.parametrize("version", [VERSION + 1, 0])
def test_a_version_the_program_does_not_know_says_to_update_it(database_url, version):
    put(database_url, (VERSION, "en", BASE), (version, "en", BASE), (version, "en", BASE))
    message = refusal(database_url)
    assert f"2 submissions of version {version}" in message
    assert f"it knows versions 1 to {VERSION}" in message and "update this program" in message


def test_nothing_is_returned_when_one_submission_is_refused(database_url):
    put(database_url, *[(VERSION, "en", BASE)] * 5, (VERSION, "en", {**BASE, "industry": "mining"}))
    assert refusal(database_url) == "1 submission answers industry with 'mining', which the survey does not offer"


def test_no_answers_yet_is_said_without_the_password(database_url):
    open_store(database_url).close()  # migrated, empty
    url = database_url.replace("postgres@", "postgres:s3cret@")  # the test server trusts any password
    with pytest.raises(AnalysisError) as caught:
        load_respondents(url)
    assert str(caught.value) == f"no answers to the survey yet in {without_password(url)}: nothing to report"
    assert "s3cret" not in str(caught.value)


def test_answers_that_are_not_json_are_a_database_problem(database_url):
    put(database_url, (VERSION, "en", "{not json"))
    assert refusal(database_url).startswith("cannot read the answers in ")


def test_a_missing_sqlite_database_is_named_and_not_created(tmp_path):
    path = tmp_path / "nope.sqlite3"
    with pytest.raises(AnalysisError, match=f"^cannot read the answers: no SQLite database at {path}$"):
        load_respondents(f"sqlite:///{path}")
    assert not path.exists()


def test_an_unreachable_server_is_named_on_one_line_without_the_password():
    url = f"postgresql://reader:s3cret@127.0.0.1:{free_port()}/mirai"
    with pytest.raises(AnalysisError) as caught:
        load_respondents(url)
    message = str(caught.value)
    assert message.startswith("cannot read the answers: cannot connect to postgresql://reader:***@127.0.0.1:")
    assert "s3cret" not in message and "\n" not in message


def test_a_database_never_migrated_or_migrated_further_is_refused(database_url):
    open_store(database_url).close()
    sql(database_url, "INSERT INTO schema_migrations VALUES (99, '2027-01-01')")
    assert refusal(database_url).startswith("cannot read the answers: the database has schema version 99, "
                                            "this program reads version 2")
    sql(database_url, "DROP TABLE schema_migrations")
    assert "schema version 0" in refusal(database_url)


def test_an_unsupported_url_and_an_unknown_form_are_analysis_errors():
    with pytest.raises(AnalysisError, match="unsupported database URL mysql"):
        load_respondents("mysql://localhost/x")
    with pytest.raises(AnalysisError, match="no form called 'nope'"):
        load_respondents("sqlite:///x", form_id="nope")


def test_the_password_is_hidden():
    assert without_password("postgresql://u:p%40ss@db.example/mirai") == "postgresql://u:***@db.example/mirai"
    assert without_password("postgresql://u@db/mirai") == "postgresql://u@db/mirai"
    assert without_password("sqlite:///var/db.sqlite3") == "sqlite:///var/db.sqlite3"


# ---- the checker is check_answers --------------------------------------------------------------

def test_the_memoised_checker_finds_what_check_answers_finds():
    rng = random.Random(8)
    odd = [None, "", [], "atlantis", 7, 7.0, True, 2.5, -1, 11, "23", "99", ["passport"], ["passport", "passport"],
           ["car", 1], [1], [True], {"a": 1}, [{"a": 1}], "x" * 1001, "2026-02-30", float("nan")]
    checker = Checker(SURVEY)
    all_questions = questions(SURVEY)
    for _ in range(3000):
        answers = dict(BASE)
        for q in rng.sample(all_questions, 4):
            if q.get("choices") and rng.random() < .5:
                choice = rng.choice(q["choices"])["id"]
                answers[q["id"]] = [choice] if q["type"] == "multiple" else choice
            else:
                answers[q["id"]] = rng.choice(odd)
        if rng.random() < .1:
            answers["unknown"] = 1
        assert checker(answers) == check_answers(SURVEY, answers), answers
    assert checker(["vietnam"]) == check_answers(SURVEY, ["vietnam"])


# ---- the Japanese texts of the report ------------------------------------------------------------

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_text_of_the_survey_exists_in_japanese():
    """`mirai check` checks the site's languages only; Japanese is the report's."""
    path = FORMS / "translations" / "ja" / "survey.yml"
    with open(path, encoding="utf-8") as f:
        japanese = yaml.safe_load(f)
    english = texts(SURVEY)
    assert [key for key in english if not japanese.get(key)] == [], "texts missing in ja"
    assert [key for key in japanese if key not in english] == [], "keys that are no text of the survey"
    assert [key for key, text in japanese.items() if not JAPANESE.search(text)] == [], "left in English?"
    assert localized_texts("survey", "ja")["questions.residence_status.choices.technical-intern"] == "技能実習"
