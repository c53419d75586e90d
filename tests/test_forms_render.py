"""The survey's HTML in every language, from its schema: every question, choice and text
in the page's language, every field named for assistive technology, nothing it points to
missing. (How it behaves in the browser: test_forms_browser.py.)"""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from mirai.forms.render import render_form, submissions_url
from mirai.forms.schema import load_form, localized_texts, prefectures, questions
from mirai.languages import language_codes
from mirai.ui import ui_strings


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())

    def with_attr(self, name):
        return [attrs for _, attrs in self.tags if name in attrs]


@pytest.fixture(scope="module", params=language_codes())
def rendered(request):
    lang = request.param
    return lang, Elements(render_form("survey", lang, "/", assets=f"/{lang}/"))


def test_every_text_of_the_form_is_shown_in_the_pages_language(rendered):
    lang, page = rendered
    shown = "\n".join(page.text)
    for key, text in localized_texts("survey", lang).items():
        if key.endswith((".min_label", ".max_label")):
            assert f"= {text}" in shown, key  # "0 = Not at all satisfied · 10 = ..."
        else:
            assert text in shown, key
    ui = ui_strings(lang)
    for key in ("form_send", "form_needs_js", "form_errors_title", "form_outbox_title", "form_choose"):
        assert ui[key] in shown, key


def test_each_question_is_one_named_group_or_one_labelled_field(rendered):
    _, page = rendered
    form = load_form("survey")
    by_id = {attrs["id"]: (tag, attrs) for tag, attrs in page.tags if "id" in attrs}
    assert len(by_id) == len(page.with_attr("id")), "two elements share an id"
    for q in questions(form):
        tag, attrs = by_id[f"q-{q['id']}"]
        assert attrs["data-type"] == q["type"]
        assert ("data-required" in attrs) == q["required"]
        if q["type"] in ("single", "multiple", "scale"):
            assert tag == "fieldset"  # named by its legend
            inputs = [a for t, a in page.tags if t == "input" and a.get("name") == q["id"]]
            expected = len(q["choices"]) if "choices" in q else q["max"] - q["min"] + 1
            assert len(inputs) == expected
        else:
            field = by_id[f"q-{q['id']}-field"][1]
            assert [a for t, a in page.tags if t == "label" and a.get("for") == f"q-{q['id']}-field"]
            assert field["name"] == q["id"]
    for attrs in page.with_attr("aria-describedby"):
        for target in attrs["aria-describedby"].split():
            assert target in by_id, f"aria-describedby points to missing #{target}"
    for attrs in page.with_attr("for"):
        assert attrs["for"] in by_id


def test_limits_on_the_page_are_the_endpoints_limits(rendered):
    _, page = rendered
    by_id = {attrs["id"]: attrs for attrs in page.with_attr("id")}
    for q in questions(load_form("survey")):
        attrs = by_id[f"q-{q['id']}"]
        for name in ("min", "max"):
            if name in q:
                assert attrs[f"data-{name}"] == str(q[name])
        if q["type"] == "text":
            assert by_id[f"q-{q['id']}-field"]["maxlength"] == str(q["max_length"])
    codes = [a["value"] for t, a in page.tags if t == "option" and a.get("value")]
    assert codes == [p["code"] for p in prefectures()]


def test_sending_is_offered_only_to_script_and_the_trap_is_out_of_reach(rendered):
    _, page = rendered
    send = [a for t, a in page.tags if t == "button" and a.get("type") == "submit"]
    assert len(send) == 1 and "hidden" in send[0]  # forms.js shows it
    trap = [a for t, a in page.tags if t == "input" and a.get("name") == "website"]
    assert trap[0]["tabindex"] == "-1"
    hidden_parent = [a for t, a in page.tags if t == "div" and a.get("class") == "mirai-form__trap"]
    assert hidden_parent[0]["aria-hidden"] == "true"


def test_the_form_posts_where_the_setting_says():
    assert submissions_url("/", "survey") == "/v1/forms/survey/submissions"
    assert submissions_url("/portal/", "survey") == "/portal/v1/forms/survey/submissions"
    assert submissions_url("https://api.example.org/", "survey") == "https://api.example.org/v1/forms/survey/submissions"
    page = Elements(render_form("survey", "en", "https://api.example.org", assets="/en/"))
    assert page.with_attr("data-endpoint")[0]["data-endpoint"] == "https://api.example.org/v1/forms/survey/submissions"
