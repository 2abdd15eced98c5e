"""Front matter reaches the page as text: a title or description with <, > or " adds no element
and breaks no attribute, in <title>, the header, the navigation, the footer and the meta tags."""

from html.parser import HTMLParser

import pytest
from helpers import mkdocs_build, variant_project

pytestmark = pytest.mark.slow

TITLE = 'Doses < 4.5 mg > "low" & <b>bold</b>'
DESCRIPTION = '"><script>alert(1)</script>'
PAGES = {
    "index.md": "# Home\n\nSee [the other page](other.md).\n",
    "other.md": (
        f"---\ntitle: '{TITLE}'\ndescription: '{DESCRIPTION}'\nauthor: 'A <i>writer</i>'\n---\n\n# Other\n\nText.\n"
    ),
}


class Page(HTMLParser):
    """Elements, the <title> text, meta tags and the text of the header topic and footer links."""

    def __init__(self):
        super().__init__()
        self.tags, self.meta, self.stack = [], {}, []
        self.title = ""
        self.texts = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content")
        self.stack.append((tag, attrs.get("class") or "", attrs.get("data-md-component") or ""))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        where = [t for t, _, _ in self.stack]
        if where and where[-1] == "title":
            self.title += data
        for _, cls, component in self.stack:
            for name in (component, *cls.split()):
                if name in ("header-topic", "md-footer__link--next", "md-nav--primary"):
                    self.texts[name] = self.texts.get(name, "") + data


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("escaping")
    config = variant_project(tmp / "project", PAGES)
    result = mkdocs_build(config, tmp / "site")
    assert result.returncode == 0, result.stderr[-4000:]
    return tmp / "site"


def parse(path):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_title_and_description_are_text_on_their_own_page(built):
    page = parse(built / "other" / "index.html")
    assert page.title.startswith(TITLE + " - ")
    assert page.meta["description"] == DESCRIPTION
    assert page.meta["author"] == "A <i>writer</i>"
    assert " ".join(page.texts["header-topic"].split()) == TITLE
    for tag in ("b", "i"):
        assert tag not in page.tags, f"front matter made a <{tag}> element"
    assert "alert(1)" not in (built / "other" / "index.html").read_text(encoding="utf-8").split("<body")[1]


def test_the_title_is_text_in_other_pages_navigation_and_footer(built):
    page = parse(built / "index.html")
    assert TITLE in " ".join(page.texts["md-nav--primary"].split())
    assert TITLE in " ".join(page.texts["md-footer__link--next"].split())
    assert "b" not in page.tags
