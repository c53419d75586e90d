"""Which translations are missing, stale (the English page changed since) or orphaned."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..content import english_version
from ..languages import SOURCE_LANGUAGE
from . import WARNING, Content, Problem


@dataclass
class LanguageStatus:
    lang: str
    done: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.done) + len(self.missing) + len(self.stale)


def status(content: Content) -> dict[str, LanguageStatus]:
    versions = {rel: english_version(page.path) for rel, page in content.english.items()}
    result = {}
    for lang in content.langs:
        st = LanguageStatus(lang)
        pages = content.pages.get(lang, {})
        for rel in sorted(versions):
            page = pages.get(rel)
            if page is None:
                st.missing.append(rel)
            elif lang != SOURCE_LANGUAGE and page.meta.get("english_version") != versions[rel]:
                st.stale.append(rel)
            else:
                st.done.append(rel)
            if page is not None and page.meta.get("placeholder") is True:
                st.placeholders.append(rel)
        result[lang] = st
    return result


def check(content: Content) -> list[Problem]:
    problems = []
    english_dir = content.docs_dir / SOURCE_LANGUAGE
    for lang, st in status(content).items():
        for rel in st.missing:
            problems.append(Problem(content.docs_dir / lang / rel, 1,
                                    f"translation missing: {english_dir / rel} has no {lang} version "
                                    "(readers see the English page)", WARNING))
        for rel in st.stale:
            page = content.pages[lang][rel]
            problems.append(Problem(page.path, page.line_of("english_version"),
                                    f"translation is stale: the English page changed since it was translated "
                                    f"(compare with `git log -p {english_dir / rel}`, then run `mirai stamp {page.path}`)",
                                    WARNING))
        for rel, page in content.pages.get(lang, {}).items():
            if rel not in content.english:
                problems.append(Problem(page.path, 1, f"no English page {english_dir / rel}: every page starts in English "
                                        "(rename the file or add the English page)"))
    return problems
