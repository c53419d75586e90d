"""The project's promises about itself: the README's two commands, CI, the languages kept in
step between data/ and mkdocs.yml, every label translated, the workflow linted."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.config import load_config

from mirai.languages import language_codes, load_languages
from mirai.mkdocs_yaml import i18n_plugin, read_mkdocs_yaml
from mirai.paths import ROOT
from mirai.ui import load_ui, missing_ui_keys


def code_blocks(markdown: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```(?:sh|bash)?\n(.*?)```", markdown, re.S)]


def test_readme_shows_serve_then_test_first():
    blocks = code_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert blocks[:2] == ["make serve", "make test"]


def test_ci_runs_exactly_the_readme_test_command():
    script = (ROOT / ".ci/run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line.strip() and not line.startswith("#")]
    assert commands[-1] == "make test"
    assert "set -euo pipefail" in script  # pytest's exit 5 ("no tests collected") fails CI


def test_makefile_test_installs_chromium_and_runs_checks_and_pytest():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "mirai check" in test_recipe and "pytest" in test_recipe
    assert "chromium" in (ROOT / "scripts/install-system-deps").read_text(encoding="utf-8")


def test_mkdocs_languages_match_data_languages():
    plugin = i18n_plugin(read_mkdocs_yaml(ROOT / "mkdocs.yml"))
    assert [entry["locale"] for entry in plugin["languages"]] == language_codes()
    assert len(language_codes()) == 8 and language_codes()[0] == "en"


def test_every_docs_folder_is_a_known_language():
    folders = {p.name for p in (ROOT / "docs").iterdir() if p.is_dir() and p.name != "assets"}
    assert folders <= set(language_codes())


def test_nav_lists_every_english_page_but_the_poster():
    config = load_config(str(ROOT / "mkdocs.yml"))
    listed = set()

    def walk(items):
        for item in items:
            if isinstance(item, str):
                listed.add(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])
    walk(config["nav"])
    english = {p.relative_to(ROOT / "docs/en").as_posix() for p in (ROOT / "docs/en").rglob("*.md")}
    assert english - listed == {"about/poster.md"}
    assert listed <= english


def test_every_language_has_every_label():
    assert set(load_ui()) == set(language_codes())
    assert missing_ui_keys() == {}


def test_languages_have_distinct_codes_and_hreflang():
    langs = load_languages()
    assert len({lang.code for lang in langs}) == len({lang.hreflang for lang in langs}) == len(langs)


def test_workflow_passes_the_github_workflow_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(ROOT / ".github/workflows/ci.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_passes_zizmor_linter():
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run([str(zizmor), "--offline", "--no-progress", str(ROOT / ".github/workflows")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_checks_and_tests():
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    runs = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert "make check" in runs and "make test" in runs

