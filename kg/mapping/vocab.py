"""The kg vocabulary as a closed rdflib namespace: a misspelt term raises instead of minting an IRI.

The terms mirror ``ontology/kg.ttl`` one for one (``tests/test_ontology.py`` proves it).

Example:
    >>> str(KG.Topic)
    'https://w3id.org/kg-medlineplus/vocab#Topic'
    >>> KG.Topik
    Traceback (most recent call last):
    ...
    AttributeError: term 'Topik' not in namespace 'https://w3id.org/kg-medlineplus/vocab#'
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = ["KG", "VOCAB", "ONTOLOGY_IRI"]

VOCAB = "https://w3id.org/kg-medlineplus/vocab#"
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-medlineplus/vocab")


class KG(DefinedNamespace):
    """Classes and properties of ``ontology/kg.ttl``."""

    _fail = True
    _NS = Namespace(VOCAB)

    # classes
    Topic: URIRef
    Resource: URIRef
    WebPage: URIRef
    JournalArticle: URIRef
    PubMedSearch: URIRef
    OrganizationPage: URIRef
    EncyclopediaArticle: URIRef
    Organization: URIRef
    Audience: URIRef
    Section: URIRef
    Group: URIRef
    Language: URIRef
    Listing: URIRef
    SourceFile: URIRef
    MeshDescriptor: URIRef
    OtherLanguagePage: URIRef
    Release: URIRef
    # object properties
    hasListing: URIRef
    topic: URIRef
    resource: URIRef
    section: URIRef
    hasResource: URIRef
    forAudience: URIRef
    primaryInstitute: URIRef
    encyclopediaArticle: URIRef
    represents: URIRef
    inGroup: URIRef
    translation: URIRef
    meshHeading: URIRef
    summaryLink: URIRef
    otherLanguage: URIRef
    spanishVersion: URIRef
    # datatype properties
    position: URIRef
    fromNIH: URIRef
    alsoInSpanish: URIRef
    partOfNIH: URIRef
    summary: URIRef
    summaryAttribution: URIRef
    sha256: URIRef
    sourceFormat: URIRef
    releaseDate: URIRef
    standardDescription: URIRef
    hiddenOnSite: URIRef
    # analysis (ontology/analysis.ttl)
    Analysis: URIRef
    Community: URIRef
    Component: URIRef
    Similarity: URIRef
    AudienceCoverage: URIRef
    community: URIRef
    component: URIRef
    bridge: URIRef
    fromTopic: URIRef
    toTopic: URIRef
    coverageOf: URIRef
    coveredAudience: URIRef
    pageRank: URIRef
    degree: URIRef
    betweenness: URIRef
    communitySize: URIRef
    componentSize: URIRef
    articulationPoint: URIRef
    resourceJaccard: URIRef
    publisherJaccard: URIRef
    neighbourRank: URIRef
    topicsServed: URIRef
    topicShare: URIRef
    listingShare: URIRef
    resourcesPublished: URIRef
    sectionsServed: URIRef
    nihShare: URIRef
    resourceCount: URIRef
    topicCount: URIRef
    SectionCount: URIRef
    countedTopic: URIRef
    countedSection: URIRef
    countedResources: URIRef
    countPosition: URIRef
    listingTopics: URIRef
    publishedResources: URIRef
    publishedTopics: URIRef
    reachedTopics: URIRef
    reachedResources: URIRef
    listingCount: URIRef
    nihListingCount: URIRef
    listedResources: URIRef
    childrenResources: URIRef
    teenagersResources: URIRef
    menResources: URIRef
    womenResources: URIRef
    seniorsResources: URIRef
    topicPosition: URIRef
    titlePosition: URIRef
    listingRank: URIRef
    publisherNames: URIRef
    totalTopics: URIRef
    totalResources: URIRef
    totalPublishers: URIRef
    totalAudiences: URIRef
    totalSections: URIRef
    totalEncyclopedia: URIRef
    totalRelated: URIRef
    coverageShare: URIRef
    randomSeed: URIRef
    betweennessPivots: URIRef
    modularity: URIRef
