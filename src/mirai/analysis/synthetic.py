"""Synthetic survey answers for developing and testing the report: `mirai synthesize`.

    INVENTED FOR DEVELOPMENT. NOT REAL STATISTICS. Every share, weight and correlation
    below was made up to give the report plausible-looking data to work on. None of it
    describes foreign workers in Japan, and nothing made from it may be shown as a finding.

What the generator does (all of it invented):

- Nationality: weighted towards Vietnam, then China, the Philippines, Indonesia, Myanmar,
  Nepal, Brazil, Peru and others (`NATIONALITIES`).
- Residence status depends on nationality: technical intern training common for Vietnam,
  Indonesia and Myanmar, students common for Nepal, Brazil and Peru mostly residents
  (`STATUS_BY_NATIONALITY`).
- Prefecture: weighted towards the big industrial prefectures (Tokyo, Aichi, Osaka,
  Kanagawa, Saitama, Chiba, Shizuoka...), every prefecture possible; Brazilians and Peruvians
  more often in the Tokai and North Kanto factory towns, interns less often in Tokyo.
- Industry depends on the residence status; years in Japan too.
- A company code for a share of workers (interns most often, students rarely), from
  `companies` invented codes C001, C002... with skewed sizes (a few large, many small,
  some under 10 people); a company's workers mostly share its industry and prefecture.
- One hidden "risk" per worker (higher for technical interns, shifted per company) makes the
  problems go together: wages below the contract, unpaid overtime, a contract not explained,
  documents kept by someone else (rare), no doctor. Fees and debt depend on nationality and
  status (highest for interns). Life satisfaction (0-10) and housing are lower where there
  are problems.
- Optional questions are sometimes skipped (left out, as the page leaves them out); the
  comment is nearly always empty and otherwise one of a few generic sentences: no names,
  places or other personal data, ever.
- The page's language mostly matches the nationality (English for Nepal and many Filipinos).
- Received over the 365 days before `end`, slowly rising, mostly in the evening (Japan time).

The answers, languages and times are the same for the same seed, count, companies and
`end` (by default the start of today, UTC). Submission ids are new each run.

`write_synthetic` migrates the database (through the store, so the schema is the endpoint's),
then writes every row in one transaction with its own bulk writer (executemany for SQLite,
COPY for PostgreSQL): the store's one-transaction-per-answer path takes minutes for 200,000.
Each submission gets an idempotency key starting with `synthetic-`, and the writer refuses a
database that holds any other submission: invented answers never mix with real ones."""
from __future__ import annotations

import datetime as dt
import json
import math
import random
import sqlite3
import uuid
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, islice

from ..endpoint.storage import open_store
from ..forms.schema import load_form, prefectures
from .respondents import without_password

FORM = "survey"
KEY_PREFIX = "synthetic-"
FINGERPRINT = "synthetic"  # no request body was ever sent
BATCH = 10_000
JST = dt.timezone(dt.timedelta(hours=9))
UTC = dt.timezone.utc


class SynthesisError(Exception):
    """Synthetic answers cannot be written; one line for the person running the command."""


@dataclass(frozen=True)
class SyntheticSubmission:
    lang: str
    received_at: str  # ISO 8601, UTC, microseconds: as the store writes `received_at`
    answers: dict


class Table:
    """Weighted choices, drawn with one random number (random.choices recomputes the sums
    on every call; 200,000 workers draw about 30 times each)."""

    def __init__(self, weights: dict):
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


# ---- invented distributions (see the module docstring: not real statistics) ----------------

NATIONALITIES = Table({"vietnam": 34, "china": 16, "philippines": 12, "indonesia": 10, "myanmar": 7,
                       "nepal": 6, "brazil": 5, "peru": 2, "other": 8})

STATUSES = ("technical-intern", "specified-skilled", "student", "highly-skilled", "resident", "other", "unknown")
STATUS_BY_NATIONALITY = {nationality: Table(dict(zip(STATUSES, weights))) for nationality, weights in {
    #              intern  skilled student highly resident other unknown
    "vietnam":     (45,    25,     12,     9,     3,       4,    2),
    "china":       (25,    10,     20,     25,    15,      3,    2),
    "philippines": (25,    20,     3,      10,    34,      6,    2),
    "indonesia":   (50,    30,     5,      6,     3,       4,    2),
    "myanmar":     (45,    30,     10,     7,     2,       4,    2),
    "nepal":       (5,     10,     40,     15,    5,       22,   3),  # "other": family stay, skilled labour
    "brazil":      (1,     3,      2,      4,     85,      3,    2),
    "peru":        (1,     3,      2,      3,     86,      3,    2),
    "other":       (15,    15,     20,     25,    15,      8,    2),
}.items()}

LANGUAGE_BY_NATIONALITY = {nationality: Table(weights) for nationality, weights in {
    "vietnam": {"vi": 90, "en": 10},
    "china": {"zh": 92, "en": 8},
    "philippines": {"tl": 55, "en": 45},
    "indonesia": {"id": 90, "en": 10},
    "myanmar": {"my": 85, "en": 15},
    "nepal": {"en": 97, "vi": 1, "zh": 1, "id": 1},  # no Nepali page (yet)
    "brazil": {"pt": 95, "en": 3, "es": 2},
    "peru": {"es": 90, "pt": 5, "en": 5},
    "other": {"en": 70, "zh": 5, "vi": 4, "tl": 5, "id": 5, "my": 3, "pt": 4, "es": 4},
}.items()}

# Prefecture code -> weight; every prefecture at least 1.
_BIG_PREFECTURES = {"13": 60, "23": 30, "27": 28, "14": 25, "11": 23, "12": 18, "28": 12, "22": 10, "40": 9,
                    "08": 9, "10": 7, "21": 6, "24": 6, "26": 6, "34": 6, "09": 5, "01": 5, "33": 3, "25": 3,
                    "20": 3, "04": 3, "43": 3, "15": 2, "16": 2, "17": 2, "18": 2, "37": 2, "38": 2, "47": 2,
                    "19": 1.5, "29": 1.5, "35": 1.5}
_FACTORY_TOWNS = {"23", "22", "10", "24", "21", "09", "08", "25"}  # Aichi, Shizuoka, Gunma, Mie, Gifu...


def _prefecture_table(multipliers: dict[str, float]) -> Table:
    return Table({p["code"]: _BIG_PREFECTURES.get(p["code"], 1) * multipliers.get(p["code"], 1)
                  for p in prefectures()})


PREFECTURES = {
    "default": _prefecture_table({}),
    "latin-american": _prefecture_table({**{code: 4 for code in _FACTORY_TOWNS}, "13": 0.3}),
    "intern": _prefecture_table({"13": 0.35, "27": 0.7, **{code: 1.5 for code in _FACTORY_TOWNS}}),
    "large-company": Table({code: weight for code, weight in _BIG_PREFECTURES.items() if weight >= 5}),
}

INDUSTRIES = ("agriculture", "fishery", "construction", "food-manufacturing", "manufacturing", "care",
              "cleaning", "food-service", "accommodation", "other", "none")
INDUSTRY_BY_STATUS = {status: Table(dict(zip(INDUSTRIES, weights))) for status, weights in {
    #                    agri fish constr food  manuf care clean fsvc accom other none
    "technical-intern":  (10,  2,   18,    22,   35,   5,   2,    .5,  .5,   4,    1),
    "specified-skilled": (8,   1,   12,    20,   25,   12,  3,    8,   4,    5,    2),
    "student":           (.5,  .1,  .5,    12,   5,    2,   8,    35,  5,    18,   15),
    "highly-skilled":    (.5,  .1,  5,     2,    15,   2,   .5,   3,   5,    60,   5),
    "resident":          (2,   .5,  8,     15,   40,   8,   5,    5,   2,    10,   5),
    "other":             (2,   .5,  5,     8,    15,   5,   4,    15,  4,    30,   12),
    "unknown":           (5,   1,   10,    15,   25,   5,   5,    10,  4,    10,   10),
}.items()}
COMPANY_INDUSTRIES = Table({"manufacturing": 35, "food-manufacturing": 20, "construction": 12, "care": 10,
                            "agriculture": 8, "cleaning": 4, "food-service": 5, "accommodation": 3,
                            "fishery": 2, "other": 1})

YEARS = ("under-1", "1-3", "3-5", "over-5")
YEARS_BY_STATUS = {status: Table(dict(zip(YEARS, weights))) for status, weights in {
    "technical-intern": (35, 50, 13, 2),
    "specified-skilled": (15, 35, 35, 15),
    "student": (30, 50, 15, 5),
    "highly-skilled": (10, 30, 30, 30),
    "resident": (3, 7, 10, 80),
    "other": (15, 30, 25, 30),
    "unknown": (40, 40, 15, 5),
}.items()}

# Company sizes: the company of rank r has 1 / r**COMPANY_SKEW of the workers with a code
# (20 companies: the largest about a quarter, the smallest under 2 %)
COMPANY_SKEW = 0.9
# Share with a company code (before any company exists to give one)
CODE_SHARE = {"technical-intern": .45, "specified-skilled": .35, "student": .05, "highly-skilled": .15,
              "resident": .2, "other": .15, "unknown": .2}
# The hidden risk of problems at work, by status (0..1)
RISK = {"technical-intern": .35, "specified-skilled": .22, "student": .2, "highly-skilled": .08,
        "resident": .15, "other": .18, "unknown": .3}
# Paying a broker or agency: chance for an intern of each nationality, times the status's factor
FEE_CHANCE = {"vietnam": .88, "china": .7, "philippines": .35, "indonesia": .8, "myanmar": .85, "nepal": .75,
              "brazil": .2, "peru": .2, "other": .55}
FEE_FACTOR = {"technical-intern": 1, "specified-skilled": .7, "student": .75, "highly-skilled": .2,
              "resident": .06, "other": .35, "unknown": .6}
# Median fee in yen by nationality, times the status's factor; log-normal spread
FEE_MEDIAN = {"vietnam": 800_000, "china": 550_000, "philippines": 150_000, "indonesia": 350_000,
              "myanmar": 450_000, "nepal": 700_000, "brazil": 250_000, "peru": 250_000, "other": 400_000}
FEE_MEDIAN_FACTOR = {"technical-intern": 1, "specified-skilled": .8, "student": .9, "highly-skilled": .6,
                     "resident": .5, "other": .8, "unknown": 1}
STILL_PAYING_BY_YEARS = {"under-1": .9, "1-3": .7, "3-5": .4, "over-5": .15, None: .6}
SATISFACTION_BASE = {"technical-intern": 5.6, "specified-skilled": 6.2, "student": 6.0, "highly-skilled": 7.0,
                     "resident": 6.6, "other": 6.3, "unknown": 5.5}
# Chance an optional question is skipped (later questions a little more often)
SKIP = {"industry": .04, "years_in_japan": .05, "fees_paid": .08, "fees_amount": .25, "debt": .1,
        "contract_language": .1, "wages_as_promised": .1, "overtime_paid": .12, "documents_kept": .2,
        "housing": .12, "health_care": .12, "info_needed": .2, "info_sources": .22}
COMMENT_SHARE = .03
NEEDED = {"wages": .35, "contract": .2, "changing-jobs": .2, "residence": .4, "health": .2, "tax-insurance": .3,
          "housing": .15, "japanese": .3, "other": .05}
SOURCES = {"employer": .35, "supervising-organisation": .05, "friends": .55, "social-media": .5, "government": .15,
           "this-site": .12, "consultation": .08, "other": .04}
# Answers in Japan time: evenings after work and the lunch break (hour 0..23, JST)
HOUR_WEIGHTS = Table(dict(enumerate([2, 1, .5, .3, .3, .5, 1, 2, 2, 1.5, 1.5, 2, 4, 3, 1.5, 1.5, 2, 3,
                                     5, 7, 8, 8, 6, 4])))
# A few generic sentences; never names, places or anything that could describe a person.
COMMENTS = {
    "en": ["Thank you for this survey.", "Please add more information about pensions.",
           "I want to change jobs but I do not know how.", "The guide is easy to read."],
    "vi": ["Cảm ơn.", "Xin thêm thông tin về lương hưu.", "Tôi muốn chuyển việc nhưng không biết cách."],
    "zh": ["谢谢。", "希望多介绍一些关于年金的信息。", "我想换工作，但不知道怎么办。"],
    "tl": ["Salamat po.", "Sana may dagdag na impormasyon tungkol sa pension.", "Gusto kong lumipat ng trabaho."],
    "id": ["Terima kasih.", "Mohon tambahkan informasi tentang pensiun.", "Saya ingin pindah kerja."],
    "my": ["ကျေးဇူးတင်ပါသည်။", "အလုပ်ပြောင်းချင်ပါသည်။"],
    "pt": ["Obrigado.", "Por favor, mais informações sobre a aposentadoria.", "Quero mudar de emprego."],
    "es": ["Gracias.", "Por favor, más información sobre la pensión.", "Quiero cambiar de trabajo."],
}


# ---- companies -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Company:
    code: str
    industry: str
    prefecture: str
    risk: float  # added to each of its workers' risk


def company_codes(count: int) -> list[str]:
    return [f"C{n:03d}" for n in range(1, count + 1)]


def make_companies(count: int, rng: random.Random) -> tuple[list[Company], Table | None]:
    """`count` invented companies and a table drawing one by its (skewed, Zipf-like) size."""
    if count <= 0:
        return [], None
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)  # the largest company is not always C001
    companies = [Company(code, COMPANY_INDUSTRIES.pick(rng),
                         # the largest quarter in the big prefectures: one large company in a small
                         # prefecture would otherwise make it look like a centre of foreign workers
                         (PREFECTURES["large-company"] if rank <= count / 4 else PREFECTURES["intern"]).pick(rng),
                         rng.gauss(0, .1))
                 for code, rank in zip(company_codes(count), ranks)]
    return companies, Table({n: 1 / rank ** COMPANY_SKEW for n, rank in enumerate(ranks)})


# ---- one respondent ------------------------------------------------------------------------

def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _asked(rng: random.Random, question: str) -> bool:
    return rng.random() >= SKIP[question]


def _chances(rng: random.Random, weights: dict[str, float]) -> str:
    """One key of `weights` (positive weights that change per worker: no Table worth building)."""
    left = rng.random() * sum(weights.values())
    for key, weight in weights.items():
        left -= weight
        if left < 0:
            return key
    return key


def respondent(rng: random.Random, companies: list[Company], company_sizes: Table | None) -> tuple[str, dict]:
    """(page language, answers) of one invented worker."""
    a: dict = {}
    nationality = a["nationality"] = NATIONALITIES.pick(rng)
    status = a["residence_status"] = STATUS_BY_NATIONALITY[nationality].pick(rng)
    lang = LANGUAGE_BY_NATIONALITY[nationality].pick(rng)

    company = None
    if company_sizes and rng.random() < CODE_SHARE[status]:
        company = companies[company_sizes.pick(rng)]
    group = ("latin-american" if nationality in ("brazil", "peru") else
             "intern" if status == "technical-intern" else "default")
    if company and rng.random() < .85:
        a["prefecture"] = company.prefecture
    else:
        a["prefecture"] = PREFECTURES[group].pick(rng)
    if _asked(rng, "industry"):
        a["industry"] = company.industry if company and rng.random() < .9 else INDUSTRY_BY_STATUS[status].pick(rng)
        if company and a["industry"] == "none":
            a["industry"] = company.industry
    if _asked(rng, "years_in_japan"):
        a["years_in_japan"] = YEARS_BY_STATUS[status].pick(rng)
    if company:
        a["company_code"] = company.code

    risk = _clamp(RISK[status] + (company.risk if company else 0) + rng.gauss(0, .12), 0, 1)

    # Before Japan: fees and debt
    paid = rng.random() < FEE_CHANCE[nationality] * FEE_FACTOR[status]
    fees_answer = "unknown" if rng.random() < (.25 if status == "unknown" else .05) else ("yes" if paid else "no")
    if _asked(rng, "fees_paid"):
        a["fees_paid"] = fees_answer
    amount = None
    if fees_answer == "yes":
        median = FEE_MEDIAN[nationality] * FEE_MEDIAN_FACTOR[status]
        amount = int(_clamp(round(median * math.exp(rng.gauss(0, .55)), -4), 10_000, 10_000_000))
        if "fees_paid" in a and _asked(rng, "fees_amount"):
            a["fees_amount"] = amount
    borrowed = rng.random() < (min(.9, .3 + (amount or 0) / 1_500_000) if fees_answer == "yes" else .06)
    if _asked(rng, "debt"):
        still = rng.random() < STILL_PAYING_BY_YEARS[a.get("years_in_japan")]
        a["debt"] = ("still-paying" if still else "paid-back") if borrowed else "no"
    if _asked(rng, "contract_language"):
        a["contract_language"] = _chances(rng, {"no-contract": .01 + .08 * risk, "no": .03 + .25 * risk,
                                                "partly": .12 + .3 * risk, "yes": .84 - .63 * risk})

    # Now: work and life
    working = a.get("industry") != "none"
    problems = 0.0
    if working and _asked(rng, "wages_as_promised"):
        a["wages_as_promised"] = _chances(rng, {"less": .04 + .5 * risk, "unknown": .04 + .1 * risk,
                                                "yes": .92 - .6 * risk})
        problems += a["wages_as_promised"] == "less"
    if working and _asked(rng, "overtime_paid"):
        a["overtime_paid"] = _chances(rng, {"no-overtime": .15, "no": .03 + .3 * risk, "partly": .08 + .35 * risk,
                                            "yes": .74 - .65 * risk})
        problems += (a["overtime_paid"] == "no") + .5 * (a["overtime_paid"] == "partly")
    kept = []
    if rng.random() < .01 + .15 * risk ** 2:  # rare
        kept = [d for d, chance in (("passport", .8), ("residence-card", .25), ("bankbook", .3))
                if rng.random() < chance] or ["passport"]
        problems += 2
    if _asked(rng, "documents_kept"):
        if kept:
            a["documents_kept"] = kept
        elif rng.random() < .8:  # "none of these" is sometimes left blank instead
            a["documents_kept"] = ["none"]
    housing = round(_clamp((3.0 if status == "technical-intern" else 3.5) - .6 * bool(kept) - risk
                           + rng.gauss(0, 1), 1, 5))
    if _asked(rng, "housing"):
        a["housing"] = housing
    if _asked(rng, "health_care"):
        ill = rng.random() < .6
        no_doctor = rng.random() < .02 + .2 * risk
        a["health_care"] = ("no" if no_doctor else "yes") if ill else "not-needed"
        problems += a["health_care"] == "no"
    if _asked(rng, "info_needed"):
        needed = dict(NEEDED, **({"changing-jobs": .35} if status == "specified-skilled" else {}))
        a["info_needed"] = [topic for topic, chance in needed.items() if rng.random() < chance] \
            or [rng.choice(list(NEEDED))]
    if _asked(rng, "info_sources"):
        supervised = {"technical-intern": .5, "specified-skilled": .35}.get(status, .05)
        sources = dict(SOURCES, **{"supervising-organisation": supervised})
        a["info_sources"] = [source for source, chance in sources.items() if rng.random() < chance] \
            or [rng.choice(list(SOURCES))]

    # Overall
    satisfaction = (SATISFACTION_BASE[status] - 1.2 * problems - .8 * (a.get("debt") == "still-paying")
                    + .4 * (housing - 3) + rng.gauss(0, 1.6))
    a["life_satisfaction"] = int(_clamp(round(satisfaction), 0, 10))
    if rng.random() < COMMENT_SHARE:
        a["comment"] = rng.choice(COMMENTS[lang])
    return lang, a


# ---- many respondents --------------------------------------------------------------------------

def default_end() -> dt.datetime:
    """The start of today (UTC): the same seed gives the same answers all day."""
    return dt.datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _arrival_times(rng: random.Random, n: int, end: dt.datetime) -> list[dt.datetime]:
    """`n` times in the 365 days before `end`, slowly rising (twice as many at the end as at the
    start), at the hours people answer in Japan; sorted, as the endpoint receives them."""
    start = end - dt.timedelta(days=365)
    times = []
    for _ in range(n):
        share = -1 + math.sqrt(1 + 3 * rng.random())  # density rising linearly from 1 to 2
        day = (start + dt.timedelta(days=365 * share)).astimezone(JST).replace(hour=0, minute=0, second=0,
                                                                               microsecond=0)
        moment = day + dt.timedelta(hours=HOUR_WEIGHTS.pick(rng), seconds=rng.random() * 3600)
        if moment >= end:
            moment -= dt.timedelta(days=1)
        elif moment < start:
            moment += dt.timedelta(days=1)
        times.append(moment.astimezone(UTC))
    times.sort()
    return times


def synthetic_submissions(n: int, *, seed: int = 0, companies: int = 20,
                          end: dt.datetime | None = None) -> Iterator[SyntheticSubmission]:
    """`n` invented submissions of the survey, in the order they arrived."""
    if n < 0:
        raise ValueError("the number of respondents cannot be negative")
    rng = random.Random(seed)
    end = end or default_end()
    if end.tzinfo is None:
        raise ValueError("end needs a time zone")
    firms, sizes = make_companies(companies, rng)
    for moment in _arrival_times(rng, n, end):
        lang, answers = respondent(rng, firms, sizes)
        yield SyntheticSubmission(lang, moment.isoformat(timespec="microseconds"), answers)


# ---- the bulk writer ---------------------------------------------------------------------------

REAL_SUBMISSIONS = ("SELECT COUNT(*) FROM submissions s LEFT JOIN idempotency_keys k ON k.submission_id = s.id "
                    f"WHERE k.key IS NULL OR k.key NOT LIKE '{KEY_PREFIX}%'")


def _rows(batch: list[SyntheticSubmission], version: int) -> tuple[list[tuple], list[tuple]]:
    submissions, keys = [], []
    for s in batch:
        submission_id = str(uuid.uuid4())
        submissions.append((submission_id, FORM, version, s.lang, s.received_at,
                            json.dumps(s.answers, ensure_ascii=False, sort_keys=True)))
        keys.append((KEY_PREFIX + str(uuid.uuid4()), FINGERPRINT, submission_id, 201,
                     json.dumps({"id": submission_id, "received_at": s.received_at}), s.received_at))
    return submissions, keys


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def _refuse_real(count: int, where: str) -> None:
    if count:
        what = "1 submission that is" if count == 1 else f"{count} submissions that are"
        raise SynthesisError(f"{where} holds {what} not synthetic: synthetic answers go into a database "
                             "of their own, never beside real ones")


def _write_sqlite(path: str, where: str, submissions: Iterator[SyntheticSubmission], version: int) -> int:
    db = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("BEGIN IMMEDIATE")
        try:
            _refuse_real(db.execute(REAL_SUBMISSIONS).fetchone()[0], where)
            written = 0
            for batch in _batches(submissions, BATCH):
                rows, keys = _rows(batch, version)
                db.executemany("INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?)", rows)
                db.executemany("INSERT INTO idempotency_keys VALUES (?, ?, ?, ?, ?, ?)", keys)
                written += len(rows)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return written
    finally:
        db.close()


def _write_postgres(url: str, where: str, submissions: Iterator[SyntheticSubmission], version: int) -> int:
    import psycopg

    with psycopg.connect(url) as db:  # one transaction, committed when the block ends without error
        _refuse_real(db.execute(REAL_SUBMISSIONS).fetchone()[0], where)
        written = 0
        with db.cursor() as cursor:
            for batch in _batches(submissions, BATCH):
                rows, keys = _rows(batch, version)
                with cursor.copy("COPY submissions (id, form, form_version, lang, received_at, answers) "
                                 "FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                with cursor.copy("COPY idempotency_keys (key, fingerprint, submission_id, status, response, "
                                 "created_at) FROM STDIN") as copy:
                    for row in keys:
                        copy.write_row(row)
                written += len(rows)
    return written


def write_synthetic(database_url: str, n: int, *, seed: int = 0, companies: int = 20,
                    end: dt.datetime | None = None, form_id: str = FORM) -> int:
    """Writes `n` synthetic submissions of the survey into `database_url` (migrated first);
    returns how many. Raises SynthesisError (a database with real answers, or one that cannot
    be written) and StoreUnavailable (one that cannot be opened)."""
    if form_id != FORM:
        raise SynthesisError(f"synthetic answers exist only for the {FORM}, not for '{form_id}'")
    if n < 0:
        raise SynthesisError("the number of respondents cannot be negative")
    where = without_password(database_url)
    open_store(database_url).close()  # creates or migrates the tables as the endpoint would
    version = int(load_form(FORM)["version"])
    submissions = synthetic_submissions(n, seed=seed, companies=companies, end=end)
    try:
        if database_url.startswith("sqlite:///"):
            return _write_sqlite(database_url[len("sqlite:///"):], where, submissions, version)
        return _write_postgres(database_url, where, submissions, version)
    except sqlite3.Error as e:
        raise SynthesisError(f"cannot write to {where}: {' '.join(str(e).split())}") from e
    except Exception as e:
        if type(e).__module__.startswith("psycopg"):
            raise SynthesisError(f"cannot write to {where}: {' '.join(str(e).split())}") from e
        raise

