"""Read mkdocs.yml as plain data (its shape, not a resolved config): `!ENV` and python tags
are kept as small markers instead of being evaluated. Used by tests and benchmarks."""
from __future__ import annotations

from pathlib import Path

import yaml


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: {"!ENV": loader.construct_sequence(node)})
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: {"!python": suffix})


def read_mkdocs_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def i18n_plugin(config: dict) -> dict:
    return next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
