"""The headings MedlinePlus lists resources under: sections and audiences, English and Spanish.

Example:
    >>> heading("Journal Articles References and abstracts from MEDLINE/PubMed")
    Heading(name='Journal Articles', description='References and abstracts from MEDLINE/PubMed', audience=None)
    >>> heading("Children").audience
    'children'
"""

from __future__ import annotations

from kg.records import Heading

__all__ = ["SECTIONS", "AUDIENCES", "heading"]

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

#: Audience headings and the audience key each stands for.
AUDIENCES: dict[str, str] = {
    "Children": "children",
    "Teenagers": "teenagers",
    "Men": "men",
    "Women": "women",
    "Seniors": "seniors",
    "Older Adults": "seniors",
    "Niños": "children",
    "Adolescentes": "teenagers",
    "Hombres": "men",
    "Mujeres": "women",
    "Personas mayores": "seniors",
}

_KNOWN = sorted([*SECTIONS, *AUDIENCES], key=len, reverse=True)


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
