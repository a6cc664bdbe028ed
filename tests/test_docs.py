"""The generated CLI reference matches the CLI, and the README shows the two commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_current(tmp_path: Path) -> None:
    typer_bin = Path(sys.executable).with_name("typer")
    out = tmp_path / "cli.md"
    subprocess.run(
        [str(typer_bin), "churnguard.cli", "utils", "docs", "--name", "churnguard", "--output", str(out)],
        check=True,
        capture_output=True,
    )
    committed = (ROOT / "docs/reference/cli.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, "docs/reference/cli.md is stale: run 'make docs'"


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:8]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)


def test_feature_dictionary_is_current() -> None:
    from churnguard.features.catalog import render_markdown

    committed = (ROOT / "docs/reference/features.md").read_text(encoding="utf-8")
    assert committed == render_markdown("en") + "\n" + render_markdown("zh"), "features.md is stale: run 'make docs'"
