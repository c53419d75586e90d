"""What the MkDocs hooks do for one language's build (hooks/mirai_hooks.py stays thin).

Each language is its own MkDocs build (mkdocs-static-i18n's build_only_locale), so it gets
its own search index, sitemap, 404 page and <html lang>. This class adds what a single
build cannot know by itself: which pages exist in the other languages (for hreflang and the
language switcher), English pages standing in for missing translations, section titles in
the reader's language, and the generated files (QR code, sitemap)."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .checks.frontmatter import STATUSES
from .content import as_date, parse_page, ContentError, inventory
from .desk.pages import TOP_WIDGETS, DeskPages
from .forms.render import render_form
from .languages import SOURCE_LANGUAGE, get_language, load_languages
from .offline.icons import render_icons
from .offline.manifest import ICON_DIR, MANIFEST, manifest_json
from .minify import minify_our_assets
from .offline.pack import write_pack
from .paths import DOCS
from .qr import qr_svg
from .search.documents import PageInfo, rewrite_file
from .search.worker import WORKER, material_worker_name, use_our_worker, worker_script
from .site_urls import endpoint_url, page_url, root_path, site_root_url
from .sitemap import SitemapEntry, render_sitemap
from .ui import ui_strings

QR_HOME = "assets/mirai/qr-home.svg"
ICON_SOURCE = DOCS / "assets" / "mirai" / "icon.svg"
OFFLINE_UI_KEYS = ("offline_saving", "offline_ready", "offline_paused", "offline_unavailable",
                   "offline_reason_storage", "offline_reason_unsupported", "offline_badge",
                   "offline_update", "offline_reload", "offline_save", "offline_saved",
                   "offline_close", "install_app", "install_ios", "search_status_all")


class LanguageSite:
    def __init__(self, lang: str, docs_dir: Path, root_url: str | None = None):
        self.lang = get_language(lang)
        self.languages = load_languages()
        self.docs_dir = docs_dir
        self.root_url = root_url or site_root_url()
        self.ui = ui_strings(lang)
        # rel path -> languages that have a real translation of it
        self.pages = inventory(docs_dir, [language.code for language in self.languages])
        self.fallbacks: set[str] = set()  # pages of this build that are English stand-ins
        self.entries: list[SitemapEntry] = []
        self.search_pages: dict[str, PageInfo] = {}  # page.url -> section and statuses
        self.base_path = f"{root_path(self.root_url)}{self.lang.code}/"  # e.g. /vi/: app scope, pack URLs
        self.endpoint = endpoint_url(self.root_url)
        self._desk_pages: DeskPages | None = None

    # on_config
    def configure(self, config) -> None:
        code = self.lang.code
        config.site_dir = os.path.join(config.site_dir, code)
        config.site_url = f"{self.root_url}{code}/"
        config.site_description = self.ui["tagline"]
        config.theme["language"] = self.lang.theme_language  # Material's labels, <html lang>
        config.extra["mirai"] = {
            "lang": code,
            "ui": self.ui,
            "root": root_path(self.root_url),
            "og_locale": self.lang.og_locale,
            # read by assets/mirai/offline.js and mirai.js (the search filter)
            "script": {"lang": code, "root": root_path(self.root_url),
                       "ui": {key: self.ui[key] for key in OFFLINE_UI_KEYS},
                       "statuses": self._status_titles()},
        }

    def _status_titles(self) -> dict:
        """The residence statuses for the search filter, named by their pages' titles."""
        titles = {rel[len("status/"):-len(".md")]: self._page_title(rel)
                  for rel in ["status/index.md", *(f"status/{code}.md" for code in STATUSES)]}
        return {"label": titles.pop("index"), "choices": list(titles.items())}

    def _page_title(self, rel: str) -> str:
        """The title of a page of this language (its English stand-in if untranslated)."""
        path = self.pages[self.lang.code].get(rel) or self.pages[SOURCE_LANGUAGE].get(rel)
        return (self._title_of(str(path)) if path else None) or rel

    # on_files
    def add_files(self, files: Files, config) -> Files:
        own = self.pages[self.lang.code]
        for rel, english_path in self.pages[SOURCE_LANGUAGE].items():
            if rel not in own:
                files.append(self._fallback_file(rel, english_path, config))
                self.fallbacks.add(rel)
        files.append(File.generated(config, QR_HOME, content=qr_svg(f"{self.root_url}{self.lang.code}/",
                                                                      title=self.ui["qr_alt"])))
        # The installable app: icons from the one source image, and this language's manifest.
        for name, png in render_icons(ICON_SOURCE.read_text(encoding="utf-8")).items():
            files.append(File.generated(config, ICON_DIR + name, content=png))
        files.append(File.generated(config, MANIFEST, content=manifest_json(self.lang, self.ui, self.base_path)))
        files.append(File.generated(config, WORKER, content=worker_script(
            self.lang.code, material_worker_name(config.theme.dirs))))
        return files

    def _fallback_file(self, rel: str, english_path: Path, config) -> File:
        """The English page, placed where the translation would be."""
        probe = File(rel, config.docs_dir, config.site_dir, config.use_directory_urls)
        file = File(f"{self.lang.code}/{rel}", config.docs_dir, config.site_dir,
                    config.use_directory_urls, dest_uri=probe.dest_uri)
        file.abs_src_path = str(english_path)
        # attributes mkdocs-static-i18n expects on its files
        file.locale = SOURCE_LANGUAGE
        file.localization = SOURCE_LANGUAGE
        file.locale_alternate_of = self.lang.code
        file.norm_src_uri = rel
        file.alternates = {}
        return file

    # on_nav
    def name_sections(self, nav: Navigation) -> Navigation:
        """A section is called by the title of its index page, so editors translate it once."""
        def visit(items):
            for item in items:
                if isinstance(item, Section):
                    first = item.children[0] if item.children else None
                    if isinstance(first, Page) and first.file.src_uri.endswith("index.md"):
                        title = self._title_of(first.file.abs_src_path)
                        if title:
                            item.title = title
                    visit(item.children)
        visit(nav.items)
        return nav

    @staticmethod
    def _title_of(path: str) -> str | None:
        try:
            return parse_page(Path(path), "", "").meta.get("title")
        except (ContentError, OSError):
            return None  # the editors' check reports it with file and line

    # on_page_context
    def page_context(self, context: dict, page: Page, config) -> dict:
        rel = self._rel(page)
        is_fallback = rel in self.fallbacks
        translated = [language for language in self.languages if rel in self.pages[language.code]]
        alternates = [(language.hreflang, page_url(self.root_url, language.code, page.url))
                      for language in translated]
        if SOURCE_LANGUAGE in [language.code for language in translated]:
            alternates.append(("x-default", page_url(self.root_url, SOURCE_LANGUAGE, page.url)))
        if is_fallback:
            page.canonical_url = page_url(self.root_url, SOURCE_LANGUAGE, page.url)
        prefix = root_path(self.root_url)
        # The language switcher keeps the reader on the same page (every page exists in
        # every language, translated or standing in for it).
        config.extra["alternate"] = [
            {"name": language.name, "lang": language.hreflang, "link": f"{prefix}{language.code}/{page.url}"}
            for language in self.languages
        ]
        widget = page.meta.get("widget")
        widget_html = self._desk().render(widget) if widget else None
        if widget in TOP_WIDGETS and widget_html:  # right under the title, before the text
            head, found, rest = page.content.partition("</h1>")
            widget_text = str(widget_html)  # plain str: Markup + str would escape the page
            page.content = head + found + widget_text + rest if found else widget_text + page.content
            widget_html = None
        context["mirai_page"] = {
            "form": self._form(page.meta.get("form")),
            "widget": widget_html,
            "fallback": is_fallback,
            "placeholder": page.meta.get("placeholder") is True,
            "alternates": [] if is_fallback else alternates,
        }
        top = page.ancestors[-1] if page.ancestors else None
        self.search_pages[page.url] = PageInfo(
            section=top.title if top is not None else None,
            statuses=tuple(page.meta.get("statuses") or ()))
        if not is_fallback:
            self.entries.append(SitemapEntry(
                loc=page.canonical_url or page_url(self.root_url, self.lang.code, page.url),
                lastmod=as_date(page.meta.get("last_reviewed")),
                alternates=tuple(a for a in alternates if a[0] != "x-default"),
            ))
        return context

    def _desk(self) -> DeskPages:
        """The desk's widgets in this language (front matter `widget: directory`)."""
        if self._desk_pages is None:
            self._desk_pages = DeskPages(self.lang.code, self.base_path, self.endpoint,
                                         status_titles=dict(self._status_titles()["choices"]),
                                         page_title=self._page_title)
        return self._desk_pages

    def _form(self, form_id: str | None):
        """The form a page asks for in its front matter (`form: survey`), in this language."""
        if not form_id:
            return None
        return render_form(form_id, self.lang.code, self.endpoint, assets=self.base_path)

    def _rel(self, page: Page) -> str:
        src = page.file.src_uri
        return src.split("/", 1)[1] if src.startswith(f"{self.lang.code}/") else src

    # on_post_build
    def write_sitemap(self, config) -> None:
        xml = render_sitemap(sorted(self.entries, key=lambda e: e.loc))
        site_dir = Path(config.site_dir)
        (site_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
        with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as gz:
            gz.write(xml.encode("utf-8"))

    # on_post_page: the pages load our search worker, which wraps Material's
    @staticmethod
    def post_page(html: str) -> str:
        return use_our_worker(html)

    # on_post_build, after Material's search plugin wrote the index
    def write_search_index(self, config) -> None:
        rewrite_file(Path(config.site_dir) / "search" / "search_index.json", self.lang.code, self.search_pages)

    # on_post_build: our scripts and styles without comments (before the pack hashes them)
    @staticmethod
    def minify_assets(config) -> None:
        minify_our_assets(Path(config.site_dir))

    # on_post_build, after the sitemap and the search index: the pack lists every file with its hash
    def write_offline_pack(self, config) -> None:
        write_pack(Path(config.site_dir), self.base_path)
