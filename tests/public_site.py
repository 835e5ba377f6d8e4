"""Reading the public site's pages in tests as a reader (or a crawler) sees them.

`Page(response)` gives the <title>, the <meta> tags, the visible text, the links, the texts of elements by
class (the verdict labels), the rows of its tables and the JSON-LD blocks.
"""

import json
import re
from collections import defaultdict
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
# Elements that separate words; an inline element (a link inside a sentence) does not.
BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def squash(text):
    return " ".join(text.split())


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta = {}
        self.title = ""
        self.text = []
        self.links = []
        self.by_class = defaultdict(list)
        self.table_rows = []
        self._cells = []
        self._open = []  # [tag, attrs, collected text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._break(tag)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("name") or attrs.get("property")] = attrs["content"]
        if tag not in VOID:
            self._open.append((tag, attrs, []))

    def _break(self, tag):
        """Block elements separate words; inline ones (a link inside a sentence) do not."""
        if tag in BLOCK:
            self.text.append(" ")
            for _, _, text in self._open:
                text.append(" ")

    def handle_endtag(self, tag):
        self._break(tag)
        if tag not in {open_tag for open_tag, _, _ in self._open}:
            return
        while True:
            open_tag, attrs, text = self._open.pop()
            self._close(open_tag, attrs, squash("".join(text)))
            if open_tag == tag:
                break

    def _close(self, tag, attrs, text):
        if tag == "a":
            self.links.append({"href": attrs.get("href"), "rel": attrs.get("rel"), "text": text})
        elif tag == "title" and not any(open_tag == "svg" for open_tag, _, _ in self._open):
            self.title = text
        elif tag in ("td", "th"):
            self._cells.append(text)
        elif tag == "tr":
            self.table_rows.append(self._cells)
            self._cells = []
        for name in (attrs.get("class") or "").split():
            self.by_class[name].append(text)

    def handle_data(self, data):
        tags = [tag for tag, _, _ in self._open]
        if "head" not in tags and "script" not in tags:
            self.text.append(data)
        for _, _, text in self._open:
            text.append(data)


class Page:
    def __init__(self, response):
        assert response.status_code == 200, response.status_code
        self.response = response
        self.html = response.content.decode()
        reader = _Reader()
        reader.feed(self.html)
        reader.close()
        self.title = reader.title
        self.meta = reader.meta
        self.text = squash("".join(reader.text))
        self.links = reader.links
        self.by_class = reader.by_class
        self.table_rows = reader.table_rows

    def hrefs(self):
        return [link["href"] for link in self.links]

    def link(self, text):
        """The href of the one link whose text is `text`."""
        (href,) = [link["href"] for link in self.links if link["text"] == text]
        return href

    def verdicts(self):
        """The verdict labels shown on the page, in order."""
        return self.by_class["verdict"]

    def ids_linked(self, prefix):
        """Ids of the items whose permalinks (prefix/<id>/<slug>/) the page links to, in order, once each."""
        pattern = re.compile(rf"^{re.escape(prefix)}(\d+)/[-\w]+/$")
        ids = [int(match[1]) for href in self.hrefs() if href and (match := pattern.match(href))]
        return list(dict.fromkeys(ids))

    def next_page(self):
        hrefs = [link["href"] for link in self.links if link["rel"] == "next"]
        return hrefs[0] if hrefs else None

    def json_ld(self):
        """Every JSON-LD block of the page, parsed."""
        return [json.loads(block) for block in JSON_LD.findall(self.html)]


def get_page(client, url, data=None):
    return Page(client.get(url, data))


def queries_of(client, url, data=None):
    """The SQL a request runs, and its response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    return [query["sql"] for query in captured.captured_queries], response
