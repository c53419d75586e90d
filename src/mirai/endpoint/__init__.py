"""The endpoint forms post to: POST /v1/forms/{form}/submissions (issue 6)."""
