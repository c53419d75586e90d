"""Where the project's folders are. The package is used from a checkout, except on AWS Lambda
(deploy/), where the bundle has no checkout and names its copy of data/ in MIRAI_DATA_DIR."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("MIRAI_DATA_DIR") or ROOT / "data")
DOCS = ROOT / "docs"
SITE = ROOT / "site"
