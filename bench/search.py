"""Search benchmark (see README.md), ours next to the plain static-i18n build, in one run:

1. Index size per language: raw and brotli bytes of the search_index.json a reader downloads.
2. Time to first result: open a page, open search, type a query; milliseconds until the
   first result is shown, with the page's CPU slowed 4x (DevTools Protocol). Median of runs.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from common import served_with_chromium  # noqa: E402
from conftest import free_port  # noqa: E402
from mirai.build import build_site  # noqa: E402
from mirai.languages import language_codes  # noqa: E402
from run import plain_build  # noqa: E402

QUERIES = {"en": "overtime", "zh": "工资", "vi": "lương", "tl": "sahod", "id": "gaji", "my": "လုပ်ခ",
           "pt": "salário", "es": "salario"}


def sizes(path: Path) -> dict:
    data = path.read_bytes()
    return {"raw_bytes": len(data), "brotli_bytes": len(brotli.compress(data, quality=11))}


def time_to_first_result(site_dir: Path, port: int, langs: list[str], cpu: float, runs: int,
                         default_at_root: bool = False) -> dict:
    out = {}
    with served_with_chromium(site_dir, port) as browser:
        for lang in langs:
            times = []
            for _ in range(runs):
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
                prefix = "" if default_at_root and lang == "en" else f"{lang}/"  # plain: English at /
                page.goto(f"http://127.0.0.1:{port}/{prefix}work/", wait_until="load")
                page.locator("label.md-search__icon, .md-search__input").first.click()
                started = time.perf_counter()
                box = page.locator(".md-search__input")
                box.fill(QUERIES[lang])
                box.press("End")
                deadline = started + 60
                while not page.locator(".md-search-result__item").count():
                    if time.perf_counter() > deadline:
                        break
                    box.press("End")  # typed before the index was ready: Material waits for a key
                    page.wait_for_timeout(20)
                times.append((time.perf_counter() - started) * 1000)
                context.close()
            out[lang] = round(statistics.median(times))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--langs", nargs="+", default=["vi", "my", "zh", "en"])
    parser.add_argument("--cpu-slowdown", type=float, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", default=str(ROOT / "bench/results/search.json"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        ours_port, plain_port = free_port(), free_port()
        ours = Path(tmp) / "ours"
        build_site(root_url=f"http://127.0.0.1:{ours_port}/", site_dir=ours)
        plain = plain_build(Path(tmp) / "plain")
        index_sizes = {lang: sizes(ours / lang / "search" / "search_index.json") for lang in language_codes()}
        merged = sizes(plain / "search" / "search_index.json")
        ours_ms = time_to_first_result(ours, ours_port, args.langs, args.cpu_slowdown, args.runs)
        plain_ms = time_to_first_result(plain, plain_port, args.langs, args.cpu_slowdown, args.runs,
                                        default_at_root=True)
    results = {"index_sizes": index_sizes, "merged_plain_index": merged,
               "first_result_ms": {"ours": ours_ms, "plain": plain_ms}, "cpu_slowdown": args.cpu_slowdown}
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")

    print("Search index a reader downloads (bytes)")
    print(f"{'lang':<6} {'raw':>10} {'brotli':>10}")
    for lang, row in index_sizes.items():
        print(f"{lang:<6} {row['raw_bytes']:>10,} {row['brotli_bytes']:>10,}")
    print(f"{'plain':<6} {merged['raw_bytes']:>10,} {merged['brotli_bytes']:>10,}  (one index, all 8 languages)")
    print(f"\nTime to first result, CPU {args.cpu_slowdown:g}x slower (median of {args.runs}, ms)")
    print(f"{'lang':<6} {'query':<10} {'ours':>8} {'plain':>8}")
    for lang in args.langs:
        print(f"{lang:<6} {QUERIES[lang]:<10} {ours_ms[lang]:>8} {plain_ms[lang]:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
