"""A dashboard figure as a table: the page draws it as a chart with the table beside it
(for screen readers and for reading exact numbers), exports it as CSV, and the API returns
it as JSON. Rows are already aggregated by the database; nothing here queries.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from payments.money import ZERO_DECIMAL_CURRENCIES, money_format
from payments.workshops.admin import csv_safe

#: How a column's values read: text, a count, money (smallest unit, with the row's
#: ``currency``), a percentage (0-100) or an average.
KINDS = ("text", "number", "money", "percent", "average")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "number"

    def display(self, row: dict) -> str:
        value = row.get(self.key)
        if value is None:
            return "-"
        if self.kind == "money":
            return money_format(value, row.get("currency", ""))
        if self.kind == "percent":
            return f"{value:.1f}%"
        if self.kind == "average":
            return f"{value:.2f}"
        if self.kind == "number":
            return f"{value:,}"
        return str(value)

    def csv_value(self, row: dict) -> str:
        value = row.get(self.key)
        if value is None:
            return ""
        if self.kind == "money":
            return money_major(value, row.get("currency", ""))
        if self.kind in ("percent", "average"):
            return f"{value:.2f}"
        if self.kind == "number":
            return str(value)
        return csv_safe(value)

    def chart_value(self, row: dict) -> float | int | None:
        value = row.get(self.key)
        if value is None or self.kind != "money":
            return value
        return float(money_major(value, row.get("currency", "")))


@dataclass(frozen=True)
class Chart:
    """A Chart.js chart of the table: one label column, one dataset per series column."""

    type: str  # "bar" or "line"
    label: str
    series: tuple[str, ...]
    stacked: bool = False
    horizontal: bool = False


@dataclass
class Table:
    key: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    chart: Chart | None = None
    empty: str = "Nothing in this period."
    notes: list[str] = field(default_factory=list)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def display_rows(self) -> list[list[str]]:
        return [[column.display(row) for column in self.columns] for row in self.rows]

    def body_html(self) -> SafeString:
        """The rows as the HTML table's ``<tr>``s, the first cell a row header, every value
        escaped. Built here rather than in the template: the lesson table alone has hundreds
        of cells, which Django's template loop renders several times slower."""
        return format_html_join(
            "\n",
            '<tr><th scope="row">{}</th>{}</tr>',
            (
                (first, format_html_join("", "<td>{}</td>", ((cell,) for cell in rest)))
                for first, *rest in self.display_rows()
            ),
        )

    def chart_data(self) -> dict | None:
        """What the page's script hands Chart.js (embedded with ``json_script``)."""
        if self.chart is None or not self.rows:
            return None
        label = self.column(self.chart.label)
        return {
            "type": self.chart.type,
            "stacked": self.chart.stacked,
            "horizontal": self.chart.horizontal,
            "labels": [label.display(row) for row in self.rows],
            "datasets": [
                {
                    "label": self.column(key).label,
                    "data": [self.column(key).chart_value(row) for row in self.rows],
                }
                for key in self.chart.series
            ],
        }

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([column.label for column in self.columns])
        for row in self.rows:
            writer.writerow([column.csv_value(row) for column in self.columns])
        return out.getvalue()

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [{c.key: row.get(c.key) for c in self.columns} for row in self.rows],
        }


def money_major(amount: int, currency: str) -> str:
    """``150050`` cents as ``"1500.50"`` (a plain number a spreadsheet sums)."""
    if (currency or "").lower() in ZERO_DECIMAL_CURRENCIES:
        return str(amount)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    return f"{sign}{amount // 100}.{amount % 100:02d}"


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
