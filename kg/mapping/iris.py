"""IRI minting: the one place kg turns keys into IRIs. Deterministic, no blank nodes.

Example:
    >>> iris = Iris("https://example.org/mp/")
    >>> iris.topic("http://www.nlm.nih.gov/medlineplus/genesandgenetherapy.html")
    'https://example.org/mp/topic/genesandgenetherapy'
    >>> iris.organization("NHGRI")
    'https://example.org/mp/org/national-human-genome-research-institute'
    >>> iris.section("Start Here")
    'https://example.org/mp/section/start-here'
    >>> iris.mesh("D006442")
    'http://id.nlm.nih.gov/mesh/D006442'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, urlsplit, urlunsplit

from kg.mapping.organizations import fold, organization_key

__all__ = ["DEFAULT_BASE", "Iris", "canonical_topic_url", "topic_url_from_title", "digest"]

DEFAULT_BASE = "https://w3id.org/kg-medlineplus/id/"
MESH = "http://id.nlm.nih.gov/mesh/"

_MEDLINEPLUS = "medlineplus.gov"
_SAFE = re.compile(r"[A-Za-z0-9._~-]*")
_OLD_PREFIX = "/medlineplus/"


@lru_cache(maxsize=1 << 16)
def canonical_topic_url(url: str) -> str:
    """A topic page's URL in canonical form: https, medlineplus.gov, no query or fragment.

    Example:
        >>> canonical_topic_url("http://www.nlm.nih.gov/medlineplus/spanish/a1c.html")
        'https://medlineplus.gov/spanish/a1c.html'
    """
    parts = urlsplit(url.strip())
    host, path = parts.netloc.lower(), parts.path or "/"
    if host in ("www.nlm.nih.gov", "nlm.nih.gov") and path.startswith(_OLD_PREFIX):
        host, path = _MEDLINEPLUS, path[len(_OLD_PREFIX) - 1 :]
    elif host == "www." + _MEDLINEPLUS:
        host = _MEDLINEPLUS
    return urlunsplit(("https", host, path, "", ""))


def topic_url_from_title(title: str, language: str = "en") -> str:
    """The URL MedlinePlus gives a topic page, inferred from its title (page dumps carry no links).

    Example:
        >>> topic_url_from_title("Genetic Disorders")
        'https://medlineplus.gov/geneticdisorders.html'
    """
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    name = re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))
    folder = "spanish/" if language == "es" else ""
    return f"https://{_MEDLINEPLUS}/{folder}{name}.html"


def digest(*parts: str) -> str:
    """A 20-hex-digit SHA-256 digest of ``parts`` (joined unambiguously)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


class Iris:
    """Mints every IRI of the data graph under ``base``.

    Parameters:
        base: the base IRI; it must end with ``/`` or ``#``.

    Raises:
        ValueError: the base does not end with ``/`` or ``#``.
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {base!r}")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*", base):
            raise ValueError(f'base IRI must be an absolute IRI with no spaces or <>"{{}}|^`\\: {base!r}')
        self.base = base

    def _iri(self, *path: str) -> str:
        return self.base + "/".join(p if _SAFE.fullmatch(p) else quote(p, safe="-._~") for p in path)

    def topic(self, url: str) -> str:
        """A topic, from its page URL (any of MedlinePlus's spellings of it)."""
        canonical = canonical_topic_url(url)
        parts = urlsplit(canonical)
        if parts.netloc == _MEDLINEPLUS and parts.path.endswith(".html"):
            return self._iri("topic", *parts.path.strip("/").removesuffix(".html").split("/"))
        return self._iri("topic", "url-" + digest(canonical))

    def resource(self, key: tuple[str, ...]) -> str:
        """A resource (or encyclopedia article), from its key: its URL, or topic, kind, title, publisher."""
        return f"{self.base}resource/{digest(*key)}"

    def listing(self, topic: str, section: str, resource: str) -> str:
        """A topic's listing of a resource under a section."""
        return f"{self.base}listing/{digest(topic, section, resource)}"

    def organization(self, name: str) -> str:
        """An organization, from any of its names."""
        return self._iri("org", organization_key(name) or digest(name))

    def section(self, name: str) -> str:
        """A section (heading), from its name."""
        return self._iri("section", fold(name) or digest(name))

    def audience(self, key: str) -> str:
        """An audience, from its key (``children``, ``parents`` …)."""
        return self._iri("audience", fold(key))

    def language(self, code: str) -> str:
        """A language, from its BCP 47 code."""
        return self._iri("language", code.lower())

    def source(self, sha256: str) -> str:
        """A source file, from the SHA-256 of its bytes."""
        return self._iri("source", sha256[:20])

    def group(self, url: str) -> str:
        """A topic group, from its page URL (``group/diagnostictests``)."""
        path = urlsplit(canonical_topic_url(url)).path
        return self._iri("group", *path.strip("/").removesuffix(".html").split("/"))

    def graph(self, name: str) -> str:
        """A named graph of the store (``graph/data``, ``graph/ontology`` …)."""
        return self._iri("graph", *name.split("/"))

    @staticmethod
    def mesh(unique_id: str) -> str:
        """A MeSH descriptor, qualifier or descriptor/qualifier pair: NLM's own IRI."""
        return MESH + quote(unique_id, safe="")
