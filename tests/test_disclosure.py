"""Disclosure control (mirai.analysis.disclosure), checked by an attacker written here.

The audit does not use the module's own reasoning (flows and cuts): it writes down every
equation a reader of the published table has (each line adds up to its total) and asks
- (a) is each published number 0 or >= k, and is every number from 1 to k-1 suppressed?
- (b) for each line with a published total, is the sum of its suppressed entries 0 or >= k?
  And, by linear algebra, is every sum of suppressed numbers that the equations determine
  0 or >= k (whichever lines are combined)?
- (c) with a linear program (HiGHS), can each suppressed number still take two values?
  Once with x >= 0, and once with x >= 1 (zeros are always published, so a reader knows a
  suppressed number is not 0; the module promises that too). The random and large tables
  check x >= 1 only: its ranges lie inside the x >= 0 ones, so passing it implies the other.
"""
from __future__ import annotations

import itertools
import random
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import null_space
from scipy.optimize import linprog

from mirai.analysis import disclosure
from mirai.analysis.disclosure import (COMPLEMENTARY, PRIMARY, Protected, protect, protect_means,
                                       protect_together)
from mirai.analysis.tables import ALL, Table, mean_by, one_way, two_way

K = 10


def table(rows: list[list[int]]) -> Table:
    return Table("t", "r", "c", [f"r{i}" for i in range(len(rows))],
                 [f"c{j}" for j in range(len(rows[0]))], rows)


def column(values: list[int]) -> Table:
    return Table("t", "r", None, [f"r{i}" for i in range(len(values))], [ALL], [[v] for v in values])


# --- the attacker ---------------------------------------------------------------------------

def true_numbers(t: Table) -> dict[tuple, int]:
    out = {("cell", i, j): n for i, row in enumerate(t.counts) for j, n in enumerate(row)}
    out.update({("row", i): n for i, n in enumerate(t.row_totals)})
    out.update({("col", j): n for j, n in enumerate(t.col_totals)})
    out[("grand",)] = t.grand_total
    return out


def shown_numbers(p) -> dict[tuple, int | None]:
    out = {("cell", i, j): n for i, row in enumerate(p.cells) for j, n in enumerate(row)}
    out.update({("row", i): n for i, n in enumerate(p.row_totals)})
    out.update({("col", j): n for j, n in enumerate(p.col_totals)})
    out[("grand",)] = p.grand_total
    return out


def lines(t: Table) -> list[tuple[tuple, list[tuple]]]:
    """(total, entries) for each line a reader can add up."""
    rows, cols = range(len(t.row_keys)), range(len(t.col_keys))
    return ([(("row", i), [("cell", i, j) for j in cols]) for i in rows]
            + [(("col", j), [("cell", i, j) for i in rows]) for j in cols]
            + [(("grand",), [("row", i) for i in rows]), (("grand",), [("col", j) for j in cols])])


def equations(t: Table, shown: dict, hidden: list[tuple]) -> tuple[np.ndarray, np.ndarray]:
    """A x = b over the suppressed numbers x, from every line."""
    ix = {pos: n for n, pos in enumerate(hidden)}
    a, b = [], []
    for total, entries in lines(t):
        row, rhs = np.zeros(len(hidden)), 0.0
        for pos, sign in [(total, -1.0)] + [(e, 1.0) for e in entries]:
            if pos in ix:
                row[ix[pos]] += sign
            else:
                rhs -= sign * shown[pos]
        a.append(row)
        b.append(rhs)
    return np.array(a), np.array(b)


def lp_range(a, b, n: int, var: int, lower: float) -> tuple[float, float]:
    c = np.zeros(n)
    c[var] = 1
    low = linprog(c, A_eq=a, b_eq=b, bounds=(lower, None), method="highs")
    high = linprog(-c, A_eq=a, b_eq=b, bounds=(lower, None), method="highs")
    assert low.status == 0, low.message            # the true table is a solution
    return low.fun, (np.inf if high.status == 3 else -high.fun)   # 3: unbounded


def audit(t: Table, p, k: int = K, subsets_up_to: int = 14, lowers=(0, 1)) -> None:
    true, shown = true_numbers(t), shown_numbers(p)
    reasons = p.reasons()
    hidden = [pos for pos, n in shown.items() if n is None]
    assert set(hidden) == set(reasons)
    for pos, n in shown.items():
        if n is not None:
            assert n == true[pos]                                     # published as counted
            assert n == 0 or n >= k, (pos, n)                         # (a)
        else:
            assert true[pos] > 0, pos                                 # zeros are never hidden
            assert reasons[pos] == (PRIMARY if true[pos] < k else COMPLEMENTARY)
    for total, entries in lines(t):                                   # (b), line by line
        if shown[total] is not None:
            rest = shown[total] - sum(shown[e] for e in entries if shown[e] is not None)
            assert rest == 0 or rest >= k, (total, rest)
    if not hidden:
        return
    a, b = equations(t, shown, hidden)
    values = np.array([true[pos] for pos in hidden])
    if len(hidden) <= subsets_up_to:                                  # (b), every derivable sum
        free = null_space(a)   # directions the suppressed numbers can move in together
        subsets = np.array(list(itertools.product((0, 1), repeat=len(hidden))))
        fixed = np.all(np.abs(subsets @ free) < 1e-9, axis=1) if free.size else np.ones(len(subsets), bool)
        sums = subsets[fixed] @ values
        assert np.all((sums == 0) | (sums >= k)), [
            [pos for pos, on in zip(hidden, s) if on] for s, total in zip(subsets[fixed], sums) if 0 < total < k][:3]
    for var, pos in enumerate(hidden):                                # (c)
        for lower in lowers:   # x >= 1 allows less than x >= 0: passing it implies passing x >= 0
            low, high = lp_range(a, b, len(hidden), var, lower)
            assert low <= true[pos] <= high
            assert high - low > 0.5, (pos, true[pos], lower, low, high)   # LP bounds are whole here


def protected_and_audited(t: Table, k: int = K):
    p = protect(t, k)
    audit(t, p, k)
    return p


def hidden_cells(p) -> set[tuple[int, int]]:
    return {(i, j) for i, row in enumerate(p.cells) for j, n in enumerate(row) if n is None}


# --- crafted tables -------------------------------------------------------------------------

def test_nothing_small_nothing_suppressed_and_zeros_are_published():
    t = table([[0, 20, 30], [15, 0, 40]])
    p = protected_and_audited(t)
    assert p.cells == t.counts and p.row_totals == [50, 55] and p.grand_total == 105
    assert (p.primary, p.complementary, p.whole_table) == (0, 0, False)
    assert p.summary == "All numbers shown: each describes nobody or at least 10 people."


def test_a_single_small_cell_is_hidden_with_three_partners_in_a_rectangle():
    t = table([[3, 20, 30], [15, 25, 40], [12, 18, 50]])
    p = protected_and_audited(t)
    assert p.cell_reasons[0][0] == PRIMARY
    assert hidden_cells(p) == {(0, 0), (0, 1), (2, 0), (2, 1)}   # the smallest partners
    assert p.row_totals == t.row_totals and p.col_totals == t.col_totals   # totals stay
    assert (p.primary, p.complementary) == (1, 3)
    assert p.summary == ("1 number withheld because it describes fewer than 10 people; "
                         "3 more numbers withheld so that it cannot be worked out from the totals.")


def test_two_small_cells_in_a_row_whose_sum_is_below_k_need_a_third():
    t = table([[3, 4, 30, 40], [20, 25, 35, 45]])
    p = protected_and_audited(t)
    row = [n for n in p.cells[0]]
    assert row[:2] == [None, None] and row.count(None) == 3      # 3 + 4 < 10: one more in the row


def test_small_cells_in_the_same_column():
    t = table([[3, 20, 30], [4, 25, 40], [12, 18, 50], [11, 30, 60]])
    p = protected_and_audited(t)
    assert sum(row[0] is None for row in p.cells) >= 3           # 3 + 4 < 10 in column 0


def test_a_small_row_total_is_hidden_with_another_row_total():
    t = table([[2, 3, 0], [20, 15, 12], [30, 25, 11], [40, 35, 18]])
    p = protected_and_audited(t)
    assert p.row_total_reasons[0] == PRIMARY and p.cells[0] == [None, None, 0]
    assert sum(total is None for total in p.row_totals) >= 2
    assert p.grand_total == t.grand_total


def test_a_small_grand_total_hides_every_number_but_the_zeros():
    t = table([[2, 0], [3, 1]])
    p = protected_and_audited(t)
    assert p.cells == [[None, 0], [None, None]] and p.grand_total is None
    assert p.complementary == 0 and p.primary == 8   # 3 cells, 2 row, 2 column totals, the grand total


def test_an_all_small_table_with_large_totals_publishes_the_totals():
    t = table([[3, 4, 5], [5, 4, 3], [4, 5, 3]])
    p = protected_and_audited(t)
    assert hidden_cells(p) == {(i, j) for i in range(3) for j in range(3)}
    assert p.row_totals == [12, 12, 12] and p.col_totals == [12, 13, 11] and p.grand_total == 36


def test_zeros_are_never_chosen_as_partners():
    t = table([[3, 0, 0, 50], [0, 0, 0, 0], [12, 0, 0, 40]])
    p = protected_and_audited(t)
    assert p.cells[0][1:3] == [0, 0] and p.cells[1] == [0, 0, 0, 0]


def test_a_reader_who_knows_hidden_numbers_are_not_0_still_cannot_pin_a_1():
    # Protected for an attacker who only knows x >= 0, this table gives away cell (0, 0) = 1
    # to one who knows that zeros are always shown (found by a random search).
    t = table([[1, 1, 0, 12], [1, 1, 1, 0], [1, 1, 1, 1], [1, 1, 1, 12]])
    protected_and_audited(t)
    protected_and_audited(table([[1, 1, 30, 40], [1, 12, 20, 45], [13, 14, 25, 50]]))


def shown_with(t: Table, hidden: set[tuple]) -> Protected:
    """The table published with exactly `hidden` suppressed (to test the attacker)."""
    n = {pos: (None if pos in hidden else v) for pos, v in true_numbers(t).items()}
    why = {pos: PRIMARY if true_numbers(t)[pos] < K else COMPLEMENTARY for pos in hidden}
    rows, cols = range(len(t.row_keys)), range(len(t.col_keys))
    return Protected(t.name, t.row_var, t.col_var, t.row_keys, t.col_keys, K,
                     [[n["cell", i, j] for j in cols] for i in rows], [n["row", i] for i in rows],
                     [n["col", j] for j in cols], n["grand",],
                     [[why.get(("cell", i, j)) for j in cols] for i in rows], [why.get(("row", i)) for i in rows],
                     [why.get(("col", j)) for j in cols], why.get(("grand",)), 0, 0, False, "")


def test_a_sum_across_lines_is_caught_though_every_line_passes():
    # Rows 0 and 1 hide their totals; every line with a published total hides 0 or >= 10.
    # Yet the grand total minus row 2 and the shown cells of rows 0 and 1 gives 3 + 4 = 7.
    t = table([[3, 20, 20], [20, 4, 20], [30, 30, 30]])
    hidden = {("cell", 0, 0), ("cell", 1, 1), ("cell", 2, 0), ("cell", 2, 1), ("row", 0), ("row", 1)}
    with pytest.raises(AssertionError, match=r"\('cell', 0, 0\), \('cell', 1, 1\)"):
        audit(t, shown_with(t, hidden))
    audit(t, protect(t, hide=hidden))   # the module, made to start there, mends it


def test_the_threshold_is_configurable():
    t = table([[3, 20, 30], [15, 25, 40], [12, 18, 50]])
    assert not hidden_cells(protect(t, threshold=3))
    p = protect(t, threshold=13)
    audit(t, p, 13)
    assert {(0, 0), (2, 0)} <= hidden_cells(p) and "fewer than 13 people" in p.summary


def test_one_way_small_counts_are_hidden_in_pairs_and_the_grand_total_stays():
    t = column([3, 20, 12, 0])
    p = protected_and_audited(t)
    assert [row[0] for row in p.cells] == [None, 20, None, 0]
    assert p.row_totals == [None, 20, None, 0] and p.grand_total == 35 and p.col_totals == [35]
    assert (p.primary, p.complementary) == (1, 1)   # a one-way table's counts are counted once


def test_one_way_with_one_small_and_one_large_count_hides_both():
    p = protected_and_audited(column([3, 40]))
    assert [row[0] for row in p.cells] == [None, None] and p.grand_total == 43


def test_one_way_with_a_small_total_hides_everything():
    p = protected_and_audited(column([3, 4, 0]))
    assert p.grand_total is None and [row[0] for row in p.cells] == [None, None, 0]


def test_reasons_and_shares_follow_what_is_shown():
    t = table([[3, 20, 30], [15, 25, 40], [12, 18, 50]])
    p = protect(t)
    assert p.reasons() == {("cell", 0, 0): PRIMARY, ("cell", 0, 1): COMPLEMENTARY,
                           ("cell", 2, 0): COMPLEMENTARY, ("cell", 2, 1): COMPLEMENTARY}
    shares = p.row_shares()
    assert shares[0][:2] == [None, None] and shares[0][2] == pytest.approx(100 * 30 / 53)
    q = protect(column([3, 40, 57]))
    assert q.col_shares() == [[None], [None], [57.0]]
    assert [s[0] for s in q.row_shares()] == [None, None, 100.0]


def test_if_no_mend_were_found_the_whole_table_is_hidden(monkeypatch):
    monkeypatch.setattr(disclosure, "_next_mend", lambda *args: set())
    t = table([[3, 20, 30], [15, 0, 40]])
    p = protect(t)
    assert p.whole_table and p.cells == [[None, None, None], [None, 0, None]] and p.grand_total is None
    assert p.summary.startswith("Every number withheld")
    audit(t, p)


def test_a_large_realistic_table_is_protected_quickly():
    rnd = random.Random(7)
    prefectures = [f"{n:02}" for n in range(1, 48)]
    nations = ["vietnam", "china", "philippines", "indonesia", "myanmar", "nepal", "brazil", "peru", "other"]
    weights = [1 / (n + 1) for n in range(47)]   # a few big prefectures, many small
    people = [{"prefecture": rnd.choices(prefectures, weights)[0],
               "nationality": rnd.choices(nations, [30, 20, 12, 10, 8, 6, 5, 2, 7])[0]} for _ in range(3000)]
    t = two_way(people, "prefecture", "nationality", prefectures, nations)
    start = time.perf_counter()
    p = protect(t)
    assert time.perf_counter() - start < 5
    audit(t, p, subsets_up_to=0, lowers=(1,))


# --- random tables ---------------------------------------------------------------------------

COUNT = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 40))


@st.composite
def tables(draw) -> Table:
    n_rows, n_cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(COUNT, min_size=n_cols, max_size=n_cols), min_size=n_rows, max_size=n_rows))
    return column([r[0] for r in rows]) if n_cols == 1 and draw(st.booleans()) else table(rows)


@settings(derandomize=True, database=None, max_examples=150, deadline=None)
@given(tables(), st.sampled_from([5, 10]))
def test_random_tables_pass_the_attackers_audit(t, k):
    audit(t, protect(t, k), k, lowers=(1,))


# --- tables that share totals --------------------------------------------------------------------

def audit_together(tables_: list[Table], results) -> None:
    """One attacker reading every table at once: a shared total is one unknown."""
    def what(t, ti, pos):
        kind = pos[0]
        if kind == "grand" or (kind == "col" and t.col_var is None):
            return (ALL,)
        if kind == "row" or (kind == "cell" and t.col_var is None):
            return (t.row_var, t.row_keys[pos[1]])
        if kind == "col":
            return (t.col_var, t.col_keys[pos[1]])
        return (ti, *pos)
    true, shown = {}, {}
    for ti, (t, p) in enumerate(zip(tables_, results)):
        audit(t, p, subsets_up_to=0, lowers=())
        for pos, n in shown_numbers(p).items():
            q = what(t, ti, pos)
            assert shown.setdefault(q, n) == n, q     # the same number is shown (or hidden) alike
            true[q] = true_numbers(t)[pos]
    hidden = [q for q, n in shown.items() if n is None]
    ix = {q: n for n, q in enumerate(hidden)}
    a, b = [], []
    for ti, t in enumerate(tables_):
        for total, entries in lines(t):
            row, rhs = np.zeros(len(hidden)), 0.0
            for pos, sign in [(total, -1.0)] + [(e, 1.0) for e in entries]:
                q = what(t, ti, pos)
                if q in ix:
                    row[ix[q]] += sign
                else:
                    rhs -= sign * shown[q]
            a.append(row)
            b.append(rhs)
    for var, q in enumerate(hidden):
        low, high = lp_range(np.array(a), np.array(b), len(hidden), var, 1)
        assert high - low > 0.5, (q, true[q], low, high)


def test_a_total_one_table_hides_is_hidden_in_every_table_that_shares_it():
    by_a = column([4, 12, 30, 50])
    a_by_b = Table("ab", "r", "b", by_a.row_keys, ["b1", "b2"], [[4, 0], [12, 0], [3, 27], [40, 10]])
    alone = [protect(by_a).row_totals, protect(a_by_b).row_totals]
    # alone, the one-way table would give away r2's total and the two-way one r1's
    assert alone == [[None, None, 30, 50], [None, 12, None, 50]]
    together = protect_together([by_a, a_by_b])
    assert [p.row_totals for p in together] == [[None, None, None, 50]] * 2
    assert together[0].reasons()[("row", 2)] == COMPLEMENTARY
    audit_together([by_a, a_by_b], together)


@settings(derandomize=True, database=None, max_examples=15, deadline=None)
@given(st.integers(0, 10**6))
def test_random_linked_tables_pass_one_attacker_reading_them_all(seed):
    rnd = random.Random(seed)
    a, b, c = ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3"], ["c1", "c2"]
    wa, wb = [rnd.random() ** 2 for _ in a], [rnd.random() ** 2 for _ in b]
    people = [{"a": rnd.choices(a, wa)[0], "b": rnd.choices(b, wb)[0], "c": rnd.choice(c)}
              for _ in range(rnd.randint(15, 120))]
    for person in people:
        if rnd.random() < 0.05:
            del person["b"]
    linked = [one_way(people, "a", a), one_way(people, "b", b), two_way(people, "a", "b", a, b),
              two_way(people, "a", "c", a, c), two_way(people, "b", "c", b, c)]
    audit_together(linked, protect_together(linked))


# --- means ----------------------------------------------------------------------------------------

def test_a_mean_is_published_only_when_its_answer_count_is():
    people = ([{"g": "big", "s": 7}] * 30 + [{"g": "small", "s": 2}] * 4 + [{"g": "mid", "s": 5}] * 12
              + [{"g": "mid"}] * 3 + [{"s": 9}] * 20)
    m = mean_by(people, "g", "s", ["big", "small", "mid"])
    pm = protect_means(m)
    counts = [row[0] for row in pm.table.cells]
    assert counts[0] == 30 and pm.means[0] == 7.0
    assert counts[1] is None and pm.means[1] is None                # 4 answered: primary
    assert counts[2] is None and pm.means[2] is None                # 12, hidden as its partner
    assert pm.means[3] == 9.0                                       # the group that did not say
    # only 3 people skipped the question: that number is hidden, so the number who answered
    # is too (it would be the respondents minus 3), and with it the overall mean
    assert pm.table.cells[2][1] is None and pm.table.col_totals == [None, None]
    assert pm.overall_mean is None and pm.table.grand_total == len(people)
    audit(m.table(), pm.table)
    # 10 more who skipped both questions: 13 skipped the scale, the overall mean is shown
    more = protect_means(mean_by(people + [{}] * 10, "g", "s", ["big", "small", "mid"]))
    assert more.overall_mean == pytest.approx(m.overall_mean) and more.means[0] == 7.0
