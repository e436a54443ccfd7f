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
    >>> safe_iri("https://example.org/page#section#sub")
    'https://example.org/page#section%23sub'
    >>> language_tag("es-419")
    'es-419'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from kg.mapping.organizations import fold, organization_key

__all__ = [
    "DEFAULT_BASE",
    "Iris",
    "canonical_topic_url",
    "topic_url_from_title",
    "digest",
    "safe_iri",
    "language_tag",
]

DEFAULT_BASE = "https://w3id.org/kg-medlineplus/id/"
MESH = "http://id.nlm.nih.gov/mesh/"

_MEDLINEPLUS = "medlineplus.gov"
_SAFE = re.compile(r"[A-Za-z0-9._~-]*")
_OLD_PREFIX = "/medlineplus/"


def _not_ucschar() -> str:
    """The code points above ASCII that RFC 3987 allows nowhere but the query (private use) or
    nowhere at all (C1 controls, surrogates, non-characters), as a regex character class body."""
    ranges = [(0x7F, 0x9F), (0xD800, 0xF8FF), (0xFDD0, 0xFDEF), (0xFFF0, 0xFFFF)]
    ranges += [(plane + 0xFFFE, plane + 0xFFFF) for plane in range(0x10000, 0xE0000, 0x10000)]
    ranges += [(0xE0000, 0xE0FFF), (0xEFFFE, 0x10FFFF)]
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)


# What an IRI may not hold (RFC 3987; "[" and "]" only around an IPv6 host), and a "%" that starts no escape.
_UNSAFE = '[\\x00-\\x20<>"{}|^`\\\\' + _not_ucschar() + "]"
_IRI_UNSAFE = re.compile(_UNSAFE[:-1] + "\\[\\]]|%(?![0-9A-Fa-f]{2})")
_HOST_UNSAFE = re.compile(f"{_UNSAFE}|%(?![0-9A-Fa-f]{{2}})")
_AUTHORITY = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)", re.DOTALL)


def _encode(unsafe: re.Pattern[str], text: str) -> str:
    return unsafe.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass")), text)


@lru_cache(maxsize=1 << 17)
def safe_iri(value: str) -> str:
    """``value``, an absolute IRI, repaired where RFC 3987 allows: characters an IRI may not hold
    percent-encoded (``[`` and ``]`` kept only around an IPv6 host), a ``#`` after the first encoded as
    ``%23``. The result is an IRI Oxigraph reads.

    Raises:
        ValueError: ``value`` cannot be made a valid IRI (no scheme, a bad host or port …).

    Example:
        >>> safe_iri("https://[2001:db8::1]/a b")
        'https://[2001:db8::1]/a%20b'
    """
    found = _AUTHORITY.match(value)
    head, rest = (found[1] + _encode(_HOST_UNSAFE, found[2]), found[3]) if found else ("", value)
    rest = _encode(_IRI_UNSAFE, rest)
    fragment = rest.find("#")
    if fragment >= 0:
        rest = rest[: fragment + 1] + rest[fragment + 1 :].replace("#", "%23")
    repaired = head + rest
    try:
        ox.NamedNode(repaired)
    except ValueError as error:
        raise ValueError(f"not a valid IRI ({error}): {value!r}") from None
    return repaired


def _iri_or_none(value: str) -> str | None:
    try:
        return safe_iri(value)
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def language_tag(tag: str) -> str:
    """``tag`` when it is a well-formed BCP 47 language tag (as RDF requires of a literal's language).

    Raises:
        ValueError: it is not.
    """
    try:
        ox.Literal("", language=tag)
    except ValueError:
        raise ValueError(f"not a BCP 47 language tag: {tag!r}") from None
    return tag


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
        ValueError: the base does not end with ``/`` or ``#``, or is not an IRI as it stands.
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {base!r}")
        if base.count("#") > (1 if base.endswith("#") else 0) or _iri_or_none(base + "x") != base + "x":
            raise ValueError(f"base IRI must be an absolute IRI that needs no repair: {base!r}")
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
