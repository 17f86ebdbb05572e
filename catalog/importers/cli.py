"""``catalog import``: the command line of the importers (registered by catalog/cli.py)."""

from __future__ import annotations

import argparse
import datetime
import time
from pathlib import Path
from typing import Any

from catalog.errors import UsageError

IMPORT_DESCRIPTION = """\
Bring models in from an open model database and keep the cards in step with it.

Writes DIR/<provider>/provider.yaml (with logo.svg beside it) and DIR/<provider>/<model>.yaml
in the format of hand-written cards, and site.yaml, benchmarks.yaml and capabilities.yaml when
DIR has none (registries that exist get the missing entries appended). Re-importing updates the
source's facts but keeps what a person wrote: descriptions, FAQ, regions, data policy, provider
files, and any fact the source lacks. The summary lists what was added, what changed
(field: old → new) and what is gone from the source (listed, never deleted), then what was
normalized, what our schema cannot represent, and what was skipped.
"""


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("models"),
        metavar="DIR",
        help="the models folder to write into (default: models/)",
    )
    parser.add_argument(
        "--provider",
        action="extend",
        nargs="+",
        metavar="P",
        help="import only these providers (source ids; repeatable)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the summary of what would change and write nothing",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="list every added model and every normalization (default: five of each kind)",
    )


def add_import_command(commands: Any) -> None:
    """Register ``catalog import models-dev`` and ``catalog import litellm``."""
    parser = commands.add_parser(
        "import",
        help="import cards from models.dev or LiteLLM",
        description=IMPORT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)

    models_dev = sources.add_parser(
        "models-dev",
        help="import a models.dev tree (providers/, models/, labs/)",
        description="Import a models.dev tree: providers/*/provider.toml and their logos, "
        "providers/*/models/**/*.toml, and the lab models in models/<lab>/*.toml they inherit "
        "from (base_model, base_model_omit).",
    )
    models_dev.add_argument("path", type=Path, metavar="PATH", help="the models.dev folder")
    _common_options(models_dev)
    models_dev.set_defaults(func=_cmd_models_dev)

    litellm = sources.add_parser(
        "litellm",
        help="import LiteLLM's model_prices_and_context_window.json (chat models)",
        description="Import LiteLLM's model_prices_and_context_window.json. Per-token USD "
        "prices become exact USD per 1M tokens; only chat models become cards, other modes are "
        "counted and skipped.",
    )
    litellm.add_argument("file", type=Path, metavar="FILE", help="the JSON file")
    _common_options(litellm)
    litellm.add_argument(
        "--added",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the added date of new cards (LiteLLM has no release dates; default: today)",
    )
    litellm.set_defaults(func=_cmd_litellm)


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")


def _finish(args: argparse.Namespace, label: str, read: Any) -> int:
    from catalog.importers.plan import plan, write
    from catalog.importers.report import Report
    from catalog.importers.summary import summary_lines

    started = time.perf_counter()
    _check_out(args.out)
    report = Report()
    providers, cards, models = read(report)
    summary = plan(label, args.out, providers, cards, report, models)
    if not args.dry_run:
        write(summary)
    summary.seconds = time.perf_counter() - started
    lines = summary_lines(summary, report, verbose=args.verbose, dry_run=args.dry_run)
    print("\n".join(lines))
    return 0


def _cmd_models_dev(args: argparse.Namespace) -> int:
    from catalog.importers import models_dev

    return _finish(
        args,
        f"models.dev {args.path}",
        lambda report: models_dev.read(args.path, args.provider, report),
    )


def _cmd_litellm(args: argparse.Namespace) -> int:
    from catalog.importers import litellm

    added = args.added or datetime.date.today()
    return _finish(
        args,
        f"LiteLLM {args.file}",
        lambda report: litellm.read(args.file, args.provider, added, report),
    )
