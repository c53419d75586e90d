"""The directory of consultation windows (data/windows.yml): loading, validation, "open now".

Every window, and every fact in it, must come from the operator's own official page
(`source`), read on the day in `checked`. The validator cannot check that a number is right,
but it refuses everything that would let a wrong or unverifiable entry slip in unnoticed:
unknown problem categories or language codes, bad prefecture codes, malformed or inverted
hours, sources that are not https, check dates in the future, phone numbers that are not
written as dialled in Japan, "free" numbers that are not toll-free numbers, duplicate ids and
unknown fields (typos). All errors are reported at once, each naming the window and field.

`open_now` answers in Japan time whether a window is open: True, False, or None when the
directory does not know (no verified hours, a language whose hours are unknown, or a public
holiday the source says nothing about). Japanese public holidays are passed in by the caller
(`holidays`), not computed here.

Run `python -m mirai.desk.windows [path]` to check the file.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from ..content import as_date
from ..paths import DATA

TOKYO = ZoneInfo("Asia/Tokyo")
WINDOWS_FILE = DATA / "windows.yml"
PREFECTURES_FILE = DATA / "prefectures.yml"

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOLIDAY = "holiday"
CONTACT_KINDS = ("phone", "web", "email")
COSTS = ("free", "caller-pays")
NATIONAL = "national"

_WINDOW_KEYS = {
    "id", "name", "operator", "handles", "languages", "contacts", "hours",
    "closed_on_holidays", "closed_periods", "cost", "cost_note", "region", "source",
    "source_date", "checked", "more_languages",
}
_REQUIRED_KEYS = ("id", "name", "operator", "handles", "languages", "contacts", "region",
                  "source", "checked")
_CONTACT_KEYS = {"kind", "value", "languages", "free", "note", "source"}
_RULE_KEYS = {"days", "open", "close", "languages"}
_PERIOD_KEYS = {"from", "to", "languages"}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO639_1 = re.compile(r"^[a-z]{2}$")
_HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_MMDD = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
# As dialled inside Japan: a leading 0, digits in groups separated by single hyphens,
# 10 digits (fixed lines, 0120, 0570) or 11 (mobile, 050 IP, 0800 and some others).
_PHONE = re.compile(r"^0[0-9]+(?:-[0-9]+){0,3}$")
_SHORT_NUMBERS = {"110", "118", "119"}  # police, coast guard, fire and ambulance
_SHORT_CODE = re.compile(r"^#[0-9]{4}$")  # e.g. #9110 (police consultation), #7119
_TOLL_FREE_PREFIXES = ("0120", "0800")


class WindowsDataError(ValueError):
    """data/windows.yml is invalid; `errors` lists every problem found."""

    def __init__(self, errors: list[str], path: Path | str | None = None):
        self.errors = list(errors)
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{len(errors)} problem(s) in the consultation window "
                         "directory:\n  - " + "\n  - ".join(errors))


@dataclass(frozen=True)
class Contact:
    kind: str
    value: str
    languages: tuple[str, ...] | None = None
    free: bool | None = None
    note: str | None = None
    source: str | None = None

    @property
    def href(self) -> str:
        """A link for the page: tap-to-call for phones, mailto: for e-mail."""
        if self.kind == "phone":  # "#9110": "#" would start the URL's fragment
            return "tel:" + self.value.replace("-", "").replace("#", "%23")
        if self.kind == "email":
            return "mailto:" + self.value
        return self.value


@dataclass(frozen=True)
class HoursRule:
    days: frozenset[str]
    open: int  # minutes after midnight, Japan time, inclusive
    close: int  # exclusive; 1440 for "24:00"
    languages: frozenset[str] | None = None

    def covers(self, language: str | None) -> bool:
        return language is None or self.languages is None or language in self.languages


@dataclass(frozen=True)
class ClosedPeriod:
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]
    languages: frozenset[str] | None = None

    def contains(self, day: dt.date) -> bool:
        md = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end  # wraps the new year (12-29 .. 01-03)

    def covers(self, language: str | None) -> bool:
        return language is None or self.languages is None or language in self.languages


@dataclass(frozen=True)
class Window:
    id: str
    name: dict[str, str]
    operator: str
    handles: tuple[str, ...]
    languages: tuple[str, ...]
    contacts: tuple[Contact, ...]
    region: str | tuple[str, ...]  # "national" or prefecture codes
    source: str
    checked: dt.date
    hours: tuple[HoursRule, ...] | None = None
    closed_on_holidays: bool | None = None
    closed_periods: tuple[ClosedPeriod, ...] = ()
    cost: str | None = None
    cost_note: str | None = None
    source_date: dt.date | None = None
    # The source says the window serves more languages than `languages`, without saying
    # which: a language filter lists it apart, "may help in your language too".
    more_languages: bool = False

    @property
    def national(self) -> bool:
        return self.region == NATIONAL

    def serves_region(self, prefecture: str) -> bool:
        return self.national or prefecture in self.region


@dataclass(frozen=True)
class Directory:
    handles: tuple[str, ...]
    languages: tuple[str, ...]
    windows: tuple[Window, ...]
    language_names: dict[str, str] | None = None  # code -> the language's own name

    def get(self, window_id: str) -> Window:
        for window in self.windows:
            if window.id == window_id:
                return window
        raise KeyError(window_id)


# ---------------------------------------------------------------------------- validation

def _minutes(text: str) -> int:
    if text == "24:00":
        return 24 * 60
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _valid_mmdd(text: str) -> bool:
    if not isinstance(text, str) or not _MMDD.match(text):
        return False
    month, day = (int(part) for part in text.split("-"))
    try:
        dt.date(2024, month, day)  # a leap year: 02-29 is a valid calendar day
    except ValueError:
        return False
    return True


def check_phone(value: Any) -> str | None:
    """None if `value` is a phone number written as dialled in Japan, else the reason."""
    if not isinstance(value, str):
        return "must be a quoted string (YAML would read 0570... as a number)"
    if value in _SHORT_NUMBERS or _SHORT_CODE.match(value):
        return None
    if not _PHONE.match(value):
        return ("is not a Japanese number: write it as dialled in Japan, digits and single "
                "hyphens, starting with 0 (e.g. 0570-078377, 03-5285-8088), or 110/119/#9110")
    digits = len(value.replace("-", ""))
    if digits not in (10, 11):
        return f"has {digits} digits; Japanese numbers have 10 or 11"
    return None


def _check_languages(where: str, value: Any, known: set[str], allowed: set[str] | None,
                     errors: list[str], *, context: str = "") -> frozenset[str] | None:
    if not isinstance(value, list) or not value:
        errors.append(f"{where}: must be a non-empty list of language codes")
        return None
    result = set()
    for code in value:
        if not isinstance(code, str) or code not in known:
            errors.append(f"{where}: unknown language code {code!r} (known: "
                          f"{', '.join(sorted(known))}; add it to vocabulary.languages)")
        elif allowed is not None and code not in allowed:
            errors.append(f"{where}: language {code!r} is not one of the window's "
                          f"languages{context}")
        else:
            result.add(code)
    if len(value) != len(set(map(str, value))):
        errors.append(f"{where}: a language is listed twice")
    return frozenset(result)


def _https(where: str, value: Any, errors: list[str]) -> None:
    if not isinstance(value, str) or not re.match(r"^https://[^\s/]+\.[^\s]+$", value):
        errors.append(f"{where}: must be an https:// URL, got {value!r}")


def _check_vocabulary(doc: dict, errors: list[str]) -> tuple[set[str], set[str]]:
    vocab = doc.get("vocabulary")
    if not isinstance(vocab, dict):
        errors.append("vocabulary: missing (it defines `handles` and `languages`)")
        return set(), set()
    handles = vocab.get("handles")
    languages = vocab.get("languages")
    if not isinstance(handles, list) or not handles:
        errors.append("vocabulary.handles: must be a non-empty list")
        handles = []
    if not isinstance(languages, list) or not languages:
        errors.append("vocabulary.languages: must be a non-empty list")
        languages = []
    for code in languages:
        if not isinstance(code, str) or not _ISO639_1.match(code):
            errors.append(f"vocabulary.languages: {code!r} is not an ISO 639-1 code "
                          "(two lowercase letters)")
    if "ja" not in languages:
        errors.append("vocabulary.languages: must include 'ja'")
    for handle in handles:
        if not isinstance(handle, str) or not _SLUG.match(handle):
            errors.append(f"vocabulary.handles: {handle!r} is not a lowercase slug")
    for name, items in (("handles", handles), ("languages", languages)):
        if len(items) != len(set(map(str, items))):
            errors.append(f"vocabulary.{name}: a value is listed twice")
    # Each language is shown by its own name (日本語, Tiếng Việt): a reader looks for theirs.
    names = vocab.get("language_names")
    if not isinstance(names, dict):
        errors.append("vocabulary.language_names: missing (each language's own name, by code)")
    else:
        for code in languages:
            if not (isinstance(names.get(code), str) and names[code].strip()):
                errors.append(f"vocabulary.language_names: no name for {code!r}")
        for code in sorted(set(names) - set(languages), key=str):
            errors.append(f"vocabulary.language_names: {code!r} is not in vocabulary.languages")
    return {h for h in handles if isinstance(h, str)}, {c for c in languages if isinstance(c, str)}


def _check_window(entry: Any, index: int, handles: set[str], languages: set[str],
                  prefectures: set[str], today: dt.date, errors: list[str]) -> None:
    if not isinstance(entry, dict):
        errors.append(f"windows[{index}]: must be a mapping")
        return
    wid = entry.get("id")
    label = f"window {wid!r}" if isinstance(wid, str) else f"windows[{index}]"

    for key in sorted(set(entry) - _WINDOW_KEYS):
        errors.append(f"{label}: unknown field {key!r}")
    for key in _REQUIRED_KEYS:
        if key not in entry:
            errors.append(f"{label}: missing required field {key!r}")

    if "id" in entry and (not isinstance(wid, str) or not _SLUG.match(wid)):
        errors.append(f"{label}.id: must be a lowercase slug (a-z, 0-9, hyphens)")

    name = entry.get("name")
    if "name" in entry and (not isinstance(name, dict) or set(name) != {"ja", "en"} or not all(
            isinstance(v, str) and v.strip() for v in name.values())):
        errors.append(f"{label}.name: must have exactly `ja` and `en`, both non-empty")

    if "operator" in entry and not (isinstance(entry["operator"], str)
                                    and entry["operator"].strip()):
        errors.append(f"{label}.operator: must be a non-empty string")

    if "handles" in entry:
        value = entry["handles"]
        if not isinstance(value, list) or not value:
            errors.append(f"{label}.handles: must be a non-empty list")
        else:
            for handle in value:
                if handle not in handles:
                    errors.append(f"{label}.handles: unknown value {handle!r} (known: "
                                  f"{', '.join(sorted(handles))})")

    window_languages: set[str] | None = None
    if "languages" in entry:
        got = _check_languages(f"{label}.languages", entry["languages"], languages, None,
                               errors)
        window_languages = set(got) if got is not None else None

    contacts = entry.get("contacts")
    if "contacts" in entry:
        if not isinstance(contacts, list) or not contacts:
            errors.append(f"{label}.contacts: must be a non-empty list")
        else:
            for i, contact in enumerate(contacts):
                _check_contact(f"{label}.contacts[{i}]", contact, languages,
                               window_languages, errors)

    if "hours" in entry:
        rules = entry["hours"]
        if not isinstance(rules, list) or not rules:
            errors.append(f"{label}.hours: must be a non-empty list (leave `hours` out when "
                          "they are not verified)")
        else:
            for i, rule in enumerate(rules):
                _check_rule(f"{label}.hours[{i}]", rule, languages, window_languages, errors)

    if "closed_on_holidays" in entry:
        if not isinstance(entry["closed_on_holidays"], bool):
            errors.append(f"{label}.closed_on_holidays: must be true or false")
        elif "hours" not in entry:
            errors.append(f"{label}.closed_on_holidays: only meaningful with `hours`")

    if "closed_periods" in entry:
        periods = entry["closed_periods"]
        if not isinstance(periods, list) or not periods:
            errors.append(f"{label}.closed_periods: must be a non-empty list")
        else:
            for i, period in enumerate(periods):
                where = f"{label}.closed_periods[{i}]"
                if not isinstance(period, dict):
                    errors.append(f"{where}: must be a mapping")
                    continue
                for key in sorted(set(period) - _PERIOD_KEYS):
                    errors.append(f"{where}: unknown field {key!r}")
                for key in ("from", "to"):
                    if not _valid_mmdd(period.get(key)):
                        errors.append(f"{where}.{key}: must be a calendar day \"MM-DD\", got "
                                      f"{period.get(key)!r}")
                if "languages" in period:
                    _check_languages(f"{where}.languages", period["languages"], languages,
                                     window_languages, errors)

    if "more_languages" in entry and not isinstance(entry["more_languages"], bool):
        errors.append(f"{label}.more_languages: must be true or false")

    if "cost" in entry and entry["cost"] not in COSTS:
        errors.append(f"{label}.cost: must be one of {', '.join(COSTS)} (details in "
                      f"cost_note), got {entry['cost']!r}")
    if "cost_note" in entry and not isinstance(entry["cost_note"], str):
        errors.append(f"{label}.cost_note: must be text")

    if "region" in entry:
        region = entry["region"]
        if region == NATIONAL:
            pass
        elif isinstance(region, list) and region:
            for code in region:
                if not isinstance(code, str) or code not in prefectures:
                    errors.append(f"{label}.region: {code!r} is not a prefecture code "
                                  "(\"01\"..\"47\", quoted, as in data/prefectures.yml)")
            if len(region) != len(set(map(str, region))):
                errors.append(f"{label}.region: a prefecture is listed twice")
        else:
            errors.append(f"{label}.region: must be `national` or a list of prefecture codes")

    if "source" in entry:
        _https(f"{label}.source", entry["source"], errors)

    checked = None
    if "checked" in entry:
        checked = as_date(entry["checked"])
        if checked is None:
            errors.append(f"{label}.checked: must be a date YYYY-MM-DD")
        elif checked > today:
            errors.append(f"{label}.checked: {checked} is in the future (today is {today})")
    if "source_date" in entry:
        source_date = as_date(entry["source_date"])
        if source_date is None:
            errors.append(f"{label}.source_date: must be a date YYYY-MM-DD")
        elif source_date > today:
            errors.append(f"{label}.source_date: {source_date} is in the future")
        elif checked is not None and source_date > checked:
            errors.append(f"{label}.source_date: {source_date} is after `checked` {checked}")


def _check_contact(where: str, contact: Any, languages: set[str],
                   window_languages: set[str] | None, errors: list[str]) -> None:
    if not isinstance(contact, dict):
        errors.append(f"{where}: must be a mapping")
        return
    for key in sorted(set(contact) - _CONTACT_KEYS):
        errors.append(f"{where}: unknown field {key!r}")
    kind = contact.get("kind")
    value = contact.get("value")
    if kind not in CONTACT_KINDS:
        errors.append(f"{where}.kind: must be one of {', '.join(CONTACT_KINDS)}, got {kind!r}")
    if kind == "phone":
        problem = check_phone(value)
        if problem:
            errors.append(f"{where}.value: phone number {value!r} {problem}")
    elif kind == "web":
        _https(f"{where}.value", value, errors)
    elif kind == "email" and (not isinstance(value, str) or not _EMAIL.match(value)):
        errors.append(f"{where}.value: {value!r} is not an e-mail address")
    if "free" in contact:
        free = contact["free"]
        if not isinstance(free, bool):
            errors.append(f"{where}.free: must be true or false")
        elif free and kind == "phone" and isinstance(value, str) and not (
                value.startswith(_TOLL_FREE_PREFIXES) or value in _SHORT_NUMBERS):
            errors.append(f"{where}.free: {value} is not a toll-free number (0120/0800); "
                          "a free service on a paid line goes in cost/cost_note")
    if "languages" in contact:
        _check_languages(f"{where}.languages", contact["languages"], languages,
                         window_languages, errors)
    if "note" in contact and not isinstance(contact["note"], str):
        errors.append(f"{where}.note: must be text")
    if "source" in contact:
        _https(f"{where}.source", contact["source"], errors)


def _check_rule(where: str, rule: Any, languages: set[str],
                window_languages: set[str] | None, errors: list[str]) -> None:
    if not isinstance(rule, dict):
        errors.append(f"{where}: must be a mapping")
        return
    for key in sorted(set(rule) - _RULE_KEYS):
        errors.append(f"{where}: unknown field {key!r}")
    days = rule.get("days")
    if not isinstance(days, list) or not days:
        errors.append(f"{where}.days: must be a non-empty list of {', '.join(DAYS)}, "
                      f"{HOLIDAY}")
    else:
        for day in days:
            if day not in DAYS and day != HOLIDAY:
                errors.append(f"{where}.days: unknown day {day!r} (use "
                              f"{', '.join(DAYS)}, {HOLIDAY})")
        if len(days) != len(set(map(str, days))):
            errors.append(f"{where}.days: a day is listed twice")
    opening, closing = rule.get("open"), rule.get("close")
    ok = True
    if not isinstance(opening, str) or not _HHMM.match(opening):
        errors.append(f"{where}.open: must be \"HH:MM\" (00:00-23:59, quoted), got {opening!r}")
        ok = False
    if not isinstance(closing, str) or not (_HHMM.match(closing) or closing == "24:00"):
        errors.append(f"{where}.close: must be \"HH:MM\" (00:01-24:00, quoted), got "
                      f"{closing!r}")
        ok = False
    if ok and _minutes(closing) <= _minutes(opening):
        errors.append(f"{where}: close {closing} is not after open {opening} (split a range "
                      "past midnight into two rules, one ending 24:00)")
    if "languages" in rule:
        _check_languages(f"{where}.languages", rule["languages"], languages,
                         window_languages, errors)


def validate(doc: Any, *, prefectures: Iterable[str] | None = None,
             today: dt.date | None = None) -> list[str]:
    """Every problem in a parsed windows.yml document (empty list: valid)."""
    if today is None:
        today = dt.datetime.now(TOKYO).date()
    if prefectures is None:
        prefectures = load_prefecture_codes()
    prefectures = set(prefectures)
    errors: list[str] = []
    if not isinstance(doc, dict):
        return ["the file must be a mapping with `vocabulary` and `windows`"]
    for key in sorted(set(doc) - {"vocabulary", "windows"}):
        errors.append(f"unknown top-level field {key!r}")
    handles, languages = _check_vocabulary(doc, errors)
    windows = doc.get("windows")
    if not isinstance(windows, list) or not windows:
        errors.append("windows: must be a non-empty list")
        return errors
    seen: dict[str, int] = {}
    for index, entry in enumerate(windows):
        _check_window(entry, index, handles, languages, prefectures, today, errors)
        wid = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(wid, str):
            if wid in seen:
                errors.append(f"window {wid!r}: duplicate id (also windows[{seen[wid]}])")
            else:
                seen[wid] = index
    return errors


# ------------------------------------------------------------------------------- loading

def load_prefecture_codes(path: Path = PREFECTURES_FILE) -> set[str]:
    with open(path, encoding="utf-8") as f:
        return {str(entry["code"]) for entry in yaml.safe_load(f)}


def _window(entry: dict) -> Window:
    def langs(value):
        return frozenset(value) if value is not None else None

    hours = None
    if "hours" in entry:
        hours = tuple(HoursRule(days=frozenset(r["days"]), open=_minutes(r["open"]),
                                close=_minutes(r["close"]), languages=langs(r.get("languages")))
                      for r in entry["hours"])
    periods = tuple(
        ClosedPeriod(start=tuple(int(x) for x in p["from"].split("-")),
                     end=tuple(int(x) for x in p["to"].split("-")),
                     languages=langs(p.get("languages")))
        for p in entry.get("closed_periods", ()))
    contacts = tuple(
        Contact(kind=c["kind"], value=c["value"],
                languages=tuple(c["languages"]) if "languages" in c else None,
                free=c.get("free"), note=c.get("note"), source=c.get("source"))
        for c in entry["contacts"])
    region = entry["region"]
    return Window(
        id=entry["id"], name=dict(entry["name"]), operator=entry["operator"],
        handles=tuple(entry["handles"]), languages=tuple(entry["languages"]),
        contacts=contacts, region=region if region == NATIONAL else tuple(region),
        source=entry["source"], checked=as_date(entry["checked"]), hours=hours,
        closed_on_holidays=entry.get("closed_on_holidays"), closed_periods=periods,
        cost=entry.get("cost"), cost_note=entry.get("cost_note"),
        source_date=as_date(entry["source_date"]) if "source_date" in entry else None,
        more_languages=entry.get("more_languages", False),
    )


def parse(doc: Any, *, prefectures: Iterable[str] | None = None,
          today: dt.date | None = None, path: Path | str | None = None) -> Directory:
    """Validate a parsed document and build the directory; WindowsDataError if invalid."""
    errors = validate(doc, prefectures=prefectures, today=today)
    if errors:
        raise WindowsDataError(errors, path)
    vocab = doc["vocabulary"]
    return Directory(handles=tuple(vocab["handles"]), languages=tuple(vocab["languages"]),
                     windows=tuple(_window(entry) for entry in doc["windows"]),
                     language_names=dict(vocab["language_names"]))


def load_windows(path: Path | str = WINDOWS_FILE, *, today: dt.date | None = None) -> Directory:
    """Read and validate data/windows.yml (or `path`)."""
    with open(path, encoding="utf-8") as f:
        try:
            doc = yaml.safe_load(f)
        except yaml.YAMLError as exc:
            raise WindowsDataError([f"not valid YAML: {exc}"], path) from exc
    return parse(doc, today=today, path=path)


# ------------------------------------------------------------------------------ open now

def open_now(window: Window, when: dt.datetime, holidays: Iterable[dt.date] = frozenset(),
             language: str | None = None) -> bool | None:
    """Is `window` open at `when` (an aware datetime; compared in Japan time)?

    True or False when the directory knows, None when it does not: no verified hours, the
    `language`'s hours are not known, or `when` falls on a public holiday (`holidays`, dates
    in Japan) for which the source gives neither holiday hours nor says it is closed. With
    `language`, only that language's hours count (False if the window does not serve it);
    without, the window is open if it is open for any language whose hours are known.
    """
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("open_now needs an aware datetime (e.g. tzinfo=ZoneInfo('Asia/Tokyo'))")
    if window.hours is None:
        return None
    if language is not None and language not in window.languages:
        return False
    local = when.astimezone(TOKYO)
    day, minute = local.date(), local.hour * 60 + local.minute
    rules = [rule for rule in window.hours if rule.covers(language)]
    if not rules:
        return None
    closed = [period for period in window.closed_periods if period.contains(day)]
    if language is not None and any(period.covers(language) for period in closed):
        return False
    if closed:
        # Without a language, a period that closes only some languages leaves the rules of
        # the others: a rule is out only if every one of its languages is closed.
        rules = [rule for rule in rules if not any(
            period.languages is None
            or (rule.languages is not None and rule.languages <= period.languages)
            for period in closed)]
        if not rules:
            return False
    is_holiday = day in set(holidays)
    today_key = HOLIDAY if is_holiday else DAYS[day.weekday()]
    todays = [rule for rule in rules if today_key in rule.days]
    if any(rule.open <= minute < rule.close for rule in todays):
        return True
    if is_holiday and not todays:
        weekday = DAYS[day.weekday()]
        if window.closed_on_holidays or not any(weekday in rule.days for rule in rules):
            return False  # closed on holidays, or closed on that weekday anyway
        return None  # the weekday's hours might or might not apply: the source is silent
    return False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else WINDOWS_FILE
    try:
        directory = load_windows(path)
    except WindowsDataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{path}: {len(directory.windows)} windows, valid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
