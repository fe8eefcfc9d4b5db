"""The HTML report (X1: one file, inline CSS, charts as inline SVG, no script, no external URL), read back with
lxml's HTML parser and, where Chromium is installed, loaded in real headless Chromium.

From a hand-built ``Document`` (every kind of block, a palette, a chart, team text full of ``<&"``) and from the
three bundled samples built into tmp_path (acme-ml2 SCAMPI ML2, orion-v3 CMMI V3.0, acme-iso9001 audit).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import browser
import pytest

from appraise.io.deliver import html as report
from appraise.io.deliver import write
from appraise.schemes.document import (
    Bullets,
    Cell,
    Chart,
    Document,
    Facts,
    Findings,
    Paragraph,
    Section,
    Series,
    Signatures,
    Table,
    anonymize,
    cell_text,
)
from appraise.services import Appraisal, build_sample
from appraise.services.deliverables import document as deliverable

SAMPLES = ("acme-ml2", "orion-v3", "acme-iso9001")
NASTY = 'Dana <b>O\'Hara</b> & "Sons"'
EVIDENCE_URL = "https://dms.example.test/alpha/SRS.docx?a=1&b=2"
PALETTE = {"FM": "#00B050", "LM": "#FFFF00", "NY": "#FF0000"}


def parse(text: str):
    import lxml.html

    return lxml.html.document_fromstring(text)


def hand_built() -> Document:
    """Every block the contract names, with values a test can find again."""
    chart = Chart("Capability profile", ("ADO", "a rather long area name", "VOY"),
                  (Series("P1", (1.0, 3.0, None)), Series("Aggregated", (2.0, 0.0, 5.0))),
                  y_max=5, axis_title="Level", labels={0: "CL0", 1: "CL1", 2: "CL2", 3: "CL3", 4: "CL4", 5: "CL5"})
    grid = Table(("Practice", "Title", "P1", "P2", "OU"),
                 ((Cell("ADO", bold=True), Cell("Adoption", bold=True), "", "", "FM"),
                  ("ADO 1.1", "Use < & >", "FM", "LM", "LM"),
                  ("ADO 2.1", "Deploy", Cell("", fill="#000000"), "NY", Cell("NY", fill="#123456"))),
                 title="Adoption grid", groups=(("Practice", 2), ("Units", 2), ("", 1)), coloured=True,
                 levels=(0, 1, 1), key="grid-ado")
    evidence = Table(("ID", "Title", "Location"),
                     (("1", "Plan", Cell(EVIDENCE_URL, link=EVIDENCE_URL)),
                      ("2", "Bad link", Cell("javascript:alert(1)", link="javascript:alert(1)"))))
    return Document(
        "Final findings", "Orion <Voyages> & Co", kind="Final findings", palette=PALETTE,
        sections=(
            Section("cover", "Final findings", (Paragraph("Benchmark appraisal, generated 2026-12-06"),), kind="title"),
            Section("scope", "Scope", (Facts((("Organization", "Orion"), ("Sponsor", ""))),
                                       Paragraph("Sampled, not exhaustive.", "disclaimer"),
                                       Paragraph("Rule V4.2 applied.", "note"))),
            Section("team", "Appraisal team", (Table(("Role", "Name"), (("Lead appraiser", NASTY),)),), team=True),
            Section("part", "Practice Area Findings", kind="divider"),
            Section("findings:ADO", "Adoption (ADO)", (Findings((("Strengths", ("Plans are <reviewed> weekly",)),
                                                               ("Weaknesses", ()))),)),
            Section("profile", "Profile", (chart, grid, Bullets((), title="Open items"), Table(("A", "B"), ()))),
            Section("evidence", "Evidence index", (evidence,)),
            Section("deck-only", "Deck only", (Paragraph("not in the report"),), where=("deck",)),
            Section("signatures", "Team affirmation", (Signatures("We affirm the results.", (("Lead appraiser", NASTY),)),),
                    team=True),
        ))


def urls(tree) -> list[str]:
    return [v for el in tree.iter() for k, v in el.attrib.items() if k in ("src", "href", "xlink:href", "action")]


def assert_self_contained(tree, allowed: set[str]) -> None:
    assert tree.xpath("//script") == [] and tree.xpath("//iframe|//object|//embed|//link|//img") == []
    assert [el for el in tree.iter() if any(k.startswith("on") for k in el.attrib)] == []
    for url in urls(tree):
        assert url.startswith("#") or url in allowed, url
    for style in tree.xpath("//style/text()") + [el.get("style", "") for el in tree.iter()]:
        assert "url(" not in style and "@import" not in style


# -- from a hand-built document -----------------------------------------------------------------------------------


def test_sections_in_order_with_a_cover_a_contents_and_no_deck_only_section():
    doc = hand_built()
    tree = parse(report.render(doc))
    ids = [s.get("id") for s in tree.xpath("//section")]
    assert ids == [s.id for s in doc.for_("report")] and "deck-only" not in ids
    assert tree.xpath("//section[@id='cover']/h1/text()") == ["Final findings"]
    assert tree.xpath("//section[@id='cover']//p[@class='subtitle']/text()") == ["Orion <Voyages> & Co"]
    assert [a.get("href") for a in tree.xpath("//nav//a")] == [f"#{s.id}" for s in doc.for_("report")[1:]]
    for section in doc.for_("report")[1:]:
        assert tree.xpath(f"//section[@id='{section.id}']/h2/text()") == [section.title]


def test_one_file_without_script_or_external_url_except_the_recorded_evidence_link():
    tree = parse(report.render(hand_built()))
    assert_self_contained(tree, {EVIDENCE_URL})
    link = tree.xpath("//a[starts-with(@href, 'https:')]")
    assert [(a.get("href"), a.get("rel"), a.text) for a in link] == [(EVIDENCE_URL, "noreferrer", EVIDENCE_URL)]
    # a location that is not a web or file address stays text
    assert tree.xpath("//a[contains(@href, 'javascript')]") == []
    assert "javascript:alert(1)" in tree.xpath("//section[@id='evidence']//td/text()")


def test_team_text_is_escaped_and_reads_back_as_written():
    text = report.render(hand_built())
    assert "<b>O'Hara</b>" not in text and "&lt;b&gt;O&#x27;Hara&lt;/b&gt; &amp; &quot;Sons&quot;" in text
    tree = parse(text)
    assert tree.xpath("//section[@id='team']//td/text()")[1] == NASTY
    assert tree.xpath("//section[@id='signatures']//td/text()")[1] == NASTY
    assert tree.xpath("/html/head/title/text()") == ["Final findings — Orion <Voyages> & Co"]


def test_table_cells_groups_levels_and_colours_equal_the_input():
    doc = hand_built()
    grid = doc.sections[5].blocks[1]
    assert isinstance(grid, Table)
    tree = parse(report.render(doc))
    table = tree.xpath("//table[@id='table-grid-ado']")[0]
    assert [(th.text_content(), th.get("colspan")) for th in table.xpath("thead/tr[@class='groups']/th")] == [
        ("Practice", "2"), ("Units", "2"), ("", "1")]
    assert [th.text_content() for th in table.xpath("thead/tr[not(@class)]/th")] == list(grid.columns)
    rows = table.xpath("tbody/tr")
    assert [[td.text_content() for td in tr.xpath("td")] for tr in rows] == [
        [cell_text(c) for c in row] for row in grid.rows]
    assert [tr.get("class") for tr in rows] == ["level-0", "level-1", "level-1"]
    assert rows[0].xpath("td[1]/strong/text()") == ["ADO"]

    def fill(td) -> str:
        m = re.search(r"background:(#[0-9a-f]{6})", td.get("style") or "")
        return m.group(1) if m else ""

    assert [fill(td) for td in rows[1].xpath("td")] == ["", "", "#00b050", "#ffff00", "#ffff00"]
    # Cell.fill wins over the palette; dark fills get white text, yellow gets dark text
    assert [fill(td) for td in rows[2].xpath("td")] == ["", "", "#000000", "#ff0000", "#123456"]
    assert "color:#ffffff" in rows[2].xpath("td")[2].get("style")
    assert "color:#111111" in rows[1].xpath("td")[3].get("style")
    legend = table.getparent().getnext()
    assert legend.get("class") == "legend"
    assert [(li.text_content(), li.xpath("span/@style")[0]) for li in legend.xpath("li")] == [
        ("FM", "background:#00b050"), ("LM", "background:#ffff00"), ("NY", "background:#ff0000")]


def test_facts_findings_bullets_and_empty_tables_say_what_is_missing():
    tree = parse(report.render(hand_built()))
    facts = tree.xpath("//section[@id='scope']//table[@class='facts']//tr")
    assert [(tr.xpath("th")[0].text, tr.xpath("td")[0].text_content()) for tr in facts] == [
        ("Organization", "Orion"), ("Sponsor", "not recorded")]
    assert tree.xpath("//section[@id='scope']/div[@class='disclaimer']/p/text()") == ["Sampled, not exhaustive."]
    findings = tree.xpath("//section[@id='findings:ADO']//div[@class='findings']")[0]
    assert findings.xpath("h4/text()") == ["Strengths", "Weaknesses"]
    assert findings.xpath("ul/li/text()") == ["Plans are <reviewed> weekly"]
    assert findings.xpath("p[@class='empty']/text()") == ["None"]
    profile = tree.xpath("//section[@id='profile']")[0]
    assert profile.xpath("h3[.='Open items']/following-sibling::p[1]/text()") == ["None"]
    assert profile.xpath(".//td[@class='empty']/text()") == ["None"]


def test_signatures_have_empty_signature_and_date_cells():
    tree = parse(report.render(hand_built()))
    sig = tree.xpath("//section[@id='signatures']")[0]
    assert sig.xpath("p/text()") == ["We affirm the results."]
    assert [th.text for th in sig.xpath(".//th")] == ["Role", "Name", "Signature", "Date"]
    assert [td.text_content() for td in sig.xpath(".//tbody/tr/td")] == ["Lead appraiser", NASTY, "", ""]


def test_the_chart_is_inline_svg_whose_bars_carry_the_series_values():
    doc = hand_built()
    chart = doc.sections[5].blocks[0]
    assert isinstance(chart, Chart)
    tree = parse(report.render(doc))
    svg = tree.xpath("//figure[@class='chart']/*[local-name()='svg']")
    assert len(svg) == 1
    bars = svg[0].xpath(".//*[local-name()='rect'][@data-value]")
    got = {(b.get("data-series"), b.get("data-category")): float(b.get("data-value")) for b in bars}
    want = {(s.name, c): v for s in chart.series for c, v in zip(chart.categories, s.values, strict=True)
            if v is not None}
    assert got == want
    # taller bars for higher values, one colour per series, a hover title each
    height = {k: float(b.get("height")) for k, b in zip(got, bars, strict=True)}
    assert height[("Aggregated", "VOY")] > height[("P1", "a rather long area name")] > height[("P1", "ADO")]
    assert {b.get("fill") for b in bars if b.get("data-series") == "P1"} != {
        b.get("fill") for b in bars if b.get("data-series") == "Aggregated"}
    assert all(b.xpath("*[local-name()='title']") for b in bars)
    ticks = svg[0].xpath(".//*[local-name()='text'][@class='tick']/text()")
    assert ticks == ["CL0", "CL1", "CL2", "CL3", "CL4", "CL5"]
    assert svg[0].xpath(".//*[local-name()='g'][@class='legend-item']/*[local-name()='text']/text()") == [
        "P1", "Aggregated"]
    # the long category name is turned so it does not run into its neighbours
    long_label = svg[0].xpath(".//*[local-name()='text'][.='a rather long area name']")[0]
    assert "rotate(-45" in long_label.get("transform", "")


def test_horizontal_bars_and_a_chart_without_y_max():
    chart = Chart("Counts", ("Clause 4", "Clause 5"), (Series("Findings", (3.0, 12.0)),), kind="bar")
    doc = Document("R", "", (Section("c", "Counts", (chart,)),))
    svg = parse(report.render(doc)).xpath("//*[local-name()='svg']")[0]
    bars = svg.xpath(".//*[local-name()='rect'][@data-value]")
    assert [(b.get("data-category"), b.get("data-value")) for b in bars] == [("Clause 4", "3"), ("Clause 5", "12")]
    assert float(bars[1].get("width")) == pytest.approx(4 * float(bars[0].get("width")))
    assert svg.xpath(".//*[local-name()='text'][@class='tick']/text()")[-1] == "12"


def test_write_goes_through_the_deliverables_seam(tmp_path: Path):
    out = write(hand_built(), "html", tmp_path / "report.html")
    assert out == tmp_path / "report.html" and [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert parse(out.read_text(encoding="utf-8")).xpath("//section/@id")[0] == "cover"


def test_print_styles_ask_for_a4_landscape_repeated_headers_and_whole_rows():
    css = parse(report.render(hand_built())).xpath("//style/text()")[0]
    assert "size: A4 landscape" in css and "display: table-header-group" in css
    assert re.search(r"tr, figure\.chart[^{]*\{ break-inside: avoid", css)


# -- from the real samples ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("samples")
    built = {}
    for name in SAMPLES:
        with build_sample(name, folder / f"{name}.appraisal", who="Lead appraiser"):
            pass
        built[name] = folder / f"{name}.appraisal"
    return built


@pytest.mark.parametrize("name", SAMPLES)
def test_a_sample_report_holds_every_section_and_table_cell(samples: dict[str, Path], name: str, tmp_path: Path):
    with Appraisal.open(samples[name]) as appraisal:
        doc = deliverable(appraisal)
    tree = parse(report.render(doc))
    sections = doc.for_("report")
    assert tree.xpath("//section/@id") == [s.id for s in sections]
    tables = [b for s in sections for b in s.blocks if isinstance(b, Table)]
    drawn = tree.xpath("//table[contains(concat(' ', @class, ' '), ' data ')]")
    assert len(drawn) == len(tables)
    for table, html_table in zip(tables, drawn, strict=True):
        rows = [[td.text_content() for td in tr.xpath("td")] for tr in html_table.xpath("tbody/tr")]
        if table.rows:
            assert rows == [[cell_text(c) for c in r] + [""] * (len(rows[0]) - len(r)) for r in table.rows]
        else:
            assert rows == [[table.empty]]
    links = {c.link for t in tables for r in t.rows for c in r if isinstance(c, Cell) and c.link}
    assert_self_contained(tree, links)
    assert tree.xpath("//a[@rel='noreferrer']") or not links


def test_an_anonymized_sample_report_names_no_project(samples: dict[str, Path]):
    with Appraisal.open(samples["acme-ml2"]) as appraisal:
        codes = appraisal.info.projects
        doc = deliverable(appraisal, anonymize_projects=True)
        plain = report.render(deliverable(appraisal))
    text = report.render(doc)
    assert codes and all(re.search(rf"(?<![\w-]){c}(?![\w-])", plain) for c in codes)
    for code in codes:
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", parse(text).text_content()), code
    assert "Project 1" in text
    assert report.render(anonymize(doc, codes)) == text


# -- in real headless Chromium ----------------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(browser.CHROMIUM is None, reason=browser.NO_CHROMIUM)


@needs_chromium
def test_the_console_check_sees_a_script_error(tmp_path: Path):
    """The check below can fail: a page that throws is caught."""
    page = tmp_path / "bad.html"
    page.write_text("<html><body><p>x</p><script>undefinedFunction();</script></body></html>")
    result = browser.dump_dom(page)
    assert result.console_errors() and "undefinedFunction" in result.console_errors()[0]


@needs_chromium
def test_chromium_loads_the_report_without_a_console_message_and_draws_the_bars(tmp_path: Path):
    doc = hand_built()
    page = write(doc, "html", tmp_path / "report.html")
    result = browser.dump_dom(page)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.console() == []
    dom = parse(result.stdout)
    bars = dom.xpath("//*[local-name()='svg']//*[local-name()='rect'][@data-value]")
    chart = doc.sections[5].blocks[0]
    assert isinstance(chart, Chart)
    assert sorted(float(b.get("data-value")) for b in bars) == sorted(
        v for s in chart.series for v in s.values if v is not None)
    assert dom.xpath("//section/@id") == [s.id for s in doc.for_("report")]


@needs_chromium
def test_a_screenshot_of_a_sample_report_is_a_real_picture(samples: dict[str, Path], tmp_path: Path):
    with Appraisal.open(samples["orion-v3"]) as appraisal:
        page = write(deliverable(appraisal), "html", tmp_path / "orion.html")
    png = tmp_path / "orion.png"
    result = browser.screenshot(page, png, "1280,1600")
    assert result.returncode == 0 and result.console() == [], result.stderr[-500:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 1600)


def test_a_real_rating_profile_is_drawn_bar_for_bar(samples: dict[str, Path]):
    from appraise.schemes.sections import profile_chart

    with Appraisal.open(samples["orion-v3"]) as appraisal:
        tree = appraisal.rate()
    chart = profile_chart(tree)
    assert chart is not None
    doc = Document("Profile", "Orion", (Section("profile", "Rating profile", (chart,)),))
    bars = parse(report.render(doc)).xpath("//*[local-name()='rect'][@data-value]")
    levels = {a.id: re.search(r"\d+", a.value or "") for a in tree.areas}
    assert {b.get("data-category"): int(b.get("data-value")) for b in bars} == {
        area: int(m.group()) for area, m in levels.items() if m}
    # an area without a level (not rated yet) draws no bar, and says so by its absence, not by a zero
    assert len(bars) == sum(1 for m in levels.values() if m) >= 5
