"""A guide's body: Markdown (headings, lists, emphasis, links, tables) rendered to HTML, then
sanitised with nh3 (Ammonia) to an allow-list, so no raw HTML from a writer reaches a page.

Raw HTML in the source is escaped by the renderer (html=False) and whatever gets through is
cleaned again: only the tags below, links only http(s)/mailto/tel or relative (an attachment),
each link rel="noopener noreferrer"."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "code", "pre",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
SCHEMES = {"http", "https", "mailto", "tel"}


def _markdown() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": False, "typographer": False})
        .enable("table")
        .enable("strikethrough")
    )


def render_body(body: str) -> SafeString:
    html = _markdown().render(body or "")
    cleaned = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel="noopener noreferrer"
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
