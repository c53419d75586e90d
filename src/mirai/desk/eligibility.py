"""Who may use the consultation desk (data/desk.yml): open to all, or only workers whose
company (or a company in its supply chain) takes part in the pilot, named by a code.

The same rule runs in three places: the endpoint refuses what it does not allow, the
consultation page checks the code on the phone before the worker writes (the codes are
written into the page; they are opaque codes printed on posters, not company names), and
the page explains the rule. A refused worker is always pointed at the public windows."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..paths import DATA

DESK_FILE = DATA / "desk.yml"
OPEN = "open"
COMPANIES = "participating-companies"


def company_key(code) -> str | None:
    """Workers type codes as they read them: "c-001", "Ｃ００１" and "C001" are one company.
    (consult.js has the same rule, tested against this one.)"""
    if not isinstance(code, str):
        return None
    key = unicodedata.normalize("NFKC", code).upper().replace("-", "").replace(" ", "")
    return key or None


@dataclass(frozen=True)
class Eligibility:
    mode: str = OPEN
    companies: frozenset[str] = frozenset()  # company_key()s

    @property
    def is_open(self) -> bool:
        return self.mode == OPEN

    def allows(self, company_code) -> bool:
        return self.is_open or company_key(company_code) in self.companies


def load_eligibility(path: Path = DESK_FILE) -> Eligibility:
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    mode = doc.get("eligibility")
    if mode not in (OPEN, COMPANIES):
        raise ValueError(f"{path}: eligibility must be {OPEN!r} or {COMPANIES!r}, got {mode!r}")
    codes = doc.get("companies") or []
    if not isinstance(codes, list) or not all(company_key(c) for c in codes):
        raise ValueError(f"{path}: companies must be a list of codes")
    if mode == COMPANIES and not codes:
        raise ValueError(f"{path}: {COMPANIES!r} needs at least one code in `companies`")
    return Eligibility(mode, frozenset(company_key(c) for c in codes))
