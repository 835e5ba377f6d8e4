"""Test-only URLconf: the public site, plus a page that shows a story's stored text the way its article would.

Only tests marked ``@pytest.mark.urls("tests.browser.urls")`` use it; the site never serves a story's text.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.views.decorators.csp import csp_override

from newsroom.urls import urlpatterns as site_urlpatterns
from stories.models import Story

# Filler before the article: the first paragraph starts several screens down, so any quote is below the fold.
PADDING_PARAGRAPHS = 12
# Space after every paragraph: only one paragraph fits in a viewport, so "which paragraph is in view" says
# which occurrence of repeated words the browser scrolled to.
PARAGRAPH_GAP = "1500px"

ARTICLE_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title>
<style>body {{ margin: 0 1rem; font: 16px/1.5 sans-serif; }} .article p {{ margin: 0 0 {gap}; }}</style></head>
<body><main><h1>{title}</h1>
<div class="padding">{padding}</div>
<div class="article">{paragraphs}</div>
</main></body></html>"""


@csp_override({})  # the outlet's page, not ours: our policy (no inline styles) is not its
def story_text(request, pk):
    """The story's stored text, one <p> per line, far below the fold: a stand-in for the outlet's article."""
    story = get_object_or_404(Story, pk=pk)
    padding = format_html_join(
        "",
        '<p style="margin: 0 0 {}">Filler paragraph {}, before the article.</p>',
        ((PARAGRAPH_GAP, n) for n in range(1, PADDING_PARAGRAPHS + 1)),
    )
    paragraphs = format_html_join(
        "", '<p id="p{}">{}</p>', ((n, line) for n, line in enumerate(_lines(story.text), start=1))
    )
    html = format_html(
        ARTICLE_PAGE, title=story.display_headline, gap=PARAGRAPH_GAP, padding=padding, paragraphs=paragraphs
    )
    return HttpResponse(html)


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


urlpatterns = [
    *site_urlpatterns,
    path("test/story/<int:pk>/", story_text, name="test_story_text"),
]
