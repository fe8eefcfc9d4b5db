"""Header names in other languages, and a best guess of which column holds which field.

Appraisal workbooks come from teams who write their headers in Spanish, German or French as often as in
English: ``EXTRA_SYNONYMS`` holds the usual names per field (``map_columns`` adds them to each field's own
synonyms), compared with accents, case, spacing and punctuation ignored (``fold``). ``propose_mapping`` is the
mapping dialog's first guess: it never refuses, it proposes.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from appraise.io.table import Field

#: field -> header names in Spanish, German and French (and the odd English one the fields lack). A name is
#: listed under one field only; a field's own synonyms win over these.
EXTRA_SYNONYMS: dict[str, tuple[str, ...]] = {
    "practice": ("práctica", "id práctica", "id de práctica", "práctica id", "práctica modelo",
                 "praktik", "praktik id", "praktik-id", "praxis", "basispraktik", "pratique", "id pratique",
                 "pratique id", "pratique du modèle"),
    "project": ("proyecto", "código proyecto", "código de proyecto", "unidad", "unidad básica", "instancia",
                "projekt", "projektkürzel", "projekt-id", "projektcode", "einheit", "instanz",
                "projet", "code projet", "code du projet", "unité", "unité de base"),
    "title": ("evidencia", "título", "nombre evidencia", "artefacto", "documento", "nachweis", "nachweistitel",
              "artefakt", "preuve", "titre", "nom de la preuve", "artefact", "livrable"),
    "kind": ("type", "tipo", "art", "typ", "tipo evidencia", "tipo de evidencia", "nachweisart", "nachweistyp", "type de preuve",
             "nature"),
    "location": ("ubicación", "ruta", "enlace", "vínculo", "ablage", "speicherort", "verweis",
                 "emplacement", "chemin", "lien", "référence"),
    "value": ("valoración", "caracterización", "calificación", "valor", "bewertung", "charakterisierung",
              "einstufung", "wert", "évaluation", "caractérisation", "cotation", "valeur"),
    "assessor": ("evaluador", "evaluadora", "auditor", "assessor", "assessorin", "bewerter", "prüfer",
                 "évaluateur", "évaluatrice", "auditeur"),
    "note": ("nota", "notas", "observación", "observaciones", "comentario", "notiz", "anmerkung", "bemerkung", "bemerkungen",
             "remarque", "remarques", "commentaire"),
    "date": ("fecha", "fecha de recogida", "erfasst am", "stichtag", "date de collecte"),
    "source": ("fuente", "origen", "fuente de afirmación", "quelle", "herkunft", "source de l'affirmation",
               "origine"),
    "area": ("área", "área de práctica", "área de proceso", "prozessgebiet", "prozessbereich", "praxisbereich", "bereich",
             "domaine", "domaine de pratique", "domaine de processus"),
    "process": ("proceso", "nombre del proceso", "prozess", "prozessname", "processus", "nom du processus"),
    "description": ("descripción", "detalle", "beschreibung", "erläuterung", "description détaillée",
                    "détail"),
    "channel": ("canal", "medio", "kanal", "medium", "forum", "moyen"),
    "weakness": ("debilidad", "debilidades", "brecha", "schwäche", "schwachstelle", "schwächen",
                 "faiblesse", "faiblesses", "point faible", "weaknesses", "gap"),
    "strength": ("fortaleza", "fortalezas", "punto fuerte", "stärke", "stärken", "force", "forces",
                 "point fort", "points forts", "strengths"),
}


def fold(name: str) -> str:
    """A header with accents, case, spacing and punctuation dropped: ``" Práctica-ID "`` is ``practicaid``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ß", "ss")
    return re.sub(r"[^a-z0-9]", "", text.lower())


def names_of(name: str, field: Field | None = None) -> tuple[str, ...]:
    """Every name a header may give ``name``: the field's name, its own synonyms, then ``EXTRA_SYNONYMS``."""
    own = (field.name, *field.synonyms) if field is not None else (name,)
    return (*own, *EXTRA_SYNONYMS.get(name, ()))


def header_index(fields: Mapping[str, Field]) -> dict[str, str]:
    """Folded header name -> field name; a field's own synonyms win over another field's extra ones."""
    out: dict[str, str] = {}
    for name in fields:
        for synonym in EXTRA_SYNONYMS.get(name, ()):
            out.setdefault(fold(synonym), name)
    for f in fields.values():
        for synonym in (f.name, *f.synonyms):
            out[fold(synonym)] = f.name
    return out


def _as_fields(fields: Mapping[str, Field] | Iterable[str]) -> dict[str, Field]:
    if isinstance(fields, Mapping):
        return dict(fields)
    return {name: Field(name, ()) for name in fields}


#: A proposal below this score is no proposal (difflib's ratio on the folded names).
MIN_SCORE = 0.78


def _score(header: str, names: Sequence[str]) -> float:
    key = fold(header)
    if not key:
        return 0.0
    best = 0.0
    for name in names:
        other = fold(name)
        if not other:
            continue
        if key == other:
            return 1.0
        if len(other) >= 4 and (key.startswith(other) or key.endswith(other)):
            best = max(best, 0.9)
        elif len(other) >= 5 and other in key:
            best = max(best, 0.85)
        else:
            best = max(best, difflib.SequenceMatcher(None, key, other).ratio())
    return best


def propose_mapping(headers: Sequence[str], fields: Mapping[str, Field] | Iterable[str]) -> dict[str, int]:
    """field -> column index, the best guess for each field a header seems to name (the mapping dialog's
    proposal). Exact names first (any language, case, accents), then names a header starts or ends with, then
    close spellings; each column goes to one field. Never raises: a field nothing fits is left out."""
    known = _as_fields(fields)
    scored: list[tuple[float, int, str]] = []
    for name, f in known.items():
        names = names_of(name, f)
        for i, header in enumerate(headers):
            score = _score(str(header or ""), names)
            if score >= MIN_SCORE:
                scored.append((score, i, name))
    out: dict[str, int] = {}
    taken: set[int] = set()
    field_order = {name: n for n, name in enumerate(known)}
    for _, i, name in sorted(scored, key=lambda s: (-s[0], s[1], field_order[s[2]])):
        if name in out or i in taken:
            continue
        out[name] = i
        taken.add(i)
    return out


__all__ = ["EXTRA_SYNONYMS", "fold", "header_index", "names_of", "propose_mapping"]
