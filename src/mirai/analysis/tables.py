"""Survey answers counted into tables: the model that `disclosure` protects and the report shows.

A respondent is a dict of answers as the endpoint stores them, `{question_id: answer, ...,
"_lang": "vi", "_received_at": "..."}`: a choice id, a list of choice ids (multiple choice),
a whole number (scale), a prefecture code "01".."47". A missing or empty answer is
NOT_ANSWERED, which every table keeps as its own row or column, so that every line adds up
to its total and every table's grand total is the number of respondents. Tables that share a
variable therefore share its totals, which is what `disclosure.protect_together` relies on.

Multiple-choice answers put one person in several rows, so they are never counted directly:
an `Indicator` turns a respondent into "yes"/"no"/NOT_ANSWERED, an ordinary variable.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

NOT_ANSWERED = "_none"
ALL = "_all"             # the single column of a one-way table
ANSWERED = "_answered"   # `Means.table()`: the column of those who answered the scale
YES, NO = "yes", "no"

Respondent = Mapping[str, Any]
Key = Hashable


def percent(part: int | None, whole: int | None) -> float | None:
    """100 * part / whole; None when either is unknown (suppressed) or the whole is 0."""
    if part is None or not whole:
        return None
    return 100 * part / whole


@dataclass
class Table:
    name: str
    row_var: str
    col_var: str | None     # None: a one-way table, one column (ALL)
    row_keys: list[Key]
    col_keys: list[Key]
    counts: list[list[int]]

    @property
    def row_totals(self) -> list[int]:
        return [sum(row) for row in self.counts]

    @property
    def col_totals(self) -> list[int]:
        return [sum(column) for column in zip(*self.counts)] if self.counts else [0] * len(self.col_keys)

    @property
    def grand_total(self) -> int:
        return sum(self.row_totals)

    def row_shares(self) -> list[list[float | None]]:
        """Each cell as a percent of its row total."""
        return [[percent(c, total) for c in row] for row, total in zip(self.counts, self.row_totals)]

    def col_shares(self) -> list[list[float | None]]:
        """Each cell as a percent of its column total (a one-way table's distribution)."""
        return [[percent(c, total) for c, total in zip(row, self.col_totals)] for row in self.counts]


def _empty(value) -> bool:
    return value is None or value == "" or value == []   # as forms.validate treats "empty"


def answer(respondent: Respondent, var: str) -> Key:
    """The respondent's category for `var`: the answer, or NOT_ANSWERED."""
    value = respondent.get(var)
    if _empty(value):
        return NOT_ANSWERED
    if isinstance(value, list):
        raise TypeError(f"{var!r} is a multiple-choice answer: count it through an indicator")
    return value


def _index(keys: Sequence[Key]) -> dict[Key, int]:
    keys = [*keys, NOT_ANSWERED] if NOT_ANSWERED not in keys else list(keys)
    return {key: i for i, key in enumerate(keys)}


def _position(index: dict[Key, int], respondent: Respondent, var: str) -> int:
    key = answer(respondent, var)
    try:
        return index[key]
    except KeyError:  # dropping it silently would make the lines stop adding up
        raise ValueError(f"{var!r}: answer {key!r} is not one of the categories") from None


def one_way(respondents: Iterable[Respondent], var: str, categories: Sequence[Key],
            name: str | None = None) -> Table:
    rows = _index(categories)
    counts = [[0] for _ in rows]
    for r in respondents:
        counts[_position(rows, r, var)][0] += 1
    return Table(name or var, var, None, list(rows), [ALL], counts)


def two_way(respondents: Iterable[Respondent], row_var: str, col_var: str,
            row_categories: Sequence[Key], col_categories: Sequence[Key],
            name: str | None = None) -> Table:
    rows, cols = _index(row_categories), _index(col_categories)
    counts = [[0] * len(cols) for _ in rows]
    for r in respondents:
        counts[_position(rows, r, row_var)][_position(cols, r, col_var)] += 1
    return Table(name or f"{row_var} x {col_var}", row_var, col_var, list(rows), list(cols), counts)


# --- indicators: multiple choice and problem answers as yes/no variables ---------------------

@dataclass(frozen=True)
class Indicator:
    """A yes/no variable read from one question: "yes" when the answer is one of the `yes`
    choices (for multiple choice: when any of them was chosen). Declared by choice ids, not
    by code, so a test can check them against the survey and the report can say what
    each indicator means in the reader's language."""
    id: str                  # e.g. "debt"; its variable is `var`, "indicator.debt"
    question: str
    yes: frozenset[str]

    @property
    def var(self) -> str:
        """The variable's name in respondents and tables: never a question id (no dots there)."""
        return f"indicator.{self.id}"

    def predicate(self, respondent: Respondent) -> bool | None:
        """None when the question was not answered."""
        value = respondent.get(self.question)
        if _empty(value):
            return None
        chosen = set(value) if isinstance(value, list) else {value}
        return bool(chosen & self.yes)


# The problem indicators the report publishes, defined once.
INDICATORS: tuple[Indicator, ...] = (
    Indicator("fees_paid", "fees_paid", frozenset({"yes"})),
    Indicator("debt", "debt", frozenset({"still-paying"})),
    Indicator("unpaid_overtime", "overtime_paid", frozenset({"partly", "no"})),
    Indicator("documents_withheld", "documents_kept", frozenset({"passport", "residence-card", "bankbook"})),
)
INDICATOR_CATEGORIES = [YES, NO]


def indicator(respondents: Iterable[Respondent], name: str,
              predicate: Callable[[Respondent], bool | None]) -> list[dict]:
    """Copies of the respondents with `name` set to "yes"/"no", or NOT_ANSWERED when the
    predicate returns None (as `Indicator.predicate` does for an unanswered question)."""
    out = []
    for r in respondents:
        if name in r:
            raise ValueError(f"indicator {name!r} would overwrite an answer of the same name")
        verdict = predicate(r)
        out.append({**r, name: NOT_ANSWERED if verdict is None else (YES if verdict else NO)})
    return out


def with_indicators(respondents: Iterable[Respondent],
                    indicators: Iterable[Indicator] = INDICATORS) -> list[dict]:
    rows = list(respondents)
    for ind in indicators:
        rows = indicator(rows, ind.var, ind.predicate)
    return rows


# --- scale means by group ---------------------------------------------------------------------

@dataclass
class Means:
    name: str
    group_var: str
    question: str
    keys: list[Key]                  # the group categories and NOT_ANSWERED
    counts: list[int]                # how many in each group answered the scale
    not_answered: list[int]          # how many in each group did not
    means: list[float | None]        # None where nobody answered
    overall_mean: float | None

    def table(self) -> Table:
        """The counts as a table (group x answered/not), to protect like any other: the
        answer counts are cells, the group sizes its row totals (shared with other tables)."""
        return Table(self.name, self.group_var, self.question, list(self.keys),
                     [ANSWERED, NOT_ANSWERED],
                     [[a, n] for a, n in zip(self.counts, self.not_answered)])


def mean_by(respondents: Iterable[Respondent], group_var: str, scale_question: str,
            categories: Sequence[Key], name: str | None = None) -> Means:
    groups = _index(categories)
    values: list[list[float]] = [[] for _ in groups]
    skipped = [0] * len(groups)
    for r in respondents:
        g = _position(groups, r, group_var)
        value = answer(r, scale_question)
        if value == NOT_ANSWERED:
            skipped[g] += 1
        else:
            values[g].append(value)
    everyone = [v for group in values for v in group]
    return Means(name or f"{scale_question} by {group_var}", group_var, scale_question,
                 list(groups), [len(v) for v in values], skipped,
                 [sum(v) / len(v) if v else None for v in values],
                 sum(everyone) / len(everyone) if everyone else None)
