"""A form's HTML, in one language, from its schema (data/forms/<form>.yml).

The page shows what the endpoint checks: the same questions, choices and limits, so a
reader meets a problem on the phone, in their language, before anything is sent. The HTML
works without JavaScript for reading; sending needs assets/mirai/forms.js (it says so)."""
from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..endpoint.messages import load_messages
from ..ui import ui_strings
from .schema import FORMS, load_form, localized_texts, prefectures

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The words forms.js shows (states, notes), from data/ui.yml.
SCRIPT_UI_KEYS = ("form_saved", "form_storage_refused", "form_state_waiting", "form_state_sending",
                  "form_state_sent", "form_state_refused")
# The endpoint's messages for problems the page finds itself (data/endpoint-messages.yml).
CHECK_CODES = ("required", "not_a_number", "out_of_range", "too_long", "not_a_date")
SCRIPTS = ("assets/mirai/outbox.js", "assets/mirai/forms.js")


def submissions_url(endpoint: str, form_id: str) -> str:
    """The endpoint's address for a form: `endpoint` is the site's root path ("/") when the
    endpoint shares the site's origin, or a full https:// address in production."""
    return f"{endpoint.rstrip('/')}/v1/forms/{form_id}/submissions"


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def render_form(form_id: str, lang: str, endpoint: str, assets: str, folder: Path = FORMS) -> Markup:
    """The form as HTML for a page in `lang`. `assets` is the page's path to the language's
    root (e.g. "../"), for the scripts."""
    form = load_form(form_id, folder)
    texts = localized_texts(form_id, lang, folder)
    ui = ui_strings(lang)
    messages = load_messages()[lang]
    config = {"lang": lang, "ui": {key: ui[key] for key in SCRIPT_UI_KEYS},
              "messages": {code: messages[code] for code in CHECK_CODES}}
    scripts = list(SCRIPTS)
    desk = None
    if any(q["type"] == "sealed" for section in form["sections"] for q in section["questions"]):
        # The consultation: sealed fields, the desk's key and rule (mirai.desk.consult_page).
        from ..desk.consult_page import consultation_parts
        desk = consultation_parts(lang)
        config["seal"] = desk["seal"]
        config["messages"].update(desk["messages"])
        scripts = [*desk["scripts"], *scripts]  # forms.js last: it starts the form
    html = _env().get_template("form.html").render(
        form=form, t=texts, ui=ui, url=submissions_url(endpoint, form_id),
        prefectures=prefectures(), scripts=[assets + script for script in scripts],
        desk=desk, assets=assets, config=json.dumps(config, ensure_ascii=False))
    return Markup(html)
