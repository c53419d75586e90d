"""AWS Lambda's entry point (deploy/template.yaml: mirai.endpoint.lambda_handler.handler).

Built once per cold start, at import, so warm invocations reuse the app, its database
connection and its rate-limit counts. Settings: see lambda_app.lambda_settings."""
from .lambda_app import create_handler

handler = create_handler()
