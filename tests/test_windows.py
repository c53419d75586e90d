"""The consultation window directory (data/windows.yml) and its "open now" rule."""
from __future__ import annotations

import re

import copy
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import yaml

from mirai.desk import windows as w
from mirai.paths import DATA

TOKYO = ZoneInfo("Asia/Tokyo")
TODAY = dt.date(2026, 11, 30)


def raw() -> dict:
    with open(DATA / "windows.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def errors_of(doc) -> list[str]:
    return w.validate(doc, today=TODAY)


def at(y, m, d, hh, mm) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TOKYO)


# ------------------------------------------------------------------------ the real file

def test_real_file_is_valid():
    directory = w.load_windows(today=TODAY)
    assert len(directory.windows) >= 5


def test_every_entry_has_an_official_source_and_a_check_date():
    for window in w.load_windows(today=TODAY).windows:
        assert window.source.startswith("https://"), window.id
        assert window.checked <= TODAY, window.id
        for contact in window.contacts:
            if contact.source:
                assert contact.source.startswith("https://")


def test_real_file_is_valid_against_the_real_clock():
    # the lead's CI runs on later days too: only "not in the future" matters
    w.load_windows()


def test_phone_contacts_are_tap_to_call():
    directory = w.load_windows(today=TODAY)
    phones = [c for win in directory.windows for c in win.contacts if c.kind == "phone"]
    assert phones
    for contact in phones:
        assert re.fullmatch(r"tel:(0[0-9]{9,10}|110|119|%23[0-9]{4})", contact.href), contact.href
    # "#" starts a fragment in a URL: a short code is dialled through its escape
    assert w.Contact(kind="phone", value="#9110").href == "tel:%239110"


def test_main_reports_valid(capsys):
    assert w.main([]) == 0
    assert "valid" in capsys.readouterr().out


# ------------------------------------------------------------ each error on a bad copy

def first(doc) -> dict:
    return doc["windows"][0]


def amda(doc) -> dict:
    return next(e for e in doc["windows"] if e["id"] == "amda-medical-interpretation-tokyo")


def phone_contact(entry) -> dict:
    return next(c for c in entry["contacts"] if c["kind"] == "phone")


BAD_COPIES = {
    "unknown handles value": (
        lambda d: first(d).__setitem__("handles", ["labour", "visa"]), "unknown value 'visa'"),
    "unknown language code": (
        lambda d: first(d).__setitem__("languages", ["ja", "jp"]),
        "unknown language code 'jp'"),
    "language not ISO 639-1 in the vocabulary": (
        lambda d: d["vocabulary"]["languages"].append("fil"), "'fil' is not an ISO 639-1"),
    "rule language outside the window's": (
        lambda d: amda(d)["hours"][1].__setitem__("languages", ["ne"]),
        "'ne' is not one of the window's languages"),
    "bad prefecture code": (
        lambda d: first(d).__setitem__("region", ["13", "48"]), "'48' is not a prefecture code"),
    "unquoted prefecture code": (
        lambda d: first(d).__setitem__("region", [13]), "13 is not a prefecture code"),
    "region neither national nor list": (
        lambda d: first(d).__setitem__("region", "tokyo"), "must be `national` or a list"),
    "hours not HH:MM": (
        lambda d: first(d)["hours"][0].__setitem__("open", "9:00"), "must be \"HH:MM\""),
    "hours 25:00": (
        lambda d: first(d)["hours"][0].__setitem__("close", "25:00"), "must be \"HH:MM\""),
    "close before open": (
        lambda d: first(d)["hours"][0].update({"open": "22:00", "close": "17:00"}),
        "close 17:00 is not after open 22:00"),
    "close equal to open": (
        lambda d: first(d)["hours"][0].update({"open": "09:00", "close": "09:00"}),
        "is not after open"),
    "unknown day": (
        lambda d: first(d)["hours"][0].__setitem__("days", ["mon", "weekday"]),
        "unknown day 'weekday'"),
    "source not https": (
        lambda d: first(d).__setitem__("source", "http://www.moj.go.jp/JINKEN/jinken21.html"),
        "must be an https:// URL"),
    "web contact not https": (
        lambda d: first(d)["contacts"][0].__setitem__("value", "www.example.jp"),
        "must be an https:// URL"),
    "checked in the future": (
        lambda d: first(d).__setitem__("checked", dt.date(2026, 12, 1)), "is in the future"),
    "checked not a date": (
        lambda d: first(d).__setitem__("checked", "yesterday"), "must be a date"),
    "source_date after checked": (
        lambda d: first(d).__setitem__("source_date", dt.date(2026, 11, 30)) or
        first(d).__setitem__("checked", dt.date(2026, 11, 1)), "is after `checked`"),
    "missing source": (lambda d: first(d).pop("source"), "missing required field 'source'"),
    "missing checked": (lambda d: first(d).pop("checked"), "missing required field 'checked'"),
    "phone with international prefix": (
        lambda d: phone_contact(amda(d)).__setitem__("value", "+81-3-5285-8088"),
        "is not a Japanese number"),
    "phone with letters": (
        lambda d: phone_contact(amda(d)).__setitem__("value", "0120-ROUDOU"),
        "is not a Japanese number"),
    "phone too short": (
        lambda d: phone_contact(amda(d)).__setitem__("value", "03-5285-808"), "has 9 digits"),
    "phone as a YAML number": (
        lambda d: phone_contact(amda(d)).__setitem__("value", 570078377),
        "must be a quoted string"),
    "free on a paid line": (
        lambda d: phone_contact(amda(d)).__setitem__("free", True),
        "is not a toll-free number"),
    "duplicate ids": (
        lambda d: d["windows"][1].__setitem__("id", d["windows"][0]["id"]), "duplicate id"),
    "id not a slug": (
        lambda d: first(d).__setitem__("id", "Labour Hotline"), "must be a lowercase slug"),
    "unknown field (typo)": (
        lambda d: first(d).__setitem__("hour", []), "unknown field 'hour'"),
    "name without ja": (
        lambda d: first(d).__setitem__("name", {"en": "X"}), "must have exactly `ja` and `en`"),
    "unknown contact kind": (
        lambda d: first(d)["contacts"][0].__setitem__("kind", "line"), "must be one of phone"),
    "bad e-mail": (
        lambda d: first(d)["contacts"].append({"kind": "email", "value": "desk-at-example"}),
        "is not an e-mail address"),
    "unknown cost": (
        lambda d: first(d).__setitem__("cost", "cheap"), "cost: must be one of"),
    "bad closed period": (
        lambda d: first(d)["closed_periods"][0].__setitem__("to", "02-30"),
        "must be a calendar day"),
    "handles vocabulary missing": (
        lambda d: d["vocabulary"].pop("handles"), "vocabulary.handles"),
}


@pytest.mark.parametrize("case", sorted(BAD_COPIES))
def test_each_error_is_caught_on_a_bad_copy(case):
    mutate, expected = BAD_COPIES[case]
    doc = copy.deepcopy(raw())
    assert errors_of(doc) == []
    mutate(doc)
    errors = errors_of(doc)
    assert any(expected in e for e in errors), (case, errors)
    with pytest.raises(w.WindowsDataError) as info:
        w.parse(doc, today=TODAY)
    assert expected in str(info.value)


def test_errors_name_the_window_and_are_all_reported(tmp_path):
    doc = copy.deepcopy(raw())
    first(doc)["handles"] = ["visa"]
    amda(doc)["languages"] = ["ja", "xx"]
    path = tmp_path / "windows.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(w.WindowsDataError) as info:
        w.load_windows(path, today=TODAY)
    message = str(info.value)
    assert "window 'labour-standards-advice-hotline'.handles" in message
    assert "window 'amda-medical-interpretation-tokyo'.languages" in message
    assert len(info.value.errors) >= 2
    assert w.main([str(path)]) == 1


def test_invalid_yaml_is_a_clear_error(tmp_path):
    path = tmp_path / "windows.yml"
    path.write_text("windows: [\n", encoding="utf-8")
    with pytest.raises(w.WindowsDataError, match="not valid YAML"):
        w.load_windows(path, today=TODAY)


@pytest.mark.parametrize("number", ["0570-078377", "03-5285-8088", "050-3754-5430",
                                    "0120-811-610", "090-1234-5678", "110", "119", "#9110"])
def test_japanese_numbers_accepted(number):
    assert w.check_phone(number) is None


@pytest.mark.parametrize("number", ["+81 3 5285 8088", "3-5285-8088", "03--5285-8088",
                                    "03-5285-8088-", "03 5285 8088", "0570-07837", "911"])
def test_non_japanese_numbers_refused(number):
    assert w.check_phone(number) is not None


# -------------------------------------------------------------------------- open now

def make(hours=None, **fields) -> w.Window:
    doc = copy.deepcopy(raw())
    entry = first(doc)
    entry.pop("closed_periods", None)
    entry.pop("closed_on_holidays", None)
    if hours is None:
        entry.pop("hours", None)
    else:
        entry["hours"] = hours
    entry.update(fields)
    return w.parse(doc, today=TODAY).windows[0]


WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
# 2026-12-01 is a Tuesday, 2026-12-05 a Saturday.


def test_unknown_hours_are_none():
    window = make(hours=None)
    assert w.open_now(window, at(2026, 12, 1, 12, 0)) is None


def test_opening_minute_is_open_and_closing_minute_is_closed():
    window = make([{"days": WEEKDAYS, "open": "08:30", "close": "17:15"}])
    assert w.open_now(window, at(2026, 12, 1, 8, 29)) is False
    assert w.open_now(window, at(2026, 12, 1, 8, 30)) is True
    assert w.open_now(window, at(2026, 12, 1, 17, 14)) is True
    assert w.open_now(window, at(2026, 12, 1, 17, 15)) is False


def test_seconds_within_the_last_minute_still_open():
    window = make([{"days": WEEKDAYS, "open": "09:00", "close": "17:00"}])
    assert w.open_now(window, at(2026, 12, 1, 16, 59).replace(second=59)) is True


def test_weekend_closed_and_weekend_hours():
    window = make([{"days": WEEKDAYS, "open": "17:00", "close": "22:00"},
                   {"days": ["sat", "sun", "holiday"], "open": "09:00", "close": "21:00"}])
    assert w.open_now(window, at(2026, 12, 5, 10, 0)) is True   # Saturday morning
    assert w.open_now(window, at(2026, 12, 5, 21, 0)) is False  # Saturday closing minute
    assert w.open_now(window, at(2026, 12, 1, 10, 0)) is False  # Tuesday morning
    assert w.open_now(window, at(2026, 12, 1, 21, 59)) is True
    weekdays_only = make([{"days": WEEKDAYS, "open": "09:00", "close": "17:00"}])
    assert w.open_now(weekdays_only, at(2026, 12, 6, 12, 0)) is False  # Sunday


def test_holiday_uses_holiday_hours_not_weekday_hours():
    window = make([{"days": WEEKDAYS, "open": "17:00", "close": "22:00"},
                   {"days": ["sat", "sun", "holiday"], "open": "09:00", "close": "21:00"}])
    holiday = {dt.date(2026, 12, 1)}  # pretend Tuesday is a public holiday
    assert w.open_now(window, at(2026, 12, 1, 10, 0), holiday) is True
    assert w.open_now(window, at(2026, 12, 1, 21, 30), holiday) is False
    assert w.open_now(window, at(2026, 12, 1, 10, 0)) is False


def test_holiday_closed_when_the_source_says_so_unknown_otherwise():
    rules = [{"days": WEEKDAYS, "open": "09:00", "close": "17:00"}]
    holiday = {dt.date(2026, 12, 1)}
    closed = make(rules, closed_on_holidays=True)
    unknown = make(rules)
    assert w.open_now(closed, at(2026, 12, 1, 12, 0), holiday) is False
    assert w.open_now(unknown, at(2026, 12, 1, 12, 0), holiday) is None
    assert w.open_now(unknown, at(2026, 12, 1, 12, 0)) is True
    # a holiday on a Sunday: closed either way, since the weekday rule never covers Sundays
    assert w.open_now(unknown, at(2026, 12, 6, 12, 0), {dt.date(2026, 12, 6)}) is False


def test_new_year_closure_wraps_the_year():
    window = make([{"days": WEEKDAYS + ["sat", "sun", "holiday"], "open": "09:00",
                    "close": "21:00"}], closed_periods=[{"from": "12-29", "to": "01-03"}])
    assert w.open_now(window, at(2026, 12, 28, 12, 0)) is True
    assert w.open_now(window, at(2026, 12, 29, 12, 0)) is False
    assert w.open_now(window, at(2027, 1, 1, 12, 0)) is False
    assert w.open_now(window, at(2027, 1, 3, 20, 59)) is False
    assert w.open_now(window, at(2027, 1, 4, 12, 0)) is True


def test_per_language_hours_on_the_real_amda_entry():
    window = w.load_windows(today=TODAY).get("amda-medical-interpretation-tokyo")
    tuesday_evening = at(2026, 12, 1, 18, 0)
    wednesday_noon = at(2026, 12, 2, 12, 0)
    assert w.open_now(window, tuesday_evening, language="en") is True
    assert w.open_now(window, tuesday_evening, language="pt") is False  # no pt on Tuesdays
    assert w.open_now(window, wednesday_noon, language="pt") is True
    assert w.open_now(window, at(2026, 12, 2, 17, 0), language="pt") is False
    assert w.open_now(window, at(2026, 12, 1, 20, 0), language="en") is False
    # Filipino and Vietnamese hours were not verified: unknown, not "closed"
    assert w.open_now(window, wednesday_noon, language="tl") is None
    assert w.open_now(window, wednesday_noon, language="vi") is None
    # a language the window does not serve
    assert w.open_now(window, wednesday_noon, language="ne") is False
    # any language
    assert w.open_now(window, tuesday_evening) is True


def test_per_language_holiday_and_new_year_rules_on_amda():
    window = w.load_windows(today=TODAY).get("amda-medical-interpretation-tokyo")
    holiday_wednesday = at(2026, 12, 2, 12, 0)
    holidays = {dt.date(2026, 12, 2)}
    assert w.open_now(window, holiday_wednesday, holidays, language="en") is True  # daily
    assert w.open_now(window, holiday_wednesday, holidays, language="pt") is False
    new_year = at(2027, 1, 1, 12, 0)  # a Friday, and a public holiday
    assert w.open_now(window, new_year, {dt.date(2027, 1, 1)}, language="pt") is False
    assert w.open_now(window, at(2026, 12, 30, 12, 0), language="pt") is False  # Wed, closed
    assert w.open_now(window, at(2026, 12, 30, 12, 0), language="en") is True
    assert w.open_now(window, at(2026, 12, 30, 12, 0)) is True


def test_when_is_converted_to_japan_time():
    window = make([{"days": WEEKDAYS, "open": "09:00", "close": "17:00"}])
    # 00:30 UTC on Tuesday = 09:30 in Tokyo
    assert w.open_now(window, dt.datetime(2026, 12, 1, 0, 30, tzinfo=dt.UTC)) is True
    # 23:30 UTC on Monday = 08:30 Tuesday in Tokyo: not yet
    assert w.open_now(window, dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)) is False
    # 14:00 UTC Friday = 23:00 Friday Tokyo; 15:30 UTC Friday = 00:30 Saturday Tokyo
    evening = make([{"days": ["fri"], "open": "17:00", "close": "24:00"}])
    assert w.open_now(evening, dt.datetime(2026, 12, 4, 14, 0, tzinfo=dt.UTC)) is True
    assert w.open_now(evening, dt.datetime(2026, 12, 4, 15, 30, tzinfo=dt.UTC)) is False


def test_overnight_range_as_two_rules():
    # No verified window is open past midnight; the format expresses it as two rules.
    window = make([{"days": ["fri"], "open": "22:00", "close": "24:00"},
                   {"days": ["sat"], "open": "00:00", "close": "06:00"}])
    assert w.open_now(window, at(2026, 12, 4, 21, 59)) is False
    assert w.open_now(window, at(2026, 12, 4, 23, 59)) is True
    assert w.open_now(window, at(2026, 12, 5, 0, 0)) is True
    assert w.open_now(window, at(2026, 12, 5, 5, 59)) is True
    assert w.open_now(window, at(2026, 12, 5, 6, 0)) is False


def test_naive_datetime_refused():
    window = make([{"days": WEEKDAYS, "open": "09:00", "close": "17:00"}])
    with pytest.raises(ValueError, match="aware"):
        w.open_now(window, dt.datetime(2026, 12, 1, 12, 0))
