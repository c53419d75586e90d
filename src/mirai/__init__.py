"""MIRAI portal: build helpers, editors' checks and the local server."""
