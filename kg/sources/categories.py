"""The headings MedlinePlus lists resources under: sections and audiences, English and Spanish.

Example:
    >>> heading("Journal Articles References and abstracts from MEDLINE/PubMed")
    Heading(name='Journal Articles', description='References and abstracts from MEDLINE/PubMed', audience=None)
    >>> heading("Children").audience
    'children'
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.records import Heading

__all__ = [
    "SECTIONS",
    "AUDIENCE_LABELS",
    "AUDIENCES",
    "ENCYCLOPEDIA",
    "FLAGS",
    "REFINEMENTS",
    "heading",
    "title_audiences",
]

#: Section names as MedlinePlus spells them (current, older and Spanish files).
SECTIONS: tuple[str, ...] = (
    "Start Here", "Symptoms", "Diagnosis and Tests", "Prevention and Risk Factors",
    "Treatments and Therapies", "Living With", "Learn More", "Related Issues", "Specifics",
    "Genetics", "Videos and Tutorials", "Health Check Tools", "Images", "Statistics and Research",
    "Clinical Trials", "Journal Articles", "Reference Desk", "Find an Expert", "Patient Handouts",
    "Encyclopedia", "Case Reports", "Financial Issues",
    "Overviews", "Latest News", "Specific Conditions", "Diagnosis/Symptoms", "Organizations",
    "Videos", "Tutorials",
    "Comience aquí", "Síntomas", "Diagnóstico y exámenes", "Prevención y factores de riesgo",
    "Tratamientos y terapias", "Viviendo con...", "Más información", "Asuntos relacionados",
    "Asuntos específicos", "Interactivos y videos", "Imágenes", "Estadísticas e investigación",
    "Especialistas",
)  # fmt: skip

#: Every audience kg knows, by key: its English and Spanish labels, the audience it refines, and
#: whether MedlinePlus uses its labels as section headings (the one table of audiences).
AUDIENCE_LABELS: dict[str, tuple[str, str, str | None, bool]] = {
    "children": ("Children", "Niños", None, True),
    "teenagers": ("Teenagers", "Adolescentes", None, True),
    "men": ("Men", "Hombres", None, True),
    "women": ("Women", "Mujeres", None, True),
    "seniors": ("Seniors", "Personas mayores", None, True),
    "parents": ("Parents", "Padres", None, False),
    "kids": ("Kids", "Niños pequeños", "children", False),
}

#: Audience headings and the audience key each stands for: the labels above, and older names.
AUDIENCES: dict[str, str] = {
    **{label: key for key, (en, es, _, heading) in AUDIENCE_LABELS.items() if heading for label in (en, es)},
    "Older Adults": "seniors",
}

#: Categories that mean a Medical Encyclopedia article, not a section.
ENCYCLOPEDIA: frozenset[str] = frozenset({"Encyclopedia", "Enciclopedia"})

#: Categories that flag the resource instead of placing it: what each one sets.
FLAGS: dict[str, str] = {
    "Spanish/Español": "spanish-language",
    "NON-DISPLAY (Patient Handout)": "hidden",
}

#: Parenthesised words in a title that say whom the resource is written for.
REFINEMENTS: dict[str, str] = {
    "for parents": "parents",
    "for kids": "kids",
    "for teens": "teenagers",
    "para padres": "parents",
    "para niños": "kids",
    "para adolescentes": "teenagers",
}
_REFINEMENT = re.compile(r"\((" + "|".join(REFINEMENTS) + r")\)", re.IGNORECASE)

_KNOWN = sorted([*SECTIONS, *AUDIENCES], key=len, reverse=True)


@lru_cache(maxsize=4096)
def heading(text: str) -> Heading:
    """The :class:`Heading` a heading's text names.

    A known name at the start of the text is the heading's name and the rest its description
    (the page dump writes "Journal Articles References and abstracts from …" as one heading);
    an unknown heading is named by its whole text.
    """
    text = " ".join(text.split())
    for name in _KNOWN:
        if text == name or text.startswith(name + " "):
            rest = text[len(name) :].strip() or None
            return Heading(name=name, description=rest, audience=AUDIENCES.get(name))
    return Heading(name=text)


def title_audiences(title: str) -> tuple[str, ...]:
    """The audiences a title's own wording names.

    Example:
        >>> title_audiences("What Is a Gene? (For Kids)"), title_audiences("Genes")
        (('kids',), ())
    """
    return tuple(dict.fromkeys(REFINEMENTS[m.lower()] for m in _REFINEMENT.findall(title)))
