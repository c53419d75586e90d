"""The desk's parts as HTML (mirai.desk.pages), the self-check's file, the eligibility rule
and the desk key a build seals to."""
from __future__ import annotations

import copy
import datetime as dt
import json
import re

import pytest
import yaml
from markupsafe import Markup

from mirai.build import BuildError, desk_public_key
from mirai.desk import consult_page
from mirai.desk.eligibility import COMPANIES, OPEN, Eligibility, company_key, load_eligibility
from mirai.desk.holidays import japan_holidays
from mirai.desk.keys import PUBLIC_KEY_SETTING, generate_desk_key, load_public_key
from mirai.desk.pages import DeskPages
from mirai.desk.self_check import SELF_CHECK_FILE, load_self_check, validate
from mirai.desk.texts import load_texts
from mirai.desk.windows import load_windows
from mirai.forms.render import render_form
from mirai.paths import DOCS

TODAY = dt.date(2026, 11, 30)
DIRECTORY = load_windows()


def pages(lang="en") -> DeskPages:
    return DeskPages(lang, f"/{lang}/", "/", status_titles={"student": "Student"}, today=TODAY)


# ------------------------------------------------------------------ the directory

def test_every_window_is_on_the_page_with_its_source_and_the_day_it_was_checked():
    html = str(pages("vi").render("directory"))
    for w in DIRECTORY.windows:
        assert w.source in html, w.id
        if "emergency" not in w.handles:
            card = html[html.index(f'id="window-{w.id}"'):].split('<li class="mirai-window"')[0]
            assert "30 thg 11, 2026" in card, w.id  # checked, in the reader's language
    assert 'href="tel:110"' in html and 'href="tel:%239110"' in html


def test_hours_are_written_with_the_readers_weekdays_and_ranges():
    en, vi = pages("en"), pages("vi")
    days = frozenset({"mon", "tue", "wed", "thu", "fri"})
    assert en._days(days) == "Mon–Fri"
    assert vi._days(days) == "Thứ 2–Thứ 6"
    assert en._days(frozenset({"mon", "wed", "fri"})) == "Mon, Wed, Fri"
    assert en._days(frozenset({"sat", "sun", "holiday"})) == "Sat, Sun, public holidays"
    hotline = en.window(DIRECTORY.get("labour-standards-advice-hotline"))
    assert hotline.hours == ["Mon–Fri 17:00–22:00", "Sat, Sun, public holidays 9:00–21:00"]
    amda = en.window(DIRECTORY.get("amda-medical-interpretation-tokyo"))
    assert "Mon, Wed, Fri 9:00–17:00 (Português only)" in amda.hours
    assert "Closed 29 Dec to 3 Jan. (Tiếng Việt, Tagalog, Português only)" in amda.closed


def test_a_windows_data_for_the_script_is_what_open_now_reads():
    data = json.loads(pages().window(DIRECTORY.get("amda-medical-interpretation-tokyo")).data)
    assert data["closedOnHolidays"] is True and data["more"] is False
    assert data["hours"][1] == {"days": ["mon", "wed", "fri"], "open": 540, "close": 1020, "languages": ["pt"]}
    assert data["closed"] == [{"from": [12, 29], "to": [1, 3], "languages": ["pt", "tl", "vi"]}]
    assert json.loads(pages().window(DIRECTORY.get("kanagawa-multilingual-support-center")).data)["region"] == ["14"]


def test_the_holidays_cover_this_year_and_the_next_two():
    days = japan_holidays(TODAY)
    assert dt.date(2026, 1, 1) in days and dt.date(2028, 11, 23) in days
    assert {d.year for d in days} == {2026, 2027, 2028}


def test_each_page_gets_its_part_and_an_unknown_part_is_refused():
    for widget, marker in (("directory", "mirai-directory"), ("self-check", "mirai-selfcheck"),
                           ("triage", "mirai-triage"), ("case", "mirai-case")):
        html = pages("my").render(widget)
        assert isinstance(html, Markup) and f'class="mirai-desk {marker}"' in html
    with pytest.raises(ValueError, match="unknown widget"):
        pages().render("chat")


# ------------------------------------------------------------------ the self-check

def test_the_self_check_has_15_to_30_questions_each_with_words_in_every_language():
    check = load_self_check()
    assert 15 <= len(check.questions) <= 30
    for lang in ("en", "zh", "vi", "tl", "id", "my", "pt", "es"):
        words = load_texts(lang)["self_check"]["questions"]
        assert set(words) == {q.id for q in check.questions}
    # every residence status has questions of its own or shared ones
    assert {s for q in check.questions for s in q.statuses} == {"technical-intern", "specified-skilled", "student"}


@pytest.mark.parametrize("change, problem", [
    (lambda d: d["questions"][0].__setitem__("page", "work/nowhere.md"), "does not exist"),
    (lambda d: d["questions"][0].__setitem__("topic", "food"), "unknown topic"),
    (lambda d: d["questions"][0].__setitem__("warn_if", True), "warn_if must be"),
    (lambda d: d["questions"][0].__setitem__("statuses", ["tourist"]), "unknown status"),
    (lambda d: d["questions"][0].__setitem__("handles", ["astrology"]), "unknown kind of window"),
    (lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])), "id listed twice"),
    (lambda d: d.__setitem__("questions", d["questions"][:10]), "15 to 30"),
])
def test_a_broken_self_check_file_is_refused_with_the_reason(change, problem):
    doc = yaml.safe_load(SELF_CHECK_FILE.read_text(encoding="utf-8"))
    change(doc)
    errors = validate(doc, set(DIRECTORY.handles), DOCS / "en")
    assert any(problem in e for e in errors), errors


def test_a_finding_links_its_page_and_the_windows_for_its_problem():
    html = str(pages("en").render("self-check"))
    item = html[html.index('data-finding="paid_on_time"'):]
    item = item[:item.index("</li>\n      <li data-finding") if "</li>\n      <li data-finding" in item else len(item)]
    assert 'href="/en/work/wages/"' in item
    assert 'href="/en/help/directory/#window-labour-standards-advice-hotline"' in item
    assert 'href="/en/help/directory/?problem=wages"' in item


# ------------------------------------------------------------------ eligibility

def test_company_codes_match_as_workers_type_them(tmp_path):
    assert company_key("c-001") == company_key("Ｃ００１") == company_key(" C001 ") == "C001"
    rule = Eligibility(COMPANIES, frozenset({"C001"}))
    assert rule.allows("c 001") and not rule.allows("C002") and not rule.allows(None)
    assert Eligibility(OPEN).allows(None)
    path = tmp_path / "desk.yml"
    path.write_text("eligibility: participating-companies\ncompanies: []\n")
    with pytest.raises(ValueError, match="needs at least one code"):
        load_eligibility(path)
    path.write_text("eligibility: members\n")
    with pytest.raises(ValueError, match="eligibility must be"):
        load_eligibility(path)
    path.write_text("eligibility: participating-companies\ncompanies: [c-001, ' ']\n")
    with pytest.raises(ValueError, match="list of codes"):
        load_eligibility(path)


def test_the_consultation_form_explains_the_rule_in_the_readers_language(monkeypatch, tmp_path):
    generate_desk_key(tmp_path / "private.jwk", tmp_path / "public.jwk")
    monkeypatch.setenv(PUBLIC_KEY_SETTING, str(tmp_path / "public.jwk"))
    words = load_texts("id")["consult"]
    html = str(render_form("consultation", "id", "/", "/id/"))
    assert words["eligibility_open"] in html and words["eligibility_companies"] not in html
    config = json.loads(re.search(r'data-config="([^"]*)"', html).group(1).replace("&#34;", '"')
                        .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'"))
    assert config["seal"]["key"] == load_public_key(tmp_path / "public.jwk") and config["seal"]["open"] is True
    assert 'data-sealed-field="message"' in html and 'name="sealed"' not in html
    monkeypatch.setattr(consult_page, "load_eligibility", lambda: Eligibility(COMPANIES, frozenset({"C001"})))
    html = str(render_form("consultation", "id", "/", "/id/"))
    assert words["eligibility_companies"] in html and 'href="/id/help/directory/"' in html


# ------------------------------------------------------------------ the desk's key in a build

def test_a_public_site_is_not_built_without_the_desks_key(monkeypatch, tmp_path):
    monkeypatch.delenv(PUBLIC_KEY_SETTING, raising=False)
    with pytest.raises(BuildError, match=PUBLIC_KEY_SETTING):
        desk_public_key("https://mirai.example.org/")
    generate_desk_key(tmp_path / "private.jwk", tmp_path / "public.jwk")
    monkeypatch.setenv(PUBLIC_KEY_SETTING, str(tmp_path / "private.jwk"))
    with pytest.raises(ValueError, match="not the desk's public key"):
        desk_public_key("https://mirai.example.org/")  # the private key is refused
    monkeypatch.setenv(PUBLIC_KEY_SETTING, str(tmp_path / "public.jwk"))
    assert desk_public_key("https://mirai.example.org/") == tmp_path / "public.jwk"
