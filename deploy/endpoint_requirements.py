"""Prints the endpoint's runtime requirements, one a line, pinned as pyproject.toml pins them.

The Lambda bundle installs these and nothing of the site's build (MkDocs, Material, jieba...);
pyproject.toml stays the one place versions are written. tests/test_deploy.py checks that every
package the endpoint imports while answering comes from this list."""
import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
PACKAGES = ("starlette", "PyYAML", "mangum", "psycopg", "psycopg-pool")  # what mirai.endpoint imports
PROVIDED_BY_RUNTIME = ("boto3",)  # in AWS's python3.12 runtime; the endpoint reads one secret with it


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def requirements(pyproject: Path = PYPROJECT) -> list[str]:
    pins = {normalized(re.split(r"[\[=<>!~; ]", r, maxsplit=1)[0]): r
            for r in tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]}
    out = []
    for package in PACKAGES:
        pin = pins.get(normalized(package))
        if not pin or "==" not in pin:
            sys.exit(f"pyproject.toml does not pin {package} with ==")
        out.append(pin)
    return out


if __name__ == "__main__":
    print("\n".join(requirements()))
