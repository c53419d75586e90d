"""Benchmarks for the site foundation, compared side by side in one run (see README.md).

1. Build time of the 8-language site with the content multiplied 1x, 4x, 8x by generated
   pages: seconds, and seconds per 100 pages.
2. First-visit transfer: compressed bytes of what the browser downloads for a first page
   view, ours next to a plain Material + mkdocs-static-i18n build of the same pages.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from common import ByteCounter, served_with_chromium  # noqa: E402
from conftest import copy_site_sources, free_port  # noqa: E402
from mirai.build import build_site  # noqa: E402
from mirai.languages import language_codes  # noqa: E402
from mirai.mkdocs_yaml import i18n_plugin, read_mkdocs_yaml  # noqa: E402
from mirai.server import create_app  # noqa: E402

BUDGET_FIRST_VISIT = 70 * 1024


def copy_project(dest: Path, multiply: int) -> Path:
    """A copy of the project's site sources with every page repeated `multiply` times."""
    copy_site_sources(dest)
    for lang_dir in (dest / "docs").iterdir():
        if lang_dir.name not in language_codes():
            continue
        pages = [p for p in lang_dir.rglob("*.md") if "copy" not in p.parts[len(lang_dir.parts)]]
        for k in range(1, multiply):
            for page in pages:
                target = lang_dir / f"copy{k}" / page.relative_to(lang_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if multiply > 1:  # generated pages are not in the nav: let MkDocs list them
        text = text.replace("strict: true", "strict: false").split("\nnav:\n", 1)[0] + "\n"
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    return dest / "mkdocs.yml"


def bench_build(multipliers: list[int], repeat: int) -> list[dict]:
    rows = []
    for multiply in multipliers:
        with tempfile.TemporaryDirectory() as tmp:
            config = copy_project(Path(tmp), multiply)
            pages = sum(1 for lang in language_codes() for _ in (Path(tmp) / "docs" / lang).rglob("*.md"))
            en_pages = sum(1 for _ in (Path(tmp) / "docs/en").rglob("*.md"))
            total_pages = en_pages * len(language_codes())  # every language gets every page
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                build_site(root_url="http://localhost:8000/", config=config, site_dir=Path(tmp) / "site")
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            rows.append({"multiply": multiply, "source_files": pages, "built_pages": total_pages,
                         "seconds_median": round(median, 2), "seconds_per_100_pages": round(100 * median / total_pages, 3)})
    return rows


def plain_build(dest: Path) -> Path:
    """The same pages built the plain way: one MkDocs build, static-i18n merging all
    languages, Material's defaults (Google Fonts on), no hooks or overrides."""
    shutil.copytree(ROOT / "docs", dest / "docs")
    config = read_mkdocs_yaml(ROOT / "mkdocs.yml")
    plugin = i18n_plugin(config)
    plugin.pop("build_only_locale")
    plugin.pop("reconfigure_search")
    plain = {
        "site_name": "MIRAI", "site_url": "http://localhost/", "docs_dir": "docs", "site_dir": str(dest / "site"),
        "theme": {"name": "material", "features": config["theme"]["features"]},
        "plugins": ["search", {"i18n": plugin}],
        "markdown_extensions": [e for e in config["markdown_extensions"] if not (isinstance(e, dict) and "toc" in e)],
        "exclude_docs": "*/about/poster.md\n",
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(dest / "mkdocs.yml")], check=True,
                   capture_output=True)
    return dest / "site"


def first_visit(site_dir: Path, paths: list[str]) -> list[dict]:
    """Bytes a first visit downloads over the wire, compressed by the server as a static host would."""
    port = free_port()
    counter = ByteCounter(create_app(site_dir))
    rows = []
    with served_with_chromium(site_dir, port, app=counter) as browser:
        for path in paths:
            # The page itself: the offline pack the service worker saves afterwards is
            # measured by bench/offline.py.
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            third_party = []
            page.on("request", lambda r: urlsplit(r.url).netloc != f"127.0.0.1:{port}" and third_party.append(r.url))
            counter.sent.clear()
            page.goto(f"http://127.0.0.1:{port}{path}", wait_until="networkidle")
            by_kind = {"html+css+js": 0, "other (json, svg, fonts)": 0}
            for record in counter.sent:
                code = any(k in record["type"] for k in ("html", "css", "javascript"))
                by_kind["html+css+js" if code else "other (json, svg, fonts)"] += record["bytes"]
            rows.append({"path": path, **by_kind, "requests": len(counter.sent),
                         "third_party_requests": len(third_party),
                         "third_party_hosts": sorted({urlsplit(u).netloc for u in third_party})})
            context.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--multiply", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", default=str(ROOT / "bench/results/latest.json"))
    args = parser.parse_args()

    results = {"build": bench_build(args.multiply, args.repeat)}
    with tempfile.TemporaryDirectory() as tmp:
        port_site = Path(tmp) / "ours"
        build_site(root_url="http://localhost:8000/", site_dir=port_site)
        plain_site = plain_build(Path(tmp) / "plain")
        ours = first_visit(port_site, ["/vi/", "/my/work/wages/"])
        plain = first_visit(plain_site, ["/vi/", "/my/work/wages/"])
    results["first_visit"] = {"ours": ours, "plain_material_static_i18n": plain,
                              "budget_bytes": BUDGET_FIRST_VISIT}
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")

    print("Build of the 8-language site (median of %d runs)" % args.repeat)
    print(f"{'content':>8} {'built pages':>12} {'seconds':>8} {'s/100 pages':>12}")
    for row in results["build"]:
        print(f"{row['multiply']:>7}x {row['built_pages']:>12} {row['seconds_median']:>8} {row['seconds_per_100_pages']:>12}")
    print("\nFirst visit, bytes on the wire, brotli (budget: HTML+CSS+JS <= %d, zero third-party)" % BUDGET_FIRST_VISIT)
    print(f"{'page':<18} {'build':<8} {'html+css+js':>12} {'other':>8} {'3rd-party req':>14}")
    for name, rows in (("ours", ours), ("plain", plain)):
        for row in rows:
            print(f"{row['path']:<18} {name:<8} {row['html+css+js']:>12} {row['other (json, svg, fonts)']:>8} "
                  f"{row['third_party_requests']:>14}")
    over = [r for r in ours if r["html+css+js"] > BUDGET_FIRST_VISIT or r["third_party_requests"]]
    print("\nbudget: " + ("EXCEEDED " + str([r["path"] for r in over]) if over else "met"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
