"""The survey in the real Chromium, against the real site and endpoint on one origin:
answers are checked in the reader's language, kept on the phone, and arrive exactly once
however the connection, the server or the reader behave.

This module builds its own copy of the site and serves it with the endpoint (SQLite) on a
fixed free port, behind a switch that makes the endpoint fail on demand; the server can be
stopped and started again on the same address (the phone's saved site and outbox live there)."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe

from mirai.build import build_site
from mirai.endpoint.app import create_endpoint
from mirai.endpoint.messages import load_messages
from mirai.endpoint.settings import EndpointSettings
from mirai.forms.schema import load_form, localized_texts, questions
from mirai.server import create_site_and_endpoint
from mirai.ui import load_ui

from conftest import LiveServer, copy_site_sources, free_port

pytestmark = pytest.mark.browser

LANGS = ["en", "vi", "my"]
UI = load_ui()
MESSAGES = load_messages()
READY = "html[data-mirai-offline=ready]"
FORM_READY = ".mirai-form[data-ready]"
SUBMISSIONS = "/v1/forms/survey/submissions"
# Stands in for Safari, which has no Background Sync: pages see no registration.sync.
WITHOUT_BACKGROUND_SYNC = """
    delete ServiceWorkerRegistration.prototype.sync;
    delete window.SyncManager;
"""


class FailingEndpoint:
    """The real site and endpoint; `fail(n)` makes the next n submissions answer 500, as a
    server in trouble would. Notes the Idempotency-Key of every submission it is sent."""

    def __init__(self, app):
        self.app, self.failures, self.keys, self.lock = app, 0, [], threading.Lock()

    def fail(self, times: int):
        with self.lock:
            self.failures = times

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == SUBMISSIONS:
            headers = dict(scope["headers"])
            with self.lock:
                self.keys.append(headers.get(b"idempotency-key", b"").decode())
                failing = self.failures > 0
                self.failures -= failing
            if failing:
                body = json.dumps({"error": {"code": "server_error", "message": "injected"}}).encode()
                await send({"type": "http.response.start", "status": 500,
                            "headers": [(b"content-type", b"application/json")]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    def attempts(self) -> int:
        with self.lock:
            return len(self.keys)


class SurveySite:
    def __init__(self, base):
        sources = base / "src"
        sources.mkdir()
        self.config = copy_site_sources(sources)
        self.site_dir = base / "site"
        self.database = base / "submissions.sqlite3"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.server = None
        build_site(LANGS, root_url=self.url, config=self.config, site_dir=self.site_dir)
        endpoint = create_endpoint(EndpointSettings(database_url=f"sqlite:///{self.database}",
                                                    submissions_per_minute=1000))
        self.endpoint = FailingEndpoint(create_site_and_endpoint(self.site_dir, endpoint))

    def start(self):
        self.server = LiveServer(self.site_dir, self.port, app=self.endpoint).start()

    def stop(self):
        self.server.stop()

    def stored(self, marker: str) -> list[dict]:
        """The stored submissions whose comment carries `marker` (each test writes its own)."""
        with sqlite3.connect(self.database) as db:
            rows = db.execute("SELECT lang, answers FROM submissions WHERE answers LIKE ?",
                              (f"%{marker}%",)).fetchall()
        return [{"lang": lang, **json.loads(answers)} for lang, answers in rows]

    def wait_stored(self, marker: str, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        while not (rows := self.stored(marker)) and time.monotonic() < deadline:
            time.sleep(0.2)
        return rows


@pytest.fixture(scope="module")
def survey_site(tmp_path_factory):
    site = SurveySite(tmp_path_factory.mktemp("survey"))
    site.start()
    yield site
    if site.server.server.started:
        site.stop()


@pytest.fixture
def server_up(survey_site):
    """Every test starts (and leaves) with the server answering."""
    survey_site.endpoint.fail(0)
    yield survey_site
    if survey_site.server.server.should_exit:
        survey_site.start()


def new_phone(browser, sync: bool = True):
    context = browser.new_context()
    if not sync:
        context.add_init_script(WITHOUT_BACKGROUND_SYNC)
    return context


def open_survey(context, site, lang="vi", offline_ready=False):
    page = context.new_page()
    page.goto(f"{site.url}{lang}/survey/")
    page.wait_for_selector(FORM_READY)
    if offline_ready:
        page.wait_for_selector(READY, timeout=60_000)
    return page


def fill_required(page, marker: str):
    page.check("#q-nationality-vietnam")
    page.check("#q-residence_status-technical-intern")
    page.select_option("#q-prefecture-field", "23")
    page.check("#q-life_satisfaction-7")
    page.fill("#q-comment-field", marker)


def outbox_states(page) -> list[str]:
    return page.eval_on_selector_all(".mirai-outbox__item", "items => items.map(i => i.dataset.state)")


def wait_state(page, state: str, timeout: float = 30_000):
    page.wait_for_selector(f".mirai-outbox__item[data-state={state}]", timeout=timeout)


def marker() -> str:
    return f"marker-{uuid.uuid4()}"


def send_with_the_server_down(context, site, mark: str):
    """A phone that saved the site sends the survey while the server cannot be reached; the
    answers wait. Returns the page, still open."""
    page = open_survey(context, site, offline_ready=True)
    site.stop()
    fill_required(page, mark)
    page.click(".mirai-form__send")
    wait_state(page, "waiting")
    return page


def test_a_survey_sent_online_is_stored_once_and_shows_sent_in_the_readers_language(browser, server_up):
    site, context, mark = server_up, new_phone(browser), marker()
    page = open_survey(context, site)
    fill_required(page, mark)
    page.check("#q-documents_kept-passport")
    page.check("#q-documents_kept-residence-card")
    page.fill("#q-fees_amount-field", "650000")
    page.click(".mirai-form__send")
    wait_state(page, "sent")
    stored = site.stored(mark)
    assert stored == [{"lang": "vi", "nationality": "vietnam", "residence_status": "technical-intern",
                       "prefecture": "23", "life_satisfaction": 7, "comment": mark,
                       "documents_kept": ["passport", "residence-card"], "fees_amount": 650000}]
    assert page.inner_text(".mirai-outbox__item--sent strong") == UI["vi"]["form_state_sent"]
    assert page.inner_text(".mirai-form__status") == UI["vi"]["form_saved"]
    assert page.input_value("#q-comment-field") == ""  # ready for the next answers
    context.close()


def test_the_survey_reached_through_the_menu_works_as_when_opened_directly(browser, server_up):
    """Material's instant navigation swaps the page in by script: the form must start too."""
    site, context, mark = server_up, new_phone(browser), marker()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site.url}vi/")
    page.wait_for_load_state("networkidle")  # Material's instant navigation has read the sitemap
    page.evaluate("window.miraiSameDocument = true")
    page.evaluate("""() => {
        const link = [...document.querySelectorAll('.md-nav--primary a.md-nav__link[href]')]
            .find(a => new URL(a.href).pathname === '/vi/survey/');
        link.click();
    }""")
    page.wait_for_selector(FORM_READY)
    assert page.evaluate("window.miraiSameDocument === true")  # swapped in, not loaded
    assert page.evaluate("new URL(location.href).pathname") == "/vi/survey/"
    fill_required(page, mark)
    page.click(".mirai-form__send")
    wait_state(page, "sent")
    assert len(site.stored(mark)) == 1
    assert errors == []
    context.close()


def test_problems_are_named_in_the_readers_language_and_nothing_is_sent(browser, server_up):
    site, context = server_up, new_phone(browser)
    page = open_survey(context, site, "my")
    before = site.endpoint.attempts()
    page.fill("#q-fees_amount-field", "-5")
    page.click(".mirai-form__send")
    summary = page.locator(".mirai-form__errors")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('mirai-form__errors')")
    links = summary.locator("a")
    texts = localized_texts("survey", "my")
    expected = [f"{texts['questions.' + q + '.label']}: {MESSAGES['my'][code]}" for q, code in [
        ("nationality", "required"), ("residence_status", "required"), ("prefecture", "required"),
        ("fees_amount", "out_of_range"), ("life_satisfaction", "required")]]
    assert links.all_inner_texts() == expected
    assert page.inner_text("#q-prefecture-error") == MESSAGES["my"]["required"]
    assert page.get_attribute("#q-prefecture-field", "aria-invalid") == "true"
    links.nth(2).click()
    assert page.evaluate("document.activeElement.id") == "q-prefecture-field"
    time.sleep(0.5)
    assert site.endpoint.attempts() == before
    assert outbox_states(page) == []
    context.close()


def test_offline_answers_wait_on_the_phone_and_arrive_once_when_the_site_is_reopened(browser, server_up):
    site, context, mark = server_up, new_phone(browser), marker()
    page = send_with_the_server_down(context, site, mark)
    # (the outbox retries while the server is down: between two reads an answer may show "sending")
    assert page.inner_text(".mirai-outbox__item[data-state=waiting] strong") == UI["vi"]["form_state_waiting"]
    page.close()
    # Closed and opened again while still offline: the answers are still there, waiting.
    page = open_survey(context, site)
    wait_state(page, "waiting")
    page.close()
    assert site.stored(mark) == []
    site.start()
    page = context.new_page()
    page.goto(f"{site.url}vi/")  # any page: the worker sends what waits when a page starts
    assert len(site.wait_stored(mark)) == 1
    page = open_survey(context, site)
    wait_state(page, "sent")
    time.sleep(2)
    assert len(site.stored(mark)) == 1
    context.close()


def test_background_sync_sends_with_no_page_of_the_site_open(browser, server_up):
    site, context, mark = server_up, new_phone(browser), marker()
    send_with_the_server_down(context, site, mark).close()
    site.start()
    # The browser fires "sync" when the phone is back online; DevTools fires it now.
    blank = context.new_page()
    cdp = context.new_cdp_session(blank)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not registrations and time.monotonic() < deadline:
        blank.wait_for_timeout(100)
    registration = next(r for r in registrations if r["scopeURL"] == site.url and not r["isDeleted"])
    cdp.send("ServiceWorker.dispatchSyncEvent", {"origin": site.url.rstrip("/"), "tag": "mirai-outbox",
                                                 "registrationId": registration["registrationId"],
                                                 "lastChance": False})
    assert len(site.wait_stored(mark)) == 1
    time.sleep(1)
    assert len(site.stored(mark)) == 1
    context.close()


def test_a_server_failing_twice_then_answering_stores_the_answers_once(browser, server_up):
    site, context, mark = server_up, new_phone(browser), marker()
    page = open_survey(context, site)
    fill_required(page, mark)
    site.endpoint.fail(2)
    before = site.endpoint.attempts()
    page.click(".mirai-form__send")
    wait_state(page, "sent")
    assert site.endpoint.attempts() - before >= 3  # two failures, then the one that worked
    assert len(site.stored(mark)) == 1
    context.close()


def test_two_quick_taps_on_send_store_one_submission(browser, server_up):
    site, context, mark = server_up, new_phone(browser), marker()
    page = open_survey(context, site)
    fill_required(page, mark)
    page.evaluate("""() => {
        const form = document.querySelector('.mirai-form form');
        form.requestSubmit(); form.requestSubmit();
    }""")
    page.dblclick(".mirai-form__send")  # what is left after the reset is refused: nothing required is filled
    wait_state(page, "sent")
    time.sleep(1)
    assert len(site.stored(mark)) == 1
    assert outbox_states(page) == ["sent"]
    context.close()


@pytest.mark.parametrize("reopen", [False, True], ids=["online-event", "reopened"])
def test_without_background_sync_answers_go_when_the_connection_returns(browser, server_up, reopen):
    site, context, mark = server_up, new_phone(browser, sync=False), marker()
    page = open_survey(context, site, offline_ready=True)
    assert page.evaluate("async () => 'sync' in await navigator.serviceWorker.ready") is False
    context.set_offline(True)
    fill_required(page, mark)
    page.click(".mirai-form__send")
    wait_state(page, "waiting")
    time.sleep(1)
    assert site.stored(mark) == []
    if reopen:
        page.close()
        context.set_offline(False)
        page = open_survey(context, site)
    else:
        context.set_offline(False)  # the page hears "online"
    wait_state(page, "sent")
    assert len(site.stored(mark)) == 1
    context.close()


def test_a_company_code_in_the_address_is_filled_in_and_sent(browser, server_up):
    site, context, mark = server_up, new_phone(browser), marker()
    page = context.new_page()
    page.goto(f"{site.url}vi/survey/?company_code=C042")
    page.wait_for_selector(FORM_READY)
    assert page.input_value("#q-company_code-field") == "C042"  # visible: the worker can clear it
    fill_required(page, mark)
    page.click(".mirai-form__send")
    wait_state(page, "sent")
    assert site.stored(mark)[0]["company_code"] == "C042"
    context.close()


def test_a_draft_survives_closing_the_page(browser, server_up):
    site, context = server_up, new_phone(browser)
    page = open_survey(context, site)
    page.check("#q-nationality-myanmar")
    page.check("#q-info_needed-wages")
    page.check("#q-info_needed-housing")
    page.fill("#q-comment-field", "ဆက်လက်ဖြေမည်")
    page.close()
    page = open_survey(context, site)
    assert page.is_checked("#q-nationality-myanmar")
    assert page.is_checked("#q-info_needed-wages") and page.is_checked("#q-info_needed-housing")
    assert not page.is_checked("#q-info_needed-contract")
    assert page.input_value("#q-comment-field") == "ဆက်လက်ဖြေမည်"
    # Nothing sent yet, so no outbox database takes room on the phone.
    assert page.evaluate("async () => (await indexedDB.databases()).map(db => db.name)") == []
    context.close()


def test_the_keyboard_reaches_every_question_but_not_the_trap(browser, server_up):
    site, context = server_up, new_phone(browser)
    page = open_survey(context, site)
    page.focus("#q-nationality-vietnam")
    visited = []
    for _ in range(200):
        where = page.evaluate("""() => {
            const el = document.activeElement;
            if (el.classList.contains('mirai-form__send')) return 'send';
            const q = el.closest('[data-question]');
            return q ? q.dataset.question : el.name || el.tagName;
        }""")
        if where == "website":
            pytest.fail("the honeypot field is reachable with the keyboard")
        if not visited or visited[-1] != where:
            visited.append(where)
        if where == "send":
            break
        page.keyboard.press("Tab")
    assert visited == [q["id"] for q in questions(load_form("survey"))] + ["send"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('mirai-form__errors')")
    context.close()


def test_with_javascript_off_the_questions_read_and_the_page_says_sending_needs_it(browser, server_up):
    site = server_up
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}vi/survey/")
    assert page.inner_text(".mirai-form__note") == UI["vi"]["form_needs_js"]
    assert not page.is_visible(".mirai-form__send")
    labels = page.eval_on_selector_all(".mirai-q__label", "els => els.map(e => e.dataset.text)")
    texts = localized_texts("survey", "vi")
    assert labels == [texts[f"questions.{q['id']}.label"] for q in questions(load_form("survey"))]
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_form_with_its_problems_shown_has_no_serious_accessibility_violations(browser, server_up, scheme):
    site = server_up
    context = browser.new_context(color_scheme=scheme)
    page = open_survey(context, site, "my")
    page.click(".mirai-form__send")  # errors shown
    results = Axe().run(page, context={"include": [["#form-survey"]]})
    serious = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()
