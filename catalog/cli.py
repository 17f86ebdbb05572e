"""Command line: parses arguments and calls the pipeline; prints errors, never tracebacks."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from catalog import build as pipeline
from catalog.errors import CatalogError, UsageError, ValidationFailed
from catalog.importers.cli import add_import_command

DESCRIPTION = """\
Build a static AI-model catalog site from YAML cards.

The models folder holds site.yaml (site settings), benchmarks.yaml and capabilities.yaml
(registries), and one folder per provider with provider.yaml, its logo and one card per model:
models/<provider>/<model>.yaml. Each model × region becomes a page whose model ID reads
<provider>/<model>@<region>.
"""

EPILOG = """\
exit status: 0 on success, 1 when the input is invalid (every error is printed first as
path:line:col: field: message (expected …)), 2 on a command-line mistake.
"""


def _models_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--models",
        type=Path,
        default=Path("models"),
        metavar="DIR",
        help="the folder of model cards and settings (default: models/)",
    )


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def _workers_arg(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--workers",
        type=_workers,
        default=default_workers(),
        metavar="N",
        help=f"{what} (default: the usable cores, here {default_workers()})",
    )


def _cmd_check(args: argparse.Namespace) -> int:
    result = pipeline.check_only(args.models, workers=args.workers, cache=not args.no_cache)
    print(
        f"{args.models}: OK: {result.cards} cards, {result.providers} providers, "
        f"{result.pages} model pages"
    )
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    result = pipeline.build(
        args.models, args.out, site_url=args.site_url, force=args.force, workers=args.workers
    )
    if result.skipped:
        print(
            f"{args.out}/ is up to date: nothing changed since the last build "
            f"({result.pages} model pages; {result.seconds:.2f} s; --force rebuilds anyway)"
        )
        return 0
    print(
        f"built {result.pages} model pages ({result.files} files) into {args.out}/ "
        f"in {result.seconds:.2f} s"
    )
    if args.timings:
        for stage, seconds in result.stages:
            print(f"  {seconds:7.3f} s  {stage}")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="catalog",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="validate every card and settings file; print every error",
        description="Validate every file of the catalog and print every error found, each as "
        "path:line:col: field: message (expected …). Writes nothing.",
        epilog=EPILOG,
    )
    _models_arg(check)
    _workers_arg(check, "processes that check cards when many changed")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="check every card; by default a card unchanged since the last check, along with "
        "the registries and its provider file, keeps its result (kept in .catalog-cache/ beside "
        "the models folder)",
    )
    check.set_defaults(func=_cmd_check)

    build = commands.add_parser(
        "build",
        help="validate, then build the static site",
        description="Validate the catalog, then render every page into the output folder. The "
        "new site replaces the old one only when the whole build succeeded; on any error the "
        "output folder is left exactly as it was.",
        epilog=EPILOG,
    )
    _models_arg(build)
    build.add_argument(
        "--out",
        type=Path,
        default=Path("site"),
        metavar="DIR",
        help="the output folder (default: site/)",
    )
    build.add_argument(
        "--site-url",
        metavar="URL",
        help="where the site is published, ending in / (default: url in site.yaml); used for "
        "canonical URLs, the sitemap and the feed",
    )
    _workers_arg(build, "processes that render pages; the output is the same bytes whatever N")
    build.add_argument(
        "--timings",
        action="store_true",
        help="print the time each stage of the build took",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="rebuild even when nothing changed since the last build into the output folder",
    )
    build.set_defaults(func=_cmd_build)
    add_import_command(commands)
    return parser


def _fail(lines: Sequence[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    # A build makes millions of small, acyclic objects that live to the end of the run; the
    # cyclic collector scanning them again and again cost a fifth of a 10,000-card check.
    # Collect rarely instead (cycles are still freed, just in larger batches).
    gc.freeze()
    gc.set_threshold(200_000, 50, 100)
    args = make_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except ValidationFailed as exc:
        files = len({e.path for e in exc.errors})
        summary = f"{len(exc.errors)} error(s) in {files} file(s); nothing was written"
        return _fail([*map(str, exc.errors), summary])
    except CatalogError as exc:
        return _fail([str(exc), "1 error; nothing was written"])
    except UsageError as exc:
        return _fail([f"catalog: {exc}"])
    except OSError as exc:
        return _fail([f"catalog: {exc.filename or ''}: {exc.strerror or exc}"])
    except Exception as exc:  # a bug: say so plainly, keep the traceback for those who ask
        if os.environ.get("CATALOG_DEBUG"):
            traceback.print_exc()
        return (
            _fail(
                [
                    f"catalog: internal error: {type(exc).__name__}: {exc}",
                    "this is a bug in catalog; run with CATALOG_DEBUG=1 to see the traceback",
                ]
            )
            + 69
        )


if __name__ == "__main__":
    sys.exit(main())
