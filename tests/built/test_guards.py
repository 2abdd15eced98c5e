"""Build guards: a local site_url, a citation after the reference list, a guide below the host."""

from helpers import mkdocs_build, variant_project

PAGE = """---
description: A page for the guard tests.
---

# Guard test

A fact {{ cite("younger2009") }}.

## References

{{ references() }}
"""


def test_a_loopback_site_url_stops_the_strict_build_naming_site_url(tmp_path):
    config = variant_project(tmp_path, {"index.md": PAGE})
    result = mkdocs_build(config, tmp_path / "site", SITE_URL="http://127.0.0.1:8000/")
    assert result.returncode != 0
    assert "site_url is 'http://127.0.0.1:8000/', a local address" in result.stderr
    assert "Set SITE_URL to the address the guide is published at" in result.stderr


def test_a_private_address_stops_it_too(tmp_path):
    result = mkdocs_build(
        variant_project(tmp_path, {"index.md": PAGE}), tmp_path / "site", SITE_URL="http://192.168.0.9/"
    )
    assert result.returncode != 0 and "a local address" in result.stderr


def test_a_public_site_url_builds(tmp_path):
    result = mkdocs_build(variant_project(tmp_path, {"index.md": PAGE}), tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "below the host" not in result.stderr


def test_a_guide_below_the_host_builds_with_a_warning(tmp_path):
    config = variant_project(tmp_path, {"index.md": PAGE})
    result = mkdocs_build(config, tmp_path / "site", SITE_URL="https://owner.github.io/guide/")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "puts the guide below the host" in result.stderr


def test_a_citation_after_the_reference_list_stops_the_build_naming_the_page(tmp_path):
    late = PAGE + '\nOne more fact {{ cite("bested2023") }}.\n'
    result = mkdocs_build(variant_project(tmp_path, {"index.md": late}), tmp_path / "site")
    assert result.returncode != 0
    assert "index.md: cite('bested2023') comes after references()" in result.stderr


def test_serve_still_works_on_localhost(tmp_path):
    """`make serve` previews on 127.0.0.1: only a build for publishing refuses a local address."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from helpers import build_env

    config = variant_project(tmp_path, {"index.md": PAGE})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = build_env(SITE_URL="http://127.0.0.1:8000/")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--strict",
            "--no-livereload",
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--config-file",
            str(config),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, html = time.monotonic() + 60, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert html is not None, (
            f"mkdocs serve did not answer: {server.stdout.read() if server.poll() is not None else ''}"
        )
        assert "Guard test" in html and f"http://127.0.0.1:{port}/" in html
    finally:
        server.terminate()
        server.wait(timeout=20)
