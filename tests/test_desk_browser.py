"""The consultation desk's pages in the real Chromium, against the real site and endpoint
(SQLite) on one origin: the directory's filters, the self-check and the triage with the
connection cut (and no request made), "open now" in the browser against the Python rule, and
a consultation sent offline that arrives once, sealed, is read and answered by the operator's
command line, and whose answer the worker reads on the case page, then offline."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import sqlite3
import time
import uuid
from contextlib import redirect_stdout

import pytest

from mirai.build import build_site
from mirai.cli import main as mirai
from mirai.desk.holidays import japan_holidays
from mirai.desk.keys import PUBLIC_KEY_SETTING, generate_desk_key
from mirai.desk.pages import DeskPages
from mirai.desk.self_check import load_self_check
from mirai.desk.texts import load_texts
from mirai.desk.windows import TOKYO, load_windows, open_now
from mirai.endpoint.app import create_endpoint
from mirai.endpoint.settings import EndpointSettings
from mirai.server import create_site_and_endpoint
from mirai.ui import load_ui

from conftest import LiveServer, copy_site_sources, free_port

pytestmark = pytest.mark.browser

LANGS = ["en", "es"]
READY = "html[data-mirai-offline=ready]"
WINDOWS = load_windows()
UI_EN = load_ui()["en"]


class DeskSite:
    def __init__(self, base):
        sources = base / "src"
        sources.mkdir()
        config = copy_site_sources(sources)
        self.private_key, public_key = base / "desk-private.jwk", base / "desk-public.jwk"
        generate_desk_key(self.private_key, public_key)
        self.database = base / "submissions.sqlite3"
        self.database_url = f"sqlite:///{self.database}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.site_dir = base / "site"
        before = os.environ.get(PUBLIC_KEY_SETTING)
        os.environ[PUBLIC_KEY_SETTING] = str(public_key)  # the key the pages seal to
        try:
            build_site(LANGS, root_url=self.url, config=config, site_dir=self.site_dir)
        finally:
            if before is None:
                del os.environ[PUBLIC_KEY_SETTING]
            else:
                os.environ[PUBLIC_KEY_SETTING] = before
        endpoint = create_endpoint(EndpointSettings(database_url=self.database_url, submissions_per_minute=1000))
        self.server = LiveServer(self.site_dir, self.port, app=create_site_and_endpoint(self.site_dir, endpoint)).start()

    def consultations(self) -> list[dict]:
        with sqlite3.connect(self.database) as db:
            rows = db.execute("SELECT answers FROM submissions WHERE form = 'consultation'").fetchall()
        return [json.loads(answers) for (answers,) in rows]

    def raw_bytes(self) -> bytes:
        """Every byte SQLite keeps: the database file, its WAL and shared memory."""
        return b"".join(path.read_bytes() for path in self.database.parent.glob(self.database.name + "*"))


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    site = DeskSite(tmp_path_factory.mktemp("desk"))
    yield site
    site.server.stop()


def saved_phone(browser, desk, path: str):
    """A phone that opened the site once online (so it is saved), then lost the connection.
    Returns the context, the page on `path` offline, and the requests it makes from then on."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{desk.url}{path.split('/')[0]}/")  # the language of `path` is saved
    page.wait_for_selector(READY, timeout=90_000)
    context.set_offline(True)
    page.goto(f"{desk.url}{path}")
    sent = []  # what would leave the phone: anything but reading the saved site's own files
    page.on("request", lambda r: sent.append(r.url) if r.method != "GET" or "/v1/" in r.url else None)
    return context, page, sent


def visible_windows(page, scope: str) -> list[str]:
    return page.eval_on_selector_all(f"{scope} .mirai-window", "cards => cards.filter(c => !c.hidden).map(c => c.id.slice(7))")


def expected(lang=None, problem=None, prefecture=None, when=None, holidays=()) -> tuple[list[str], list[str]]:
    """The windows the filters should show, from the Python rules: (main, may-speak)."""
    main, more = [], []
    for w in WINDOWS.windows:
        if "emergency" in w.handles:
            continue
        if problem and problem not in w.handles or prefecture and not w.serves_region(prefecture):
            continue
        speaks = lang in w.languages if lang else True
        state = open_now(w, when, holidays, lang if lang and speaks else None) if when else None
        if when and state is not True:
            continue
        if speaks:
            main.append(w.id)
        elif w.more_languages:
            more.append(w.id)
    return main, more


# ------------------------------------------------------------------ directory

@pytest.mark.parametrize("filters", [
    {"language": "pt", "problem": "medical"},
    {"language": "es", "prefecture": "34"},
    {"prefecture": "14", "problem": "daily-life"},
    {"language": "vi", "problem": "labour"},
    {"problem": "residence", "prefecture": "01", "open": True},
    {"language": "en", "open": True},
])
def test_the_directory_filters_offline_by_language_problem_region_and_open_now(browser, desk, filters):
    # Wednesday 2 December 2026, 10:00 in Japan: a weekday, no holiday.
    when = dt.datetime(2026, 12, 2, 10, 0, tzinfo=TOKYO)
    context, page, requests = saved_phone(browser, desk, "en/help/directory/")
    try:
        page.clock.set_fixed_time(when.timestamp())
        page.reload()
        page.wait_for_selector(".mirai-directory[data-ready]")
        requests.clear()
        for name in ("language", "problem", "prefecture"):
            if name in filters:
                page.select_option(f".mirai-directory__filters [name={name}]", filters[name])
        if filters.get("open"):
            page.check(".mirai-directory__filters [name=open]")
        main, more = expected(filters.get("language"), filters.get("problem"), filters.get("prefecture"),
                              when if filters.get("open") else None, japan_holidays(when.date()))
        shown_main = visible_windows(page, ".mirai-directory > .mirai-directory__list")
        shown_more = visible_windows(page, ".mirai-directory__more")
        assert (shown_main, shown_more) == (main, more)
        assert main or more or page.is_visible(".mirai-directory__none")
        assert requests == []  # filtering sends nothing
        # The address keeps the filters: opened again (offline), the same windows show.
        page.goto(page.url)
        page.wait_for_selector(".mirai-directory[data-ready]")
        assert visible_windows(page, ".mirai-directory > .mirai-directory__list") == main
    finally:
        context.close()


def test_the_directory_reads_without_javascript_and_calls_are_tap_to_call(browser, desk):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{desk.url}es/help/directory/")
    assert len(page.query_selector_all(".mirai-directory .mirai-window")) == len(
        [w for w in WINDOWS.windows if "emergency" not in w.handles])
    calls = page.eval_on_selector_all("a.mirai-window__call", "links => links.map(a => a.getAttribute('href'))")
    assert "tel:110" in calls and "tel:0570078377" in calls
    assert page.is_hidden(".mirai-directory__filters")
    context.close()


def test_open_now_in_the_browser_is_the_python_rule(browser, desk):
    """directory.js's openNow and mirai.desk.windows.open_now agree on 3,000 moments, for every
    window and language, holidays, new year closures and late evenings included."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{desk.url}en/help/directory/")
    page.wait_for_selector(".mirai-directory[data-ready]")
    holidays = japan_holidays(dt.date(2026, 1, 1))
    rng = random.Random(7)
    cases = []
    start = dt.datetime(2026, 1, 1, tzinfo=TOKYO)
    for _ in range(3000):
        when = start + dt.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
        w = rng.choice(WINDOWS.windows)
        lang = rng.choice([None, *w.languages, "vi", "my"])
        cases.append((w, when, lang))
    data = [json.loads(DeskPages("en", "/en/", "/").window(w).data) for w, _, _ in cases]
    got = page.evaluate("""([data, moments, holidays]) => {
        const set = new Set(holidays);
        return data.map((w, i) => MiraiDirectory.openNow(w, new Date(moments[i][0]), set, moments[i][1]));
    }""", [data, [[when.isoformat(), lang] for _, when, lang in cases], [d.isoformat() for d in holidays]])
    want = [open_now(w, when, holidays, lang) for w, when, lang in cases]
    assert got == want
    assert {True, False, None} <= set(want)
    context.close()


# ------------------------------------------------------------------ self-check and triage

def test_the_self_check_works_offline_shows_the_findings_and_sends_nothing(browser, desk):
    check = load_self_check()
    context, page, requests = saved_phone(browser, desk, "es/help/self-check/")
    try:
        page.wait_for_selector(".mirai-selfcheck[data-ready]")
        requests.clear()
        page.select_option(".mirai-selfcheck [name=status]", "student")
        asked = [q for q in check.questions if not q.statuses or "student" in q.statuses]
        assert page.eval_on_selector_all(".mirai-selfcheck__q", "qs => qs.filter(q => !q.hidden).length") == len(asked)
        # Answer every question: the warning answer for every third, the other for the rest.
        warned = []
        for i, q in enumerate(asked):
            answer = q.warn_if if i % 3 == 0 else ("no" if q.warn_if == "yes" else "yes")
            page.check(f"#sc-{q.id} input[value={answer}]")
            if i % 3 == 0:
                warned.append(q.id)
        page.click(".mirai-selfcheck button[type=submit]")
        shown = page.eval_on_selector_all("[data-finding]", "items => items.filter(i => !i.hidden).map(i => i.dataset.finding)")
        assert shown == warned
        texts = load_texts("es")["self_check"]["questions"]
        assert texts[warned[0]]["finding"] in page.inner_text(".mirai-selfcheck__result")
        assert page.evaluate("document.activeElement.classList.contains('mirai-selfcheck__result')")
        # Each finding links to its page and to the directory, both saved on the phone.
        first = next(q for q in asked if q.id == warned[0])
        link = page.eval_on_selector(f"[data-finding={warned[0]}] a", "a => new URL(a.href).pathname")
        assert link == f"/es/{first.page_url}"
        assert requests == []
    finally:
        context.close()


def test_the_triage_works_offline_from_emergency_to_the_right_windows(browser, desk):
    context, page, requests = saved_phone(browser, desk, "en/help/")
    try:
        page.wait_for_selector(".mirai-triage[data-ready]")
        assert page.locator("h1").count() == 1 and "<h1" not in page.inner_text("article")  # under the title
        requests.clear()
        assert page.is_hidden(".mirai-triage__emergency") and page.is_hidden(".mirai-triage__results")
        page.check(".mirai-triage [name=danger][value=yes]")
        page.click(".mirai-triage button[type=submit]")
        assert page.is_visible(".mirai-triage__emergency a[href='tel:110']")
        assert page.is_visible(".mirai-triage__emergency a[href='tel:119']")
        page.click(".mirai-triage [data-action=restart]")
        page.check(".mirai-triage [name=danger][value=no]")
        page.click(".mirai-triage button[type=submit]")
        page.check(".mirai-triage [name=problem][value=medical]")
        page.click(".mirai-triage button[type=submit]")
        page.select_option("#triage-prefecture", "27")
        page.click(".mirai-triage button[type=submit]")
        page.check(".mirai-triage [name=language][value=es]")
        page.click(".mirai-triage button[type=submit]")
        main, more = expected("es", "medical", "27")
        assert main and visible_windows(page, ".mirai-triage__results") == main + more
        assert page.get_attribute(".mirai-triage__directory", "href").endswith("?problem=medical&language=es&prefecture=27")
        assert requests == []
    finally:
        context.close()


# ------------------------------------------------------------------ consultation and case

def run(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert mirai(list(args)) == 0
    return out.getvalue()


def test_a_consultation_sent_offline_arrives_once_sealed_and_the_reply_reaches_the_case_page(browser, desk):
    message = f"Mi jefe guarda mi pasaporte {uuid.uuid4()}"
    contact = f"worker-{uuid.uuid4().hex[:8]}@example.org"
    context, page, _ = saved_phone(browser, desk, "es/help/consult/")
    try:
        page.wait_for_selector(".mirai-form[data-ready]")
        assert page.is_hidden(".mirai-consult__case")  # shown only once a case exists
        page.check("#q-category-labour")
        page.check("#q-preferred_language-es")
        page.select_option("#q-prefecture-field", "23")
        page.check("#q-contact_method-email")
        page.fill("#q-message-field", message)
        page.fill("#q-contact-field", contact)
        page.click(".mirai-form__send")
        page.wait_for_selector(".mirai-consult__case:not([hidden])")
        secret = page.inner_text(".mirai-consult__secret")
        assert len(secret.replace("-", "")) == 28
        waiting = load_texts("es")["consult"]["case_waiting"]
        assert page.inner_text(".mirai-consult__number") == waiting
        # Nothing is on the phone in the clear: the outbox holds the sealed message only.
        body = page.evaluate("MiraiOutbox.list('consultation').then(r => r[0].body)")
        assert message not in body and contact not in body and json.loads(body)["answers"]["sealed"].count(".") == 4
        assert desk.consultations() == []

        context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        page.wait_for_selector(".mirai-consult__number:text-matches('^C-')", timeout=30_000)
        case = page.inner_text(".mirai-consult__number")
        page.evaluate("window.dispatchEvent(new Event('online'))")  # another send changes nothing
        time.sleep(1)
        stored = desk.consultations()
        assert len(stored) == 1 and stored[0]["category"] == "labour"
        raw = desk.raw_bytes()
        for plain in (message, contact, secret):
            assert plain.encode() not in raw

        out = run("desk", "read", case, "--key", str(desk.private_key), "--database-url", desk.database_url)
        assert message in out and contact in out
        reply = "Su empleador no puede guardar su pasaporte. Llame a la oficina de trabajo."
        run("desk", "reply", case, "--text", reply, "--lang", "es", "--database-url", desk.database_url)

        page.goto(f"{desk.url}es/help/case/")
        page.wait_for_selector(".mirai-case[data-ready]")
        page.click(f".mirai-case__stored button:has-text('{case}')")
        page.wait_for_selector(".mirai-case__view:not([hidden])")
        assert page.inner_text(".mirai-case__replies").count(reply) == 1
        status = load_texts("es")["case"]["statuses"]["answered"]
        assert page.inner_text(".mirai-case__status") == status

        # Offline, the last copy is still there.
        context.set_offline(True)
        page.reload()
        page.wait_for_selector(".mirai-case[data-ready]")
        page.click(f".mirai-case__stored button:has-text('{case}')")
        page.wait_for_selector(".mirai-case__view:not([hidden])")
        assert reply in page.inner_text(".mirai-case__replies")
        offline_copy = load_texts("es")["case"]["offline_copy"]
        assert page.inner_text(".mirai-case__when").startswith(offline_copy.split("{date}")[0].strip())
    finally:
        context.close()


def test_a_wrong_secret_on_the_case_page_shows_the_endpoints_answer(browser, desk):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{desk.url}en/help/case/")
    page.wait_for_selector(".mirai-case[data-ready]")
    page.fill("#case-number", "C-7K3M9QXA")
    page.fill("#case-secret", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG")
    page.click(".mirai-case__form button[type=submit]")
    page.wait_for_selector(".mirai-case__message:text-matches('.{12,}')")
    from mirai.endpoint.messages import load_messages
    assert page.inner_text(".mirai-case__message") == load_messages()["en"]["case_not_found"]
    assert page.is_hidden(".mirai-case__view")
    context.close()


def test_the_scripts_read_codes_and_case_numbers_as_the_endpoint_does(browser, desk):
    from mirai.desk.case_secret import normalise_case_number
    from mirai.desk.eligibility import company_key

    codes = ["C001", "c-001", "Ｃ００１", " c 0 0 1 ", "", "-", "ｃ－００１", "Ä1", "k-17b"]
    numbers = ["C-7K3M9QXA", "c-7k3m9qxa", "7K3M 9QXA", "C7K3M9QXA", "C-7K3M9QX", "C-OILO0000", "C-7K3M9QXU", "x"]

    def python_number(text):
        try:
            return normalise_case_number(text)
        except ValueError:
            return None
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{desk.url}en/help/consult/")
    page.wait_for_selector(".mirai-form[data-ready]")
    assert page.evaluate("codes => codes.map(MiraiConsult.companyKey)", codes) == [company_key(c) for c in codes]
    page.goto(f"{desk.url}en/help/case/")
    page.wait_for_selector(".mirai-case[data-ready]")
    assert page.evaluate("n => n.map(MiraiCase.tidyNumber)", numbers) == [python_number(n) for n in numbers]
    context.close()


CLICK_MENU_LINK = """href => {
    const link = [...document.querySelectorAll('.md-nav--primary a.md-nav__link[href]')].find(a => a.href === href);
    if (!link) return false;
    link.click();
    return true;
}"""


def test_the_desk_parts_start_after_instant_navigation_whatever_order_their_scripts_load(browser, desk):
    """Material's instant navigation puts a page's scripts back all at once, so they run in
    the order they arrive (a full CI run once saw triage.js run before directory.js): each part
    waits for the scripts it needs (triage: directory.js; consultation: seal, cases, consult,
    outbox; case page: cases, outbox) and starts once, with no error."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{desk.url}es/")
    for path, part in [("help/", ".mirai-triage"), ("help/directory/", ".mirai-directory"),
                       ("help/self-check/", ".mirai-selfcheck"), ("help/consult/", ".mirai-form"),
                       ("help/case/", ".mirai-case"), ("help/", ".mirai-triage")]:
        href = f"{desk.url}es/{path}"
        assert page.evaluate(CLICK_MENU_LINK, href), path
        page.wait_for_url(href)
        page.wait_for_selector(f"{part}[data-ready]")
        assert page.locator(f"{part}[data-ready]").count() == 1
    # The last part works: the triage answers its first question.
    page.check(".mirai-triage [name=danger][value=yes]")
    page.click(".mirai-triage button[type=submit]")
    assert page.is_visible(".mirai-triage__emergency")
    assert errors == []
    context.close()


def test_the_triage_waits_for_the_directory_script_that_arrives_after_it(browser, desk):
    """The same order made certain: directory.js is held back, triage.js runs first and waits,
    then directory.js arrives and the triage starts."""
    context = browser.new_context(service_workers="block")  # every request meets the route
    context.route("**/assets/mirai/directory.js", lambda route: route.abort())
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{desk.url}es/help/")
    page.wait_for_load_state("load")
    assert page.locator(".mirai-triage[data-ready]").count() == 0 and errors == []
    context.unroute("**/assets/mirai/directory.js")
    page.add_script_tag(url=f"{desk.url}es/assets/mirai/directory.js")
    page.wait_for_selector(".mirai-triage[data-ready]")
    page.check(".mirai-triage [name=danger][value=yes]")
    page.click(".mirai-triage button[type=submit]")
    assert page.is_visible(".mirai-triage__emergency") and errors == []
    context.close()


def test_where_the_phone_refuses_storage_the_consultation_is_sent_at_once_and_its_case_shown(browser, desk):
    context = browser.new_context()
    # Private browsing or a full phone: IndexedDB refuses to open.
    context.add_init_script("IDBFactory.prototype.open = function () { throw new DOMException('refused', 'QuotaExceededError'); };")
    page = context.new_page()
    page.goto(f"{desk.url}en/help/consult/")
    page.wait_for_selector(".mirai-form[data-ready]")
    before = len(desk.consultations())
    page.check("#q-category-housing")
    page.check("#q-preferred_language-en")
    page.select_option("#q-prefecture-field", "13")
    page.fill("#q-message-field", f"My landlord keeps my deposit {uuid.uuid4()}")
    page.click(".mirai-form__send")
    page.wait_for_selector(".mirai-consult__number:text-matches('^C-')", timeout=30_000)
    number = page.inner_text(".mirai-consult__number")
    assert page.inner_text(".mirai-form__status") == UI_EN["form_state_sent"]
    assert len(desk.consultations()) == before + 1
    kept = page.evaluate("MiraiCases.list()")
    assert kept[0]["case"] == number and kept[0]["secret"] == page.inner_text(".mirai-consult__secret")
    context.close()
