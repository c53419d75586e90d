"""The survey report as the secretariat gets it: built from SQLite and PostgreSQL, every
published number at least the threshold (or 0), nothing derivable below it from a table's
totals, company pages on the same terms, and clear refusals that leave no half report."""
from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest

from mirai.analysis.report import company_key, region_of
from mirai.analysis.synthetic import write_synthetic
from mirai.cli import main
from mirai.forms.schema import load_translations

K = 10


def report(database_url: str, output: Path, *extra: str) -> int:
    return main(["report", "survey", "--database-url", database_url, "--output", str(output), *extra])


def csv_tables(folder: Path) -> dict[str, list[list[str]]]:
    out = {}
    for path in sorted((folder / "tables").glob("*.csv")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("\ufeff")  # Excel in Japan reads UTF-8 only with the BOM
        out[path.name] = list(csv.reader(text[1:].splitlines()))
    return out


def numbers(row: list[str]) -> list[int | None]:
    return [None if cell == "x" else int(cell) for cell in row[1:]]


def assert_no_small_numbers(tables: dict, k: int):
    for name, rows in tables.items():
        for row in rows[1:]:
            for value in numbers(row):
                assert value is None or value == 0 or value >= k, (name, row)


def assert_no_small_derived_sums(tables: dict, k: int):
    """An independent look at each CSV: where a line's total is published, its hidden cells
    add up to the total minus the published ones; that sum must be 0 or at least k."""
    for name, rows in tables.items():
        grid = [numbers(row) for row in rows[1:]]
        lines = grid + [list(column) for column in zip(*grid)] if len(grid[0]) > 1 else [[*column] for column in zip(*grid)]
        for line in lines:
            *cells, total = line
            hidden = [c for c in cells if c is None]
            if total is not None and hidden:
                derived = total - sum(c for c in cells if c is not None)
                assert derived == 0 or derived >= k, (name, line)


@pytest.fixture
def survey_database(database_url):
    write_synthetic(database_url, 800, seed=7, companies=12)
    return database_url


def test_the_report_builds_from_either_database_and_publishes_no_small_number(survey_database, tmp_path):
    assert report(survey_database, tmp_path / "report") == 0
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in page and 'lang="en"' in page and "800 answers" in page
    tables = csv_tables(tmp_path / "report")
    assert len(tables) >= 50
    assert_no_small_numbers(tables, K)
    assert_no_small_derived_sums(tables, K)
    hidden = sum(row.count("x") for rows in tables.values() for row in rows)
    assert hidden > 0  # 800 answers split by nationality x region leave small cells: they are hidden
    people = page[:page.index('id="suppression"')]  # (after it: how many numbers were hidden)
    assert not re.search(r"<td>[1-9]</td>", people)


def test_a_higher_threshold_hides_more(survey_database, tmp_path):
    assert report(survey_database, tmp_path / "r20", "--threshold", "20") == 0
    tables = csv_tables(tmp_path / "r20")
    assert_no_small_numbers(tables, 20)
    assert_no_small_derived_sums(tables, 20)


def test_company_pages_show_only_companies_of_at_least_k_and_only_totals(survey_database, tmp_path):
    assert report(survey_database, tmp_path / "report") == 0
    pages = sorted((tmp_path / "report" / "companies").glob("*.html"))
    assert pages
    for path in pages:
        page = path.read_text(encoding="utf-8")
        cells = re.findall(r"<td>([^<]*)</td>", page)
        if "Fewer than 10" in page:
            assert cells == []  # too few: an explanation, not a number
            continue
        counts = [int(c.replace(",", "")) for c in cells if re.fullmatch(r"[\d,]+", c)]
        assert counts and all(n >= K for n in counts), (path.name, cells)
        assert not any(re.search(r"[A-Za-z]{4,}", c) for c in cells)  # numbers only: no free text


def test_the_report_in_japanese_uses_the_japanese_survey_texts(survey_database, tmp_path):
    assert report(survey_database, tmp_path / "ja", "--lang", "ja") == 0
    page = (tmp_path / "ja" / "index.html").read_text(encoding="utf-8")
    ja = load_translations("survey", "ja")
    assert 'lang="ja"' in page and "国籍" in page
    assert ja["questions.nationality.choices.vietnam"] in page
    header = csv_tables(tmp_path / "ja")["nationality.csv"][0]
    assert header[0] == "国籍"


def test_an_empty_database_is_named_and_no_report_is_written(database_url, tmp_path, capsys):
    from mirai.endpoint.storage import open_store
    open_store(database_url).close()  # migrated, no answers
    assert report(database_url, tmp_path / "report") == 1
    assert "no answers to the survey yet" in capsys.readouterr().err
    assert not (tmp_path / "report").exists()


def test_a_refused_database_leaves_the_last_report_whole(tmp_path, capsys):
    good = f"sqlite:///{tmp_path / 'good.sqlite3'}"
    write_synthetic(good, 300, seed=1, companies=3)
    assert report(good, tmp_path / "report") == 0
    before = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    with sqlite3.connect(tmp_path / "good.sqlite3") as db:  # an answer the survey never offered
        db.execute("UPDATE submissions SET answers = replace(answers, '\"vietnam\"', '\"atlantis\"')")
    assert report(good, tmp_path / "report") == 1
    assert "atlantis" in capsys.readouterr().err
    assert (tmp_path / "report" / "index.html").read_text(encoding="utf-8") == before


def test_an_unknown_schema_version_is_named(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    write_synthetic(url, 50, seed=1, companies=1)
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        db.execute("INSERT INTO schema_migrations VALUES (99, '2027-01-01')")
    assert report(url, tmp_path / "report") == 1
    assert "99" in capsys.readouterr().err
    assert not (tmp_path / "report").exists()


def test_regions_and_company_codes():
    assert [region_of(code) for code in ("01", "02", "13", "23", "27", "34", "38", "47")] == [
        "hokkaido", "tohoku", "kanto", "chubu", "kinki", "chugoku", "shikoku", "kyushu"]
    assert company_key("c-001") == company_key("Ｃ００１") == company_key(" C001 ") == "C001"
    assert company_key("") is None and company_key(None) is None
