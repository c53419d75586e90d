"""Where the project's folders are. The package is always used from a checkout."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DOCS = ROOT / "docs"
SITE = ROOT / "site"
