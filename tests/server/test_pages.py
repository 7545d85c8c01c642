"""The pages the server itself shows are in the site's language, with its header."""

from test_security import raw_request


def test_a_missing_page_is_the_sites_own_404_in_polish(server):
    for path in ["/nie-ma.html", "/courses/kurs/nie-ma.html", "/a/b/c/"]:
        status, headers, body = raw_request(server, "GET", path)
        text = body.decode()
        assert status == 404, path
        assert headers["content-type"].startswith("text/html")
        assert '<html lang="pl"' in text
        assert "Nie znaleziono strony" in text
        assert "Szkoła Testowa" in text  # the site's header
        # Served at any depth: its relative links resolve from the root.
        assert '<head><base href="/">' in text.replace("\n", "")
    status, headers, body = raw_request(server, "GET", "/api/v1/nie-ma")
    assert status == 404 and headers["content-type"].startswith("application/json")
