"""Survey report benchmark (see README.md): how long `mirai report` takes for 2,000 and
200,000 respondents (synthetic, SQLite), split into reading the answers and building the
report (counting, disclosure control, HTML, CSV), and whether time grows no faster than
the number of respondents."""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from mirai.analysis.report import write_report
from mirai.analysis.respondents import load_respondents
from mirai.analysis.synthetic import write_synthetic

ROOT = Path(__file__).resolve().parent.parent


def measure(respondents: int, lang: str, folder: Path) -> dict:
    url = f"sqlite:///{folder / f'survey-{respondents}.sqlite3'}"
    started = time.perf_counter()
    write_synthetic(url, respondents, seed=1, companies=40)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    rows = load_respondents(url)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    tables = write_report(rows, lang, folder / f"report-{respondents}")
    built = time.perf_counter() - started
    return {"respondents": respondents, "tables": tables, "synthesize_s": round(generated, 2),
            "load_s": round(loaded, 2), "report_s": round(built, 2), "total_s": round(loaded + built, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, nargs="+", default=[2_000, 200_000])
    parser.add_argument("--lang", default="ja", choices=("en", "ja"))
    parser.add_argument("--output", default=str(ROOT / "bench/results/report.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(n, args.lang, Path(tmp)) for n in args.respondents]
    print("| respondents | tables | read answers s | build report s | total s | total s per 1,000 |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['respondents']:,} | {r['tables']} | {r['load_s']} | {r['report_s']} | {r['total_s']} | "
              f"{1000 * r['total_s'] / r['respondents']:.3f} |")
    first, last = results[0], results[-1]
    growth = (last["total_s"] / first["total_s"]) / (last["respondents"] / first["respondents"])
    print(f"\ntime grew {last['total_s'] / first['total_s']:.1f}x for {last['respondents'] / first['respondents']:.0f}x "
          f"the respondents ({growth:.2f} of linear); synthetic answers written in "
          + ", ".join(f"{r['synthesize_s']} s" for r in results))
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({"runs": results, "growth_vs_linear": round(growth, 3)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
