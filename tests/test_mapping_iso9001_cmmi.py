"""The ISO 9001:2015 -> CMMI-DEV v1.3 mapping data file, checked against the figures of its domain page.

The numbers below are written from the page (docs: iso-9001-2015-to-cmmi-dev-1.3.md, §3 table and §5 reverse view),
not computed from the file. The last test re-reads the page's §3 table when the shared folder is present.
"""

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "frameworks" / "mappings" / "iso-9001-2015__cmmi-dev-1.3.yaml"
CMMI = ROOT / "frameworks" / "cmmi-dev-1.3.yaml"
PAGE = Path(__file__).resolve().parents[2] / "shared" / "domain" / "iso-9001-2015-to-cmmi-dev-1.3.md"

# ISO 9001:2015 clause table (iso-9001-2015.md): 28 second-level, 38 titled third-level, 2 fourth-level sub-clauses.
ISO_SECOND = (
    "4.1 4.2 4.3 4.4 5.1 5.2 5.3 6.1 6.2 6.3 7.1 7.2 7.3 7.4 7.5 8.1 8.2 8.3 8.4 8.5 8.6 8.7 9.1 9.2 9.3 10.1 10.2 10.3"
).split()
ISO_THIRD = (
    "5.1.1 5.1.2 5.2.1 5.2.2 7.1.1 7.1.2 7.1.3 7.1.4 7.1.5 7.1.6 7.5.1 7.5.2 7.5.3 "
    "8.2.1 8.2.2 8.2.3 8.2.4 8.3.1 8.3.2 8.3.3 8.3.4 8.3.5 8.3.6 8.4.1 8.4.2 8.4.3 "
    "8.5.1 8.5.2 8.5.3 8.5.4 8.5.5 8.5.6 9.1.1 9.1.2 9.1.3 9.3.1 9.3.2 9.3.3"
).split()
ISO_FOURTH = ["7.1.5.1", "7.1.5.2"]
ISO_CLAUSES = set(ISO_SECOND) | set(ISO_THIRD) | set(ISO_FOURTH)

ALL_GPS = {f"GP 2.{n}" for n in range(1, 11)} | {"GP 3.1", "GP 3.2"}


def _clause_key(clause):
    return [int(part) for part in clause.split(".")]


@pytest.fixture(scope="module")
def mapping():
    return yaml.safe_load(MAPPING.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pairs(mapping):
    return mapping["pairs"]


@pytest.fixture(scope="module")
def cmmi():
    model = yaml.safe_load(CMMI.read_text(encoding="utf-8"))
    sps = {pa["id"]: [p["id"] for goal in pa["goals"] for p in goal["practices"]] for pa in model["process_areas"]}
    gps = {p["id"] for goal in model["generic_goals"] for p in goal["practices"]}
    return sps, gps


def test_iso_clause_table_size():
    assert (len(ISO_SECOND), len(set(ISO_THIRD)), len(ISO_FOURTH)) == (28, 38, 2)
    assert len(ISO_CLAUSES) == 68


def test_header(mapping):
    assert mapping["schema"] == 1
    assert mapping["kind"] == "mapping"
    assert mapping["id"] == "iso-9001-2015__cmmi-dev-1.3"
    assert (mapping["from"], mapping["to"]) == ("iso-9001-2015", "cmmi-dev-1.3")
    assert mapping["derived"] is True
    assert {"MS03", "IMC", "BLOG-CH", "BLOG-MP", "N1293", "titles"} <= set(mapping["sources"])


def test_counts(pairs):
    assert len(pairs) == 198
    assert len({p["from"] for p in pairs}) == 55
    assert Counter(p["strength"] for p in pairs) == {"strong": 49, "partial": 149}
    assert sum(p["to"].startswith("ALL ") for p in pairs) == 26


def test_pair_fields(mapping, pairs):
    for p in pairs:
        assert isinstance(p["from"], str), p
        assert p["strength"] in {"strong", "partial"}, p
        assert p["basis"] in {"K1", "K2", "J"}, p
        assert isinstance(p["via"], str) and p["via"], p
        assert "*" not in p["to"], p
        if p["basis"] == "J":
            assert "sources" not in p, p
        else:
            assert p["sources"] and set(p["sources"]) <= set(mapping["sources"]), p


def test_row_bases(pairs):
    bases = defaultdict(set)
    for p in pairs:
        bases[p["from"]].add(p["basis"])

    def row_basis(found):
        kinds = sorted(found - {"J"})
        assert len(kinds) <= 1, found
        if not kinds:
            return "J"
        return kinds[0] + ("+J" if "J" in found else "")

    assert Counter(row_basis(b) for b in bases.values()) == {"K1": 13, "K1+J": 3, "K2": 34, "K2+J": 2, "J": 3}


def test_row_order(pairs):
    order = [p["from"] for p in pairs]
    blocks = [c for i, c in enumerate(order) if i == 0 or order[i - 1] != c]
    assert len(blocks) == 55, "each clause's pairs are one contiguous block"
    assert blocks == sorted(blocks, key=_clause_key)


def test_from_ids_are_iso_clauses(pairs):
    assert {p["from"] for p in pairs} <= ISO_CLAUSES


def test_to_ids_are_cmmi_practices(pairs, cmmi):
    sps, gps = cmmi
    assert len(sps) == 22
    for p in pairs:
        m = re.fullmatch(r"([A-Z]+) ((?:SP|GP) \d+\.\d+)", p["to"])
        assert m, p
        area, practice = m.groups()
        if area == "ALL":
            assert practice in ALL_GPS, p
        elif practice.startswith("GP"):
            assert area in sps and practice in gps, p
        else:
            assert area in sps and practice in sps[area], p


def test_no_duplicate_pairs(pairs):
    dupes = [k for k, n in Counter((p["from"], p["to"]) for p in pairs).items() if n > 1]
    assert dupes == []


def _best_strength(pairs, area):
    best = {}
    for p in pairs:
        if p["to"].startswith(area + " SP "):
            sp = p["to"].split(" ", 1)[1]
            best[sp] = "strong" if "strong" in (best.get(sp), p["strength"]) else "partial"
    return best


def test_reverse_view_cm(pairs, cmmi):
    # Page §5: CM, 7 SPs: 6 strong, 1 partial only (SP 3.2), 0 without counterpart.
    best = _best_strength(pairs, "CM")
    assert best == {
        "SP 1.1": "strong",  # 7.5.3, 8.5.2
        "SP 1.2": "strong",  # 7.5.3
        "SP 1.3": "strong",  # 8.6
        "SP 2.1": "strong",  # 8.3.6
        "SP 2.2": "strong",  # 7.5.3, 8.3.6
        "SP 3.1": "strong",  # 7.5.3, 8.5.2
        "SP 3.2": "partial",  # 7.5.3
    }
    assert len(cmmi[0]["CM"]) == 7
    clauses = {p["from"] for p in pairs if p["to"].startswith("CM SP ")}
    assert clauses == {"7.5.2", "7.5.3", "8.2.4", "8.3.6", "8.5.2", "8.5.3", "8.5.4", "8.5.6", "8.6", "8.7"}


def test_reverse_view_sam(pairs, cmmi):
    # Page §5: SAM, 6 SPs: 3 strong, 2 partial only, 1 without counterpart (SP 2.3).
    best = _best_strength(pairs, "SAM")
    assert best == {
        "SP 1.1": "partial",  # 8.4.1
        "SP 1.2": "strong",  # 8.4.1
        "SP 1.3": "strong",  # 8.4.3
        "SP 2.1": "partial",  # 8.4.1, 8.4.2, 9.1.3
        "SP 2.2": "strong",  # 8.4.2
    }
    assert set(cmmi[0]["SAM"]) - set(best) == {"SP 2.3"}
    clauses = {p["from"] for p in pairs if p["to"].startswith("SAM SP ")}
    assert clauses == {"8.4.1", "8.4.2", "8.4.3", "9.1.3"}


def test_negative_anchors(pairs):
    # Page §7: no clause maps to any DAR practice, to QPM SP 2.1-2.3, or to OPP SP 1.5.
    targets = {p["to"] for p in pairs}
    assert not any(t.startswith("DAR ") for t in targets)
    assert not targets & {"QPM SP 2.1", "QPM SP 2.2", "QPM SP 2.3", "OPP SP 1.5"}


def test_acceptance_anchors(pairs):
    # Page §7: the pairs the page is surest of.
    by_key = {(p["from"], p["to"]): (p["strength"], p["basis"]) for p in pairs}
    anchors = {
        ("7.5.3", "CM SP 1.1"): ("strong", "K1"),
        ("7.5.3", "CM SP 2.2"): ("strong", "K1"),
        ("7.5.2", "ALL GP 2.6"): ("strong", "K1"),
        ("9.2", "PPQA SP 1.1"): ("strong", "K1"),
        ("9.2", "PPQA SP 1.2"): ("strong", "K1"),
        ("5.2", "ALL GP 2.1"): ("strong", "K1"),
        ("8.4.1", "SAM SP 1.2"): ("strong", "K1"),
        ("8.2.4", "REQM SP 1.3"): ("strong", "K2"),
        ("8.3.4", "VER SP 2.2"): ("strong", "K2"),
        ("10.2", "PMC SP 2.2"): ("strong", "K1"),
    }
    for key, expected in anchors.items():
        assert by_key.get(key) == expected, key


def _page_rows(text):
    section = text.split("\n## 3.", 1)[1].split("\n## 4.", 1)[0]
    rows = []
    for line in section.splitlines():
        if re.match(r"^\| \d", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            assert len(cells) == 7, line
            rows.append(cells)
    return rows


def _page_ids(cell):
    if cell == "—":
        return []
    found = re.findall(r"`([^`]+)`(\\?\*)?", cell)
    assert re.sub(r"`[^`]+`(\\?\*)?", "", cell).replace(",", "").strip() == "", cell
    return [(pid, bool(star)) for pid, star in found]


@pytest.mark.skipif(not PAGE.exists(), reason="shared domain page not available")
def test_matches_page_table(pairs):
    expected = []
    for clause, _title, predecessor, strong, partial, basis, _note in _page_rows(PAGE.read_text(encoding="utf-8")):
        row_basis, _, sources = basis.partition(":")
        pa_sources = [s.strip() for s in sources.split(",") if s.strip()]
        correlation = [s.strip() for s in re.search(r"\[([^\]]+)\]$", predecessor).group(1).split(",")]
        for strength, cell in (("strong", strong), ("partial", partial)):
            for pid, star in _page_ids(cell):
                pair_basis = "J" if star or row_basis == "J" else row_basis.replace("+J", "")
                pair_sources = None if pair_basis == "J" else pa_sources + correlation
                expected.append((clause, pid, strength, pair_basis, pair_sources))
    assert len(expected) == 198
    actual = [(p["from"], p["to"], p["strength"], p["basis"], p.get("sources")) for p in pairs]
    assert actual == expected
