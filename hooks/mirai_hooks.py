"""MkDocs hooks: thin. The logic lives in mirai.language_site (unit-tested)."""
from pathlib import Path

from mkdocs.plugins import event_priority

from mirai.language_site import LanguageSite

site: LanguageSite | None = None


# After mkdocs-static-i18n (priority -100) has picked the language's files.
@event_priority(-110)
def on_config(config):
    global site
    lang = config.plugins["i18n"].config.build_only_locale or "en"
    site = LanguageSite(lang, Path(config.docs_dir))
    site.configure(config)
    return config


@event_priority(-110)
def on_files(files, config):
    return site.add_files(files, config)


@event_priority(-110)
def on_nav(nav, config, files):
    return site.name_sections(nav)


@event_priority(-110)
def on_page_context(context, page, config, nav):
    return site.page_context(context, page, config)


@event_priority(-110)
def on_post_page(output, page, config):
    return site.post_page(output)


# After Material's search plugin (default priority) has written the index.
@event_priority(-110)
def on_post_build(config):
    site.write_sitemap(config)
    site.write_search_index(config)
    site.minify_assets(config)
    site.write_offline_pack(config)
