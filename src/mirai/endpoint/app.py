"""The submissions endpoint as an ASGI app (Starlette).

POST /v1/forms/{form}/submissions with a JSON body {"lang": "vi", "answers": {...}} and an
Idempotency-Key header (IETF draft "The Idempotency-Key HTTP Header Field"): the same key
and body answer what the first request got and store nothing new; the same key with
another body is refused (422); no key is refused (400). Errors are
{"error": {"code": "...", "message": "..."}}, the message in the submitter's language.
Logs are JSON lines with no personal data: no answers, no addresses.

The consultation form's body also carries the case secret the phone made
({"lang", "answers", "case_secret"}); its receipt adds the case number. POST
/v1/cases/{case}/status with {"secret", "lang"} shows the case to whoever holds both."""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections import defaultdict, deque
from functools import lru_cache

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..desk.case_secret import (
    hash_secret,
    normalise,
    normalise_case_number,
    verify_secret,
)
from ..desk.notify import send_new_case_notice
from ..forms.schema import load_form
from ..forms.validate import check_answers
from .messages import message, pick_language
from .openapi import openapi_document
from .settings import EndpointSettings
from .storage import KeyConflict, NewCase, open_store

log = logging.getLogger("mirai.endpoint")
KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the draft's sf-string allows
FORMS = ("survey", "consultation")
CONSULTATION = "consultation"  # its body has the case secret; its receipt the case number
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


class WrongTries:
    """At most `limit` wrong case secrets per client address in any hour. A try counts from
    its start (so tries sent at once cannot slip past the limit) and is given back when the
    secret was right: only wrong tries count."""

    def __init__(self, limit: int = 5, window: float = 3600):
        self.limit, self.window, self.seen, self.lock = limit, window, defaultdict(deque), threading.Lock()

    def take(self, client: str, now: float | None = None) -> tuple[int, float]:
        """(seconds to wait, 0) when over the limit, else (0, the try's mark for give_back)."""
        now = time.monotonic() if now is None else now
        with self.lock:
            times = self.seen[client]
            while times and now - times[0] >= self.window:
                times.popleft()
            if len(times) >= self.limit:
                return int(self.window - (now - times[0])) + 1, 0
            times.append(now)
            return 0, now

    def give_back(self, client: str, mark: float) -> None:
        with self.lock:
            times = self.seen.get(client)
            if times and mark in times:
                times.remove(mark)
            if not times:
                self.seen.pop(client, None)  # nothing kept about clients with no wrong tries


@lru_cache
def dummy_hash() -> str:
    # Checked when no case has the number, so an unknown case costs the same scrypt as a wrong secret.
    return hash_secret("0" * 28)


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
    wrong_tries = WrongTries()

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

    async def read_body(request: Request, lang: str, limit: int) -> tuple[bytes, dict] | Response:
        """The body and its JSON object, or the refusal: another origin, not JSON, too large."""
        if foreign_origin(request):
            return error("origin_not_allowed", lang, 403)
        if request.headers.get("content-type", "").split(";", 1)[0].strip().lower() != "application/json":
            return error("unsupported_media_type", lang, 415)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return error("payload_too_large", lang, 413)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return error("payload_too_large", lang, 413)
        data = read_json(body)
        if not isinstance(data, dict):
            return error("invalid_json", lang, 400)
        return body, data

    async def _submit(request: Request, form_id: str, lang: str) -> Response:
        limit = settings.consultation_max_body_bytes if form_id == CONSULTATION else settings.max_body_bytes
        read = await read_body(request, lang, limit)
        if isinstance(read, Response):
            return read
        body, data = read
        lang = pick_language(data.get("lang"), request.headers.get("accept-language", ""))
        key = request.headers.get("idempotency-key", "")
        if not KEY.match(key):
            return error("idempotency_key_missing", lang, 400)
        if form_id not in FORMS:
            return error("unknown_form", lang, 404)
        wait = limiter.retry_after(request.client.host if request.client else "?")
        if wait:
            return error("rate_limited", lang, 429, headers={"Retry-After": str(wait)})

        # For a consultation the fingerprint (SHA-256 of the body) covers the case secret too:
        # 140 random bits cannot be found from their hash, so the stored fingerprint opens nothing.
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

        if form_id == CONSULTATION and not settings.eligibility.allows(data["answers"].get("company_code")):
            return error("not_eligible", lang, 403)  # the message points to the public windows
        case = None
        if form_id == CONSULTATION:
            try:
                secret = normalise(data.get("case_secret") if isinstance(data.get("case_secret"), str) else "")
            except ValueError:
                return error("invalid_case_secret", lang, 422)
            case = NewCase(await run_in_threadpool(hash_secret, secret))  # the secret goes no further

        def respond(submission_id: str, received_at: str, case_number: str | None = None):
            receipt = {"id": submission_id, "received_at": received_at}
            return 201, json.dumps(receipt if case_number is None else {**receipt, "case": case_number})
        answers = json.dumps(data["answers"], ensure_ascii=False, sort_keys=True)
        try:
            stored = await run_in_threadpool(store.store, key, body_print, form_id, form["version"], lang, answers,
                                             respond, case)
        except KeyConflict:  # the same key arrived twice at once: answer as the first did
            return replay(await run_in_threadpool(store.find_key, key), body_print, lang)
        notice = None
        if case is not None and settings.desk_email:  # a new case, committed: tell the desk (after the answer)
            notice = BackgroundTask(send_new_case_notice, json.loads(stored.body)["case"], data["answers"],
                                    to=settings.desk_email, sender=settings.smtp_sender,
                                    host=settings.smtp_host, port=settings.smtp_port)
        return Response(stored.body, status_code=stored.status, media_type="application/json", background=notice)

    def replay(earlier, body_print: str, lang: str) -> Response:
        if earlier.fingerprint != body_print:
            return error("idempotency_key_reused", lang, 422)
        return Response(earlier.body, status_code=earlier.status, media_type="application/json",
                        headers={"Idempotency-Replayed": "true"})

    async def case_status(request: Request) -> Response:
        started = time.perf_counter()
        response = await _case_status(request, pick_language(None, request.headers.get("accept-language", "")))
        response.headers.update(cors_headers(request))
        response.headers["Cache-Control"] = "no-store"  # a case's replies stay on the worker's phone only
        code = json.loads(response.body).get("error", {}).get("code") if response.status_code >= 400 else None
        log.info(json.dumps({"event": "case_status", "status": response.status_code, "code": code,
                             "ms": round((time.perf_counter() - started) * 1000)}))  # never the number or secret
        return response

    async def _case_status(request: Request, lang: str) -> Response:
        # POST, so the secret is never in a URL (nor in any access log that keeps URLs).
        read = await read_body(request, lang, settings.max_body_bytes)
        if isinstance(read, Response):
            return read
        _, data = read
        lang = pick_language(data.get("lang"), request.headers.get("accept-language", ""))
        client = request.client.host if request.client else "?"
        wait, mark = wrong_tries.take(client)
        if wait:
            return error("too_many_tries", lang, 429, headers={"Retry-After": str(wait)})
        secret = data.get("secret") if isinstance(data.get("secret"), str) else ""
        try:
            number = normalise_case_number(request.path_params["case"])
        except ValueError:
            number = None
        found = number and await run_in_threadpool(store.find_case, number)
        # The same scrypt either way: an unknown number and a wrong secret take as long.
        right = await run_in_threadpool(verify_secret, secret, found.secret_hash if found else dummy_hash())
        if not (found and right):
            return error("case_not_found", lang, 404)
        wrong_tries.give_back(client, mark)
        replies = await run_in_threadpool(store.replies, number)
        return JSONResponse({"case": found.case_number, "status": found.status, "updated_at": found.updated_at,
                             "replies": [{"created_at": r.created_at, "body": r.body, "lang": r.lang}
                                         for r in replies]})

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document())

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error(json.dumps({"event": "error", "type": type(exc).__name__}))  # never the body
        return error("server_error", pick_language(None, request.headers.get("accept-language", "")), 500)

    app = Starlette(routes=[
        Route("/v1/forms/{form}/submissions", submit, methods=["POST"]),
        Route("/v1/forms/{form}/submissions", preflight, methods=["OPTIONS"]),
        Route("/v1/cases/{case}/status", case_status, methods=["POST"]),
        Route("/v1/cases/{case}/status", preflight, methods=["OPTIONS"]),
        Route("/v1/openapi.json", openapi, methods=["GET"]),
    ], exception_handlers={Exception: server_error})
    app.state.store = store
    return app
