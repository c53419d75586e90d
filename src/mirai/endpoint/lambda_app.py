"""The endpoint on AWS Lambda: its settings there and the app behind the Mangum adapter.

`lambda_handler.handler` is `create_handler()` run once per cold start; tests call
`create_handler(settings)` themselves. Mangum turns API Gateway's HTTP API events
(payload format 2.0) into ASGI requests; the client address it passes to the app, which
the rate limit counts by, is the event's requestContext.http.sourceIp: the address API
Gateway saw, not a header the client could write."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from typing import Callable
from urllib.parse import quote

from mangum import Mangum

from ..forms.schema import prefectures
from .app import create_endpoint
from .messages import load_messages
from .openapi import openapi_document
from .settings import EndpointSettings

SECRET_ARN = "MIRAI_DATABASE_SECRET_ARN"


def fetch_secret(arn: str) -> dict:
    """The secret's JSON from Secrets Manager ({"username": ..., "password": ...})."""
    import boto3  # the Lambda runtime has it; imported only when a secret is used (cold start)

    return json.loads(boto3.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])


def database_url(secret: dict, host: str, port: str, name: str) -> str:
    """A postgresql:// URL; user and password percent-encoded, TLS required (RDS enforces it too)."""
    user, password = quote(secret["username"], safe=""), quote(secret["password"], safe="")
    return f"postgresql://{user}:{password}@{host}:{port}/{quote(name, safe='')}?sslmode=require"


def lambda_settings(fetch: Callable[[str], dict] = fetch_secret) -> EndpointSettings:
    """The settings from the environment, as elsewhere, with the database named one of two ways:
    MIRAI_DATABASE_URL, or MIRAI_DATABASE_SECRET_ARN with MIRAI_DATABASE_HOST, _PORT and _NAME
    (what deploy/template.yaml sets: the password stays in Secrets Manager). A Lambda has no
    disk that lasts, so the default SQLite file is refused rather than silently lost."""
    env = os.environ
    arn, url = env.get(SECRET_ARN), env.get("MIRAI_DATABASE_URL")
    if bool(arn) == bool(url):
        raise RuntimeError(f"set exactly one of MIRAI_DATABASE_URL and {SECRET_ARN}")
    settings = EndpointSettings.from_environment()
    if arn:
        url = database_url(fetch(arn), env["MIRAI_DATABASE_HOST"], env.get("MIRAI_DATABASE_PORT", "5432"),
                           env["MIRAI_DATABASE_NAME"])
        settings = replace(settings, database_url=url)
    return settings


def create_handler(settings: EndpointSettings | None = None) -> Mangum:
    app = create_endpoint(settings or lambda_settings())
    # Read the data files now, in the cold start: the first request is not slowed by them, and a
    # bundle that lacks one fails here, plainly, rather than on someone's submission.
    load_messages(), prefectures(), openapi_document()
    return Mangum(app, lifespan="off")  # the app has no startup/shutdown events
