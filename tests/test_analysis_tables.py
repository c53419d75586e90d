"""The table model (mirai.analysis.tables): counts, NOT_ANSWERED, indicators, shares, means."""
from __future__ import annotations

import pytest

from mirai.analysis.tables import (ALL, ANSWERED, INDICATORS, NO, NOT_ANSWERED, YES, Indicator, Table,
                                   indicator, mean_by, one_way, percent, two_way, with_indicators)
from mirai.forms.schema import load_form, questions

SURVEY = {q["id"]: q for q in questions(load_form("survey"))}
NATIONS = ["vietnam", "china", "nepal"]
STATUSES = ["technical-intern", "specified-skilled"]

PEOPLE = [
    {"nationality": "vietnam", "residence_status": "technical-intern", "life_satisfaction": 6,
     "documents_kept": ["passport"], "fees_paid": "yes", "_lang": "vi"},
    {"nationality": "vietnam", "residence_status": "specified-skilled", "life_satisfaction": 8,
     "documents_kept": ["none"], "fees_paid": "no", "_lang": "vi"},
    {"nationality": "china", "residence_status": "technical-intern", "life_satisfaction": 3,
     "fees_paid": "unknown", "_lang": "zh"},
    {"nationality": "nepal", "life_satisfaction": 10, "documents_kept": [], "fees_paid": "", "_lang": "en"},
    {"nationality": "vietnam", "residence_status": "technical-intern", "_lang": "ja"},
]


def test_one_way_counts_each_category_and_keeps_not_answered_as_its_own_row():
    t = one_way(PEOPLE, "residence_status", STATUSES)
    assert (t.row_var, t.col_var, t.col_keys) == ("residence_status", None, [ALL])
    assert t.row_keys == [*STATUSES, NOT_ANSWERED]
    assert t.counts == [[3], [1], [1]]
    assert t.row_totals == [3, 1, 1] and t.col_totals == [5] and t.grand_total == len(PEOPLE)


def test_one_way_always_has_the_not_answered_row_even_when_nobody_skipped():
    t = one_way(PEOPLE, "nationality", NATIONS + ["brazil"])
    assert t.row_keys[-1] == NOT_ANSWERED and t.counts[-1] == [0] and t.counts[3] == [0]


def test_language_is_a_variable_like_any_other():
    t = one_way(PEOPLE, "_lang", ["en", "ja", "vi", "zh"])
    assert [row[0] for row in t.counts] == [1, 1, 2, 1, 0]


def test_two_way_lines_add_up_to_totals_that_match_the_one_way_tables():
    t = two_way(PEOPLE, "nationality", "residence_status", NATIONS, STATUSES)
    assert t.row_keys == [*NATIONS, NOT_ANSWERED] and t.col_keys == [*STATUSES, NOT_ANSWERED]
    assert t.counts == [[2, 1, 0], [1, 0, 0], [0, 0, 1], [0, 0, 0]]
    assert t.row_totals == [row[0] for row in one_way(PEOPLE, "nationality", NATIONS).counts]
    assert t.col_totals == [row[0] for row in one_way(PEOPLE, "residence_status", STATUSES).counts]
    assert t.grand_total == len(PEOPLE)


def test_scale_and_prefecture_answers_are_categories_too():
    people = [{"life_satisfaction": 7}, {"life_satisfaction": 7.0}, {"prefecture": "01"}]
    assert one_way(people, "life_satisfaction", list(range(11))).counts[7] == [2]
    assert one_way(people, "prefecture", [f"{n:02}" for n in range(1, 48)]).counts[0] == [1]


def test_an_answer_outside_the_categories_is_an_error_not_a_silent_drop():
    with pytest.raises(ValueError, match="'thailand' is not one of the categories"):
        one_way([{"nationality": "thailand"}], "nationality", NATIONS)


def test_a_multiple_choice_answer_cannot_be_counted_directly():
    with pytest.raises(TypeError, match="indicator"):
        one_way(PEOPLE, "documents_kept", ["passport", "none"])


def test_shares_are_percent_of_the_row_or_the_column_total():
    t = Table("t", "a", "b", ["x", "y"], ["p", "q"], [[1, 3], [0, 0]])
    assert t.row_shares() == [[25.0, 75.0], [None, None]]   # an empty row has no shares
    assert t.col_shares() == [[100.0, 100.0], [0.0, 0.0]]
    assert percent(None, 10) is None and percent(3, None) is None and percent(0, 0) is None


def test_indicator_turns_a_predicate_into_yes_no_not_answered():
    rows = indicator(PEOPLE, "happy", lambda r: None if "life_satisfaction" not in r
                     else r["life_satisfaction"] >= 7)
    assert [r["happy"] for r in rows] == [NO, YES, NO, YES, NOT_ANSWERED]
    assert "happy" not in PEOPLE[0]   # copies: the respondents are left alone
    with pytest.raises(ValueError, match="overwrite"):
        indicator(PEOPLE, "nationality", lambda r: True)


def test_the_problem_indicators():
    by_id = {ind.id: ind for ind in INDICATORS}
    rows = with_indicators(PEOPLE)
    # any of passport, residence card, bank book kept; "none" and an empty list are no / not answered
    assert [r["indicator.documents_withheld"] for r in rows] == [YES, NO, NOT_ANSWERED, NOT_ANSWERED, NOT_ANSWERED]
    assert [r["indicator.fees_paid"] for r in rows] == [YES, NO, NO, NOT_ANSWERED, NOT_ANSWERED]
    assert rows[0]["fees_paid"] == "yes"   # the answer itself stays
    assert by_id["debt"].predicate({"debt": "still-paying"}) is True
    assert by_id["debt"].predicate({"debt": "paid-back"}) is False
    overtime = by_id["unpaid_overtime"]
    assert [overtime.predicate({"overtime_paid": a}) for a in ("yes", "partly", "no", "no-overtime")] == \
        [False, True, True, False]
    t = two_way(rows, "nationality", "indicator.documents_withheld", NATIONS, [YES, NO])
    assert t.counts[0] == [1, 1, 1] and t.grand_total == len(PEOPLE)


def test_indicators_name_real_questions_and_choices_and_never_shadow_a_question():
    assert {ind.var for ind in INDICATORS}.isdisjoint(SURVEY)
    assert [ind.id for ind in INDICATORS] == ["fees_paid", "debt", "unpaid_overtime", "documents_withheld"]
    for ind in INDICATORS:
        choices = {c["id"] for c in SURVEY[ind.question]["choices"]}
        assert ind.yes <= choices, ind.id
    assert Indicator("x", "q", frozenset({"a"})).predicate({"q": ["b", "a"]}) is True


def test_mean_by_counts_who_answered_and_averages_their_answers():
    m = mean_by(PEOPLE, "nationality", "life_satisfaction", NATIONS)
    assert m.keys == [*NATIONS, NOT_ANSWERED]
    assert m.counts == [2, 1, 1, 0] and m.not_answered == [1, 0, 0, 0]
    assert m.means == [7.0, 3.0, 10.0, None]
    assert m.overall_mean == pytest.approx((6 + 8 + 3 + 10) / 4)
    t = m.table()   # what disclosure protects: answered / not answered by group
    assert (t.row_var, t.col_var, t.col_keys) == ("nationality", "life_satisfaction", [ANSWERED, NOT_ANSWERED])
    assert t.counts == [[2, 1], [1, 0], [1, 0], [0, 0]] and t.grand_total == len(PEOPLE)
