"""Read a models.dev tree into source providers and cards.

Layout (see the tree's SOURCE.md): ``providers/<provider>/provider.toml``, its ``logo.svg`` and
``models/**/<model>.toml``; ``models/<lab>/<model>.toml`` holds provider-independent facts and
benchmarks; ``labs/<lab>/logo.svg``. A provider's model may name ``base_model = "lab/model"`` to
inherit from ``models/``: tables merge key by key, arrays and values replace, and
``base_model_omit = ["a.b", …]`` drops inherited keys first. Prices are USD per 1M tokens.

The files are read by :mod:`catalog.importers.models_dev_tree` (TOML with ``parse_float=Decimal``,
so prices stay exact). What the source gets wrong is normalized and reported (see
:mod:`catalog.importers.report`).

A little over 500 lines on purpose: one model's conversion (dates, limits, modalities, prices and
their tiers, benchmarks) reads one source entry, and each step reports into the same report;
split, the steps would pass the entry and the report between modules for no gain.
"""

from __future__ import annotations

import copy
import difflib
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.authoring.cardtext import PRICE_ORDER
from catalog.errors import UsageError
from catalog.importers.ids import allocate_ids, normalize_id
from catalog.importers.models_dev_tree import LINK_OUTSIDE, Tree, Unreadable, link_text
from catalog.importers.registries import ordered_capabilities
from catalog.importers.report import (
    ADDED_FROM_MONTH,
    BAD_URL,
    COST_KEY_ALIAS,
    CUTOFF_DAY_DROPPED,
    DATE_MONTH_ONLY,
    DATE_NOT_REAL,
    LAB_BENCHMARKS,
    LINKED_BY_ID,
    SAME_MODEL_CONFLICT,
    SCORE_OFF_SCALE,
    TIER_PRICES,
    ZERO_LIMIT,
    Report,
)
from catalog.importers.source import SourceCard, SourceModel, SourceProvider
from catalog.importers.summary import show
from catalog.importers.values import (
    date_text,
    denoise,
    https_url,
    number,
    price,
    real_day,
    real_month,
)
from catalog.importers.values import (
    modalities as modality_lists,
)
from catalog.read import load

SOURCE_NAME = "models.dev"

# Kinds of skipped models and of facts our schema cannot hold (of files: models_dev_tree).
BASE_MISSING = "base_model naming a lab model the tree does not have"
NOT_TEXT = "model without text input and output (image, audio or video generation, speech)"
NO_DATE = "model without any usable release or last-updated date (added is required)"
OTHER_PRICES = "per-request, per-image and citation prices"
FAST_MODE = "fast modes other than OpenAI's priority service tier (experimental.modes)"
INPUT_LIMIT = "input limit (limit.input) not below the context window, or not a number"
MODALITY = "modalities a card cannot hold (video, PDF or another kind as output)"
UNKNOWN_BENCHMARK = "scores of benchmarks the importer does not know"
MORE_SCORES = "further scores of a benchmark already on the card (other harness, effort, source)"
NO_WEBSITE = "provider without an https:// doc link (website written as https://models.dev)"
NAME_SPACES = "name with extra spaces (collapsed)"
UNKNOWN_FIELD = "source fields the importer does not know"

# Facts of the model itself, not of where it is served: a provider file that inherits from a lab
# model and states another value is the same model with different facts; the lab's value wins.
_INTRINSIC = ("release_date", "knowledge", "open_weights")
_KNOWN_KEYS = {
    "name", "family", "description", "release_date", "last_updated", "attachment", "reasoning",
    "temperature", "tool_call", "structured_output", "knowledge", "open_weights", "limit",
    "modalities", "cost", "benchmarks", "status", "provider", "interleaved",
    "reasoning_options", "experimental", "weights", "links", "license", "base_model",
    "base_model_omit",
}  # fmt: skip
_COST_ALIASES = {"cache_input": "cache_read", "cached_input": "cache_read",
                 "cached_write": "cache_write"}  # fmt: skip
# models.dev's names for prices our cards name otherwise (both per 1M tokens).
_COST_NAMES = {"input_audio": "audio_input", "output_audio": "audio_output"}
_UNREPRESENTED_COSTS = {
    "context_over_200k": TIER_PRICES,
    "request": OTHER_PRICES,
    "image": OTHER_PRICES,
    "citation": OTHER_PRICES,
}
_STATUS = {"alpha": "preview", "beta": "preview", "deprecated": "deprecated"}

# Benchmark names (lower case, with the entry's version appended when it has one) to our ids.
_BENCHMARK_NAMES = {
    "aider polyglot": "aider-polyglot",
    "swe-bench verified": "swe-bench-verified",
    "swe-bench pro": "swe-bench-pro",
    "swe bench pro": "swe-bench-pro",
    "swe-bench multilingual": "swe-bench-multilingual",
    "scicode": "scicode",
    "livecodebench": "livecodebench",
    "livecodebench pro": "livecodebench-pro",
    "nl2repo": "nl2repo",
    "swe-atlas codebase qna": "swe-atlas-qna",
    "swe-atlas refactoring": "swe-atlas-refactoring",
    "swe-atlas test writing": "swe-atlas-test-writing",
    "terminal-bench 2.1": "terminal-bench",
    "terminal bench 2.1": "terminal-bench",
    "terminal-bench 2.0": "terminal-bench-2.0",
    "terminal bench 2.0": "terminal-bench-2.0",
    "terminal-bench hard": "terminal-bench-hard",
    "claw-eval": "claw-eval",
    "τ3 banking": "tau3-banking",
    "cti-realm": "cti-realm",
    "gpqa diamond": "gpqa-diamond",
    "humanity’s last exam": "hle",
    "humanity's last exam": "hle",
    "charxiv reasoning": "charxiv-reasoning",
    "long context reasoning": "long-context-reasoning",
    "mrcrv2": "mrcr-v2",
    "artificial analysis coding index": "aa-coding-index",
    "artificial analysis coding agent index": "aa-coding-agent-index",
}
# Subsets that are a benchmark of their own; "public" (and none) is the benchmark itself.
_DATASETS = {("swe-bench-pro", "hard-aa"): "swe-bench-pro-hard-aa"}


def _omit(data: dict[str, Any], dotted: str) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data.get(part)
        if not isinstance(data, dict):
            return
    data.pop(last, None)


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; arrays and values of the child replace the base's."""
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _inherit(
    child: dict[str, Any], labs: dict[str, dict[str, Any]], where: str, report: Report
) -> dict[str, Any]:
    base_id = str(child["base_model"])
    if base_id not in labs:
        report.skip(BASE_MISSING, f"{where}: base_model {base_id!r}")
        raise Unreadable(where)
    base = copy.deepcopy(labs[base_id])
    omit = child.get("base_model_omit")
    for dotted in omit if isinstance(omit, list) else []:
        _omit(base, str(dotted))
    own = {k: v for k, v in child.items() if k not in ("base_model", "base_model_omit")}
    merged = _merge(base, own)
    for key in _INTRINSIC:
        if key not in own or key not in base or own[key] == base[key]:
            continue
        mine, lab = date_text(own[key]) or own[key], date_text(base[key]) or base[key]
        if isinstance(lab, str) and isinstance(mine, str) and len(lab) == 7 and mine[:7] == lab:
            continue  # the lab gives only the month; this provider gives the day in it
        merged[key] = base[key]
        report.normalize(
            SAME_MODEL_CONFLICT, f"{where}: {key} {show(mine)} → {show(lab)} (as models/{base_id})"
        )
    return merged


# The Hugging Face organisations the labs publish their open weights under, which hosts use in
# their model ids (DeepInfra's deepseek-ai/DeepSeek-V4-Pro, Together's zai-org/GLM-5.2), and the
# models.dev lab folder of each (huggingface.co/<organisation> is that lab's own page).
HUB_ORGANISATIONS = {
    "deepseek-ai": "deepseek", "zai-org": "zhipuai", "qwen": "alibaba", "meta-llama": "meta",
    "minimaxai": "minimax", "mistralai": "mistral", "moonshotai": "moonshotai",
    "openai": "openai", "google": "google", "nvidia": "nvidia",
}  # fmt: skip


# Amazon Bedrock's model ids: ``<lab>.<model>`` and a version (``anthropic.claude-opus-4-5-
# 20251101-v1:0``, ``openai.gpt-oss-120b-1:0``), with a cross-region inference profile's
# geography before them (``eu.``, ``us.``, ``global.`` …), as the Bedrock user guide lists
# them; and its names for some labs.
BEDROCK_ID = re.compile(
    r"^(?:(us|eu|apac|jp|au|ca|us-gov|global)\.)?([a-z0-9-]+)\.(.+?)(?:-v\d+(?::\d+)?|-\d+:\d+)?$"
)
# A cross-region inference profile routes each request among the regions of its geography and
# keeps it there ("Geographic cross-region inference", Bedrock user guide, cross-region-
# inference.html); a global profile routes among commercial regions anywhere.
BEDROCK_GEOGRAPHIES = {
    "us": "US", "us-gov": "US", "eu": "EU", "apac": "APAC", "jp": "JP", "au": "AU", "ca": "CA",
    "global": "GLOBAL",
}  # fmt: skip
BEDROCK_LABS = {"zai": "zhipuai", "qwen": "alibaba", "moonshot": "moonshotai"}


def named_lab_model(provider: str, source_id: str, labs: dict[str, dict[str, Any]]) -> str | None:
    """The lab model a provider's model id names when it says no base_model: ``<lab>/<model>``
    (the lab by its folder or its Hugging Face organisation), Bedrock's ``<lab>.<model>``, or a
    bare ``<model>`` that is the id of exactly one lab's model (Azure's gpt-4.1-mini). Letter
    case aside, the ids must be the same: a suffix (``-maas``, ``-fast``, a date) is another
    offer of its own."""
    by_path = {key.lower(): key for key in labs}
    bedrock = BEDROCK_ID.match(source_id) if provider == "amazon-bedrock" else None
    if bedrock is not None:
        lab = BEDROCK_LABS.get(bedrock[2], bedrock[2])
        return by_path.get(f"{lab}/{bedrock[3]}".lower())
    org, _, rest = source_id.partition("/")
    if rest:
        if "/" in rest:
            return None
        lab = HUB_ORGANISATIONS.get(org.lower(), org.lower())
        return by_path.get(f"{lab}/{rest}".lower())
    bare = [key for key in labs if key.partition("/")[2].lower() == source_id.lower()]
    return bare[0] if len(bare) == 1 else None


# --------------------------------------------------------------------------- one model


def _pricing(cost: dict[str, Any], where: str, report: Report) -> dict[str, Decimal | int]:
    cost = {_COST_NAMES.get(k, k): v for k, v in cost.items()}
    for alias, standard in _COST_ALIASES.items():
        if alias in cost:
            value = cost.pop(alias)
            if standard not in cost:
                cost[standard] = value
                report.normalize(COST_KEY_ALIAS, f"{where}: cost.{alias} → {standard}")
    pricing: dict[str, Decimal | int] = {}
    for key in (k for k in PRICE_ORDER if k != "tiers"):
        value = number(cost.get(key), f"{where}: cost.{key}", report)
        if value is not None and value >= 0:
            value = price(value, f"{where}: pricing.{key}", report)
            if value is not None:
                pricing[key] = value
    for key, kind in _UNREPRESENTED_COSTS.items():
        if key in cost:
            report.unrepresented(kind, f"{where}: cost.{key}")
    return pricing


def _modalities(source: dict[str, Any], where: str, report: Report) -> dict[str, Any]:
    """``modalities`` as the source states them, in our order; left out when it states none,
    or one a card cannot hold (reported)."""

    def side(name: str) -> tuple[str, Any]:
        values = source.get(name)
        if isinstance(values, list):  # "image#…" names a variant of a kind: the kind
            values = [str(v).split("#")[0].strip() for v in values]
        return f"modalities.{name}", values

    found = modality_lists({s: side(s) for s in ("input", "output")}, where, report, MODALITY)
    return {"modalities": found} if found else {}


def _priority(experimental: Any, where: str, report: Report) -> dict[str, Any]:
    """``experimental.modes``: a mode sent as ``service_tier = "priority"`` is the priority
    tier (``pricing.priority``); other modes (Anthropic's fast mode) have no field."""
    modes = experimental.get("modes") if isinstance(experimental, dict) else None
    found: dict[str, Any] = {}
    for name, mode in (modes if isinstance(modes, dict) else {}).items():
        body = ((mode.get("provider") or {}).get("body") or {}) if isinstance(mode, dict) else {}
        cost = mode.get("cost") if isinstance(mode, dict) else None
        priority = isinstance(body, dict) and body.get("service_tier") == "priority"
        if priority and isinstance(cost, dict) and (prices := _pricing(cost, where, report)):
            found["priority"] = prices
            continue
        report.unrepresented(FAST_MODE, f"{where}: experimental.modes.{name}")
    return found


def _tiers(
    cost: dict[str, Any], window: int | None, where: str, report: Report
) -> list[dict[str, Decimal | int]]:
    """``[[cost.tiers]]``: ``tier = { size = N }`` and the prices above a prompt of N tokens, as
    the card's ``pricing.tiers`` (``above: N``), lowest first. A tier that names no size, or one
    the context window cannot reach, is left out and reported."""
    raw = cost.get("tiers")
    if raw is None:
        return []
    tiers: dict[int, dict[str, Decimal | int]] = {}
    for number_, entry in enumerate(raw if isinstance(raw, list) else [raw]):
        at = f"{where}: cost.tiers[{number_}]"
        spec = entry.get("tier") if isinstance(entry, dict) else None
        size = number(spec.get("size"), f"{at}.size", report) if isinstance(spec, dict) else None
        kind = spec.get("type", "context") if isinstance(spec, dict) else None
        if not isinstance(size, int) or size <= 0 or kind != "context" or size in tiers:
            report.unrepresented(TIER_PRICES, f"{at}: {show(entry)}")
            continue
        if window is not None and size >= window:
            report.unrepresented(TIER_PRICES, f"{at}: above {size:,}, the context window")
            continue
        prices = _pricing({k: v for k, v in entry.items() if k != "tier"}, at, report)
        tiers[size] = {"above": size, **prices}
    return [tiers[size] for size in sorted(tiers)]


def _benchmark_id(entry: dict[str, Any]) -> str | None:
    name = str(entry.get("name", "")).strip().lower()
    if entry.get("version"):
        name = f"{name} {entry['version']}"
    bench_id = _BENCHMARK_NAMES.get(name)
    dataset = entry.get("dataset")
    if bench_id is None or dataset in (None, "public"):
        return bench_id
    return _DATASETS.get((bench_id, str(dataset)))


def _benchmarks(entries: Any, where: str, report: Report) -> dict[str, dict[str, Any]]:
    scores: dict[str, dict[str, Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        label = f"{where}: {entry.get('name')}" + "".join(
            f" {entry[k]}" for k in ("version", "dataset", "harness", "variant") if entry.get(k)
        )
        bench_id = _benchmark_id(entry)
        score = number(entry.get("score"), label, None)  # NaN, 1e400 …: off the scale too
        source = entry.get("source")
        if bench_id is None:
            report.unrepresented(UNKNOWN_BENCHMARK, label)
        elif bench_id in scores:
            report.unrepresented(MORE_SCORES, label)
        elif score is None or not 0 <= score <= 100:
            report.normalize(SCORE_OFF_SCALE, f"{label}: {show(entry.get('score'))}")
        elif not https_url(source):
            report.normalize(BAD_URL, f"{label}: {show(source)}")
        else:
            score = denoise(score, report, f"{label}: score")
            scores[bench_id] = {"score": score, "source": source}
            day = real_day(date_text(entry.get("date")))
            if day is not None:  # when the score was published (113 of the data's 288)
                scores[bench_id]["date"] = day
    return scores


def _dates(data: dict[str, Any], where: str, report: Report) -> tuple[str | None, str | None]:
    """``released`` (a real day or nothing) and ``added``: the source's release date, else its
    last_updated date (``added`` is required and the source has no date of its own for it),
    else the first day of the month when the source gives only a month."""
    release = date_text(data.get("release_date"))
    updated = date_text(data.get("last_updated"))
    released = real_day(release)
    if release and not released:
        month_only = len(release) == 7 and real_month(release)
        report.normalize(
            DATE_MONTH_ONLY if month_only else DATE_NOT_REAL, f"{where}: release_date {release}"
        )
    updated_day = real_day(updated)
    if updated and not updated_day and not (len(updated) == 7 and real_month(updated)):
        report.normalize(DATE_NOT_REAL, f"{where}: last_updated {updated}")
    added = released or updated_day
    if added is None:
        month = real_month(release) or real_month(updated)
        if month:
            added = f"{month}-01"
            report.normalize(ADDED_FROM_MONTH, f"{where}: added {added}")
    return released, added


def _is_embedding(data: dict[str, Any], source_id: str) -> bool:
    words = f"{data.get('family', '')} {data.get('name', '')} {source_id}".lower()
    return "embed" in words


def convert(
    data: dict[str, Any], provider_id: str, source_id: str, report: Report
) -> dict[str, Any] | None:
    """The card facts of one (already inherited) model, or None when it cannot be a card."""
    where = f"{provider_id}/{source_id}"
    for key in data:
        if key not in _KNOWN_KEYS:
            report.unrepresented(UNKNOWN_FIELD, f"{where}: {key}")
    modalities = data.get("modalities") if isinstance(data.get("modalities"), dict) else {}
    inputs, outputs = (
        [str(m) for m in modalities[k]] if isinstance(modalities.get(k), list) else ["text"]
        for k in ("input", "output")
    )
    if "text" not in inputs or "text" not in outputs:
        report.skip(NOT_TEXT, f"{where}: {'+'.join(inputs)} → {'+'.join(outputs)}")
        return None
    released, added = _dates(data, where, report)
    if added is None:
        report.skip(NO_DATE, where)
        return None

    tool_call = data.get("tool_call")
    if isinstance(tool_call, dict):
        tool_call = tool_call.get("supported")
    cost = data.get("cost") if isinstance(data.get("cost"), dict) else {}
    pricing = _pricing(cost, where, report)
    pricing.update(_priority(data.get("experimental"), where, report))
    caps = {
        "vision": "image" in inputs,
        "pdf": "pdf" in inputs,
        "audio": "audio" in inputs,
        "video": "video" in inputs,
        "image_output": "image" in outputs,
        "audio_output": "audio" in outputs,
        "tool_calling": tool_call is True,
        "reasoning": data.get("reasoning") is True,
        "structured_output": data.get("structured_output") is True,
        "caching": "cache_read" in pricing or "cache_write" in pricing,
        "open_weights": data.get("open_weights") is True,
    }

    limit = data.get("limit") if isinstance(data.get("limit"), dict) else {}
    limits: dict[str, int] = {}
    for key, ours in (("context", "context_window"), ("output", "max_output")):
        value = number(limit.get(key), f"{where}: limit.{key}", report)
        if isinstance(value, int):
            if value > 0:
                limits[ours] = value
            else:
                report.normalize(ZERO_LIMIT, f"{where}: limit.{key} = {value}")
    if "input" in limit:
        value = number(limit.get("input"), f"{where}: limit.input", report)
        window = limits.get("context_window")
        if isinstance(value, int) and value > 0 and (window is None or value < window):
            limits["max_input"] = value
        elif not (isinstance(value, int) and window is not None and value == window):
            report.unrepresented(INPUT_LIMIT, f"{where}: limit.input {show(limit['input'])}")
    tiers = _tiers(cost, limits.get("context_window"), where, report)
    if tiers:
        pricing = {**pricing, "tiers": tiers}  # type: ignore[dict-item]

    knowledge = date_text(data.get("knowledge"))
    cutoff = real_month(knowledge)
    if knowledge and not cutoff:
        report.normalize(DATE_NOT_REAL, f"{where}: knowledge {knowledge}")
    elif knowledge and len(knowledge) > 7:
        report.normalize(CUTOFF_DAY_DROPPED, f"{where}: knowledge {knowledge} → {cutoff}")

    shape = (
        (data.get("provider") or {}).get("shape")
        if isinstance(data.get("provider"), dict)
        else None
    )
    if _is_embedding(data, source_id):
        api = "embeddings"
    elif shape in ("responses", "completions"):
        api = shape
    else:
        api = "chat"
    name = " ".join(data["name"].split()) if isinstance(data.get("name"), str) else ""
    if name and name != data["name"]:
        report.normalize(NAME_SPACES, f"{where}: {data['name']!r} → {name!r}")
    return {
        "name": name or source_id,
        "api": api,
        "capabilities": ordered_capabilities(c for c, on in caps.items() if on),
        **limits,
        **_modalities(modalities, where, report),
        "released": released,
        "added": added,
        "knowledge_cutoff": cutoff,
        "benchmarks": _benchmarks(data.get("benchmarks"), where, report),
        "pricing": pricing,
        **_geography(provider_id, source_id),
        "status": _STATUS.get(str(data.get("status")), "stable"),
    }


def _geography(provider_id: str, source_id: str) -> dict[str, str]:
    """A Bedrock cross-region inference profile's geography, from its id's prefix."""
    bedrock = BEDROCK_ID.match(source_id) if provider_id == "amazon-bedrock" else None
    if bedrock is None or bedrock[1] is None:
        return {}
    return {"geography": BEDROCK_GEOGRAPHIES[bedrock[1]]}


# --------------------------------------------------------------------------- the tree


def _require_tree(tree: Tree) -> None:
    root = tree.root
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder (expected a models.dev tree)")
    if not (root / "providers").is_dir():
        raise UsageError(
            f"{root}: not a models.dev tree (expected providers/<provider>/provider.toml)"
        )
    if tree.inside(root / "providers") is None:
        raise UsageError(f"{root}: providers/ is a link out of the tree; nothing was read")


def _provider_folders(tree: Tree) -> list[Path]:
    folders = []
    for path in sorted((tree.root / "providers").iterdir()):
        if tree.inside(path) is None:
            tree.report.skip(LINK_OUTSIDE, f"{tree.rel(path)} → {link_text(path)}")
        elif path.is_dir() and os.path.lexists(path / "provider.toml"):
            folders.append(path)
    return folders


def read(
    root: Path, only: list[str] | None, report: Report
) -> tuple[list[SourceProvider], list[SourceCard], list[SourceModel]]:
    """Every provider (or those in ``only``) and every model it serves, as source values; and
    the lab models (``models/<lab>/<model>.toml``) they are offers of, as model cards."""
    tree = Tree(root, report)
    _require_tree(tree)
    folders = _provider_folders(tree)
    if only:
        known = {p.name: p for p in folders}
        for wanted in only:
            if wanted not in known:
                close = difflib.get_close_matches(wanted, list(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise UsageError(
                    load.printable(f"--provider {wanted}: no such provider in {root}{hint}")
                )
        folders = [known[p] for p in dict.fromkeys(only)]

    labs: dict[str, dict[str, Any]] = {}
    lab_root = root / "models"
    for path in tree.toml_files(lab_root) if lab_root.is_dir() else []:
        try:
            labs[path.relative_to(lab_root).with_suffix("").as_posix()] = tree.read_toml(path)
        except Unreadable:
            continue

    provider_ids = allocate_ids([p.name for p in folders], report)
    providers: list[SourceProvider] = []
    cards: list[SourceCard] = []
    bases: dict[tuple[str, str], str] = {}  # (provider folder, source id): lab model id
    lab_models: dict[str, SourceModel | None] = {}
    for folder in folders:
        provider_id = provider_ids[folder.name]
        try:
            meta = tree.read_toml(folder / "provider.toml")
        except Unreadable:
            continue
        logo, logo_origin = tree.logo(folder)
        doc = meta.get("doc")
        name = meta.get("name")
        providers.append(
            SourceProvider(
                id=provider_id,
                name=name if isinstance(name, str) and name else folder.name,
                website=doc if https_url(doc) else "",
                headquarters=None,
                logo=logo,
                origin=tree.rel(folder / "provider.toml"),
                logo_origin=logo_origin,
            )
        )
        if not providers[-1].website:
            providers[-1].website = "https://models.dev"
            report.normalize(NO_WEBSITE, f"{folder.name}: doc {show(doc)}")
        facts_by_source: dict[str, dict[str, Any]] = {}
        models = folder / "models"
        for path in tree.toml_files(models) if models.is_dir() else []:
            source_id = path.relative_to(models).with_suffix("").as_posix()
            where = f"{folder.name}/{source_id}"
            try:
                data = tree.read_toml(path)
                own_lab = labs.get(f"{folder.name}/{source_id}")  # the lab serving its own model
                if "base_model" not in data and own_lab is None:
                    linked = named_lab_model(folder.name, source_id, labs)
                    if linked is not None:
                        report.normalize(LINKED_BY_ID, f"{where} → models/{linked}.toml")
                        data = {**data, "base_model": linked}
                inherits = "base_model" in data
                named = str(data["base_model"]) if inherits else None
                if inherits:
                    data = _inherit(data, labs, where, report)
            except Unreadable:
                continue
            if own_lab and own_lab.get("benchmarks") and not inherits and "benchmarks" not in data:
                data["benchmarks"] = own_lab["benchmarks"]
                report.normalize(LAB_BENCHMARKS, f"{where}: models/{folder.name}/{source_id}")
            facts = convert(data, folder.name, source_id, report)
            if facts is not None:
                facts_by_source[source_id] = facts
                # An offer of a lab model: one it names, or the lab's own of its own model.
                base = named
                if base is None and own_lab is not None:
                    base = f"{folder.name}/{source_id}"
                if base is not None:
                    bases[(folder.name, source_id)] = base
        model_ids = allocate_ids(facts_by_source, report, folder.name)
        for source_id, facts in facts_by_source.items():
            base = bases.get((folder.name, source_id))
            if base is not None and base not in lab_models:
                lab_models[base] = _lab_model(tree, labs[base], base)
            cards.append(
                SourceCard(
                    provider_id=provider_id,
                    model_id=model_ids[source_id],
                    origin=f"providers/{folder.name}/models/{source_id}.toml",
                    facts=facts,
                    model=(
                        lab_models[base].id if base and lab_models.get(base) is not None else None
                    ),
                )
            )
    return providers, cards, [m for m in lab_models.values() if m is not None]


# Keys a model card holds of what convert() gives (prices, api, dates added are the offer's).
_MODEL_KEYS = (
    "name", "capabilities", "context_window", "max_input", "max_output", "modalities",
    "released", "knowledge_cutoff", "benchmarks", "status",
)  # fmt: skip


def _lab_model(tree: Tree, data: dict[str, Any], base: str) -> SourceModel | None:
    """The model card of lab model ``base`` (lab/model), or None when it cannot be one."""
    lab, _, source_id = base.partition("/")
    # What the lab's data gets wrong was reported with each offer that inherits it (their
    # facts are the lab's merged with their own): not counted a second time.
    facts = convert(data, lab, source_id, Report())
    if facts is None:
        return None
    own = {k: v for k, v in facts.items() if k in _MODEL_KEYS}
    # Capabilities of an offer, not of the model: prompt caching is priced by a provider.
    own["capabilities"] = [c for c in own.get("capabilities", []) if c != "caching"]
    if isinstance(data.get("open_weights"), bool):
        own["open_weights"] = data["open_weights"]
    name, website = lab, "https://models.dev"
    meta_path = tree.root / "providers" / lab / "provider.toml"
    if meta_path.is_file():  # the lab's own API, where the tree has it, names the lab
        try:
            meta = tree.read_toml(meta_path)
            if isinstance(meta.get("name"), str) and meta["name"]:
                name = meta["name"]
            if https_url(meta.get("doc")):
                website = str(meta["doc"])
        except Unreadable:
            pass
    return SourceModel(
        lab_id=normalize_id(lab),
        model_id=normalize_id(source_id),
        lab_name=name,
        lab_website=website,
        origin=f"models/{base}.toml",
        facts=own,
    )
