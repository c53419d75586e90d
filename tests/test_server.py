"""The local server serves the built site like a static host: language 404s, trailing
slashes, no path escapes, and headers that forbid other origins."""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mirai.server import create_app
from mirai.ui import ui_strings


@pytest.fixture(scope="module")
def client(site_dir):
    return TestClient(create_app(site_dir))


def test_language_home_is_served_with_security_headers(client):
    response = client.get("/vi/")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("lang", ["vi", "my", "zh"])
def test_missing_page_gets_the_404_of_its_language(client, lang):
    response = client.get(f"/{lang}/work/no-such-page/")
    assert response.status_code == 404
    assert ui_strings(lang)["not_found_title"] in response.text


def test_missing_page_outside_languages_gets_the_root_404(client):
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert 'href="/vi/"' in response.text


def test_directory_without_slash_redirects(client):
    response = client.get("/vi/work", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == "/vi/work/"


def test_path_cannot_escape_the_site(client):
    assert client.get("/vi/../../../etc/passwd").status_code == 404
    assert client.get("/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def test_hashed_theme_files_are_cached_for_long(client, site_dir):
    bundle = next((site_dir / "en/assets/javascripts").glob("bundle.*.min.js"))
    response = client.get(f"/en/assets/javascripts/{bundle.name}")
    assert response.status_code == 200 and "immutable" in response.headers["cache-control"]


def test_text_is_served_compressed_as_a_static_host_would(client):
    plain = client.get("/vi/", headers={"Accept-Encoding": "identity"})
    br = client.get("/vi/", headers={"Accept-Encoding": "gzip, deflate, br"})
    gz = client.get("/vi/", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert br.headers["content-encoding"] == "br" and gz.headers["content-encoding"] == "gzip"
    assert br.text == gz.text == plain.text  # the client decodes both
    assert int(br.headers["content-length"]) < int(gz.headers["content-length"]) < len(plain.content)
    assert br.headers["vary"] == "Accept-Encoding"


@pytest.mark.parametrize("encoding", ["br", "identity"])
def test_an_unchanged_file_revalidates_with_304_and_no_body(client, encoding):
    first = client.get("/sw.js", headers={"Accept-Encoding": encoding})
    assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
    assert first.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    again = client.get("/sw.js", headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


def test_a_changed_or_differently_encoded_file_is_sent_again(client, site_dir):
    br = client.get("/vi/manifest.webmanifest", headers={"Accept-Encoding": "br"})
    plain = client.get("/vi/manifest.webmanifest",
                       headers={"Accept-Encoding": "identity", "If-None-Match": br.headers["etag"]})
    assert plain.status_code == 200 and plain.headers["etag"] != br.headers["etag"]
    assert plain.json()["start_url"] == "/vi/"
    stale = client.get("/vi/", headers={"If-None-Match": '"0-0-br"'})
    assert stale.status_code == 200 and stale.content


def test_serve_puts_the_site_and_the_endpoint_on_one_origin(site_dir, tmp_path):
    from mirai.endpoint.app import create_endpoint
    from mirai.endpoint.settings import EndpointSettings
    from mirai.server import create_site_and_endpoint

    endpoint = create_endpoint(EndpointSettings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    client = TestClient(create_site_and_endpoint(site_dir, endpoint))
    assert client.get("/vi/").status_code == 200
    assert client.get("/v1/openapi.json").json()["openapi"] == "3.1.0"
    response = client.post("/v1/forms/survey/submissions", json={"answers": {}},
                           headers={"Idempotency-Key": "k-1"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_answers"
