"""A health topic's summary (HTML) as plain text, its attribution and its links to other topics.

The text keeps the structure the page dump shows: paragraphs separated by a blank line, list
items on lines of their own starting with ``* ``. Internal links come in two forms,
``<a href="https://medlineplus.gov/….html">`` and ``<TOPIC ID="5930" LINKTEXT="…"/>``.

Example:
    >>> text, attribution, links = summary_text(
    ...     '<p>See <TOPIC ID="5930" LINKTEXT="type 2 diabetes"/> and '
    ...     '<a href="https://medlineplus.gov/prediabetes.html">prediabetes</a>.</p>'
    ...     '<ul><li>One</li><li> Two </li></ul><p class="attribution">NIH: NIDDK</p>'
    ... )
    >>> print(text)
    See type 2 diabetes and prediabetes.
    <BLANKLINE>
    * One
    * Two
    >>> attribution
    'NIH: NIDDK'
    >>> [(link.title, link.url, link.id) for link in links]
    [('type 2 diabetes', None, '5930'), ('prediabetes', 'https://medlineplus.gov/prediabetes.html', None)]
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from kg.records import TopicRef

__all__ = ["summary_text"]

_SELF_CLOSING_TOPIC = re.compile(r"<(TOPIC\b[^>]*?)\s*/>", re.IGNORECASE)
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "div", "blockquote"}
_LISTS = {"ul", "ol"}
_TOPIC_HOSTS = {"medlineplus.gov", "www.medlineplus.gov", "www.nlm.nih.gov"}
_HTML = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def _text(element: etree._Element) -> str:
    """The element's text, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def _links(root: etree._Element) -> list[TopicRef]:
    links: list[TopicRef] = []
    for node in root.iter("a", "topic"):
        if node.tag == "topic":
            if node.get("id"):
                links.append(TopicRef(title=_text(node), id=node.get("id")))
            continue
        href = (node.get("href") or "").strip()
        if "nlm.nih.gov" not in href.lower() and "medlineplus.gov" not in href.lower():
            continue  # not a topic host: no need to split the URL
        parts = urlsplit(href)
        if parts.netloc.lower() in _TOPIC_HOSTS and parts.path.endswith(".html") and "/ency/" not in parts.path:
            links.append(TopicRef(title=_text(node), url=href))
    return links


def summary_text(markup: str) -> tuple[str | None, str | None, tuple[TopicRef, ...]]:
    """The plain text, attribution and internal topic links of a summary's HTML ``markup``.

    The attribution is a ``<p class="attribution">`` (or a last paragraph whose class attribute is
    present but empty, as some excerpts have it).
    """
    if not markup.strip():
        return None, None, ()
    markup = _SELF_CLOSING_TOPIC.sub(r"<\1></TOPIC>", markup)
    root = etree.fromstring(f"<div>{markup}</div>", _HTML).find("body/div")
    for topic in root.iter("topic"):
        topic.text = topic.get("linktext") or ""  # the link reads as its text
    paragraphs: list[str] = []
    attribution: str | None = None
    loose: list[str] = [root.text or ""]

    def flush() -> None:
        text = " ".join("".join(loose).split())
        if text:
            paragraphs.append(text)
        loose.clear()

    children = [child for child in root if isinstance(child.tag, str)]
    for index, child in enumerate(children):
        if child.tag in _BLOCKS:
            flush()
            css = child.get("class")
            is_last_p = child.tag == "p" and index == len(children) - 1
            if css is not None and ("attribution" in css or (css.strip() == "" and is_last_p)):
                attribution = _text(child) or None
            elif text := _text(child):
                paragraphs.append(text)
        elif child.tag in _LISTS:
            flush()
            items = [f"* {_text(item)}" for item in child.iter("li") if _text(item)]
            if items:
                paragraphs.append("\n".join(items))
        else:
            loose.append(_text(child) if child.tag != "br" else " ")
        loose.append(child.tail or "")
    flush()
    return ("\n\n".join(paragraphs) or None), attribution, tuple(_links(root))
