"""The desk's parts of pages, as HTML in one language: the directory of windows, the
self-check, the "I need help" triage and the case page. A page asks for one in its front
matter (`widget: directory`); `LanguageSite` renders it below the page's text.

Everything a reader needs is in the HTML, so it reads without JavaScript and works offline
from the saved pack; the scripts (assets/mirai/directory.js, selfcheck.js, triage.js,
case.js) only filter, compute and fetch. None of them sends anything but case.js, which asks
the endpoint for a case's status when the reader taps Check."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, get_day_names
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..checks.frontmatter import STATUSES
from ..forms.schema import prefectures
from ..languages import language_codes
from .holidays import japan_holidays
from .self_check import load_self_check
from .texts import load_texts
from .windows import DAYS, HOLIDAY, NATIONAL, TOKYO, Directory, Window, load_windows

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
WIDGETS = ("directory", "self-check", "triage", "case")
TOP_WIDGETS = {"triage", "directory", "case"}  # right under the title: what a worker came for
EMERGENCY = "emergency"
# The site's language codes as CLDR locales (weekday names, dates).
LOCALES = {"zh": "zh_Hans", "tl": "fil", "pt": "pt_BR"}


@lru_cache
def _env() -> Environment:  # one per build process: templates compile once
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def _fill(text: str, **values) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


@dataclass
class ContactView:
    kind: str
    href: str
    label: str
    value: str
    note: str | None
    free: bool
    only: str | None  # "(Português only)"


@dataclass
class WindowView:
    id: str
    name_ja: str
    name_en: str
    handles: list[str]
    languages: list[str]
    more_languages: bool
    contacts: list[ContactView]
    hours: list[str]
    closed: list[str]
    cost: str | None
    cost_note: str | None
    region: str
    source: str
    checked: str
    emergency: bool
    data: str  # what directory.js needs to filter and to know "open now", as JSON


@dataclass
class DeskPages:
    """The desk's widgets for one language's pages."""
    lang: str
    assets: str  # the page's path to the language's root, for scripts ("/vi/")
    endpoint: str  # the endpoint's root ("/" or https://...)
    status_titles: dict[str, str] = field(default_factory=dict)  # code -> the status page's title
    page_title: Callable[[str], str] = lambda rel: rel  # e.g. work/wages.md -> its title
    today: dt.date | None = None

    def __post_init__(self):
        self.t = load_texts(self.lang)
        self.directory: Directory = load_windows()
        self.locale = LOCALES.get(self.lang, self.lang)
        self.day_names = get_day_names("abbreviated", locale=self.locale)
        self.prefectures = prefectures()
        self.today = self.today or dt.datetime.now(TOKYO).date()

    def render(self, widget: str) -> Markup:
        if widget not in WIDGETS:
            raise ValueError(f"unknown widget {widget!r} (known: {', '.join(WIDGETS)})")
        return getattr(self, "_" + widget.replace("-", "_"))()

    # ------------------------------------------------------------------ shared pieces

    def _template(self, name: str, **context) -> Markup:
        return Markup(_env().get_template(f"desk/{name}.html").render(t=self.t, assets=self.assets, **context))

    def _date(self, day: dt.date) -> str:
        return format_date(day, "medium", locale=self.locale)

    def _days(self, days: frozenset[str]) -> str:
        """mon..fri -> "Mon–Fri"; runs of three or more weekdays become a range."""
        order = [d for d in DAYS if d in days]
        parts, run = [], []
        for day in order + [None]:
            if day is not None and run and DAYS.index(day) == DAYS.index(run[-1]) + 1:
                run.append(day)
                continue
            if run:
                names = [self.day_names[DAYS.index(d)] for d in run]
                parts.append(f"{names[0]}–{names[-1]}" if len(run) >= 3 else ", ".join(names))
            run = [day] if day is not None else []
        if HOLIDAY in days:
            parts.append(self.t["directory"]["holidays"])
        return ", ".join(parts)

    def _only(self, languages) -> str | None:
        if languages is None:
            return None
        names = ", ".join(self.directory.language_names[code] for code in languages)
        return _fill(self.t["directory"]["only_languages"], languages=names)

    @staticmethod
    def _time(minutes: int) -> str:
        return f"{minutes // 60}:{minutes % 60:02d}"

    def window(self, w: Window) -> WindowView:
        d = self.t["directory"]
        notes = (self.t.get("windows") or {}).get(w.id, {})
        names = self.directory.language_names
        contacts = []
        for c in w.contacts:
            label = {"phone": _fill(d["call"], number=c.value), "web": d["website"], "email": c.value}[c.kind]
            contacts.append(ContactView(c.kind, c.href, label, c.value, (notes.get("notes") or {}).get(c.value),
                                        bool(c.free), self._only(c.languages)))
        hours = []
        for rule in w.hours or ():
            line = f"{self._days(rule.days)} {self._time(rule.open)}–{self._time(rule.close)}"
            only = self._only(sorted(rule.languages, key=list(names).index) if rule.languages else None)
            hours.append(f"{line} {only}" if only else line)
        closed = []
        if w.closed_on_holidays:
            closed.append(d["closed_holidays"])
        for period in w.closed_periods:
            text = _fill(d["closed_period"], **{
                "from": self._month_day(period.start), "to": self._month_day(period.end)})
            only = self._only(sorted(period.languages, key=list(names).index) if period.languages else None)
            closed.append(f"{text} {only}" if only else text)
        cost = {"free": d["cost_free"], "caller-pays": d["cost_caller_pays"], None: None}[w.cost]
        by_code = {p["code"]: p for p in self.prefectures}
        region = d["national"] if w.national else ", ".join(
            f"{by_code[code]['en']} ({by_code[code]['ja']})" for code in w.region)
        checked = _fill(d["checked"], date=self._date(w.checked))
        if w.source_date:
            checked += ", " + _fill(d["source_dated"], date=self._date(w.source_date))
        data = {
            "id": w.id, "handles": list(w.handles), "languages": list(w.languages),
            "more": w.more_languages, "region": NATIONAL if w.national else list(w.region),
            "hours": None if w.hours is None else [
                {"days": sorted(r.days, key=(*DAYS, HOLIDAY).index), "open": r.open, "close": r.close,
                 "languages": sorted(r.languages) if r.languages else None} for r in w.hours],
            "closedOnHolidays": w.closed_on_holidays,
            "closed": [{"from": list(p.start), "to": list(p.end),
                        "languages": sorted(p.languages) if p.languages else None} for p in w.closed_periods],
        }
        return WindowView(
            id=w.id, name_ja=w.name["ja"], name_en=w.name["en"],
            handles=[self.t["handles"][h] for h in w.handles],
            languages=[names[code] for code in w.languages], more_languages=w.more_languages,
            contacts=contacts, hours=hours, closed=closed, cost=cost, cost_note=notes.get("cost_note"), region=region, source=w.source,
            checked=checked, emergency=EMERGENCY in w.handles,
            data=json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    def _month_day(self, month_day: tuple[int, int]) -> str:
        # Any year: only the month and day are shown ("29 Dec").
        return format_date(dt.date(2024, *month_day), "d MMM", locale=self.locale)

    def _windows_context(self) -> dict:
        views = [self.window(w) for w in self.directory.windows]
        handles = [(h, self.t["handles"][h]) for h in self.directory.handles if h != EMERGENCY]
        # The site's languages first, in the menu's order, then the others.
        site = [*language_codes(), "ja"]
        codes = sorted(self.directory.languages, key=lambda c: (site.index(c) if c in site else len(site), c))
        languages = [(code, self.directory.language_names[code]) for code in codes]
        return {
            "windows": [v for v in views if not v.emergency],
            "emergency": [v for v in views if v.emergency],
            "handles": handles, "languages": languages, "prefectures": self.prefectures,
            "holidays": json.dumps([day.isoformat() for day in japan_holidays(self.today)]),
            "config": json.dumps({"ui": {k: self.t["directory"][k] for k in (
                "count", "now_open", "now_closed", "now_unknown")}}, ensure_ascii=False),
        }

    # ------------------------------------------------------------------ the widgets

    def _directory(self) -> Markup:
        return self._template("directory", **self._windows_context())

    def _triage(self) -> Markup:
        context = self._windows_context()
        context["config"] = json.dumps({"ui": {
            **{k: self.t["directory"][k] for k in ("count", "now_open", "now_closed", "now_unknown")},
            **{k: self.t["triage"][k] for k in ("step",)}}}, ensure_ascii=False)
        return self._template("triage", **context)

    def _self_check(self) -> Markup:
        check = load_self_check(handles=self.directory.handles)
        by_handle = {}
        for w in self.directory.windows:
            for h in w.handles:
                by_handle.setdefault(h, []).append(w)
        findings = []
        status_names = {code: self.status_titles.get(code, code) for code in STATUSES}
        for q in check.questions:
            # The windows for a finding: those handling its first kinds, emergencies apart.
            windows, seen = [], set()
            for h in q.handles:
                for w in by_handle.get(h, []):
                    if w.id not in seen and EMERGENCY not in w.handles:
                        seen.add(w.id)
                        windows.append(w)
            for_status = _fill(self.t["self_check"]["for_status"],
                               status=", ".join(status_names[s] for s in q.statuses)) if q.statuses else None
            findings.append({"q": q, "windows": windows, "page_title": self.page_title(q.page), "for_status": for_status,
                             "problem": next((h for h in q.handles if h != EMERGENCY), q.handles[0])})
        statuses = list(status_names.items())
        topics = [(topic, [f for f in findings if f["q"].topic == topic]) for topic in check.topics]
        sc = self.t["self_check"]
        config = {"ui": {k: sc[k] for k in ("result_count", "answered")}}
        return self._template("self-check", topics=topics, statuses=statuses,
                              config=json.dumps(config, ensure_ascii=False))

    def _case(self) -> Markup:
        c = self.t["case"]
        config = {
            "lang": self.lang,
            "url": f"{self.endpoint.rstrip('/')}/v1/cases/",
            "ui": {k: v for k, v in c.items() if isinstance(v, str)},
            "statuses": c["statuses"],
        }
        return self._template("case", config=json.dumps(config, ensure_ascii=False))
