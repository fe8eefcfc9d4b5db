"""The findings presentation: a ``Document``'s deck sections as a 16:9 PowerPoint deck (python-pptx).

One slide per section, more when its blocks do not fit (the title then says "(cont.)"): the cover on the title
layout, a divider on a section-header layout, content on a title-and-content layout — each found by its
placeholders, not its name, so a corporate ``--template`` (.pptx or .potx) lends its master, layouts and theme.
The template's own slides are dropped, except those a section takes verbatim (``Section.from_template``: the
findings definitions, FF2), which move to that section's place. Tables and charts are native shapes (X1).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from appraise.errors import UsageError
from appraise.io.export import write_atomically
from appraise.schemes.document import Document, Paragraph, Section

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
#: The content area when a layout has no body placeholder to take it from: (left, top, width, height).
MARGIN, TITLE_BOTTOM = 0.5, 1.45
TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
DECK_MAIN = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def write(document: Document, dest: Path, template: str | Path | None = None) -> Path:
    """Draw ``document``'s deck into ``dest`` (atomically); ``template``: the user's deck or template whose master,
    layouts and theme the slides take."""
    prs = _open(template)
    deck = _Deck(prs, document)
    sld_ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public way to reorder or drop slides
    originals = list(sld_ids)
    titled = [(el, _title_of(slide).lower()) for el, slide in zip(originals, prs.slides, strict=False)]
    order: list[Any] = []
    for section in document.for_("deck"):
        wanted = section.from_template.lower()
        kept = [el for el, title in titled if wanted and wanted in title and el not in order]
        if kept:
            order.extend(kept)
            continue
        before = len(sld_ids)
        deck.section(section)
        order.extend(list(sld_ids)[before:])
    for el in list(sld_ids):
        sld_ids.remove(el)
    for el in order:
        sld_ids.append(el)
    for el in originals:
        if el not in order:
            prs.part.drop_rel(el.rId)
    _forget_slide_lists(prs)
    _own_properties(prs, document)
    buffer = io.BytesIO()
    prs.save(buffer)
    write_atomically(dest, buffer.getvalue(), "the presentation")
    return dest


def _forget_slide_lists(prs: Any) -> None:
    """The template's own lists of its slides go: its sections (PowerPoint 2010's ``p14:sectionLst``) and custom
    shows name slides that are gone and miss the new ones, which PowerPoint would offer to repair."""
    root = prs.part._element  # noqa: SLF001 - python-pptx has no API for these lists
    for el in root.xpath("./p:custShowLst | ./p:extLst/p:ext[*[local-name()='sectionLst']]"):
        el.getparent().remove(el)


def _own_properties(prs: Any, document: Document) -> None:
    """The deck's file properties are the document's, never a person's (N1): python-pptx's default deck names its
    author and a template names whoever made it; the application properties (a template's company, its slide
    count) and the thumbnail go, the file being valid without them."""
    import datetime as dt

    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    props = prs.core_properties
    for name in ("author", "last_modified_by", "keywords", "comments", "category", "content_status", "identifier",
                 "language", "version", "subject"):
        setattr(props, name, "")
    props.title = document.title
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.last_printed = now
    props.revision = 1
    package = prs.part.package
    for rId, rel in list(package._rels.items()):  # noqa: SLF001 - python-pptx has no API to drop a package part
        if rel.reltype in (RT.EXTENDED_PROPERTIES, RT.THUMBNAIL):  # a template's thumbnail shows its own slide
            package._rels.pop(rId)  # noqa: SLF001


# -- the template --------------------------------------------------------------------------------------------------


def _open(template: str | Path | None) -> Any:
    from pptx import Presentation
    from pptx.util import Inches

    if template is None:
        prs = Presentation()
        _widen(prs, SLIDE_W / (prs.slide_width / 914400))
        prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
        return prs
    p = Path(template)
    if p.suffix.lower() not in (".pptx", ".potx"):
        raise UsageError(f"{p}: a template is a PowerPoint deck (.pptx) or template (.potx)")
    if not p.is_file():
        raise UsageError(f"{p}: no such template")
    try:
        return Presentation(io.BytesIO(_as_deck(p.read_bytes())))
    except Exception as exc:  # noqa: BLE001 - a damaged file fails in zipfile, lxml or python-pptx alike
        raise UsageError(f"{p}: not a PowerPoint deck or template that can be read ({type(exc).__name__})") from None


def _as_deck(data: bytes) -> bytes:
    """A .potx read as a .pptx: its main part's content type is the only difference python-pptx minds."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if TEMPLATE_MAIN not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                body = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    body = body.replace(TEMPLATE_MAIN, DECK_MAIN)
                target.writestr(info, body)
    return out.getvalue()


def _widen(prs: Any, factor: float) -> None:
    """python-pptx's own 4:3 master and layouts stretched to 16:9 (layouts first: theirs inherit the master's)."""
    shapes = [ph for layout in prs.slide_layouts for ph in layout.placeholders] + list(prs.slide_master.shapes)
    boxes = [(s.left, s.top, s.width, s.height) for s in shapes]  # read all before any is written
    for shape, (left, top, width, height) in zip(shapes, boxes, strict=True):
        shape.left, shape.top, shape.width, shape.height = int(left * factor), top, int(width * factor), height


def _title_of(slide: Any) -> str:
    title = slide.shapes.title
    if title is not None and title.has_text_frame:
        return str(title.text_frame.text)
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text.strip():
            return str(shape.text_frame.text)
    return ""


#: The sizes (points) a title too long for one line at the layout's own size is set in, largest first; at the last
#: it wraps.
TITLE_SIZES = (40, 36, 32, 28)


def _title_size(shape: Any, title: str) -> None:
    """A long title in the largest size that keeps it on one line (not below 28 pt), so it does not run into the
    slide's body; a title that fits keeps the template's size."""
    from pptx.util import Pt

    from appraise.io.deliver.pptx_table import lines_of

    width = ((shape.width or 0) / 914400 - 0.2) * 0.85  # a title face is wider than body text's average
    if width <= 0 or lines_of(title, width, 44) == 1:  # 44 pt: Office's own title size
        return
    size = next((pt for pt in TITLE_SIZES if lines_of(title, width, pt) == 1), TITLE_SIZES[-1])
    for run in shape.text_frame.paragraphs[0].runs:
        run.font.size = Pt(size)


# -- layouts, picked by their placeholders -------------------------------------------------------------------------


def _placeholders(layout: Any) -> list[tuple[int, Any]]:
    from pptx.enum.shapes import PP_PLACEHOLDER as PH

    furniture = {PH.DATE, PH.FOOTER, PH.SLIDE_NUMBER}
    return [(int(ph.placeholder_format.type), ph) for ph in layout.placeholders
            if ph.placeholder_format.type not in furniture]


def _vertical(ph: Any) -> bool:
    return str(ph.element.ph_orient) == "vert"


class _Layouts:
    """The template's title, divider and content layouts, chosen by the placeholders they hold."""

    def __init__(self, prs: Any) -> None:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH

        title, body, obj = int(PH.TITLE), int(PH.BODY), int(PH.OBJECT)
        centre, sub = int(PH.CENTER_TITLE), int(PH.SUBTITLE)
        self.cover = self.divider = self.content = self.title_only = None
        bodies: list[tuple[float, Any, int]] = []
        fewest: tuple[int, Any] | None = None
        for layout in prs.slide_layouts:
            phs = _placeholders(layout)
            kinds = [k for k, _ in phs]
            if fewest is None or len(kinds) < fewest[0]:
                fewest = (len(kinds), layout)
            if any(_vertical(ph) for _, ph in phs):
                continue
            if self.cover is None and (centre in kinds or (title in kinds and sub in kinds)):
                self.cover = layout
            elif kinds == [title] and self.title_only is None:
                self.title_only = layout
            elif sorted(kinds) in ([title, body], [title, obj]):
                ph = next(ph for k, ph in phs if k != title)
                bodies.append((float(ph.width or 0) * float(ph.height or 0), layout, kinds.count(obj)))
        # content: the largest body (an "object" placeholder first); divider: another one-body layout
        bodies.sort(key=lambda b: (b[2], b[0]), reverse=True)
        if bodies:
            self.content = bodies[0][1]
            others = [b for b in bodies[1:] if b[2] == 0] or bodies[1:]
            self.divider = min(others, key=lambda b: b[0])[1] if others else None
        self.blank = fewest[1] if fewest else prs.slide_layouts[0]


# -- drawing the sections ------------------------------------------------------------------------------------------


class _Deck:
    def __init__(self, prs: Any, document: Document) -> None:
        self.prs = prs
        self.document = document
        self.layouts = _Layouts(prs)
        self.width = prs.slide_width / 914400
        self.height = prs.slide_height / 914400
        self.area = self._area()

    def section(self, section: Section) -> None:
        if section.kind == "title":
            self._cover(section)
        elif section.kind == "divider":
            self._divider(section)
        else:
            self._content(section, section.blocks)

    def _new(self, layout: Any, title: str, notes: str) -> Any:
        from pptx.util import Inches, Pt

        slide = self.prs.slides.add_slide(layout if layout is not None else self.layouts.blank)
        shape = slide.shapes.title
        if shape is None:
            shape = slide.shapes.add_textbox(Inches(MARGIN), Inches(0.35), Inches(self.width - 2 * MARGIN),
                                             Inches(0.9))
            shape.text_frame.word_wrap = True
            shape.text_frame.text = title
            shape.text_frame.paragraphs[0].runs[0].font.size = Pt(30)
        else:
            shape.text_frame.text = title
            _title_size(shape, title)
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        return slide

    def _fill_or_drop(self, slide: Any, kinds: set[int], text: str) -> bool:
        """The first placeholder of ``kinds`` gets ``text``; every other empty placeholder is removed."""
        filled = False
        title = getattr(slide.shapes.title, "element", None)
        for ph in list(slide.placeholders):
            if ph.element is title:
                continue
            if not filled and text and int(ph.placeholder_format.type) in kinds:
                ph.text_frame.text = text
                filled = True
            else:
                ph.element.getparent().remove(ph.element)
        return filled

    def _cover(self, section: Section) -> None:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH

        from appraise.io.deliver.pptx_flow import Para, draw_text

        lines = [line for b in section.blocks if isinstance(b, Paragraph) for line in b.text.split("\n")]
        if self.document.subtitle and self.document.subtitle not in lines:
            lines.insert(0, self.document.subtitle)
        slide = self._new(self.layouts.cover, section.title or self.document.title, section.notes)
        text = "\n".join(lines)
        if not self._fill_or_drop(slide, {int(PH.SUBTITLE), int(PH.BODY)}, text) and text:
            draw_text(slide, tuple(Para(t, 20) for t in lines), MARGIN, self.height * 0.55,
                      self.width - 2 * MARGIN, 2.5)
        self._content_rest(section, [b for b in section.blocks if not isinstance(b, Paragraph)])

    def _divider(self, section: Section) -> None:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH

        text = "\n".join(b.text for b in section.blocks if isinstance(b, Paragraph))
        layout = self.layouts.divider or self.layouts.title_only or self.layouts.content
        slide = self._new(layout, section.title, section.notes)
        self._fill_or_drop(slide, {int(PH.BODY), int(PH.OBJECT), int(PH.SUBTITLE)}, text)
        self._content_rest(section, [b for b in section.blocks if not isinstance(b, Paragraph)])

    def _content_rest(self, section: Section, blocks: list[Any]) -> None:
        """What a cover or divider holds besides its text, on content slides after it."""
        if blocks:
            self._content(section, tuple(blocks), first=f"{section.title} (cont.)")

    def _area(self) -> tuple[float, float, float, float]:
        from pptx.enum.shapes import PP_PLACEHOLDER as PH

        layout = self.layouts.content
        if layout is not None:
            for kind, ph in _placeholders(layout):
                if kind != int(PH.TITLE) and ph.width and ph.height:
                    return ph.left / 914400, ph.top / 914400, ph.width / 914400, ph.height / 914400
        return MARGIN, TITLE_BOTTOM, self.width - 2 * MARGIN, self.height - TITLE_BOTTOM - 0.4

    def _content(self, section: Section, blocks: tuple[Any, ...], first: str = "") -> None:
        from appraise.io.deliver.pptx_flow import draw_page, paginate

        left, top, width, height = self.area
        pages = paginate(blocks, width, height, self.document.palette)
        layout = self.layouts.content or self.layouts.title_only
        for i, page in enumerate(pages):
            title = (first or section.title) if i == 0 else f"{section.title} (cont.)"
            slide = self._new(layout, title, section.notes)
            self._fill_or_drop(slide, set(), "")
            draw_page(slide, page, left, top, width)


__all__ = ["SLIDE_H", "SLIDE_W", "write"]
