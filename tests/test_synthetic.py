"""Synthetic survey answers (mirai.analysis.synthetic, `mirai synthesize`): the same for a
seed, valid, shaped as the module's (invented) distributions say, and written fast into
SQLite and PostgreSQL, never beside real answers."""
from __future__ import annotations

import datetime as dt
import statistics
import time
import uuid
from collections import Counter

import pytest

from mirai.analysis.respondents import load_respondents
from mirai.analysis.synthetic import (KEY_PREFIX, SynthesisError, company_codes, synthetic_submissions,
                                      write_synthetic)
from mirai.cli import main
from mirai.endpoint.storage import open_store
from mirai.forms.schema import load_form, prefectures
from mirai.forms.validate import check_answers

SURVEY = load_form("survey")
END = dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def sample():
    """20,000 invented answers (about a second to make)."""
    return [s.answers | {"_lang": s.lang, "_received_at": s.received_at}
            for s in synthetic_submissions(20_000, seed=11, companies=20, end=END)]


def share(rows, test) -> float:
    return sum(1 for r in rows if test(r)) / len(rows)


def test_the_same_seed_gives_the_same_answers():
    first = list(synthetic_submissions(500, seed=3, end=END))
    assert first == list(synthetic_submissions(500, seed=3, end=END))
    assert first != list(synthetic_submissions(500, seed=4, end=END))
    assert [s.answers for s in synthetic_submissions(500, seed=3, companies=5, end=END)] != [s.answers for s in first]


def test_every_answer_passes_the_endpoints_check(sample):
    assert [r for r in sample if check_answers(SURVEY, {k: v for k, v in r.items() if not k.startswith("_")})] == []


def test_nationalities_and_statuses_are_shaped_as_designed(sample):
    counts = Counter(r["nationality"] for r in sample)
    assert [n for n, _ in counts.most_common(5)] == ["vietnam", "china", "philippines", "indonesia", "other"]
    assert 0.30 < counts["vietnam"] / len(sample) < 0.38
    assert set(counts) == {c["id"] for c in SURVEY["sections"][0]["questions"][0]["choices"]}

    def intern_share(nationality):
        rows = [r for r in sample if r["nationality"] == nationality]
        return share(rows, lambda r: r["residence_status"] == "technical-intern")
    assert min(intern_share("vietnam"), intern_share("indonesia"), intern_share("myanmar")) > 0.35
    brazil = [r for r in sample if r["nationality"] == "brazil"]
    assert share(brazil, lambda r: r["residence_status"] == "resident") > 0.75
    nepal = [r for r in sample if r["nationality"] == "nepal"]
    assert Counter(r["residence_status"] for r in nepal).most_common(1)[0][0] == "student"


def test_prefectures_lean_to_the_industrial_ones_but_all_occur(sample):
    counts = Counter(r["prefecture"] for r in sample)
    assert set(counts) == {p["code"] for p in prefectures()}  # every prefecture possible
    top = {code for code, _ in counts.most_common(6)}
    assert len(top & {"13", "23", "27", "14", "11", "12", "22", "28"}) >= 5  # Tokyo, Aichi, Osaka...
    brazil = [r for r in sample if r["nationality"] == "brazil"]
    assert share(brazil, lambda r: r["prefecture"] in {"23", "22", "10", "24", "21"}) > \
        share(sample, lambda r: r["prefecture"] in {"23", "22", "10", "24", "21"})


def test_problems_go_together_and_lower_satisfaction(sample):
    interns = [r for r in sample if r["residence_status"] == "technical-intern"]
    residents = [r for r in sample if r["residence_status"] == "resident"]
    assert share(interns, lambda r: r.get("fees_paid") == "yes") > 0.5 > 0.1 > \
        share(residents, lambda r: r.get("fees_paid") == "yes")
    assert share(interns, lambda r: r.get("debt") == "still-paying") > 2 * share(residents, lambda r: r.get("debt") == "still-paying")
    withheld = share(sample, lambda r: set(r.get("documents_kept", ["none"])) != {"none"})
    assert 0.002 < withheld < 0.04  # rare
    assert share(interns, lambda r: r.get("wages_as_promised") == "less") > \
        share(residents, lambda r: r.get("wages_as_promised") == "less")
    underpaid = [r["life_satisfaction"] for r in sample if r.get("wages_as_promised") == "less"]
    paid = [r["life_satisfaction"] for r in sample if r.get("wages_as_promised") == "yes"]
    assert statistics.mean(underpaid) < statistics.mean(paid) - 1
    assert {r["life_satisfaction"] for r in sample} == set(range(11))
    amounts = [r["fees_amount"] for r in sample if "fees_amount" in r]
    assert all(r.get("fees_paid") == "yes" for r in sample if "fees_amount" in r)
    assert 200_000 < statistics.median(amounts) < 1_000_000


def test_optional_questions_are_sometimes_skipped_and_comments_are_rare(sample):
    for question in ("industry", "years_in_japan", "fees_paid", "debt", "housing", "info_needed"):
        assert 0.02 < share(sample, lambda r: question not in r) < 0.5, question
    assert all(r["life_satisfaction"] is not None for r in sample)
    assert share(sample, lambda r: "comment" in r) < 0.06
    assert share(sample, lambda r: r.get("industry") == "none" and "wages_as_promised" in r) == 0


def test_languages_mostly_match_the_nationality(sample):
    for nationality, lang in (("vietnam", "vi"), ("china", "zh"), ("indonesia", "id"), ("myanmar", "my"),
                              ("brazil", "pt"), ("peru", "es")):
        rows = [r for r in sample if r["nationality"] == nationality]
        assert share(rows, lambda r: r["_lang"] == lang) > 0.8, nationality
    assert {r["_lang"] for r in sample} == {"en", "zh", "vi", "tl", "id", "my", "pt", "es"}


def test_company_codes_are_invented_skewed_and_often_empty(sample):
    codes = Counter(r["company_code"] for r in sample if "company_code" in r)
    assert set(codes) == set(company_codes(20)) == {f"C{n:03d}" for n in range(1, 21)}
    assert 0.5 < share(sample, lambda r: "company_code" not in r) < 0.9
    sizes = sorted(codes.values())
    assert sizes[-1] > 8 * sizes[0]  # a few large companies, many small ones
    assert not any("company_code" in s.answers for s in synthetic_submissions(300, seed=1, companies=0, end=END))


def test_answers_arrive_over_the_last_twelve_months_in_order(sample):
    times = [dt.datetime.fromisoformat(r["_received_at"]) for r in sample]
    assert times == sorted(times)
    assert END - dt.timedelta(days=365) <= times[0] and times[-1] < END
    months = Counter(t.strftime("%Y-%m") for t in times)
    assert len(months) >= 12 and min(count for month, count in months.items() if month != "2025-11") > 800


def test_written_and_read_back(database_url):
    assert write_synthetic(database_url, 2_000, seed=5, companies=12, end=END) == 2_000
    respondents = load_respondents(database_url)
    expected = list(synthetic_submissions(2_000, seed=5, companies=12, end=END))
    assert [{k: v for k, v in r.items() if not k.startswith("_")} for r in respondents] == [s.answers for s in expected]
    assert [(r["_lang"], r["_received_at"], r["_form_version"]) for r in respondents] == [
        (s.lang, s.received_at, SURVEY["version"]) for s in expected]
    # More synthetic answers may join synthetic ones.
    assert write_synthetic(database_url, 10, seed=6, end=END) == 10
    assert len(load_respondents(database_url)) == 2_010


def test_never_beside_real_answers(database_url):
    store = open_store(database_url)
    try:
        store.store(str(uuid.uuid4()), "real", "survey", 2, "vi", '{"nationality": "vietnam"}',
                    lambda submission_id, received_at: (201, "{}"))
        with pytest.raises(SynthesisError, match="holds 1 submission that is not synthetic"):
            write_synthetic(database_url, 100, end=END)
        assert store.count("survey") == 1
    finally:
        store.close()
    assert main(["synthesize", "survey", "--respondents", "5", "--database-url", database_url]) == 1


def test_the_command(database_url, capsys):
    assert main(["synthesize", "survey", "--respondents", "50", "--database-url", database_url, "--seed", "2",
                 "--companies", "3"]) == 0
    assert "50 synthetic submissions of survey (invented, not real answers) written to" in capsys.readouterr().err
    respondents = load_respondents(database_url)
    assert len(respondents) == 50 and {r["company_code"] for r in respondents if "company_code" in r} <= {
        "C001", "C002", "C003"}
    store = open_store(database_url, migrate=False)
    try:
        assert store.count("survey") == 50
    finally:
        store.close()


def test_keys_say_synthetic(database_url):
    write_synthetic(database_url, 20, end=END)
    if database_url.startswith("sqlite:///"):
        import sqlite3
        with sqlite3.connect(database_url[len("sqlite:///"):]) as db:
            keys = [row[0] for row in db.execute("SELECT key FROM idempotency_keys")]
    else:
        import psycopg
        with psycopg.connect(database_url) as db:
            keys = [row[0] for row in db.execute("SELECT key FROM idempotency_keys")]
    assert len(keys) == 20 and all(key.startswith(KEY_PREFIX) for key in keys)


def test_twenty_thousand_are_written_in_seconds(database_url):
    started = time.perf_counter()
    write_synthetic(database_url, 20_000, seed=9, end=END)
    seconds = time.perf_counter() - started
    print(f"\n20,000 synthetic respondents written to {database_url.split(':')[0]} in {seconds:.1f} s")
    assert seconds < 60
