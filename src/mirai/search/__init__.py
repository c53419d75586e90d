"""Per-language search: tokenisation and index building."""
