"""The benchmarks under bench/ still run (tiny sizes). Structure only: no timings are asserted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pg import pg_server  # noqa: F401

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _is_time(value: object) -> bool:
    return isinstance(value, float) and value > 0


def test_import_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_import")
    result = bench.main(["--rows", "2000", "--rounds", "1", "--memory-rows", "1500", "--dir", str(tmp_path)])
    assert result["benchmark"] == "import"
    assert result["rows"] == 2000 and result["rounds"] == 1
    assert _is_time(result["appraise_s"]) and _is_time(result["baseline_s"]) and _is_time(result["ratio"])
    assert len(result["appraise_runs_s"]) == len(result["baseline_runs_s"]) == 1
    assert result["target_ratio"] == 3.0 and isinstance(result["passed"], bool)
    # the importer de-duplicated the generated index to exactly what the generator says it holds
    assert result["items"] == result["expected_items"] and 0 < result["items"] < result["rows"]
    assert result["links"] == result["expected_links"] and result["items"] < result["links"] <= result["rows"]
    assert result["baseline_rows"] == 2000
    # end to end, as processes; and the peak memory of an import as a process
    assert _is_time(result["e2e_appraise_s"]) and _is_time(result["e2e_baseline_s"]) and _is_time(result["e2e_ratio"])
    assert len(result["e2e_appraise_runs_s"]) == len(result["e2e_baseline_runs_s"]) == 1
    assert result["memory_rows"] == 1500 and 10 < result["peak_mb"] < 2000 and result["target_peak_mb"] == 300
    out = capsys.readouterr().out
    assert "ratio appraise/baseline" in out and "ratio end to end" in out and "peak" in out
    assert list(tmp_path.iterdir()) == []  # cleaned up after itself


def test_import_csv_is_deterministic(tmp_path: Path) -> None:
    bench = _load("bench_import")
    practices = ["REQM SP 1.1", "REQM SP 1.2", "PP SP 1.1", "PP SP 1.2"]
    projects = ["P01", "P02", "P03"]
    first = bench.generate_csv(tmp_path / "a.csv", 300, projects, practices, seed=7)
    second = bench.generate_csv(tmp_path / "b.csv", 300, projects, practices, seed=7)
    assert first == second and first["rows"] == 300
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    header = (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "Practice,Project,Title,Kind,Location,Description,Collected by,Date"


def test_rating_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_rating")
    result = bench.main(["--projects", "2", "--runs", "2", "--warmup", "0", "--dir", str(tmp_path)])
    assert result["benchmark"] == "rating"
    assert result["practices"] == 431 and result["projects"] == 2
    assert result["cells"] == result["baseline_rows"] == 431 * 2
    assert result["decisions"] > 0
    assert _is_time(result["rate_ms"]) and _is_time(result["baseline_ms"]) and _is_time(result["ratio"])
    assert len(result["rate_runs_ms"]) == len(result["baseline_runs_ms"]) == 2
    assert set(result["breakdown_ms"]) == {"read_characterizations", "read_decisions", "rollup"}
    assert result["target_ms"] == 25.0 and isinstance(result["passed"], bool)
    assert "rate() end to end" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_v3_rating_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_rating_v3")
    result = bench.main(["--projects", "5", "--runs", "2", "--warmup", "0", "--dir", str(tmp_path)])
    assert result["benchmark"] == "rating_v3"
    assert (result["areas"], result["practices"], result["units"]) == (31, 276, 5)  # the domain page's counts
    assert result["cells_rows"] == 276 + 15  # the 15 practices of the two per-process areas, twice
    assert result["cells"] == result["cells_rows"] * 5 and result["decisions"] > 0
    assert _is_time(result["rate_ms"]) and _is_time(result["scampi_rate_ms"]) and _is_time(result["ratio"])
    assert len(result["rate_runs_ms"]) == len(result["scampi_runs_ms"]) == 2
    assert result["target_ms"] == 25.0 and isinstance(result["passed"], bool)
    # end to end: the same cells and decisions written to a real file, rated from it
    assert result["file_cells"] == result["baseline_rows"] == result["cells"]
    assert result["file_decisions"] == result["decisions"]
    assert _is_time(result["e2e_rate_ms"]) and _is_time(result["baseline_ms"]) and _is_time(result["e2e_ratio"])
    assert len(result["e2e_rate_runs_ms"]) == len(result["baseline_runs_ms"]) == 2
    assert set(result["breakdown_ms"]) == {"read_characterizations", "read_decisions", "rollup"}
    out = capsys.readouterr().out
    assert "ratio cmmi-appraisal/scampi" in out and "rate() end to end (file)" in out
    assert list(tmp_path.iterdir()) == []


def test_tui_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_tui")
    result = bench.main(["--projects", "2", "--rounds", "1", "--presses", "2", "--large", "3", "--open-rounds", "1",
                         "--scale-presses", "2", "--dir", str(tmp_path)])
    assert result["benchmark"] == "tui"
    assert _is_time(result["start_hello_s"]) and _is_time(result["start_appraise_s"])
    assert result["start_target_ratio"] == 2.5 and result["keys_target_ms"] == 50.0
    assert result["keys_presses"] == 2 and result["keys_value_key_median_ms"] > 0
    # the presses were written to the file: every cell was characterized before, still is
    assert result["keys_cells_after"] == result["cells"]
    # the matrix at scale: both sizes opened and typed in, evidence linked to most cells, ratios taken
    assert result["scale_large_projects"] == 3 and result["scale_large_cells"] == 431 * 3
    assert 0 < result["scale_large_cells_with_evidence"] <= result["scale_large_cells"] < result["scale_large_evidence_links"]
    for size in ("small", "large"):
        assert _is_time(result[f"scale_{size}_open_s"]) and len(result[f"scale_{size}_open_runs_s"]) == 1
        assert _is_time(result[f"scale_{size}_value_key_median_ms"]) and _is_time(result[f"scale_{size}_move_median_ms"])
        assert _is_time(result[f"scale_{size}_value_key_cpu_median_ms"])
        assert result[f"scale_{size}_cells_after"] == result[f"scale_{size}_cells_expected"]
    assert _is_time(result["scale_open_ratio"]) and _is_time(result["scale_value_key_ratio"])
    assert result["scale_target_open_s"] == 1.0 and isinstance(result["scale_passed"], bool)
    assert "F4 to first paint with data" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_spice_rating_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_rating_spice")
    result = bench.main(["--projects", "2", "--runs", "2", "--warmup", "0", "--dir", str(tmp_path)])
    assert result["benchmark"] == "rating-iso33020"
    assert result["processes"] == 16 and result["projects"] == 2  # the VDA scope (AS1.1)
    assert result["cells"] == result["baseline_rows"] == result["cells_per_instance"] * 2
    assert result["aggregation"] == "weighted" and len(result["capability_levels"]) == 16
    assert _is_time(result["rate_ms"]) and _is_time(result["baseline_ms"]) and _is_time(result["ratio"])
    assert set(result["breakdown_ms"]) == {"read_ratings", "read_decisions", "rate"}
    assert result["target_ms"] == 25.0 and isinstance(result["passed"], bool)
    assert "rate() end to end" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_cli_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_cli")
    result = bench.main(["--rounds", "2", "--dir", str(tmp_path)])
    assert result["benchmark"] == "cli" and result["rounds"] == 2
    assert _is_time(result["characterize_s"]) and _is_time(result["baseline_s"]) and _is_time(result["ratio"])
    assert len(result["characterize_runs_s"]) == len(result["baseline_runs_s"]) == 2
    # every run wrote: the warm-up (LI) and two rounds (FI, LI), each one change-log entry
    assert result["writes"] == 3 and result["last_value"] == "LI"
    assert result["target_s"] == 0.3 and isinstance(result["passed"], bool)
    assert "appraise characterize" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_build_model_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_build_model")
    result = bench.main(["--rounds", "1", "--dir", str(tmp_path)])
    assert result["benchmark"] == "build-model"
    assert (result["practice_areas"], result["practices"]) == (31, 276)
    assert _is_time(result["build_s"]) and _is_time(result["baseline_s"]) and _is_time(result["e2e_s"])
    assert len(result["build_runs_s"]) == len(result["baseline_runs_s"]) == 1
    assert result["target_s"] == 3.0 and isinstance(result["passed"], bool)
    assert "end to end (appraise frameworks build)" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_deliverables_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_deliverables")
    result = bench.main(["--projects", "2", "--evidence", "20", "--runs", "1", "--formats", "xlsx,html,md",
                         "--dir", str(tmp_path)])
    assert result["benchmark"] == "deliverables" and result["projects"] == 2 and result["evidence"] == 20
    assert set(result["formats"]) == {"xlsx", "html", "md"}
    for figures in result["formats"].values():
        assert _is_time(figures["in_process_s"]) and _is_time(figures["e2e_s"]) and figures["bytes"] > 0
    assert _is_time(result["baseline_s"]) and isinstance(result["passed"], bool)
    assert "end to end" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_team_store_benchmark_runs(tmp_path: Path, pg_server: str, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    bench = _load("bench_team_store")
    result = bench.main(["--projects", "2", "--runs", "2", "--warmup", "1", "--start-runs", "1", "--changes", "15",
                         "--pg-writers", "3",
                         "--sqlite-writers", "2", "--dsn", pg_server, "--dir", str(tmp_path)])
    assert result["benchmark"] == "team_store" and result["same_rating"] is True
    assert _is_time(result["rate_sqlite_ms"]) and _is_time(result["rate_postgres_ms"]) and _is_time(result["rate_ratio"])
    assert result["target_ratio"] == 3.0 and isinstance(result["passed"], bool)
    assert _is_time(result["start_sqlite_s"]) and _is_time(result["start_postgres_s"])
    assert result["start_target_ratio"] == 2.0
    pg, sq = result["load"]["postgres"], result["load"]["sqlite"]
    # nothing lost: every change in the table and in the change log, no traceback, nothing refused
    assert (pg["writers"], pg["cells"], pg["log_entries"], pg["lost"]) == (3, 45, 45, 0) and pg["ok"]
    assert (sq["writers"], sq["cells"], sq["log_entries"], sq["lost"]) == (2, 30, 30, 0) and sq["ok"]
    assert pg["tracebacks"] == sq["tracebacks"] == 0 and pg["per_second"] > 0 and sq["per_second"] > 0
    assert "changes/s" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []  # cleaned up after itself


def test_merge_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_merge")
    result = bench.main(["--projects", "2", "--cells", "100", "--rounds", "1", "--dir", str(tmp_path)])
    assert result["benchmark"] == "merge"
    assert (result["changes"], result["conflicts"]) == (200, 0)  # every cell of both copies came in
    assert _is_time(result["merge_ms"]) and _is_time(result["baseline_ms"]) and _is_time(result["ratio"])
    assert result["target_ms"] == 2000.0 and isinstance(result["passed"], bool)
    assert "merge of two copies" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
