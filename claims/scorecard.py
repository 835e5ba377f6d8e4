"""A speaker's verdict scorecard as an SVG bar chart, drawn on the server: no JavaScript needed."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

BAR_HEIGHT = 26
LABEL_WIDTH = 140
BAR_WIDTH = 300
COUNT_WIDTH = 50


def scorecard_svg(levels):
    """levels: [(rating, count)] in scale order. The chart's text alternative lists every count."""
    most = max((count for _, count in levels), default=0) or 1
    height = BAR_HEIGHT * len(levels)
    summary = "; ".join(f"{rating.name}: {count}" for rating, count in levels)
    rows = format_html_join(
        "",
        '<g transform="translate(0 {})"><text x="{}" y="17" text-anchor="end">{}</text>'
        '<rect x="{}" y="4" width="{}" height="18" fill="#0b4f8a"></rect>'
        '<text x="{}" y="17">{}</text></g>',
        (
            (
                i * BAR_HEIGHT,
                LABEL_WIDTH - 8,
                rating.name,
                LABEL_WIDTH,
                round(BAR_WIDTH * count / most),
                LABEL_WIDTH + round(BAR_WIDTH * count / most) + 6,
                count,
            )
            for i, (rating, count) in enumerate(levels)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="scorecard-title scorecard-desc" '
        'viewBox="0 0 {} {}" width="{}" height="{}" font-size="14" font-family="system-ui, sans-serif">'
        '<title id="scorecard-title">Verdicts on this speaker\'s claims</title>'
        '<desc id="scorecard-desc">{}</desc>{}</svg>',
        LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH,
        height,
        LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH,
        height,
        summary,
        mark_safe(rows),
    )
