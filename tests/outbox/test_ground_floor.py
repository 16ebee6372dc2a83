"""The outbox lives on the ground floor: it imports none of the apps above it, so courses,
payments and community can all use it without courses importing the other two."""

import ast
from pathlib import Path

import engine.outbox

ABOVE = {"cms", "courses", "payments", "community"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_outbox_imports_no_app_above_it():
    package = Path(engine.outbox.__file__).parent
    files = sorted(package.rglob("*.py"))
    assert files
    offenders = {str(f.relative_to(package)): imported_roots(f) & ABOVE for f in files}
    assert {f: roots for f, roots in offenders.items() if roots} == {}
