"""The local server: the built site (and, later, the endpoint) on one origin.

Static hosting rules we rely on, kept here so local runs behave like production:
a missing page under /<lang>/ gets that language's 404 page; directories need a
trailing slash; every response forbids loading from other origins (CSP)."""
from __future__ import annotations

import gzip
import mimetypes
from functools import lru_cache
from pathlib import Path

import brotli
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from .languages import language_codes

# Material inlines small scripts and styles, hence 'unsafe-inline'; everything else is 'self'.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest"}


@lru_cache(maxsize=2048)
def _compressed(path: str, mtime_ns: int, size: int, encoding: str) -> bytes:
    data = Path(path).read_bytes()
    # Quality 11 once per file version: workers on prepaid data pay for every byte.
    return brotli.compress(data, quality=11) if encoding == "br" else gzip.compress(data, 9, mtime=0)


def entity_tag(stat, encoding: str | None) -> str:
    # One tag per file version and per encoding (a compressed body is a different entity).
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-" + encoding if encoding else ""}"'


def not_modified(request: Request, etag: str) -> bool:
    return etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]


def compressed_response(path: Path, request: Request, status_code: int, headers: dict) -> Response:
    """The file brotli- or gzip-compressed when the browser accepts it, as a static host
    (CloudFront, Netlify) serves it, so local measurements match production. Answers a
    revalidation of an unchanged file with 304 and no body: a repeat visit costs nothing."""
    accepted = request.headers.get("accept-encoding", "")
    stat = path.stat()
    compress = path.suffix in COMPRESSIBLE and stat.st_size >= 256
    encoding = ("br" if "br" in accepted else "gzip" if "gzip" in accepted else None) if compress else None
    headers = {**headers, "ETag": entity_tag(stat, encoding)}
    if compress:
        headers["Vary"] = "Accept-Encoding"
    if status_code == 200 and not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    if encoding is None:
        return FileResponse(path, status_code=status_code, headers=headers, stat_result=stat)
    body = _compressed(str(path), stat.st_mtime_ns, stat.st_size, encoding)
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Response(body, status_code=status_code, media_type=media_type,
                    headers={**headers, "Content-Encoding": encoding})


def cache_control(path: Path) -> str:
    # Theme files carry a content hash in their names; everything else may change any time.
    if ".min." in path.name and path.suffix in (".js", ".css"):
        return "public, max-age=31536000, immutable"
    return "no-cache"


def create_app(site_dir: Path) -> Starlette:
    site_dir = site_dir.resolve()
    langs = set(language_codes())

    def not_found(request: Request, path: str) -> Response:
        first = path.strip("/").split("/", 1)[0]
        page = site_dir / first / "404.html" if first in langs else site_dir / "404.html"
        if page.is_file():
            return compressed_response(page, request, 404, {**SECURITY_HEADERS, "Cache-Control": "no-cache"})
        return Response("Not found", status_code=404, media_type="text/plain")

    async def static(request: Request) -> Response:
        path = request.path_params["path"]
        target = (site_dir / path).resolve()
        if target != site_dir and site_dir not in target.parents:
            return not_found(request, path)
        if target.is_dir():
            if path and not path.endswith("/"):
                query = f"?{request.url.query}" if request.url.query else ""
                return RedirectResponse(f"/{path}/{query}", status_code=301)
            target = target / "index.html"
        if not target.is_file():
            return not_found(request, path)
        return compressed_response(target, request, 200,
                                   {**SECURITY_HEADERS, "Cache-Control": cache_control(target)})

    return Starlette(routes=[Route("/{path:path}", static, methods=["GET", "HEAD"])])


def create_site_and_endpoint(site_dir: Path, endpoint=None):
    """The site and the submissions endpoint on one origin, as `mirai serve` runs them:
    /v1/... goes to the endpoint (mirai.endpoint), everything else to the static site."""
    from .endpoint.app import create_endpoint

    site = create_app(site_dir)
    api = endpoint or create_endpoint()

    async def app(scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith("/v1/"):
            await api(scope, receive, send)
        else:
            await site(scope, receive, send)
    return app
