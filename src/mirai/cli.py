"""`mirai`: the project's command line (build, serve, check, form-texts, export, report, synthesize, status, stamp,
desk)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .paths import DOCS, ROOT, SITE


def cmd_build(args) -> int:
    from .build import BuildError, build_site

    try:
        results = build_site(args.lang or None)
    except BuildError as e:
        print(e, file=sys.stderr)
        return 1
    for r in results:
        print(f"built {r.lang} in {r.seconds:.1f} s")
    print(f"site written to {SITE.relative_to(ROOT)}/")
    return 0


def cmd_serve(args) -> int:
    import uvicorn

    from .server import create_site_and_endpoint

    if not args.no_build and cmd_build(argparse.Namespace(lang=None)) != 0:
        return 1
    port = args.port or int(os.environ.get("PORT", "8000"))
    print(f"serving http://localhost:{port}/ and its form endpoint at /v1/ (Ctrl+C to stop)")
    uvicorn.run(create_site_and_endpoint(SITE), host=args.host, port=port, log_level="warning")
    return 0


def cmd_check(args) -> int:
    from .checks import ERROR, Problem, run_checks
    from .ui import missing_ui_keys

    from .checks import forms

    problems = run_checks(Path(args.docs)) + forms.check()
    for lang, keys in missing_ui_keys().items():
        problems.append(Problem(ROOT / "data" / "ui.yml", 1, f"{lang} lacks labels: {', '.join(keys)}"))
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity != ERROR]
    for p in problems:
        print(p.format(ROOT))
    failing = errors + (warnings if args.strict_translations else [])
    print(f"\n{len(errors)} errors, {len(warnings)} warnings (missing or stale translations)")
    if failing:
        print("fix the errors above" + (" and translate the pages listed" if warnings and args.strict_translations else ""))
    else:
        print("content checks passed")
    return 1 if failing else 0


def cmd_openapi(args) -> int:
    import json

    from .endpoint.openapi import openapi_document

    print(json.dumps(openapi_document(), indent=2, ensure_ascii=False))
    return 0


def cmd_form_texts(args) -> int:
    """Every text of a form as `key: English`, the lines a translator's file needs."""
    import yaml

    from .forms.schema import FormError, load_form, texts

    try:
        english = texts(load_form(args.form))
    except FormError as e:
        print(e)
        return 1
    for key, text in english.items():
        print(f"{key}: {yaml.safe_dump(text, allow_unicode=True, width=10_000).strip().removesuffix(chr(10) + '...')}")
    return 0


def cmd_export(args) -> int:
    from .endpoint.export import export_to_file, write_export
    from .endpoint.settings import EndpointSettings
    from .endpoint.storage import StoreUnavailable
    from .forms.schema import FormError

    database_url = args.database_url or EndpointSettings.from_environment().database_url
    try:
        if args.output:
            count = export_to_file(args.form, args.format, database_url, Path(args.output))
            print(f"{count} submissions of {args.form} written to {args.output}", file=sys.stderr)
        else:
            write_export(args.form, args.format, database_url, sys.stdout.buffer)
    except (FormError, StoreUnavailable) as e:
        print(f"mirai export: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_synthesize(args) -> int:
    import time

    from .analysis.respondents import without_password
    from .analysis.synthetic import SynthesisError, write_synthetic
    from .endpoint.storage import StoreUnavailable

    started = time.perf_counter()
    try:
        count = write_synthetic(args.database_url, args.respondents, seed=args.seed, companies=args.companies,
                                form_id=args.form)
    except (SynthesisError, StoreUnavailable, ValueError) as e:
        print(f"mirai synthesize: {' '.join(str(e).split())}", file=sys.stderr)
        return 1
    print(f"{count} synthetic submissions of {args.form} (invented, not real answers) written to "
          f"{without_password(args.database_url)} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def cmd_report(args) -> int:
    from .analysis.report import write_report
    from .analysis.respondents import AnalysisError, load_respondents
    from .endpoint.settings import EndpointSettings

    if args.form != "survey":
        print(f"mirai report: only the survey has a report, not {args.form!r}", file=sys.stderr)
        return 1
    if args.threshold < 1:
        print("mirai report: --threshold must be at least 1", file=sys.stderr)
        return 1
    database_url = args.database_url or EndpointSettings.from_environment().database_url
    try:
        respondents = load_respondents(database_url, args.form)
    except AnalysisError as e:
        print(f"mirai report: {e}", file=sys.stderr)
        return 1
    tables = write_report(respondents, args.lang, Path(args.output), threshold=args.threshold)
    print(f"report of {len(respondents)} answers ({tables} tables, no number under {args.threshold} people) "
          f"written to {args.output}/index.html", file=sys.stderr)
    return 0


def cmd_status(args) -> int:
    from .checks import load_content
    from .status_report import status_markdown

    text = status_markdown(load_content(Path(args.docs)))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def cmd_stamp(args) -> int:
    from .stamp import stamp

    code = 0
    for path in args.files:
        try:
            version = stamp(Path(path), Path(args.docs))
            print(f"{path}: follows English version {version}")
        except (OSError, ValueError) as e:
            print(e, file=sys.stderr)
            code = 1
    return code


def cmd_desk(args) -> int:
    from .desk import operator

    try:
        if args.desk_command == "keygen":
            operator.keygen(Path(args.private), Path(args.public), sys.stdout)
        elif args.desk_command == "list":
            operator.list_cases(args.status, args.database_url, sys.stdout)
        elif args.desk_command == "read":
            operator.read_case(args.case, Path(args.key), args.database_url, sys.stdout)
        elif args.desk_command == "reply":
            operator.reply(args.case, args.text, args.lang, args.database_url, sys.stdout)
        else:
            operator.set_status(args.case, args.status, args.database_url, sys.stdout)
    except operator.OperatorError as e:
        print(f"mirai desk {args.desk_command}: {e}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mirai", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build every language into site/")
    p.add_argument("--lang", action="append", help="build only this language (repeatable)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="build, then serve the site on localhost")
    p.add_argument("--port", type=int, help="port (default: $PORT or 8000)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--no-build", action="store_true", help="serve site/ as it is")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("check", help="check the content: front matter, translations, links, unsafe markup")
    p.add_argument("--docs", default=str(DOCS))
    p.add_argument("--strict-translations", action="store_true",
                   help="also fail on missing or stale translations")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("openapi", help="print the endpoint's OpenAPI description (kept in openapi.json)")
    p.set_defaults(func=cmd_openapi)

    p = sub.add_parser("form-texts", help="every text of a form, by key, for translators")
    p.add_argument("form", help="a form id, e.g. survey (data/forms/<form>.yml)")
    p.set_defaults(func=cmd_form_texts)

    p = sub.add_parser("export", help="a form's submissions as CSV (for Excel) or JSON Lines")
    p.add_argument("form", help="a form id, e.g. survey")
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    p.add_argument("--output", help="write to this file (all at once) instead of standard output")
    p.add_argument("--database-url", help="default: $MIRAI_DATABASE_URL, as the endpoint uses")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", help="the survey's results as a report (HTML with charts, CSV tables) "
                                      "and one page per company code; no number under --threshold people")
    p.add_argument("form", help="survey")
    p.add_argument("--output", required=True, help="folder to write (replaced whole when done)")
    p.add_argument("--lang", choices=("en", "ja"), default="en", help="the report's language")
    p.add_argument("--threshold", type=int, default=10, help="smallest group a published number may describe")
    p.add_argument("--database-url", help="default: $MIRAI_DATABASE_URL, as the endpoint uses")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("synthesize", help="write invented survey answers into a database of their own, "
                                          "for developing the report (never real data)")
    p.add_argument("form", choices=("survey",), help="the form: survey")
    p.add_argument("--respondents", type=int, required=True, metavar="N", help="how many submissions to write")
    p.add_argument("--database-url", required=True,
                   help="sqlite:///path or postgresql://...; created or migrated; refused if it holds real answers")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same answers (default: 0)")
    p.add_argument("--companies", type=int, default=20, metavar="C",
                   help="how many invented company codes (C001...) to hand out (default: 20)")
    p.set_defaults(func=cmd_synthesize)

    p = sub.add_parser("status", help="translation status per language (Markdown)")
    p.add_argument("--docs", default=str(DOCS))
    p.add_argument("--output", help="write to this file instead of standard output")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("stamp", help="record that a translation follows the current English page")
    p.add_argument("files", nargs="+")
    p.add_argument("--docs", default=str(DOCS))
    p.set_defaults(func=cmd_stamp)

    p = sub.add_parser("desk", help="the consultation desk's operators: key pair, list, read, reply, status")
    desk = p.add_subparsers(dest="desk_command", required=True)
    database = "default: $MIRAI_DATABASE_URL, as the endpoint uses (never created or migrated here)"
    d = desk.add_parser("keygen", help="make the desk's key pair (never overwrites a file)")
    d.add_argument("--private", required=True, help="the private key file to write (0600; keep it off the server)")
    d.add_argument("--public", required=True, help="the public key file to write (for the site)")
    d = desk.add_parser("list", help="cases, oldest first, with their routing fields (never the message)")
    d.add_argument("--status", help="only cases with this status: received, in-progress, answered, closed")
    d.add_argument("--database-url", help=database)
    d = desk.add_parser("read", help="a case: its readable fields, its message decrypted, its replies")
    d.add_argument("case", help="the case number, e.g. C-7K3M9QXA")
    d.add_argument("--key", required=True, help="the desk's private key file (JWK)")
    d.add_argument("--database-url", help=database)
    d = desk.add_parser("reply", help="add the desk's reply to a case (its status becomes answered)")
    d.add_argument("case")
    d.add_argument("--text", required=True, help="the reply, as the worker will read it")
    d.add_argument("--lang", help="the reply's language code (e.g. vi)")
    d.add_argument("--database-url", help=database)
    d = desk.add_parser("status", help="change a case's status: in-progress, answered, closed")
    d.add_argument("case")
    d.add_argument("status", help="in-progress, answered or closed")
    d.add_argument("--database-url", help=database)
    p.set_defaults(func=cmd_desk)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
