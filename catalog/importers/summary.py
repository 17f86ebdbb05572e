"""The summary of an import: what it read, added, changed and found gone, the files it would
write, and how all that is printed, with the report's findings, for the reviewer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog.authoring.cardtext import flow, scalar
from catalog.importers.report import Report
from catalog.read import load


@dataclass
class Summary:
    """What an import does: the model ids it adds, changes (with the lines saying how) and finds
    gone, and ``files``, every path it writes with its bytes (nothing is written before
    :func:`catalog.importers.plan.write`)."""

    source: str
    providers_read: int = 0
    models_read: int = 0
    added: list[str] = field(default_factory=list)
    models_added: list[str] = field(default_factory=list)  # model cards, labs/<lab>/<model>
    changed: dict[str, list[str]] = field(default_factory=dict)
    gone: list[str] = field(default_factory=list)
    providers_added: list[str] = field(default_factory=list)
    registries: list[str] = field(default_factory=list)
    files: dict[Path, bytes] = field(default_factory=dict)
    seconds: float = 0.0


def show(value: Any, *, price: bool = False) -> str:
    """A value as the summary prints it (— for absent)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:57] + "…"
    if isinstance(value, Mapping) and set(value) == {"score", "source"}:
        return scalar(value["score"])
    return flow(value, price=price)


_SHOWN_PER_KIND = 5  # examples of each kind of finding; --verbose lists all


def _n(count: int) -> str:
    return f"{count:,}"


def summary_lines(summary: Summary, report: Report, *, verbose: bool, dry_run: bool) -> list[str]:
    lines = [
        f"{summary.source}: {_n(summary.providers_read)} providers, "
        f"{_n(summary.models_read)} models imported",
        f"added {_n(len(summary.added))}, changed {_n(len(summary.changed))}, "
        f"gone {_n(len(summary.gone))}" + (" (listed, not deleted)" if summary.gone else ""),
    ]
    if summary.models_added:
        lines.append(f"model cards added: {_n(len(summary.models_added))}")
    if verbose and summary.added:
        lines += ["added:", *(f"  {m}" for m in summary.added)]
    if verbose and summary.models_added:
        lines += ["model cards added:", *(f"  {m}" for m in summary.models_added)]
    if summary.changed:
        lines.append("changed:")
        for model_id, changes in summary.changed.items():
            lines += [f"  {model_id}: {change}" for change in changes]
    if summary.gone:
        lines.append("gone from the source (listed, not deleted):")
        lines += [f"  {m}" for m in summary.gone]
    if summary.providers_added:
        lines.append(
            f"providers added: {_n(len(summary.providers_added))}"
            + (f" ({', '.join(summary.providers_added)})" if verbose else "")
        )
    lines += summary.registries
    for title, group in (
        ("normalized", report.normalized),
        ("not represented (our schema has no field for it)", report.not_represented),
        ("skipped", report.skipped),
    ):
        if not group:
            continue
        lines.append(f"{title}: {_n(sum(len(v) for v in group.values()))}")
        for kind, items in group.items():
            lines.append(f"  {kind}: {_n(len(items))}")
            shown = items if verbose else items[:_SHOWN_PER_KIND]
            lines += [f"    {item}" for item in shown]
            if len(items) > len(shown):
                lines.append(f"    … and {_n(len(items) - len(shown))} more (--verbose lists all)")
    if dry_run:
        lines.append(f"dry run: nothing was written ({_n(len(summary.files))} files would be)")
    else:
        lines.append(f"wrote {_n(len(summary.files))} files in {summary.seconds:.2f} s")
    # Source ids, names and paths are the source's: a line break or an ESC in one must not forge
    # or hide a line of the summary.
    return [load.printable(line) for line in lines]
