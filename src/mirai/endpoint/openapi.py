"""The endpoint's OpenAPI description, built from the form schemas.

Served at /v1/openapi.json; a copy is kept in the repo (openapi.json at the project's
root) so a change shows in review; tests/test_endpoint.py fails when the two differ."""
from __future__ import annotations

from ..forms.schema import load_form, questions
from ..languages import language_codes

ERROR_CODES = ["invalid_json", "unsupported_media_type", "payload_too_large", "rate_limited",
               "idempotency_key_missing", "idempotency_key_reused", "unknown_form", "invalid_answers",
               "origin_not_allowed", "server_error", "invalid_case_secret", "case_not_found", "too_many_tries", "not_eligible"]
# The outline of a compact JWE with no encrypted key (ECDH-ES): header..iv.ciphertext.tag. The
# endpoint also reads the header (alg ECDH-ES, enc A256GCM, a P-256 epk), past what a pattern says.
SEALED = r"^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"
CROCKFORD = "[0-9A-HJKMNP-TV-Z]"
CASE_SECRET = f"^{CROCKFORD}{{4}}(-{CROCKFORD}{{4}}){{6}}$"
CASE_NUMBER = f"^C-{CROCKFORD}{{8}}$"
SKIPPED = {"enum": [None, "", []], "description": "Not answered."}


def _answer_schema(q: dict) -> dict:
    kind = q["type"]
    choices = [c["id"] for c in q.get("choices", [])]
    if kind == "single":
        return {"type": "string", "enum": choices}
    if kind == "multiple":
        return {"type": "array", "items": {"type": "string", "enum": choices}, "minItems": 1, "uniqueItems": True}
    if kind == "scale":
        return {"type": "integer", "minimum": q["min"], "maximum": q["max"]}
    if kind == "number":
        return {"type": "number", **({"minimum": q["min"]} if "min" in q else {}),
                **({"maximum": q["max"]} if "max" in q else {})}
    if kind == "text":
        return {"type": "string", "maxLength": q["max_length"]}
    if kind == "date":
        return {"type": "string", "format": "date"}
    if kind == "prefecture":
        return {"type": "string", "pattern": "^(0[1-9]|[1-3][0-9]|4[0-7])$"}
    if kind == "sealed":
        return {"type": "string", "pattern": SEALED, "maxLength": q["max_length"],
                "description": "A compact JWE (ECDH-ES, A256GCM, P-256 epk) sealed to the desk's public key."}
    raise ValueError(kind)


def _question_schema(q: dict) -> dict:
    """An optional question also takes what the validator reads as skipped (validate._empty)."""
    answer = _answer_schema(q)
    return answer if q["required"] else {"anyOf": [answer, SKIPPED]}


def _form_body(form_id: str) -> dict:
    form = load_form(form_id)
    return {
        # Other fields are ignored (a newer page may send more); unknown answers are refused.
        "type": "object", "required": ["answers"],
        "properties": {
            # Not an enum: the endpoint takes any value and falls back (messages.pick_language).
            "lang": {"examples": language_codes(),
                     "description": "The reader's language, one of " + ", ".join(language_codes()) + ". Any other "
                                    "value falls back to the Accept-Language header, then English."},
            "answers": {
                "type": "object", "additionalProperties": False,
                "required": [q["id"] for q in questions(form) if q["required"]],
                "properties": {q["id"]: _question_schema(q) for q in questions(form)},
            },
            # No constraint: a filled-in honeypot must look accepted to the bot that filled it.
            "website": {"description": "Left empty by people (honeypot). When it is filled in, the "
                                       "response is a receipt with received_at null and nothing is stored."},
        },
    }


def _consultation_body() -> dict:
    body = _form_body("consultation")
    body["required"] = ["answers", "case_secret"]
    body["properties"]["case_secret"] = {
        "type": "string", "pattern": CASE_SECRET,
        "description": "Made by the phone (140 bits, Crockford base32); the endpoint keeps only a slow hash. "
                       "Lower case, spaces and the look-alikes O, I, L are read as the worker may type them."}
    return body


def _submit_responses(failure, receipt: str) -> dict:
    return {
        "201": {"description": "Stored (or, with Idempotency-Replayed: true, stored before).",
                "headers": {"Idempotency-Replayed": {"schema": {"type": "string", "enum": ["true"]}}},
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{receipt}"}}}},
        "400": failure("Body is not JSON, or the Idempotency-Key header is missing."),
        "403": failure("Sent from an origin that is not allowed."),
        "404": failure("No such form."),
        "413": failure("Body too large."),
        "415": failure("Body is not application/json."),
        "422": failure("Answers do not fit the form, the case secret is malformed, or the key was used "
                       "for another body."),
        "429": _retry_after(failure("Too many submissions from this client; see Retry-After.")),
        "500": failure("Not stored; send again later."),
    }


def _retry_after(response: dict) -> dict:
    return {**response, "headers": {"Retry-After": {"required": True, "description": "Seconds to wait.",
                                                    "schema": {"type": "string", "pattern": "^[0-9]+$"}}}}


IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": True,
                   "schema": {"type": "string", "pattern": "^[!-~]{1,255}$"},
                   "description": "Unique per submission; a retry sends the same key."}


def openapi_document() -> dict:
    error = {"$ref": "#/components/schemas/Error"}
    def failure(text: str) -> dict:
        return {"description": text, "content": {"application/json": {"schema": error}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "MIRAI form submissions", "version": "1.0.0",
                 "description": "Answers to the MIRAI portal's forms, sent from the reader's phone."},
        "paths": {
            "/v1/forms/{form}/submissions": {
                "post": {
                    "operationId": "submit",
                    "parameters": [
                        {"name": "form", "in": "path", "required": True, "schema": {"type": "string", "enum": ["survey"]},
                         "description": "The survey here; the consultation has its own path."},
                        IDEMPOTENCY_KEY,
                    ],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/SurveySubmission"}}}},
                    "responses": _submit_responses(failure, "Receipt"),
                },
            },
            "/v1/forms/consultation/submissions": {
                "post": {
                    "operationId": "consult",
                    "description": "A consultation: routing answers readable, the message and contact sealed; "
                                   "the receipt names the case the worker follows with its secret.",
                    "parameters": [IDEMPOTENCY_KEY],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/ConsultationSubmission"}}}},
                    "responses": _submit_responses(failure, "CaseReceipt"),
                },
            },
            "/v1/cases/{case}/status": {
                "post": {
                    "operationId": "caseStatus",
                    "description": "The case's status and the desk's replies, for its number and secret (POST: "
                                   "the secret stays out of URLs). An unknown number and a wrong secret get the "
                                   "same 404; more than 5 wrong tries an hour from one client get 429.",
                    "parameters": [{"name": "case", "in": "path", "required": True,
                                    "schema": {"type": "string", "pattern": CASE_NUMBER}}],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/CaseQuery"}}}},
                    "responses": {
                        "200": {"description": "The case.",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseStatus"}}}},
                        "400": failure("Body is not JSON."),
                        "403": failure("Sent from an origin that is not allowed."),
                        "404": failure("No case with this number and secret."),
                        "413": failure("Body too large."),
                        "415": failure("Body is not application/json."),
                        "429": _retry_after(failure("Too many wrong tries from this client; see Retry-After.")),
                        "500": failure("Not answered; try again later."),
                    },
                },
            },
            "/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "responses": {"200": {"description": "This description.",
                                          "content": {"application/json": {"schema": {"type": "object"}}}}},
                },
            },
        },
        "components": {"schemas": {
            "SurveySubmission": _form_body("survey"),
            "ConsultationSubmission": _consultation_body(),
            "Receipt": {"type": "object", "required": ["id", "received_at"],
                        "properties": {"id": {"type": "string"}, "received_at": {"type": ["string", "null"]}}},
            "CaseReceipt": {"type": "object", "required": ["id", "received_at"], "properties": {
                "id": {"type": "string"}, "received_at": {"type": ["string", "null"]},
                "case": {"type": "string", "pattern": CASE_NUMBER,
                         "description": "Absent only in the answer to a filled-in honeypot."}}},
            "CaseQuery": {"type": "object", "properties": {
                "secret": {"type": "string", "description": "The case secret as the worker typed or kept it."},
                "lang": {"examples": language_codes(), "description": "The language of an error's message."}}},
            "CaseStatus": {"type": "object", "required": ["case", "status", "updated_at", "replies"], "properties": {
                "case": {"type": "string", "pattern": CASE_NUMBER},
                "status": {"type": "string", "enum": ["received", "in-progress", "answered", "closed"]},
                "updated_at": {"type": "string"},
                "replies": {"type": "array", "items": {"type": "object", "required": ["created_at", "body"],
                    "properties": {"created_at": {"type": "string"}, "body": {"type": "string"},
                                   "lang": {"type": ["string", "null"]}}}}}},
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string", "enum": ERROR_CODES}, "message": {"type": "string"},
                               "problems": {"type": "array", "items": {"type": "object", "properties": {
                                   "question": {"type": "string"}, "code": {"type": "string"},
                                   "message": {"type": "string"}}}}}}}},
        }},
    }
