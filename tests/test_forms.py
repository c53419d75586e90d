"""Form schemas (data/forms/): structure, texts in every language, and answer checks."""
from __future__ import annotations

import shutil

import pytest
import yaml

from mirai.checks import forms as form_checks
from mirai.forms.schema import (FORMS, FormError, load_form, localized_texts, prefectures, questions,
                                structure_problems, texts, translation_problems)
from mirai.forms.validate import check_answers
from mirai.languages import language_codes

SURVEY = load_form("survey")


def valid_answers() -> dict:
    return {"nationality": "vietnam", "residence_status": "technical-intern", "prefecture": "23",
            "industry": "food-manufacturing", "fees_paid": "yes", "fees_amount": 650000,
            "debt": "still-paying", "documents_kept": ["passport", "bankbook"], "housing": 3,
            "life_satisfaction": 7, "comment": "Cảm ơn."}


def test_survey_is_well_formed_and_every_text_exists_in_every_language():
    assert structure_problems(SURVEY) == []
    assert translation_problems("survey") == []
    for lang in language_codes():
        localized = localized_texts("survey", lang)
        assert set(localized) == set(texts(SURVEY)) and all(localized.values())


def test_survey_asks_what_the_plan_needs_and_nothing_that_names_a_person():
    ids = {q["id"] for q in questions(SURVEY)}
    assert {"nationality", "residence_status", "prefecture", "industry", "years_in_japan", "fees_paid",
            "debt", "contract_language", "wages_as_promised", "overtime_paid", "documents_kept",
            "housing", "health_care", "info_needed", "info_sources", "life_satisfaction"} <= ids
    assert not ids & {"name", "email", "e-mail", "phone", "address", "employer", "company"}
    # Free text: the comment, and the survey code a company hands out (version 2; a code, not a name)
    assert [q["id"] for q in questions(SURVEY) if q["type"] == "text"] == ["company_code", "comment"]
    assert "anonymous" in SURVEY["consent"]


def test_prefectures_are_the_47_of_jis_x_0401():
    codes = [p["code"] for p in prefectures()]
    assert codes == [f"{n:02d}" for n in range(1, 48)]
    assert prefectures()[12] == {"code": "13", "ja": "東京都", "en": "Tokyo"}


def test_a_complete_answer_passes():
    assert check_answers(SURVEY, valid_answers()) == []


@pytest.mark.parametrize("change, code, question", [
    ({"nationality": None}, "required", "nationality"),
    ({"life_satisfaction": ""}, "required", "life_satisfaction"),
    ({"nationality": "atlantis"}, "not_a_choice", "nationality"),
    ({"documents_kept": "passport"}, "not_a_list", "documents_kept"),
    ({"documents_kept": ["passport", "passport"]}, "repeated_choice", "documents_kept"),
    ({"documents_kept": ["passport", "car"]}, "not_a_choice", "documents_kept"),
    ({"housing": 6}, "out_of_range", "housing"),
    ({"housing": 2.5}, "not_a_number", "housing"),
    ({"life_satisfaction": True}, "not_a_number", "life_satisfaction"),
    ({"fees_amount": -1}, "out_of_range", "fees_amount"),
    ({"fees_amount": "lots"}, "not_a_number", "fees_amount"),
    ({"comment": "x" * 1001}, "too_long", "comment"),
    ({"comment": 5}, "not_text", "comment"),
    ({"prefecture": "48"}, "not_a_prefecture", "prefecture"),
    ({"favourite_colour": "blue"}, "unknown_question", "favourite_colour"),
])
def test_each_wrong_answer_is_named_with_a_stable_code(change, code, question):
    answers = {**valid_answers(), **change}
    problems = check_answers(SURVEY, answers)
    assert [(p.code, p.question) for p in problems] == [(code, question)]


def test_answers_that_are_not_an_object_are_refused():
    assert [p.code for p in check_answers(SURVEY, ["vietnam"])] == ["not_an_object"]


def test_the_check_names_a_missing_translation_and_a_broken_question(tmp_path):
    folder = tmp_path / "forms"
    shutil.copytree(FORMS, folder)
    form = yaml.safe_load((folder / "survey.yml").read_text(encoding="utf-8"))
    form["sections"][0]["questions"].append({"id": "nationality", "type": "colour", "required": "yes",
                                             "label": "Again"})
    (folder / "survey.yml").write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
    vi = folder / "translations" / "vi" / "survey.yml"
    lines = vi.read_text(encoding="utf-8").splitlines()
    vi.write_text("\n".join(l for l in lines if not l.startswith("consent:")), encoding="utf-8")
    load_form.cache_clear()
    try:
        messages = [p.message for p in form_checks.check(folder)]
    finally:
        load_form.cache_clear()
    assert "question 'nationality' is listed twice" in messages
    assert any("type 'colour' is not one of" in m for m in messages)
    assert "question 'nationality': 'required' must be true or false" in messages
    assert any(m.startswith("data/forms/translations/vi/survey.yml: 'consent' is missing") for m in messages)


def test_an_unknown_form_is_named():
    with pytest.raises(FormError, match="no form called 'nope'"):
        load_form("nope")
