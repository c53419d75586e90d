"""Disclosure control: which numbers of a table may be published.

Every number of a table (each cell, row total, column total and the grand total) counts a
group of people. With k the threshold (10 by default), `protect` guarantees:

(a) A published number is 0 or at least k. Zeros are published: they describe nobody.
    A number from 1 to k-1 is suppressed ("primary").
(b) No number that can be derived from the published ones counts 1 to k-1 people either.
    A line (a row with its total, a column with its total, the row totals with the grand
    total, the column totals with the grand total) whose total is published gives away the
    sum of its suppressed entries (total minus the published ones): that sum is 0 or >= k.
    Totals can be suppressed too, so the rule is checked in its general form: every sum of
    suppressed numbers that follows from the published ones, whichever lines are combined
    (a suppressed total is thus safe from both directions), is 0 or at least k.
(c) No suppressed number can be worked out exactly. The attacker knows every published
    number, that every line adds up, and that a suppressed number is at least 1 (zeros are
    always published); each suppressed number still has at least two possible values.
    (Stricter than non-negativity alone, which is what a linear program with x >= 0 gives.)
Numbers suppressed to make (b) and (c) hold are "complementary": cells before totals (other
tables share the totals), the smallest first (least information lost).

How. A table with its totals is a flow network: each line is a node (row i, column j, "row
totals", "column totals") and each number an edge between the two lines it belongs to,
directed so that every node's in-flow equals its out-flow:
    row totals --T_i--> row i --cell_ij--> column j --S_j--> column totals --grand--> row totals
Published numbers are fixed edges. Then
- (c) a suppressed number can change, with all published numbers kept, exactly when it lies on
  a cycle of suppressed edges that can carry a little more flow (forward along any suppressed
  edge, backward along one worth more than 1);
- (b) what can be derived are flows across cuts (a set X of lines has in-flow = out-flow): when
  every suppressed edge crossing the cut goes the same way, their sum equals published numbers.
  The smallest such sum through each suppressed edge is a minimum cut, found by max-flow.
Complementary suppression repeats: find a breach, suppress the cheapest published numbers that
mend it (for (b) the smallest number crossing the cut that lifts the sum to k, for (c) the
cheapest path closing a cycle).
Each round suppresses at least one more number, and suppressing every non-zero number
satisfies (a), (b) and (c), so it ends. Were no mend found, every non-zero number is
suppressed and the summary says so.

Tables of the same respondents share totals (a variable's count for one category, the number
of respondents); one table must not publish what another hides: `protect_together`.
Means: a group's mean is published only when its answer count is published (so >= k):
`protect_means`.
"""
from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from .tables import ALL, Means, Table, percent

PRIMARY, COMPLEMENTARY = "primary", "complementary"

# A number's place in a table: ("cell", i, j), ("row", i), ("col", j) or ("grand",).
Position = tuple


@dataclass(frozen=True)
class Protected:
    """A table as it may be published: None where a number is suppressed, with the reason
    (PRIMARY or COMPLEMENTARY) at the same place in the *_reasons fields."""
    name: str
    row_var: str
    col_var: str | None
    row_keys: list
    col_keys: list
    threshold: int
    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    grand_total: int | None
    cell_reasons: list[list[str | None]]
    row_total_reasons: list[str | None]
    col_total_reasons: list[str | None]
    grand_total_reason: str | None
    primary: int          # numbers suppressed as primary (a one-way table's row totals and
    complementary: int    # column total repeat its cells and grand total: not counted twice)
    whole_table: bool     # the fallback: every non-zero number suppressed
    summary: str          # one plain-English line for the report

    def reasons(self) -> dict[Position, str]:
        """Every suppressed position with its reason."""
        out: dict[Position, str] = {}
        for i, row in enumerate(self.cell_reasons):
            out.update({("cell", i, j): r for j, r in enumerate(row) if r})
        out.update({("row", i): r for i, r in enumerate(self.row_total_reasons) if r})
        out.update({("col", j): r for j, r in enumerate(self.col_total_reasons) if r})
        if self.grand_total_reason:
            out[("grand",)] = self.grand_total_reason
        return out

    def row_shares(self) -> list[list[float | None]]:
        """Percent of the row total; None when the cell or the row total is suppressed."""
        return [[percent(c, t) for c in row] for row, t in zip(self.cells, self.row_totals)]

    def col_shares(self) -> list[list[float | None]]:
        """Percent of the column total; None when the cell or the column total is suppressed."""
        return [[percent(c, t) for c, t in zip(row, self.col_totals)] for row in self.cells]


@dataclass(frozen=True, eq=False)   # eq=False: edges are told apart by identity (sets, dicts)
class _Edge:
    position: Position
    tail: int
    head: int
    value: int


def _network(table: Table) -> list[_Edge]:
    n_rows, n_cols = len(table.row_keys), len(table.col_keys)
    row_totals, col_totals = n_rows + n_cols, n_rows + n_cols + 1   # the two lines of totals
    edges = [_Edge(("cell", i, j), i, n_rows + j, n)
             for i, row in enumerate(table.counts) for j, n in enumerate(row)]
    edges += [_Edge(("row", i), row_totals, i, t) for i, t in enumerate(table.row_totals)]
    edges += [_Edge(("col", j), n_rows + j, col_totals, t) for j, t in enumerate(table.col_totals)]
    edges.append(_Edge(("grand",), col_totals, row_totals, table.grand_total))
    return edges


def _order(e: _Edge):
    # cells before totals (other tables share the totals: hiding one costs there too),
    # then smallest first, then the table's order
    return (e.position[0] != "cell", e.value, e.position)


def _reaches(arcs: dict[int, list[int]], start: int, goal: int) -> bool:
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for nxt in arcs[node]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _can_change(hidden: Collection[_Edge], e: _Edge) -> bool:
    """(c): a cycle of suppressed edges through e along which e can grow or shrink."""
    arcs: dict[int, list[int]] = defaultdict(list)
    for h in hidden:
        if h is not e:
            arcs[h.tail].append(h.head)          # h can grow: no upper bound
            if h.value > 1:
                arcs[h.head].append(h.tail)      # h can shrink and stay >= 1
    return _reaches(arcs, e.head, e.tail) or (e.value > 1 and _reaches(arcs, e.tail, e.head))


def _smallest_derived_sum(hidden: Collection[_Edge], e: _Edge, k: int) -> tuple[float, set[int]]:
    """(b): the smallest derivable sum of suppressed numbers that includes e (counted up to k),
    and its cut: the lines X on e's tail side. A suppressed edge leaving X counts its value,
    one entering X may not (infinite capacity backwards), so the cut's sum is derivable."""
    cap: dict[tuple[int, int], float] = defaultdict(float)
    arcs: dict[int, set[int]] = defaultdict(set)
    for h in hidden:
        cap[h.tail, h.head] += h.value
        cap[h.head, h.tail] += math.inf
        arcs[h.tail].add(h.head)
        arcs[h.head].add(h.tail)
    flow = 0.0
    while flow < k:   # augmenting paths; each adds at least 1, so at most k rounds
        parent = {e.tail: e.tail}
        todo = [e.tail]
        while todo and e.head not in parent:
            node = todo.pop(0)
            for nxt in arcs[node]:
                if nxt not in parent and cap[node, nxt] > 0:
                    parent[nxt] = node
                    todo.append(nxt)
        if e.head not in parent:
            break
        path, node = [], e.head
        while node != e.tail:
            path.append((parent[node], node))
            node = parent[node]
        push = min(cap[a, b] for a, b in path)
        if push == math.inf:   # e lies on a cycle of suppressed edges: no cut isolates it
            return math.inf, set()
        for a, b in path:
            cap[a, b] -= push
            cap[b, a] += push
        flow += push
    cut, todo = {e.tail}, [e.tail]
    while todo:
        node = todo.pop()
        for nxt in arcs[node]:
            if nxt not in cut and cap[node, nxt] > 0:
                cut.add(nxt)
                todo.append(nxt)
    return flow, cut


def _cheapest_cycle(edges: Sequence[_Edge], hidden: Collection[_Edge], e: _Edge) -> set[_Edge]:
    """(c): the published numbers whose suppression closes the cheapest cycle through e
    (a path from e's head back to its tail). A suppressed edge costs nothing, a cell its
    value, a total more than all cells together (the cells of a path are distinct people)."""
    total_cost = 1 + max(h.value for h in edges)
    arcs: dict[int, list[tuple[int, int, _Edge]]] = defaultdict(list)
    for h in edges:
        if h is e or (h not in hidden and h.value == 0):
            continue                          # zeros stay published
        cost = 0 if h in hidden else h.value + (total_cost if h.position[0] != "cell" else 0)
        arcs[h.tail].append((h.head, cost, h))
        if h.value > 1:
            arcs[h.head].append((h.tail, cost, h))
    best, via = {e.head: 0}, {}
    heap, tie = [(0, 0, e.head)], 1
    while heap:
        cost, _, node = heapq.heappop(heap)
        if node == e.tail:
            break
        if cost > best[node]:
            continue
        for nxt, step, h in arcs[node]:
            if cost + step < best.get(nxt, math.inf):
                best[nxt], via[nxt] = cost + step, (node, h)
                heapq.heappush(heap, (cost + step, tie, nxt))
                tie += 1
    if e.tail not in via:
        return set()
    path, node = set(), e.tail
    while node != e.head:
        node, h = via[node]
        path.add(h)
    return {h for h in path if h not in hidden}


def _next_mend(edges: Sequence[_Edge], hidden: set[_Edge], k: int, safe: set) -> set[_Edge] | None:
    """The published numbers to suppress next, or None when (b) and (c) hold. A check that
    passed stays passed when more is suppressed, so `safe` remembers it."""
    for e in sorted(hidden, key=_order):
        if ("b", e) in safe:
            continue
        total, cut = _smallest_derived_sum(hidden, e, k)
        if total < k:
            # suppress a number crossing the cut: the first (in _order) that lifts every
            # derivable sum through e to k, else the one that lifts it most (the smallest
            # one alone can leave a neighbouring cut just as small)
            crossing = [p for p in edges if p not in hidden and p.value
                        and (p.tail in cut) != (p.head in cut)]
            lifted = {p: min(k, _smallest_derived_sum(hidden | {p}, e, k)[0]) for p in crossing}
            return {min(crossing, key=lambda p: (-lifted[p], _order(p)))} if crossing else set()
        safe.add(("b", e))
    for e in sorted(hidden, key=_order):
        if ("c", e) in safe:
            continue
        if not _can_change(hidden, e):
            return _cheapest_cycle(edges, hidden, e)
        safe.add(("c", e))
    return None


def protect(table: Table, threshold: int = 10, *, hide: Iterable[Position] = ()) -> Protected:
    """The table as it may be published. `hide`: positions to suppress in any case (used by
    `protect_together` for totals another table suppressed)."""
    k = threshold
    edges = _network(table)
    hide = set(hide)
    hidden = {e for e in edges if 0 < e.value < k or (e.position in hide and e.value)}
    safe: set = set()
    whole_table = False
    while (mend := _next_mend(edges, hidden, k, safe)) is not None:
        if not mend:   # cannot happen (see the docstring); suppress everything rather than leak
            hidden = {e for e in edges if e.value}
            whole_table = True
            break
        hidden |= mend
    return _published(table, k, edges, hidden, whole_table)


def _published(table: Table, k: int, edges: list[_Edge], hidden: set[_Edge],
               whole_table: bool) -> Protected:
    value: dict[Position, int | None] = {e.position: None if e in hidden else e.value for e in edges}
    reason = {e.position: (PRIMARY if e.value < k else COMPLEMENTARY) for e in hidden}
    rows, cols = range(len(table.row_keys)), range(len(table.col_keys))
    one_way = table.col_var is None
    counted = [r for p, r in reason.items() if not (one_way and p[0] in ("row", "col"))]
    primary, complementary = counted.count(PRIMARY), counted.count(COMPLEMENTARY)
    return Protected(
        table.name, table.row_var, table.col_var, list(table.row_keys), list(table.col_keys), k,
        [[value["cell", i, j] for j in cols] for i in rows],
        [value["row", i] for i in rows], [value["col", j] for j in cols], value["grand",],
        [[reason.get(("cell", i, j)) for j in cols] for i in rows],
        [reason.get(("row", i)) for i in rows], [reason.get(("col", j)) for j in cols],
        reason.get(("grand",)), primary, complementary, whole_table,
        _summary(k, primary, complementary, whole_table))


def _summary(k: int, primary: int, complementary: int, whole_table: bool) -> str:
    def numbers(n: int) -> str:
        return f"{n} number{'' if n == 1 else 's'}"
    if whole_table:
        return (f"Every number withheld: no smaller set of withheld numbers kept those "
                f"describing fewer than {k} people from being worked out.")
    if not primary and not complementary:
        return f"All numbers shown: each describes nobody or at least {k} people."
    if not primary:   # only totals hidden because another table hides them
        return (f"{numbers(complementary)} withheld so that numbers describing fewer than {k} "
                f"people in other tables cannot be worked out.")
    they = "it" if primary == 1 else "they"
    text = f"{numbers(primary)} withheld because {they} {'describes' if primary == 1 else 'describe'} fewer than {k} people"
    if complementary:
        text += (f"; {complementary} more {'number' if complementary == 1 else 'numbers'} withheld "
                 f"so that {they} cannot be worked out from the totals")
    return text + "."


# --- tables that share totals ---------------------------------------------------------------

def _shared_totals(table: Table) -> dict[Position, tuple]:
    """Position -> what the number counts, the same in every table of the same respondents:
    (variable, category) for a row or column total, (ALL,) for the number of respondents."""
    everyone = (ALL,)
    shared: dict[Position, tuple] = {("grand",): everyone}
    for i, key in enumerate(table.row_keys):
        shared["row", i] = (table.row_var, key)
        if table.col_var is None:
            shared["cell", i, 0] = (table.row_var, key)   # a one-way table's cells are counts
    for j, key in enumerate(table.col_keys):
        shared["col", j] = everyone if table.col_var is None else (table.col_var, key)
    return shared


def protect_together(tables: Sequence[Table], threshold: int = 10) -> list[Protected]:
    """Protect tables of the same respondents so that a total they share is suppressed in all
    of them or in none. Each table is protected with every shared total hidden so far also
    hidden (one-way tables first: their cheap choices are then reused); passes repeat until
    one hides nothing new (suppressions only grow, so this ends)."""
    order = sorted(range(len(tables)), key=lambda n: (tables[n].col_var is not None,
                                                      len(tables[n].row_keys) * len(tables[n].col_keys)))
    hidden: set[tuple] = set()
    results: list[Protected | None] = [None] * len(tables)
    changed = True
    while changed:
        changed = False
        for n in order:
            shared = _shared_totals(tables[n])
            results[n] = protect(tables[n], threshold,
                                 hide=[p for p, what in shared.items() if what in hidden])
            found = {shared[p] for p in results[n].reasons() if p in shared}
            if not found <= hidden:
                hidden |= found
                changed = True
    return results


# --- means ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProtectedMeans:
    table: Protected                 # Means.table() protected: cells[i][0] is group i's count
    means: list[float | None]        # None: not published
    overall_mean: float | None


def protect_means(means: Means, threshold: int = 10, protected: Protected | None = None) -> ProtectedMeans:
    """A group's mean is published only when its answer count is published and >= k.
    Pass `protected` when `means.table()` was protected with others (`protect_together`)."""
    table = protected or protect(means.table(), threshold)

    def shown(count: int | None, mean: float | None) -> float | None:
        return mean if count is not None and count >= table.threshold else None
    return ProtectedMeans(table, [shown(row[0], m) for row, m in zip(table.cells, means.means)],
                          shown(table.col_totals[0], means.overall_mean))
