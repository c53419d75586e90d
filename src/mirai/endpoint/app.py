"""The submissions endpoint as an ASGI app (Starlette).

POST /v1/forms/{form}/submissions with a JSON body {"lang": "vi", "answers": {...}} and an
Idempotency-Key header (IETF draft "The Idempotency-Key HTTP Header Field"): the same key
and body answer what the first request got and store nothing new; the same key with
another body is refused (422); no key is refused (400). Errors are
{"error": {"code": "...", "message": "..."}}, the message in the submitter's language.
Logs are JSON lines with no personal data: no answers, no addresses."""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections import defaultdict, deque

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..forms.schema import load_form
from ..forms.validate import check_answers
from .messages import message, pick_language
from .openapi import openapi_document
from .settings import EndpointSettings
from .storage import KeyConflict, open_store

log = logging.getLogger("mirai.endpoint")
KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the draft's sf-string allows
FORMS = ("survey",)  # "consultation" joins with the consultation desk (issue 7)
HONEYPOT = "website"  # a field people never see; bots fill it


class RateLimiter:
    """At most `per_minute` submissions per client address in any 60 seconds."""

    def __init__(self, per_minute: int):
        self.per_minute, self.seen, self.lock = per_minute, defaultdict(deque), threading.Lock()

    def retry_after(self, client: str, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self.lock:
            times = self.seen[client]
            while times and now - times[0] >= 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return int(60 - (now - times[0])) + 1
            times.append(now)
            return 0


def error(code: str, lang: str, status: int, headers: dict | None = None, **extra) -> JSONResponse:
    body = {"error": {"code": code, "message": message(code, lang), **extra}}
    return JSONResponse(body, status_code=status, headers=headers)


def read_json(body: bytes):
    """The body's JSON, or None when it is not JSON we can store: not JSON at all, nested
    deeper than Python can follow, or holding a lone UTF-16 surrogate ("\\ud800" is valid
    JSON syntax but no UTF-8 text: it could be neither stored nor fingerprinted)."""
    try:
        data = json.loads(body)
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        return None
    return data


def fingerprint(form: str, body: bytes) -> str:
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except ValueError:
        canonical = body.decode("utf-8", "replace")
    return hashlib.sha256(f"{form}\n{canonical}".encode()).hexdigest()


def create_endpoint(settings: EndpointSettings | None = None) -> Starlette:
    settings = settings or EndpointSettings.from_environment()
    store = open_store(settings.database_url)
    limiter = RateLimiter(settings.submissions_per_minute)

    def cors_headers(request: Request) -> dict:
        origin = request.headers.get("origin", "").rstrip("/")
        if origin and origin in settings.allowed_origins:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                    "Access-Control-Expose-Headers": "Idempotency-Replayed, Retry-After"}
        return {}

    def foreign_origin(request: Request) -> bool:
        origin = request.headers.get("origin", "").rstrip("/")
        own = f"{request.url.scheme}://{request.url.netloc}"
        return bool(origin) and origin != own and origin not in settings.allowed_origins

    async def preflight(request: Request) -> Response:
        if foreign_origin(request):
            return Response(status_code=403)
        return Response(status_code=204, headers={
            **cors_headers(request), "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key", "Access-Control-Max-Age": "600"})

    async def submit(request: Request) -> Response:
        started = time.perf_counter()
        form_id = request.path_params["form"]
        lang = pick_language(None, request.headers.get("accept-language", ""))
        response = await _submit(request, form_id, lang)
        response.headers.update(cors_headers(request))
        code = json.loads(response.body).get("error", {}).get("code") if response.status_code >= 400 else None
        log.info(json.dumps({"event": "submission", "form": form_id if form_id in FORMS else "?",
                             "status": response.status_code, "code": code,
                             "ms": round((time.perf_counter() - started) * 1000)}))
        return response

    async def _submit(request: Request, form_id: str, lang: str) -> Response:
        if foreign_origin(request):
            return error("origin_not_allowed", lang, 403)
        if request.headers.get("content-type", "").split(";", 1)[0].strip().lower() != "application/json":
            return error("unsupported_media_type", lang, 415)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.max_body_bytes:
            return error("payload_too_large", lang, 413)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_body_bytes:
                return error("payload_too_large", lang, 413)
        data = read_json(body)
        if not isinstance(data, dict):
            return error("invalid_json", lang, 400)
        lang = pick_language(data.get("lang"), request.headers.get("accept-language", ""))
        key = request.headers.get("idempotency-key", "")
        if not KEY.match(key):
            return error("idempotency_key_missing", lang, 400)
        if form_id not in FORMS:
            return error("unknown_form", lang, 404)
        wait = limiter.retry_after(request.client.host if request.client else "?")
        if wait:
            return error("rate_limited", lang, 429, headers={"Retry-After": str(wait)})

        body_print = fingerprint(form_id, body)
        earlier = await run_in_threadpool(store.find_key, key)
        if earlier:
            return replay(earlier, body_print, lang)
        if data.get(HONEYPOT):  # answer like a success; store nothing
            return JSONResponse({"id": "00000000-0000-0000-0000-000000000000", "received_at": None},
                                status_code=201)
        form = load_form(form_id)
        problems = check_answers(form, data.get("answers"))
        if problems:
            details = [{"question": p.question, "code": p.code, "message": message(p.code, lang)} for p in problems]
            return error("invalid_answers", lang, 422, problems=details)

        def respond(submission_id: str, received_at: str):
            return 201, json.dumps({"id": submission_id, "received_at": received_at})
        answers = json.dumps(data["answers"], ensure_ascii=False, sort_keys=True)
        try:
            stored = await run_in_threadpool(store.store, key, body_print, form_id, form["version"], lang, answers, respond)
        except KeyConflict:  # the same key arrived twice at once: answer as the first did
            return replay(await run_in_threadpool(store.find_key, key), body_print, lang)
        return Response(stored.body, status_code=stored.status, media_type="application/json")

    def replay(earlier, body_print: str, lang: str) -> Response:
        if earlier.fingerprint != body_print:
            return error("idempotency_key_reused", lang, 422)
        return Response(earlier.body, status_code=earlier.status, media_type="application/json",
                        headers={"Idempotency-Replayed": "true"})

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document())

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error(json.dumps({"event": "error", "type": type(exc).__name__}))  # never the body
        return error("server_error", pick_language(None, request.headers.get("accept-language", "")), 500)

    app = Starlette(routes=[
        Route("/v1/forms/{form}/submissions", submit, methods=["POST"]),
        Route("/v1/forms/{form}/submissions", preflight, methods=["OPTIONS"]),
        Route("/v1/openapi.json", openapi, methods=["GET"]),
    ], exception_handlers={Exception: server_error})
    app.state.store = store
    return app
