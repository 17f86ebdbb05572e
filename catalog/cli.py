"""Command line: parses arguments and calls the pipeline; prints errors, never tracebacks."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from catalog.authoring import scaffold
from catalog.errors import CatalogError, UsageError, ValidationFailed
from catalog.importers.cli import add_import_command
from catalog.read import load
from catalog.read.validate import CheckResult
from catalog.render import theme
from catalog.render.documents import SCHEMA_MODELS, json_schema_text
from catalog.write import pipeline

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


def _port(text: str) -> int:
    # A port beyond 65535 used to be announced as given while the system listened on another
    # (modulo 65536). 0 is meaningful: the system picks a free port, and serve announces it.
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text} is not a TCP port (expected 1-65535, or 0 for any free port)"
        )
    return value


def _workers_arg(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--workers",
        type=_workers,
        default=default_workers(),
        metavar="N",
        help=f"{what} (default: the usable cores, here {default_workers()})",
    )


def _ok_line(models: Path, result: CheckResult) -> str:
    return (
        f"{models}: OK: {result.cards} cards, {result.providers} providers, "
        f"{result.pages} model pages"
    )


def _cmd_check(args: argparse.Namespace) -> int:
    result = pipeline.check_only(args.models, workers=args.workers, cache=not args.no_cache)
    if args.format == "json":
        counts = {"cards": result.cards, "providers": result.providers, "pages": result.pages}
        print(json.dumps({"ok": True, **counts, "errors": []}))
        return 0
    print(_ok_line(args.models, result))
    return 0


def _model_id(text: str) -> tuple[str, ...]:
    try:
        return scaffold.parse_model_id(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _cmd_new(args: argparse.Namespace) -> int:
    made = scaffold.new_card(args.models, args.model, args.source)
    shown = load.display_path(made.path)
    if made.source is not None:
        print(f"wrote {shown}, a copy of {load.display_path(made.source)}")
    else:
        print(f"wrote {shown}")
    if made.schemas:
        shown_schemas = ", ".join(load.display_path(path) for path in made.schemas)
        print(f"wrote {shown_schemas} (JSON Schemas for editors)")
    try:
        result = pipeline.check_only(args.models, workers=default_workers())
    except ValidationFailed as exc:
        files = len({e.path for e in exc.errors})
        summary = f"{len(exc.errors)} error(s) in {files} file(s); fix them, then run catalog check"
        return _fail([*map(str, exc.errors), summary])
    print(_ok_line(args.models, result))
    if made.placeholder is not None:
        print(f'reminder: replace the placeholder description "{made.placeholder}" in {shown}')
    else:
        changed = ["name", "added", *made.also_changed]
        print(
            f"reminder: only {', '.join(changed[:-1])} and {changed[-1]} were changed; the "
            f"description, dates, prices and the rest are those of {'/'.join(args.source)}: "
            "update them"
        )
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    if not args.write and args.out is None:
        print(json_schema_text(args.name or "card"), end="")
        return 0
    folder = args.out or Path(scaffold.SCHEMA_FOLDER)
    names = [args.name] if args.name else list(SCHEMA_MODELS)
    written = scaffold.write_schemas(folder, names)
    for name in names:
        path = folder / f"{name}.json"
        state = "wrote" if path in written else "up to date:"
        print(f"{state} {load.display_path(path)}")
    return 0


def _out_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("site"),
        metavar="DIR",
        help="the output folder (default: site/)",
    )
    parser.add_argument(
        "--site-url",
        metavar="URL",
        help="where the site is published, ending in / (default: url in site.yaml); used for "
        "canonical URLs, the sitemap and the feed",
    )
    parser.add_argument(
        "--force-out",
        action="store_true",
        help="replace an output folder that is not empty and holds no site catalog built (no "
        "build record beside it); a folder that is or holds the current, home, project or "
        "models folder, and a system folder, are refused all the same",
    )
    parser.add_argument(
        "--theme",
        type=Path,
        metavar="DIR",
        help="a theme folder: DIR/templates and DIR/static are searched first, then the default "
        "theme, so a site overrides any template or static file by name (default: theme in "
        "site.yaml, relative to the models folder; else the default theme alone)",
    )


def _cmd_serve(args: argparse.Namespace) -> int:
    from catalog.preview.serve import serve
    from catalog.write.engine import Engine

    pipeline.check_options(args.models, args.out, args.site_url, force_out=args.force_out)
    engine = Engine(
        args.models,
        args.out,
        theme=theme.resolve(args.models, args.theme, args.out),
        site_url=args.site_url,
        workers=args.workers,
        force_out=args.force_out,
    )
    watched = [args.models, *engine.theme.watched]
    try:
        serve(engine, args.host, args.port, watched, log=lambda line: print(line, flush=True))
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from catalog.write import engine

    result = engine.build(
        args.models,
        args.out,
        theme=theme.resolve(args.models, args.theme, args.out),
        site_url=args.site_url,
        force=args.force,
        workers=args.workers,
        force_out=args.force_out,
    )
    if result.skipped:
        print(
            f"{args.out}/ is up to date: nothing changed since the last build "
            f"({result.pages} model pages; {result.seconds:.2f} s; --force rebuilds anyway)"
        )
        return 0
    if result.written is not None:
        print(
            f"built {result.pages} model pages into {args.out}/ in {result.seconds:.2f} s: "
            f"{result.written} of {result.files} files changed, the others were up to date "
            f"(--force builds everything)"
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
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): the lines above; json: one JSON document on stdout, "
        '{"ok", "cards", "providers", "pages", "errors": [{"path", "line", "column", "field", '
        '"message", "expected"}]}, with the same exit status (counts are null when not ok)',
    )
    check.set_defaults(func=_cmd_check)

    build = commands.add_parser(
        "build",
        help="validate, then build the static site",
        description="Validate the catalog, then render the site into the output folder. After "
        "an edit only what it reaches is rendered again, from the state the last build kept "
        "beside the output (.NAME.build-state), and only files whose bytes change are written; "
        "without a state everything is built and the new site replaces the old one in one step. "
        "On any error the output folder is left as it was.",
        epilog=EPILOG,
    )
    _models_arg(build)
    _out_args(build)
    _workers_arg(build, "processes that render pages; the output is the same bytes whatever N")
    build.add_argument(
        "--timings",
        action="store_true",
        help="print the time each stage of a full build took",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="build everything, even when nothing (or little) changed since the last build into "
        "the output folder",
    )
    build.set_defaults(func=_cmd_build)

    serve = commands.add_parser(
        "serve",
        help="build, serve on 127.0.0.1 and rebuild and reload the browser on every edit",
        description="Build the site, serve it over HTTP and watch the models folder and the "
        "theme's templates and static files (the --theme folder's, then the default's). A card "
        "edit rebuilds only what the card reaches (its pages, its provider's pages that list it, "
        "the index, the JSON); any other edit rebuilds everything; the browser reloads by "
        "itself. An invalid card or template does not stop the server: the last good site stays "
        "served and every page shows the located errors until the files are fixed. Ctrl-C stops.",
        epilog=EPILOG,
    )
    _models_arg(serve)
    _out_args(serve)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument(
        "--port",
        type=_port,
        default=8000,
        metavar="N",
        help="the port (default: 8000; 0: any free port, the one announced)",
    )
    _workers_arg(serve, "processes that render pages when everything is rebuilt")
    serve.set_defaults(func=_cmd_serve)

    new = commands.add_parser(
        "new",
        help="write a new card, blank or copied from another, then check the catalog",
        description="Write DIR/PROVIDER/MODEL.yaml: a blank card with every field of the schema "
        "(the required ones filled in, with a placeholder description to replace; the others "
        "commented out, each under a line saying what it holds), or, with --from, a copy of "
        "another card with name and added changed. Its first line points editors at "
        "schema/card.json beside the models folder, which is written too. Then the catalog is "
        "checked as by catalog check. Never overwrites a file.",
        epilog=EPILOG,
    )
    new.add_argument(
        "model",
        type=_model_id,
        metavar="PROVIDER/MODEL",
        help="the new card's id; PROVIDER must have a folder with a provider.yaml",
    )
    new.add_argument(
        "--from",
        dest="source",
        type=_model_id,
        metavar="PROVIDER/MODEL",
        help="copy this existing card (its text and comments) instead of writing a blank one",
    )
    _models_arg(new)
    new.set_defaults(func=_cmd_new)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a card, a model card, lab.yaml, provider.yaml or site.yaml",
        description="Print the JSON Schema generated from catalog's schema code: the bytes the "
        "site publishes as schema/NAME.json. With --write, write the schema files instead, for "
        "editors (a card's first line, # yaml-language-server: $schema=…, names one by a "
        "relative path).",
        epilog=EPILOG,
    )
    schema.add_argument(
        "name",
        nargs="?",
        choices=tuple(SCHEMA_MODELS),
        metavar="NAME",
        help="which schema: card (a provider's card, the default), model (a model card), lab, "
        "provider or site",
    )
    schema.add_argument(
        "--write",
        action="store_true",
        help="write DIR/card.json, DIR/provider.json and DIR/site.json (or only NAME's) "
        "instead of printing; files already up to date are left alone",
    )
    schema.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="the folder --write writes into (default: schema/); implies --write",
    )
    schema.set_defaults(func=_cmd_schema)
    add_import_command(commands)
    return parser


def _fail(lines: Sequence[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 1


def _error_json(error: CatalogError) -> dict[str, object]:
    return {
        "path": error.path,
        "line": error.line,
        "column": error.col,
        "field": error.field or None,
        "message": error.message,
        "expected": error.expected or None,
    }


def _unlocated_json(message: str) -> dict[str, object]:
    """A problem with no place in a file (a missing folder, an unreadable file)."""
    return {
        "path": None,
        "line": None,
        "column": None,
        "field": None,
        "message": message,
        "expected": None,
    }


def _fail_json(errors: list[dict[str, object]]) -> int:
    document = {"ok": False, "cards": None, "providers": None, "pages": None, "errors": errors}
    print(json.dumps(document))
    return 1


def run() -> NoReturn:
    """The ``catalog`` command: main(), then exit at once.

    At exit the interpreter would free every object the run made, one by one: 0.7 s after a
    build of 10,000 cards, for memory the system takes back anyway. Every file the command
    writes is closed (and renamed into place) before main() returns; only the standard streams
    are flushed here."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        code = code or 1  # a closed or broken pipe: the output did not all arrive
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    # A build makes millions of small, acyclic objects that live to the end of the run; the
    # cyclic collector scanning them again and again cost a fifth of a 10,000-card check.
    # Collect rarely instead (cycles are still freed, just in larger batches).
    gc.freeze()
    gc.set_threshold(200_000, 50, 100)
    args = make_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    # With --format json (catalog check), failures are one JSON document on stdout instead.
    as_json = getattr(args, "format", "text") == "json"
    try:
        return func(args)
    except ValidationFailed as exc:
        if as_json:
            return _fail_json([_error_json(e) for e in exc.errors])
        files = len({e.path for e in exc.errors})
        summary = f"{len(exc.errors)} error(s) in {files} file(s); nothing was written"
        return _fail([*map(str, exc.errors), summary])
    except CatalogError as exc:
        if as_json:
            return _fail_json([_error_json(exc)])
        return _fail([str(exc), "1 error; nothing was written"])
    except UsageError as exc:
        if as_json:
            return _fail_json([_unlocated_json(str(exc))])
        return _fail([f"catalog: {exc}"])
    except OSError as exc:
        message = f"{exc.filename or ''}: {exc.strerror or exc}"
        if as_json:
            return _fail_json([_unlocated_json(message)])
        return _fail([f"catalog: {message}"])
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
