"""The endpoint's AWS deployment (deploy/), checked offline: the SAM template passes the real
linter (cfn-lint), the Lambda handler answers API Gateway HTTP API events (payload format 2.0)
as the app answers HTTP, and the bundle deploy/Makefile builds serves a request by itself."""
from __future__ import annotations

import ast
import asyncio
import base64
import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from cfnlint.api import ManualArgs, lint_file
from cfnlint.decode import cfn_yaml

from mirai.endpoint.app import create_endpoint
from mirai.endpoint.lambda_app import create_handler, database_url, lambda_settings
from mirai.endpoint.messages import load_messages
from mirai.endpoint.openapi import openapi_document
from mirai.endpoint.settings import EndpointSettings
from mirai.paths import ROOT

DEPLOY = ROOT / "deploy"
TEMPLATE = DEPLOY / "template.yaml"
LINT = ManualArgs(include_checks=["I"])  # errors, warnings and the informational checks
SITE = "https://mirai.example"
HOST = "abc123defg.execute-api.ap-northeast-1.amazonaws.com"
ROUTE = "/v1/forms/{form}/submissions"
URL = "/v1/forms/survey/submissions"
ANSWERS = {"nationality": "vietnam", "residence_status": "technical-intern", "prefecture": "23",
           "life_satisfaction": 6, "comment": "PRIVATE-TEXT-42"}
DB_ENV = ("MIRAI_DATABASE_URL", "MIRAI_DATABASE_SECRET_ARN", "MIRAI_DATABASE_HOST", "MIRAI_DATABASE_PORT",
          "MIRAI_DATABASE_NAME", "MIRAI_ALLOWED_ORIGINS", "MIRAI_DATA_DIR")


# --- API Gateway HTTP API events, as AWS documents payload format 2.0 -------------------------

def http_api_event(method: str, path: str, route: str, *, body: bytes | str | None = None,
                   headers: dict | None = None, source_ip: str = "203.0.113.7", base64_body: bool = False,
                   query: str = "") -> dict:
    """The event API Gateway sends a Lambda for one request: header names lower-cased, the
    client's address in requestContext.http.sourceIp, the body as text or base64."""
    user_agent = "Mozilla/5.0 (Linux; Android 14) test"
    all_headers = {"host": HOST, "user-agent": user_agent, "x-forwarded-for": source_ip,
                   "x-forwarded-port": "443", "x-forwarded-proto": "https", **(headers or {})}
    now = time.time()
    event = {
        "version": "2.0",
        "routeKey": f"{method} {route}",
        "rawPath": path,
        "rawQueryString": query,
        "headers": {name.lower(): value for name, value in all_headers.items()},
        "requestContext": {
            "accountId": "123456789012", "apiId": HOST.split(".")[0], "domainName": HOST,
            "domainPrefix": HOST.split(".")[0],
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": source_ip,
                     "userAgent": user_agent},
            "requestId": str(uuid.uuid4()), "routeKey": f"{method} {route}", "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)), "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": base64_body,
    }
    if route != path:
        event["pathParameters"] = {"form": path.split("/")[3]}
    if body is not None:
        raw = body.encode() if isinstance(body, str) else body
        event["body"] = base64.b64encode(raw).decode() if base64_body else raw.decode()
    return event


class LambdaContext:
    """The attributes of the context object the Python runtime passes a handler."""
    function_name = "mirai-submissions"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:ap-northeast-1:123456789012:function:mirai-submissions"
    memory_limit_in_mb = 256
    log_group_name = "/mirai/test/submissions"
    log_stream_name = "2026/11/30/[$LATEST]0123456789abcdef"

    def __init__(self):
        self.aws_request_id = str(uuid.uuid4())

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def submission(answers=None, *, key: str | None = None, lang: str = "vi", headers: dict | None = None,
               **event_options) -> dict:
    body = json.dumps({"lang": lang, "answers": ANSWERS if answers is None else answers})
    return http_api_event("POST", URL, ROUTE, body=body, headers={
        "content-type": "application/json", "idempotency-key": key or str(uuid.uuid4()), **(headers or {})},
        **event_options)


def as_lambda_calls_it(handler):
    """Lambda calls the handler where no event loop is running. In this test session
    Playwright's sync API (the browser tests) keeps one running in pytest's thread, so each
    call gets a thread of its own with its own loop, as Mangum would set up at a cold start."""
    def call(event, context):
        def run():
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                return handler(event, context)
            finally:
                loop.close()
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(run).result()
    return call


@pytest.fixture
def lambda_endpoint(tmp_path):
    def make(**overrides):
        settings = EndpointSettings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                                    allowed_origins=(SITE,), **overrides)
        handler = create_handler(settings)
        return as_lambda_calls_it(handler), handler.app.state.store
    return make


# --- the template ------------------------------------------------------------------------------

def describe(matches) -> str:
    return "\n".join(f"{m.rule.id} line {m.linenumber}: {m.message}" for m in matches)


def test_the_template_passes_cfn_lint_with_nothing_to_say():
    matches = lint_file(TEMPLATE, LINT)
    assert matches == [], describe(matches)


@pytest.mark.parametrize("change, rule", [
    (("Runtime: python3.12", "Runtime: python3.7"), "E2531"),  # a runtime Lambda retired
    (("DestinationSecurityGroupId: !Ref DatabaseSecurityGroup",
      "DestinationSecurityGroupId: !Ref NoSuchGroup"), "E1020"),  # a dangling reference
    (("    DeletionPolicy: Snapshot\n", ""), "I3011"),  # the database would go with the stack
    (("MemorySize: 256", "MemorySize: 64"), "E3034"),
])
def test_the_linter_fails_a_broken_template(tmp_path, change, rule):
    old, new = change
    text = TEMPLATE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    broken = tmp_path / "template.yaml"
    broken.write_text(text.replace(old, new), encoding="utf-8")
    assert rule in {m.rule.id for m in lint_file(broken, LINT)}


def template() -> dict:
    return cfn_yaml.load(str(TEMPLATE))


def test_the_api_routes_are_the_apps_routes(tmp_path):
    function = template()["Resources"]["SubmissionsFunction"]["Properties"]
    routed = {(e["Properties"]["Method"], e["Properties"]["Path"]) for e in function["Events"].values()
              if e["Type"] == "HttpApi"}
    assert {e["Properties"]["PayloadFormatVersion"] for e in function["Events"].values()} == {"2.0"}
    app = create_endpoint(EndpointSettings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    served = {(method, route.path) for route in app.routes for method in route.methods if method != "HEAD"}
    assert routed == served


def test_the_database_is_private_encrypted_and_outlives_the_stack():
    resources = template()["Resources"]
    database = resources["Database"]
    props = database["Properties"]
    assert props["StorageEncrypted"] is True and props["PubliclyAccessible"] is False
    assert props["DeletionProtection"] is True and props["BackupRetentionPeriod"] >= 7
    assert database["DeletionPolicy"] == database["UpdateReplacePolicy"] == "Snapshot"
    # The password comes from the generated secret, never from a parameter.
    assert "{{resolve:secretsmanager:${DatabaseSecret}" in props["MasterUserPassword"]["Fn::Sub"]
    assert "GenerateSecretString" in resources["DatabaseSecret"]["Properties"]
    # Only the function's security group may reach the database's port.
    ingress = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::EC2::SecurityGroupIngress"
               and r["Properties"]["GroupId"] == {"Ref": "DatabaseSecurityGroup"}]
    assert ingress == [{**ingress[0], "SourceSecurityGroupId": {"Ref": "FunctionSecurityGroup"}}]
    assert (ingress[0]["FromPort"], ingress[0]["ToPort"]) == (int(props["Port"]),) * 2
    assert "SecurityGroupIngress" not in resources["DatabaseSecurityGroup"]["Properties"]


def makefile_value(name: str) -> str:
    return re.search(rf"^{name} :?= (.+)$", (DEPLOY / "Makefile").read_text(encoding="utf-8"), re.M).group(1)


def test_the_bundle_is_built_for_the_functions_runtime():
    function = template()["Resources"]["SubmissionsFunction"]
    props = function["Properties"]
    assert props["Runtime"] == f"python{makefile_value('RUNTIME_VERSION')}"
    assert props["Architectures"] == ["arm64"]
    assert all(p.endswith("_aarch64") for p in makefile_value("RUNTIME_PLATFORMS").split())
    assert function["Metadata"]["BuildMethod"] == "makefile"
    assert "build-SubmissionsFunction:" in (DEPLOY / "Makefile").read_text(encoding="utf-8")
    module, attribute = props["Handler"].rsplit(".", 1)
    assert (ROOT / "src" / (module.replace(".", "/") + ".py")).is_file() and attribute == "handler"


# --- the handler, driven by API Gateway events ------------------------------------------------

def test_a_submission_is_stored_once_and_a_retry_is_answered_as_the_first(lambda_endpoint):
    handler, store = lambda_endpoint()
    key = str(uuid.uuid4())
    first = handler(submission(key=key), LambdaContext())
    assert first["statusCode"] == 201 and first["isBase64Encoded"] is False
    assert set(json.loads(first["body"])) == {"id", "received_at"}
    again = handler(submission(key=key), LambdaContext())
    assert again["statusCode"] == 201 and again["body"] == first["body"]
    assert again["headers"]["idempotency-replayed"] == "true"
    assert store.count("survey") == 1


def test_a_base64_body_is_read_as_the_same_json(lambda_endpoint):
    handler, store = lambda_endpoint()
    response = handler(submission(base64_body=True), LambdaContext())
    assert response["statusCode"] == 201
    assert store.count("survey") == 1


def test_wrong_answers_are_refused_in_the_submitters_language(lambda_endpoint):
    handler, store = lambda_endpoint()
    response = handler(submission({**ANSWERS, "nationality": "atlantis"}, lang="vi"), LambdaContext())
    assert response["statusCode"] == 422
    error = json.loads(response["body"])["error"]
    assert error["message"] == load_messages()["vi"]["invalid_answers"]
    assert [p["question"] for p in error["problems"]] == ["nationality"]
    assert store.count("survey") == 0


def test_cors_preflight_from_the_site_is_allowed_and_from_elsewhere_refused(lambda_endpoint):
    handler, _ = lambda_endpoint()

    def preflight(origin):
        return handler(http_api_event("OPTIONS", URL, ROUTE, headers={
            "origin": origin, "access-control-request-method": "POST",
            "access-control-request-headers": "content-type,idempotency-key"}), LambdaContext())
    allowed = preflight(SITE)
    assert allowed["statusCode"] == 204
    assert allowed["headers"]["access-control-allow-origin"] == SITE
    assert "Idempotency-Key" in allowed["headers"]["access-control-allow-headers"]
    refused = preflight("https://evil.example")
    assert refused["statusCode"] == 403 and "access-control-allow-origin" not in refused.get("headers", {})
    posted = handler(submission(headers={"origin": SITE}), LambdaContext())
    assert posted["statusCode"] == 201 and posted["headers"]["access-control-allow-origin"] == SITE


def test_the_rate_limit_counts_each_source_ip_apart_whatever_the_headers_say(lambda_endpoint):
    handler, store = lambda_endpoint(submissions_per_minute=2)
    ip_a, ip_b = "198.51.100.1", "198.51.100.2"
    statuses = [handler(submission(source_ip=ip_a), LambdaContext())["statusCode"] for _ in range(3)]
    assert statuses == [201, 201, 429]
    # A forwarded-for header the client wrote does not make it someone else.
    spoofed = submission(source_ip=ip_a, headers={"x-forwarded-for": ip_b})
    limited = handler(spoofed, LambdaContext())
    assert limited["statusCode"] == 429 and 1 <= int(limited["headers"]["retry-after"]) <= 61
    assert handler(submission(source_ip=ip_b), LambdaContext())["statusCode"] == 201
    assert store.count("survey") == 3


def test_the_openapi_description_is_served(lambda_endpoint):
    handler, _ = lambda_endpoint()
    response = handler(http_api_event("GET", "/v1/openapi.json", "/v1/openapi.json"), LambdaContext())
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == openapi_document()


@pytest.fixture
def lambda_environment(monkeypatch):
    for name in DB_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_module_handler_takes_its_settings_from_the_environment(lambda_environment, tmp_path):
    lambda_environment.setenv("MIRAI_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    lambda_environment.setenv("MIRAI_ALLOWED_ORIGINS", f"{SITE}/")
    sys.modules.pop("mirai.endpoint.lambda_handler", None)
    try:
        module = importlib.import_module("mirai.endpoint.lambda_handler")
        response = as_lambda_calls_it(module.handler)(submission(headers={"origin": SITE}), LambdaContext())
    finally:
        sys.modules.pop("mirai.endpoint.lambda_handler", None)
    assert response["statusCode"] == 201 and response["headers"]["access-control-allow-origin"] == SITE
    assert module.handler.app.state.store.count("survey") == 1


# --- the database URL from Secrets Manager (boto3 is faked: it is in Lambda, not here) ---------

def test_the_url_is_built_from_the_secret_without_calling_aws(lambda_environment):
    lambda_environment.setenv("MIRAI_DATABASE_SECRET_ARN", "arn:aws:secretsmanager:ap-northeast-1:1:secret:db")
    lambda_environment.setenv("MIRAI_DATABASE_HOST", "db.internal")
    lambda_environment.setenv("MIRAI_DATABASE_PORT", "5433")
    lambda_environment.setenv("MIRAI_DATABASE_NAME", "mirai")
    asked = []

    def fetch(arn):
        asked.append(arn)
        return {"username": "mirai", "password": "p:a%s w#rd?&"}
    settings = lambda_settings(fetch=fetch)
    assert asked == ["arn:aws:secretsmanager:ap-northeast-1:1:secret:db"]
    assert settings.database_url == "postgresql://mirai:p%3Aa%25s%20w%23rd%3F%26@db.internal:5433/mirai?sslmode=require"
    assert "boto3" not in sys.modules


def test_a_password_survives_the_url_as_psycopg_reads_it():
    from psycopg.conninfo import conninfo_to_dict

    password = "".join(chr(c) for c in range(33, 127) if chr(c) not in "\"@/")  # all the generator may use
    parsed = conninfo_to_dict(database_url({"username": "mirai", "password": password}, "h", "5432", "mirai"))
    assert parsed["password"] == password and parsed["user"] == "mirai" and parsed["sslmode"] == "require"


@pytest.mark.parametrize("names", [(), ("MIRAI_DATABASE_URL", "MIRAI_DATABASE_SECRET_ARN")])
def test_the_database_must_be_named_exactly_one_way(lambda_environment, names):
    for name in names:
        lambda_environment.setenv(name, "sqlite:///x" if name.endswith("URL") else "arn:aws:secretsmanager:x")
    with pytest.raises(RuntimeError, match="exactly one"):
        lambda_settings(fetch=lambda arn: pytest.fail("no secret should be read"))


def test_a_url_in_the_environment_reads_no_secret(lambda_environment, tmp_path):
    lambda_environment.setenv("MIRAI_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    settings = lambda_settings(fetch=lambda arn: pytest.fail("no secret should be read"))
    assert settings.database_url == f"sqlite:///{tmp_path / 'db.sqlite3'}"


# --- the bundle --------------------------------------------------------------------------------

def test_mirai_data_dir_moves_the_data_folder(tmp_path):
    env = {**os.environ, "MIRAI_DATA_DIR": str(tmp_path)}
    moved = subprocess.run([sys.executable, "-c", "from mirai.paths import DATA; print(DATA)"], env=env,
                           capture_output=True, text=True, check=True)
    assert moved.stdout.strip() == str(tmp_path)
    env.pop("MIRAI_DATA_DIR")
    default = subprocess.run([sys.executable, "-c", "from mirai.paths import DATA; print(DATA)"], env=env,
                             capture_output=True, text=True, check=True)
    assert default.stdout.strip() == str(ROOT / "data")


def source(module: str) -> Path | None:
    """The file of one of our modules (mirai.x.y), or None if `module` is not one."""
    path = ROOT / "src" / module.replace(".", "/")
    return next((p for p in (path / "__init__.py", path.with_suffix(".py")) if p.is_file()), None)


def third_party_imports(module: str) -> set[str]:
    """Top-level names that `module` and the mirai modules it reaches import, on any line
    (imports inside functions too: psycopg is imported only for a postgresql:// URL)."""
    seen, todo, found = set(), [module], set()
    while todo:
        name = todo.pop()
        path = source(name)
        if name in seen or path is None:
            continue
        seen.add(name)
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(package[:len(package) + 1 - node.level] + [node.module or ""] if node.level
                                else [node.module]).strip(".")
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                top = target.split(".")[0]
                if top == "mirai":
                    todo.append(target)
                elif top not in sys.stdlib_module_names and top != "__future__":
                    found.add(top)
    return found


def endpoint_requirements():
    spec = importlib.util.spec_from_file_location("endpoint_requirements", DEPLOY / "endpoint_requirements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundle_lists_every_package_the_endpoint_imports():
    listing = endpoint_requirements()
    pinned = {listing.normalized(re.split(r"[\[=]", r)[0]) for r in listing.requirements()}
    distributions = packages_distributions()
    imported = third_party_imports("mirai.endpoint.lambda_handler")
    assert {"starlette", "yaml", "mangum", "boto3"} <= imported  # the walk finds imports, lazy ones too
    for name in imported - set(listing.PROVIDED_BY_RUNTIME):
        assert any(listing.normalized(d) in pinned for d in distributions.get(name, [name])), name


BUNDLE_PROBE = r"""
import json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and isinstance(args[0], str) else None)
import mirai.endpoint.lambda_handler as entry
event, context = json.loads(sys.stdin.read())
response = entry.handler(event, context)
print(json.dumps({"response": response,
                  "mirai": sorted(f for n, m in sys.modules.items() if n.startswith("mirai") and (f := m.__file__)),
                  "data": sorted({p for p in opened if p.endswith(".yml")}),
                  "count": entry.handler.app.state.store.count("survey")}))
"""


def test_the_bundle_built_by_the_makefile_answers_on_its_own(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    # The whole build SAM runs: dependencies from the registry (for arm64), the package, its data.
    build = subprocess.run(["make", "-f", str(DEPLOY / "Makefile"), "build-SubmissionsFunction",
                            f"ARTIFACTS_DIR={bundle}", f"PYTHON={sys.executable}"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-3000:]
    assert sorted(p.relative_to(bundle / "data").as_posix() for p in (bundle / "data").rglob("*.yml")) == [
        "desk.yml", "endpoint-messages.yml", "forms/consultation.yml", "forms/survey.yml", "languages.yml",
        "prefectures.yml"]
    runtime_tag = f".cpython-{makefile_value('RUNTIME_VERSION').replace('.', '')}."
    assert all(runtime_tag in p.name for p in bundle.rglob("*.pyc"))  # none for another Python

    # Python without site-packages: the bundle alone, as /var/task is on Lambda, and the
    # event as API Gateway sends it. (psycopg is not exercised: its wheels are for arm64.)
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(bundle), "MIRAI_DATA_DIR": str(bundle / "data"),
           "MIRAI_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MIRAI_ALLOWED_ORIGINS": SITE}
    event = submission(headers={"origin": SITE})
    run = subprocess.run([sys.executable, "-S", "-c", BUNDLE_PROBE], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60, input=json.dumps([event, {}]))
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    assert result["response"]["statusCode"] == 201, result["response"]
    assert result["count"] == 1
    assert result["mirai"] and all(path.startswith(str(bundle)) for path in result["mirai"])
    assert result["data"] and all(path.startswith(str(bundle / "data")) for path in result["data"])
