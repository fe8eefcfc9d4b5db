"""The evidence view: the index as a table (filter, sort), and importing a CSV through the dialog."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from appraise.services import Appraisal
from appraise.tui.screens.evidence import EvidenceScreen, EvidenceTable, FilterInput
from appraise.tui.screens.evidence_import import ImportDialog, PathInput

SIZE = (120, 40)
HEADER = "Practice,Project,Title,Kind,Location,Date\n"


async def _evidence(pilot) -> tuple[EvidenceScreen, EvidenceTable]:
    await pilot.press("f5")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, EvidenceScreen)
    return screen, screen.query_one(EvidenceTable)


async def _settle(pilot) -> None:
    """Wait for the dialog's check or import worker (not the app's other workers)."""
    app = pilot.app
    await app.workers.wait_for_complete([w for w in app.workers if w.group.startswith("evidence-")])
    await pilot.pause()
    await pilot.pause()


def _count_line(screen: EvidenceScreen) -> str:
    return str(screen.query_one("#evidence-count").render())


def _footer_keys(screen) -> dict[str, str]:
    """What the screen's own footer offers: description -> key."""
    assert screen.query(Footer), f"{type(screen).__name__} has no footer of its own"
    return {k.description: k.key for k in screen.query(FooterKey) if k.description}


def _titles(table: EvidenceTable) -> list[str]:
    return [str(table.get_row_at(row)[2]) for row in range(table.row_count)]


async def _open_import(pilot, *keys: str) -> ImportDialog:
    """Open the dialog with ``i``, type ``keys`` in the path field, Enter, wait for the check."""
    await pilot.press("i")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    assert dialog.query_one(PathInput).has_focus
    for key in keys:
        await pilot.press(key)
        await pilot.pause()  # let the path completion arrive
    await pilot.press("enter")
    await _settle(pilot)
    return dialog


async def test_table_lists_every_item_and_the_filter_narrows_it(sample_app, sample_path):
    with Appraisal.open(sample_path) as a:
        items = a.evidence.items()
        sp11 = a.evidence.for_practice("REQM SP 1.1")
    interviews = [e for e in items if "interview" in e.title.lower()]
    assert len(items) == 113 and 0 < len(interviews) < len(items)
    linked_sp11 = {e.id for project in sp11.values() for e in project}
    linked_sp11_beta = {e.id for e in sp11["BETA"]}
    assert 0 < len(linked_sp11_beta) < len(linked_sp11) < 20
    assert interviews[0].id not in linked_sp11_beta
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _evidence(pilot)
        assert table.row_count == 113
        assert [e.id for e in screen.rows] == [e.id for e in items]
        assert "113 of 113 items" in _count_line(screen)
        # the title takes the width it needs before the location: whole at 120 columns but the longest
        titles = _titles(table)
        assert titles[0] == "ALPHA software requirements specification"  # 41 characters
        longest = max(items, key=lambda e: len(e.title))
        shown = titles[[e.id for e in items].index(longest.id)]
        assert len(shown) > 45 and shown.endswith("…") and longest.title.startswith(shown[:-1])
        assert table.columns["title"].width > table.columns["location"].width
        assert sum(not t.endswith("…") for t in titles) > 105

        calls = []  # each read of the links (one read gives every item's)
        all_links = pilot.app.appraisal.evidence.links
        pilot.app.appraisal.evidence.links = lambda: calls.append(1) or all_links()
        await pilot.press("slash", *"interview")
        await pilot.pause()
        assert table.row_count == len(interviews)
        assert all(e.kind == "affirmation" and "interview" in e.title.lower() for e in screen.rows)
        assert sorted(_titles(table)) == sorted(e.title for e in interviews)
        assert f"{len(interviews)} of 113 items" in _count_line(screen)

        await pilot.press("escape")  # clears the filter and goes back to the table
        await pilot.pause()
        assert table.row_count == 113 and table.has_focus
        assert "113 of 113 items" in _count_line(screen)

        # the practices and projects an item is linked to match too, in any usual spelling
        for text in ("REQM SP 1", "REQM SP 1.1", "reqm sp1.1", "REQM.SP.1.1"):
            screen.query_one(FilterInput).value = text
            await pilot.pause()
        assert len(calls) == 1  # the links were read once, at the first filter, not again per key
        assert {e.id for e in screen.rows} == linked_sp11
        screen.query_one(FilterInput).value = "REQM SP 1.1 beta"  # a practice in one project
        await pilot.pause()
        assert {e.id for e in screen.rows} == linked_sp11_beta
        pilot.app.appraisal.evidence.link(interviews[0].id, "REQM SP 1.1", "BETA")
        pilot.app.changed()  # a new version of the data: read again
        await pilot.pause()
        assert {e.id for e in screen.rows} == linked_sp11_beta | {interviews[0].id}
        assert len(calls) == 2

        screen.query_one(FilterInput).value = "zzz"
        await pilot.pause()
        assert table.row_count == 0
        assert "0 of 113 items" in _count_line(screen)
        assert "escape clears the filter" in str(screen.query_one("#evidence-item").render())


async def test_sorting_by_links_puts_the_most_linked_item_first(sample_app, sample_path):
    with Appraisal.open(sample_path) as a:
        items = a.evidence.items()
    most = max(e.links for e in items)
    least = min(e.links for e in items)
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _evidence(pilot)
        while screen.sort_column != "links":
            await pilot.press("s")
        await pilot.pause()
        assert screen.rows[0].links == most and screen.rows[0].title == "Senior management interview, session 10"
        assert [e.links for e in screen.rows] == sorted((e.links for e in items), reverse=True)
        assert str(table.get_row_at(0)[5]) == str(most)
        assert table.cursor_row == 0 and "#45 Senior management interview" in str(
            screen.query_one("#evidence-item").render())
        assert "24 cells" in str(screen.query_one("#evidence-item").render())
        await pilot.press("S")  # reverse
        await pilot.pause()
        assert screen.rows[0].links == least and screen.rows[-1].links == most

        # a click on a column header sorts by that column
        title_x = sum(table.columns[k].get_render_width(table) for k in ("id", "kind")) + 2
        await pilot.click(EvidenceTable, offset=(title_x, 0))
        await pilot.pause()
        assert screen.sort_column == "title"
        assert _titles(table) == sorted(_titles(table), key=str.casefold)

        # the command palette's "Evidence: ..." hit: the item is found even behind a filter
        screen.query_one(FilterInput).value = "pm"
        await pilot.pause()
        assert 0 < table.row_count < 113 and 1 not in [e.id for e in screen.rows]
        screen.select_evidence(1)
        await pilot.pause()
        assert table.row_count == 113 and screen.current_item().id == 1


async def test_importing_a_good_csv_adds_its_items_and_links(sample_app, sample_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths typed in the dialog are relative to the working directory
    csv = tmp_path / "more-evidence.csv"
    csv.write_text(HEADER + (
        "REQM SP 1.1,ALPHA,ALPHA traceability audit,artifact,https://dms.example/alpha/audit.pdf,2026-11-01\n"
        "REQM SP 1.2,BETA,ALPHA traceability audit,artifact,https://dms.example/alpha/audit.pdf,2026-11-01\n"
        "REQM SP 1.1,GAMMA,Tester interview session 12,affirmation,,2026-11-03\n"
        # an item already in the appraisal, linked to one more practice
        "PP SP 1.1,ALPHA,ALPHA software requirements specification,artifact,"
        "https://dms.acme.example/alpha/requirements/SRS-ALPHA.docx,2026-10-14\n"), encoding="utf-8")
    with Appraisal.open(sample_path) as a:
        log_before = len(a.reader.change_log())
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _evidence(pilot)
        dialog = await _open_import(pilot, "m", "tab")  # Tab completes "more-evidence.csv"
        assert dialog.query_one(PathInput).value == "more-evidence.csv"
        summary = str(dialog.query_one("#import-summary").render())
        assert ("Import 2 new items (1 artifact, 1 affirmation), 1 already present, 4 new links from 4 rows"
                in " ".join(summary.split()))
        preview = dialog.query_one("#import-preview")
        assert preview.display and preview.row_count == 2
        assert "REQM SP 1.1 ALPHA, REQM SP 1.2 BETA" in str(preview.get_row_at(0)[2])
        assert str(dialog.query_one("#import-problems").render()).strip() == ""
        with Appraisal.open(sample_path) as a:  # checking wrote nothing
            assert len(a.evidence.items()) == 113
        # the dialog's own keys in the footer (not the view's / Filter, s Sort), and what Enter does now
        keys = _footer_keys(dialog)
        assert keys.get("Cancel") == "escape" and keys.get("Import") == "ctrl+s" and keys.get("Browse") == "ctrl+o"
        assert "Filter" not in keys and "Sort" not in keys
        assert dialog.query_one("#import-go").has_focus
        hint = str(dialog.query_one("#import-hint").render())
        assert "Enter imports 2 new items" in hint and "checks" not in hint

        await pilot.press("enter")  # the Import button has the focus
        await _settle(pilot)
        assert pilot.app.screen is screen
        assert table.row_count == 115
        assert {"ALPHA traceability audit", "Tester interview session 12"} <= set(_titles(table))
        assert "115 of 115 items" in _count_line(screen)
        assert screen.current_item().title == "ALPHA traceability audit"  # the first new item is shown
        assert "Linked to 2 cells" in str(screen.query_one("#evidence-item").render())
        assert any("Imported 2 items, 4 links" in n.message for n in pilot.app._notifications)
    with Appraisal.open(sample_path) as a:
        items = {e.title: e for e in a.evidence.items()}
        assert len(items) == 115
        audit = items["ALPHA traceability audit"]
        assert audit.kind == "artifact" and audit.collected_on == "2026-11-01" and audit.links == 2
        assert a.reader.evidence_links_of(audit.id) == [("REQM SP 1.1", "ALPHA"), ("REQM SP 1.2", "BETA")]
        assert ("PP SP 1.1", "ALPHA") in a.reader.evidence_links_of(
            items["ALPHA software requirements specification"].id)
        log = a.reader.change_log()
        assert len(log) == log_before + 1 and log[-1].what == "evidence imported"
        assert log[-1].new == "2 items, 4 links"


async def test_a_broken_csv_shows_every_problem_and_writes_nothing(sample_app, sample_path, tmp_path,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    csv = tmp_path / "broken.csv"
    csv.write_text(HEADER + (
        "REQM SP 1.1,ALPHA,A good row,artifact,good.pdf,2026-11-01\n"
        "XYZ SP 9.9,BETA,Unknown practice,artifact,x.pdf,2026-11-01\n"
        "REQM SP 1.2,GAMMA,Bad date,artifact,y.pdf,2026-13-45\n"
        + "".join(f"REQM SP 1.3,BETA,Row {n},artifact,z.pdf,2026-13-{n}\n" for n in range(40, 46))),
        encoding="utf-8")
    with Appraisal.open(sample_path) as a:
        log_before = len(a.reader.change_log())
    async with sample_app.run_test(size=(80, 24)) as pilot:  # the smallest usual terminal
        screen, table = await _evidence(pilot)
        dialog = await _open_import(pilot, "b", "tab")
        problems = str(dialog.query_one("#import-problems").render())
        assert "broken.csv:3: column 'Practice': unknown area code 'XYZ'" in problems
        assert "broken.csv:4: column 'Date': bad date '2026-13-45'" in problems
        assert "broken.csv:10: column 'Date'" in problems  # every one of the 8
        assert "nothing was imported" in str(dialog.query_one("#import-summary").render())
        assert dialog.query_one("#import-go").disabled
        assert not dialog.query_one("#import-preview").display
        assert dialog.query_one(PathInput).has_focus  # to fix the path, or Enter to check again
        # at 80x24 the buttons stay on screen, above the footer, and the list takes the room left
        footer = dialog.query_one(Footer).region
        for button in ("#import-go", "#import-cancel"):
            region = dialog.query_one(button).region
            assert region.height == 3 and 0 <= region.y and region.bottom <= footer.y
        box = dialog.query_one("#import-problems-box")
        assert box.region.height >= 8 and box.region.bottom <= dialog.query_one("#import-go").region.y
        assert box.max_scroll_y > 0  # more than fits: it scrolls ...
        await pilot.press("tab", "tab")  # ... by keyboard: path → Browse → the problems
        assert box.has_focus
        assert "scroll the problems" in str(dialog.query_one("#import-hint").render())
        pilot.app.animation_level = "none"  # scroll at once (the test need not watch it glide)
        await pilot.press("down")
        assert box.scroll_y == 1
        await pilot.press("end")
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("escape", "y")  # the typed path: discarded only when the user says so
        await pilot.pause()
        assert pilot.app.screen is screen and table.row_count == 113

        # a file that is not there is a message in the dialog too, not a traceback
        await pilot.press("i")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ImportDialog)
        assert dialog.query_one(PathInput).value == "broken.csv"  # the last path is offered again ...
        await pilot.press(*"x.csv")  # ... selected: what is typed replaces it
        assert dialog.query_one(PathInput).value == "x.csv"
        await pilot.press("enter")
        await _settle(pilot)
        assert "no such file" in str(dialog.query_one("#import-summary").render())
        await pilot.press("escape", "y")
        await pilot.pause()
    with Appraisal.open(sample_path) as a:
        assert len(a.evidence.items()) == 113
        assert len(a.reader.change_log()) == log_before
