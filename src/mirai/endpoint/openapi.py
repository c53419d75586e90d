"""The endpoint's OpenAPI description, built from the form schemas.

Served at /v1/openapi.json; a copy is kept in the repo (openapi.json at the project's
root) so a change shows in review; tests/test_endpoint.py fails when the two differ."""
from __future__ import annotations

from ..forms.schema import load_form, questions
from ..languages import language_codes

ERROR_CODES = ["invalid_json", "unsupported_media_type", "payload_too_large", "rate_limited",
               "idempotency_key_missing", "idempotency_key_reused", "unknown_form", "invalid_answers",
               "origin_not_allowed", "server_error"]
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
                        {"name": "form", "in": "path", "required": True, "schema": {"type": "string", "enum": ["survey"]}},
                        {"name": "Idempotency-Key", "in": "header", "required": True,
                         "schema": {"type": "string", "pattern": "^[!-~]{1,255}$"},
                         "description": "Unique per submission; a retry sends the same key."},
                    ],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/SurveySubmission"}}}},
                    "responses": {
                        "201": {"description": "Stored (or, with Idempotency-Replayed: true, stored before).",
                                "headers": {"Idempotency-Replayed": {"schema": {"type": "string", "enum": ["true"]}}},
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}},
                        "400": failure("Body is not JSON, or the Idempotency-Key header is missing."),
                        "403": failure("Sent from an origin that is not allowed."),
                        "404": failure("No such form."),
                        "413": failure("Body too large."),
                        "415": failure("Body is not application/json."),
                        "422": failure("Answers do not fit the form, or the key was used for another body."),
                        "429": {**failure("Too many submissions from this client; see Retry-After."),
                                "headers": {"Retry-After": {"required": True, "description": "Seconds to wait.",
                                                            "schema": {"type": "string", "pattern": "^[0-9]+$"}}}},
                        "500": failure("Not stored; send again later."),
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
            "Receipt": {"type": "object", "required": ["id", "received_at"],
                        "properties": {"id": {"type": "string"}, "received_at": {"type": ["string", "null"]}}},
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string", "enum": ERROR_CODES}, "message": {"type": "string"},
                               "problems": {"type": "array", "items": {"type": "object", "properties": {
                                   "question": {"type": "string"}, "code": {"type": "string"},
                                   "message": {"type": "string"}}}}}}}},
        }},
    }
