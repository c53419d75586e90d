"""Offline-pack benchmark (see README.md), side by side in one run:

1. Pack size per language: bytes stored on the phone and bytes downloaded (brotli, as the
   server sends them), next to downloading the whole site.
2. Time from the first visit to "Ready to read offline" on a slow network (150 ms latency,
   1.6 Mbit/s, shaped at the server) with the page's CPU slowed 4x (DevTools Protocol).
3. Repeat visit of an unchanged site: bytes the server sends when the reader comes back.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from common import ByteCounter, Throttle, served_with_chromium  # noqa: E402
from conftest import free_port  # noqa: E402
from mirai.build import build_site  # noqa: E402
from mirai.languages import language_codes  # noqa: E402
from mirai.offline.pack import read_pack  # noqa: E402
from mirai.server import COMPRESSIBLE, create_app  # noqa: E402

BUDGET_PACK = 1_500_000  # bytes a reader downloads for one language
READY = "html[data-mirai-offline=ready]"


def served_bytes(path: Path) -> int:
    data = path.read_bytes()
    return len(brotli.compress(data, quality=11)) if path.suffix in COMPRESSIBLE and len(data) >= 256 else len(data)


def file_of(site_dir: Path, url: str) -> Path:
    return site_dir / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))


def pack_sizes(site_dir: Path) -> dict:
    rows = {}
    for lang in language_codes():
        pack = read_pack(site_dir / lang)
        rows[lang] = {"files": len(pack), "pages": sum(f.kind == "page" for f in pack),
                      "stored_bytes": sum(f.size for f in pack),
                      "download_bytes": sum(served_bytes(file_of(site_dir, f.url)) for f in pack)}
    every = [p for p in site_dir.rglob("*") if p.is_file()]
    whole = {"files": len(every), "stored_bytes": sum(p.stat().st_size for p in every),
             "download_bytes": sum(served_bytes(p) for p in every)}
    return {"per_language": rows, "whole_site": whole}


def ready_offline(site_dir: Path, port: int, langs: list[str], cpu_slowdown: float) -> list[dict]:
    """First visit on a slow network until "ready offline", then a repeat visit."""
    counter = ByteCounter(create_app(site_dir))
    throttle = Throttle(counter)
    rows = []
    with served_with_chromium(site_dir, port, app=throttle) as browser:
        for lang in langs:
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
            counter.sent.clear()
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/{lang}/")
            shown = time.perf_counter() - started
            page.wait_for_selector(READY, timeout=600_000)
            ready = time.perf_counter() - started
            first_bytes = sum(r["bytes"] for r in counter.sent)
            first_requests = len(counter.sent)
            page.close()

            # Coming back another day: the site has not changed.
            counter.sent.clear()
            page = context.new_page()
            for path in (f"{lang}/", f"{lang}/work/wages/", f"{lang}/help/"):
                page.goto(f"http://127.0.0.1:{port}/{path}", wait_until="networkidle")
            page.wait_for_selector(READY)
            repeat = counter.sent[:]
            rows.append({
                "lang": lang, "page_shown_seconds": round(shown, 2), "ready_offline_seconds": round(ready, 2),
                "first_visit_bytes": first_bytes, "first_visit_requests": first_requests,
                "repeat_visit_body_bytes": sum(r["bytes"] for r in repeat),
                "repeat_visit_requests": [f"{r['path']} {r['status']}" for r in repeat],
            })
            context.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--langs", nargs="+", default=["vi", "my", "zh"])
    parser.add_argument("--cpu-slowdown", type=float, default=4)
    parser.add_argument("--output", default=str(ROOT / "bench/results/offline.json"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        port = free_port()
        build_site(root_url=f"http://127.0.0.1:{port}/", site_dir=site_dir)
        sizes = pack_sizes(site_dir)
        visits = ready_offline(site_dir, port, args.langs, args.cpu_slowdown)
    results = {"packs": sizes, "visits": visits, "budget_pack_bytes": BUDGET_PACK,
               "network": "150 ms latency, 1.6 Mbit/s shared (at the server)",
               "cpu_slowdown": args.cpu_slowdown}
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")

    whole = sizes["whole_site"]
    print(f"Offline pack per language (budget: download <= {BUDGET_PACK:,} bytes)")
    print(f"{'lang':<6} {'pages':>6} {'files':>6} {'stored bytes':>13} {'download bytes':>15} {'share of site':>14}")
    for lang, row in sizes["per_language"].items():
        print(f"{lang:<6} {row['pages']:>6} {row['files']:>6} {row['stored_bytes']:>13,} {row['download_bytes']:>15,} "
              f"{row['download_bytes'] / whole['download_bytes']:>13.1%}")
    print(f"{'site':<6} {'':>6} {whole['files']:>6} {whole['stored_bytes']:>13,} {whole['download_bytes']:>15,}")
    print(f"\nFirst visit to 'ready offline' ({results['network']}, CPU {args.cpu_slowdown:g}x slower), then a repeat visit")
    print(f"{'lang':<6} {'page shown s':>13} {'ready s':>8} {'first bytes':>12} {'repeat bytes':>13} requests on repeat")
    for row in visits:
        print(f"{row['lang']:<6} {row['page_shown_seconds']:>13} {row['ready_offline_seconds']:>8} "
              f"{row['first_visit_bytes']:>12,} {row['repeat_visit_body_bytes']:>13,} {row['repeat_visit_requests']}")
    over = [lang for lang, row in sizes["per_language"].items() if row["download_bytes"] > BUDGET_PACK]
    print("\nbudget: " + ("EXCEEDED " + str(over) if over else "met"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
