"""Imports point down the floors (docs/architecture.md, "Which way the imports point").

``engine`` is the ground floor; ``courses`` stands on it; ``payments`` and ``community`` stand
on ``courses``; ``demo`` seeds them all from the top floor. ``cms`` holds settings, wiring and
editorial pages, so it uses no app above it either. Read from the source tree (every ``import``
and ``from ... import``, also inside functions), so a lazy import cannot hide a wrong turn.

One exception, on purpose: ``cms/urls.py`` is the URL root, the one place that wires every
app's URLs together (by dotted string where Django allows, ``include("payments.urls")``).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = {
    "engine", "cms", "courses", "payments", "community", "coaching", "insight", "demo",
}  # fmt: skip

FORBIDDEN = {
    "engine": {"cms", "courses", "payments", "community", "coaching", "insight", "demo"},
    "courses": {"payments", "community", "coaching", "insight", "demo"},
    "cms": {"courses", "payments", "community", "coaching", "insight", "demo"},
    "payments": {"community", "coaching", "insight", "demo"},
    "community": {"coaching", "insight", "demo"},
    "coaching": {"insight", "demo"},
    "insight": {"demo"},
}
WIRING = {"cms/urls.py"}


def imported_packages(path: Path) -> set[str]:
    """Top-level first-party packages named by the absolute imports of one file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found & FIRST_PARTY


def wrong_turns(package: str) -> list[str]:
    forbidden = FORBIDDEN[package]
    turns = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in WIRING:
            continue
        turns += [f"{relative} imports {name}" for name in imported_packages(path) & forbidden]
    return turns


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_down(package):
    assert (ROOT / package).is_dir()
    assert wrong_turns(package) == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("def f():\n    from payments.models import Order\n    import community\n")
    assert imported_packages(source) == {"payments", "community"}


def test_courses_templates_load_no_payments_or_community_tags():
    loads = [
        f"{path.relative_to(ROOT).as_posix()}: {line.strip()}"
        for path in sorted((ROOT / "courses" / "templates").rglob("*.html"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if "{% load" in line and ("payments" in line or "community" in line)
    ]
    assert loads == []
