"""The survey report: every table protected together, then drawn as one HTML file (charts
inline) with a CSV per table, in English or Japanese.

Which tables: each attribute alone, every pair of attributes, each problem indicator by each
attribute, life satisfaction by each attribute. They all count the same respondents, so
they share totals; `disclosure.protect_together` suppresses a shared total everywhere or
nowhere. Only the protected numbers reach the page, the charts and the CSV files."""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..desk.eligibility import company_key
from ..forms.schema import load_form, load_translations, prefectures, questions, texts
from ..languages import load_languages
from ..paths import DATA
from .charts import Bar, bar_chart
from .disclosure import Protected, protect_means, protect_together
from .tables import (ALL, INDICATORS, NOT_ANSWERED, YES, Means, Table, mean_by, one_way, two_way,
                     with_indicators)

REPORT_LANGUAGES = ("en", "ja")
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Japan's eight regions, by JIS X 0401 prefecture code (the usual 地方区分): prefectures are
# too many and too small for tables of two attributes.
REGIONS = (("hokkaido", 1, 1), ("tohoku", 2, 7), ("kanto", 8, 14), ("chubu", 15, 23),
           ("kinki", 24, 30), ("chugoku", 31, 35), ("shikoku", 36, 39), ("kyushu", 40, 47))
ATTRIBUTES = ("nationality", "residence_status", "region", "industry", "years_in_japan", "_lang")
SATISFACTION = "life_satisfaction"


@lru_cache
def report_words(lang: str) -> dict[str, str]:
    with open(DATA / "report.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)[lang]


def region_of(prefecture_code: str) -> str:
    number = int(prefecture_code)
    return next(name for name, first, last in REGIONS if first <= number <= last)


def with_region(respondents: list[dict]) -> list[dict]:
    return [{**r, "region": region_of(r["prefecture"])} if r.get("prefecture") else dict(r) for r in respondents]


class Labels:
    """Names of variables and categories in the report's language."""

    def __init__(self, lang: str, form_id: str = "survey"):
        self.lang = lang
        self.words = report_words(lang)
        form = load_form(form_id)
        self.texts = texts(form) if lang == "en" else {**texts(form), **load_translations(form_id, lang)}
        self.prefectures = {p["code"]: p["ja"] if lang == "ja" else p["en"] for p in prefectures()}
        self.languages = {language.code: language.name for language in load_languages()}

    def variable(self, var: str) -> str:
        return self.words.get(f"attribute.{var}") or self.words.get(var) or self.texts.get(f"questions.{var}.label", var)

    def title(self, table) -> str:
        """A table's name for people: "Nationality × Region"."""
        if table.col_var in (None, ALL):
            return self.variable(table.row_var)
        if table.col_var == SATISFACTION:
            return self.words["satisfaction_by"].format(attribute=self.variable(table.row_var))
        return f"{self.variable(table.row_var)} × {self.variable(table.col_var)}"

    def category(self, var: str, key) -> str:
        if key == NOT_ANSWERED:
            return self.words["not_answered"]
        if key == ALL:
            return self.words["respondents"]
        if var.startswith("indicator."):
            return self.words[key]
        if var == "region":
            return self.words[f"region.{key}"]
        if var == "prefecture":
            return self.prefectures[key]
        if var == "_lang":
            return self.languages.get(key, key)
        return self.texts.get(f"questions.{var}.choices.{key}", str(key))


def categories(form: dict, var: str) -> list:
    if var == "region":
        return [name for name, _, _ in REGIONS]
    if var == "prefecture":
        return [p["code"] for p in prefectures()]
    if var == "_lang":
        return [language.code for language in load_languages()]
    question = next(q for q in questions(form) if q["id"] == var)
    return [c["id"] for c in question["choices"]]


@dataclass
class Tables:
    """Every table of the report and, after `protect`, what may be published of each."""
    one_way: dict[str, Table]
    pairs: dict[tuple[str, str], Table]
    indicators: dict[tuple[str, str], Table]     # (indicator id, attribute) -> attribute x yes/no
    overall_indicators: dict[str, Table]         # indicator id -> one-way yes/no
    means: dict[str, Means]                      # attribute -> life satisfaction by it
    prefectures: Table                           # region x prefecture: region totals tie them
    companies: CompanyTables

    def all(self) -> list[Table]:
        """Every table, protected together: they count the same respondents."""
        return [*self.public(), *self.companies.all()]

    def public(self) -> list[Table]:
        """The tables of the public report (the company tables go to each company only)."""
        return [*self.one_way.values(), self.prefectures, *self.pairs.values(), *self.indicators.values(),
                *self.overall_indicators.values(), *(m.table() for m in self.means.values())]


COMPANY = "_company"


@dataclass
class CompanyTables:
    """Every company in one table per figure (a row per company code): a company reads its
    row and the column totals. Protected as one table, no two companies can combine their
    rows to work out a small number about a third."""
    sizes: Table
    indicators: dict[str, Table]   # indicator id -> company x yes/no
    satisfaction: Means

    def all(self) -> list[Table]:
        return [self.sizes, *self.indicators.values(), self.satisfaction.table()]


def company_tables(rows: list[dict]) -> CompanyTables:
    grouped = [{**r, COMPANY: company_key(r.get("company_code")) or NOT_ANSWERED} for r in rows]
    keys = sorted({r[COMPANY] for r in grouped} - {NOT_ANSWERED})
    return CompanyTables(one_way(grouped, COMPANY, keys),
                         {ind.id: two_way(grouped, COMPANY, ind.var, keys, ["yes", "no"]) for ind in INDICATORS},
                         mean_by(grouped, COMPANY, SATISFACTION, keys))


def count_tables(respondents: list[dict], form: dict) -> Tables:
    rows = with_indicators(with_region(respondents))
    cats = {var: categories(form, var) for var in (*ATTRIBUTES, "prefecture")}
    # Prefectures only inside their regions: published alone, a region's total minus its
    # published prefectures would give away a hidden one.
    yes_no = ["yes", "no"]
    return Tables(
        one_way={var: one_way(rows, var, cats[var]) for var in ATTRIBUTES},
        prefectures=two_way(rows, "region", "prefecture", cats["region"], cats["prefecture"]),
        pairs={(a, b): two_way(rows, a, b, cats[a], cats[b]) for a, b in itertools.combinations(ATTRIBUTES, 2)},
        indicators={(ind.id, var): two_way(rows, var, ind.var, cats[var], yes_no)
                    for ind in INDICATORS for var in ATTRIBUTES},
        overall_indicators={ind.id: one_way(rows, ind.var, yes_no) for ind in INDICATORS},
        means={var: mean_by(rows, var, SATISFACTION, cats[var]) for var in ATTRIBUTES},
        companies=company_tables(rows),
    )


def protect_all(tables: Tables, threshold: int) -> dict[str, Protected]:
    """Every table protected together (they share totals), keyed by table name."""
    everything = tables.all()
    return {table.name: result for table, result in zip(everything, protect_together(everything, threshold))}


# --- writing -------------------------------------------------------------------------------

def _number(value) -> str:
    return "x" if value is None else f"{value:,}"


def _share(value) -> str:
    return "x" if value is None else f"{value:.0f}%"


def csv_text(protected: Protected, labels: Labels) -> str:
    """One table as CSV: categories in the report's language, "x" where a number is withheld.
    UTF-8 with BOM: Excel in Japan opens it without garbling."""
    out = io.StringIO()
    writer = csv.writer(out)
    one_way_table = protected.col_var is None
    header = [labels.variable(protected.row_var)]
    header += [labels.words["count"]] if one_way_table else [labels.category(protected.col_var, k) for k in protected.col_keys]
    if not one_way_table:
        header.append(labels.words["total"])
    writer.writerow(header)
    for key, cells, total in zip(protected.row_keys, protected.cells, protected.row_totals):
        row = [labels.category(protected.row_var, key), *(_csv(c) for c in cells)]
        writer.writerow(row if one_way_table else [*row, _csv(total)])
    totals = [labels.words["total"], *(_csv(t) for t in protected.col_totals)]
    writer.writerow(totals if one_way_table else [*totals, _csv(protected.grand_total)])
    return "\ufeff" + out.getvalue()


def _csv(value) -> str:
    return "x" if value is None else str(value)


def file_name(name: str) -> str:
    return name.replace(" x ", "__").replace(" by ", "__by__").replace(".", "-").replace(" ", "_") + ".csv"


@dataclass
class Section:
    """What the template draws for one attribute."""
    var: str
    title: str
    chart: Markup
    table: Protected
    indicator_charts: list[Markup]
    satisfaction_chart: Markup


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["number"] = _number
    env.filters["share"] = _share
    return env


def render_report(respondents: list[dict], lang: str, threshold: int = 10,
                  today: dt.date | None = None) -> tuple[str, dict[str, str]]:
    """(the HTML page, {csv file name: text}) for the survey's respondents."""
    form = load_form("survey")
    labels = Labels(lang)
    words = labels.words
    tables = count_tables(respondents, form)
    published = protect_all(tables, threshold)

    def distribution(var: str) -> Markup:
        protected = published[tables.one_way[var].name]
        shares = protected.col_shares()
        return Markup(bar_chart(labels.variable(var), [
            Bar(labels.category(var, key), share[0], _share(share[0]))
            for key, share in zip(protected.row_keys, shares)]))

    def indicator_chart(ind, var: str) -> Markup:
        protected = published[tables.indicators[ind.id, var].name]
        yes = protected.col_keys.index(YES)
        return Markup(bar_chart(words[f"indicator.{ind.id}"], [
            Bar(labels.category(var, key), shares[yes], _share(shares[yes]))
            for key, shares in zip(protected.row_keys, protected.row_shares())]))

    def satisfaction_chart(var: str) -> Markup:
        means = tables.means[var]
        shown = protect_means(means, threshold, published[means.table().name])
        return Markup(bar_chart(words["satisfaction_by"].format(attribute=labels.variable(var)), [
            Bar(labels.category(var, key), mean, "x" if mean is None else f"{mean:.1f}")
            for key, mean in zip(means.keys, shown.means)], max_value=10))

    sections = [Section(var, labels.variable(var), distribution(var), published[tables.one_way[var].name],
                        [indicator_chart(ind, var) for ind in INDICATORS], satisfaction_chart(var))
                for var in ATTRIBUTES]
    overall = [published[tables.overall_indicators[ind.id].name] for ind in INDICATORS]
    overall_chart = Markup(bar_chart(words["indicators"], [
        Bar(words[f"indicator.{ind.id}"], p.col_shares()[p.row_keys.index(YES)][0],
            _share(p.col_shares()[p.row_keys.index(YES)][0]))
        for ind, p in zip(INDICATORS, overall)]))
    satisfaction = protect_means(tables.means[ATTRIBUTES[0]], threshold,
                                 published[tables.means[ATTRIBUTES[0]].table().name]).overall_mean
    everything = [published[table.name] for table in tables.public()]
    html = _env().get_template("report.html").render(
        lang=lang, w=words, k=threshold, labels=labels, sections=sections,
        prefectures=prefecture_rows(published[tables.prefectures.name], labels),
        pairs=[published[t.name] for t in tables.pairs.values()],
        overall_chart=overall_chart, satisfaction=satisfaction,
        files={p.name: file_name(p.name) for p in everything},
        suppressed=[p for p in everything if p.primary or p.complementary],
        summary=words["suppressed_summary"].format(
            tables=len(everything), k=threshold, primary=sum(p.primary for p in everything),
            complementary=sum(p.complementary for p in everything)),
        generated=words["generated"].format(date=(today or dt.date.today()).isoformat(),
                                            count=_number(published[tables.one_way["nationality"].name].grand_total)))
    companies = tables.companies
    pages = {key: render_company_page(i, companies, published, labels, threshold)
             for i, key in enumerate(companies.sizes.row_keys) if key != NOT_ANSWERED}
    return html, {file_name(p.name): csv_text(p, labels) for p in everything}, pages


@dataclass
class CompanyRow:
    label: str
    this: str
    everyone: str


def render_company_page(i: int, companies: CompanyTables, published: dict[str, Protected], labels: Labels,
                        threshold: int) -> str:
    """Company i's feedback: its row of each company table next to all respondents (the
    column totals), totals of at least k only."""
    words = labels.words
    key = companies.sizes.row_keys[i]
    sizes = published[companies.sizes.name]
    this_count = sizes.cells[i][0]
    rows = []
    if this_count is not None and this_count >= threshold:
        rows.append(CompanyRow(words["respondents"], _number(this_count), _number(sizes.grand_total)))
        for ind in INDICATORS:
            p = published[companies.indicators[ind.id].name]
            yes = p.col_keys.index(YES)
            rows.append(CompanyRow(words[f"indicator.{ind.id}"], _share(p.row_shares()[i][yes]),
                                   _share(percent_of(p.col_totals[yes], p.grand_total))))
        means = companies.satisfaction
        shown = protect_means(means, threshold, published[means.table().name])
        rows.append(CompanyRow(words["satisfaction"], _mean(shown.means[i]), _mean(shown.overall_mean)))
    return _env().get_template("company.html").render(
        lang=labels.lang, w=words, k=threshold, company=key, rows=rows)


def prefecture_rows(protected: Protected, labels: Labels) -> list[tuple[str, str, int | None]]:
    """(region, prefecture, count) for each prefecture, from the region x prefecture table:
    a prefecture's count is its column total (its one non-zero cell is in its region's row)."""
    out = []
    for j, code in enumerate(protected.col_keys):
        if code == NOT_ANSWERED:
            continue
        out.append((labels.category("region", region_of(code)), labels.category("prefecture", code),
                    protected.col_totals[j]))
    return out


def percent_of(part, whole):
    return None if part is None or not whole else 100 * part / whole


def _mean(value) -> str:
    return "x" if value is None else f"{value:.1f}"


def write_report(respondents: list[dict], lang: str, output: Path, threshold: int = 10,
                 today: dt.date | None = None) -> int:
    """Writes index.html and tables/*.csv into `output`, whole or not at all: everything is
    written beside it first and swapped in at the end. Returns the number of tables."""
    html, files, companies = render_report(respondents, lang, threshold, today)
    output = Path(output)
    staging = output.with_name(f".{output.name}.partial")
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "tables").mkdir(parents=True)
    (staging / "index.html").write_text(html, encoding="utf-8")
    for name, text in files.items():
        (staging / "tables" / name).write_text(text, encoding="utf-8")
    if companies:  # one page per company code, for that company only
        (staging / "companies").mkdir()
        for key, page in companies.items():
            (staging / "companies" / f"{key}.html").write_text(page, encoding="utf-8")
    previous = output.with_name(f".{output.name}.previous")
    if output.exists():
        if previous.exists():
            shutil.rmtree(previous)
        output.rename(previous)
    staging.rename(output)
    if previous.exists():
        shutil.rmtree(previous)
    return len(files)
