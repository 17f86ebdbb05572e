"""Read LiteLLM's ``model_prices_and_context_window.json`` into source providers and cards.

The file maps model ids (often prefixed with the provider, ``azure/gpt-4o``) to entries with
``litellm_provider``, ``mode``, ``max_input_tokens``, ``max_output_tokens``, per-token USD costs
(``input_cost_per_token``, ``output_cost_per_token``, ``cache_read_input_token_cost``,
``cache_creation_input_token_cost``, each also ``_batches``, ``_flex`` and ``_priority``, and
``_above_NNNk_tokens`` for a long-context tier), ``supported_modalities`` and
``supported_output_modalities``, ``supports_*`` flags and ``deprecation_date``. The
``sample_spec`` entry documents the format and is not a model.

Numbers are read with ``parse_float=Decimal``, so ``4e-07`` USD per token becomes exactly 0.40 USD
per 1M tokens. Only ``mode: chat`` entries become cards; the others are counted and skipped.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from catalog.authoring.cardtext import PRICE_ORDER, ordered
from catalog.errors import CatalogError, UsageError
from catalog.importers.ids import allocate_ids
from catalog.importers.providers import HEADQUARTERS
from catalog.importers.registries import CAPABILITIES, ordered_capabilities
from catalog.importers.report import (
    AUDIO_PRICES,
    DATE_NOT_REAL,
    REASONING_PRICES,
    TIER_PRICES,
    ZERO_LIMIT,
    Report,
)
from catalog.importers.source import SourceCard, SourceModel, SourceProvider
from catalog.importers.summary import show
from catalog.importers.values import denoise, json_decimal, json_int, number, price, real_day
from catalog.importers.values import modalities as modality_lists
from catalog.read import load
from catalog.read.schema import Url
from catalog.read.validate import INPUT_CAPABILITIES

SOURCE_NAME = "LiteLLM"
_NOT_MODELS = ("sample_spec", "fallback_generalizations")
_MILLION = Decimal(1_000_000)

NOT_CHAT = "entries that are not chat models"
NOT_AN_ENTRY = "entries that are not a model (no mapping or no litellm_provider)"
OTHER_PRICES = "other prices (per image, second, character, query …)"
MAX_TOKENS_ONLY = "max_tokens without max_input_tokens or max_output_tokens (ambiguous, not used)"
REGIONS = "supported_regions (our regions are the provider's own ids)"

_PRICES = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_creation_input_token_cost": "cache_write",
    "cache_read_input_token_cost": "cache_read",
    "cache_creation_input_token_cost_above_1hr": "cache_write_1h",
    "output_cost_per_reasoning_token": "reasoning",
    "input_cost_per_audio_token": "audio_input",
    "output_cost_per_audio_token": "audio_output",
    "input_cost_per_image_token": "image_input",
    "output_cost_per_image_token": "image_output",
}
_FLAGS = {
    "supports_vision": "vision",
    "supports_function_calling": "tool_calling",
    "supports_prompt_caching": "caching",
    "supports_reasoning": "reasoning",
    "supports_response_schema": "structured_output",
    "supports_pdf_input": "pdf",
    "supports_audio_input": "audio",
    "supports_video_input": "video",
    "supports_audio_output": "audio_output",
}
# LiteLLM says nothing about open weights or image output: those stay as a person wrote them.
_DECIDES = frozenset(_FLAGS.values())
assert set(CAPABILITIES) >= _DECIDES

# Display names and websites of the providers LiteLLM names most; others keep LiteLLM's slug and
# point at LiteLLM's provider list (reported in the summary, for a person to correct).
_PROVIDERS: dict[str, tuple[str, str]] = {
    "openai": ("OpenAI", "https://openai.com"),
    "text-completion-openai": ("OpenAI", "https://openai.com"),
    "azure": (
        "Azure OpenAI",
        "https://azure.microsoft.com/en-us/products/ai-services/openai-service",
    ),
    "azure_ai": ("Azure AI Foundry", "https://ai.azure.com"),
    "anthropic": ("Anthropic", "https://www.anthropic.com"),
    "bedrock": ("Amazon Bedrock", "https://aws.amazon.com/bedrock/"),
    "bedrock_converse": ("Amazon Bedrock", "https://aws.amazon.com/bedrock/"),
    "gemini": ("Google Gemini API", "https://ai.google.dev"),
    "vertex_ai": ("Google Vertex AI", "https://cloud.google.com/vertex-ai"),
    "mistral": ("Mistral AI", "https://mistral.ai"),
    "cohere": ("Cohere", "https://cohere.com"),
    "cohere_chat": ("Cohere", "https://cohere.com"),
    "groq": ("Groq", "https://groq.com"),
    "together_ai": ("Together AI", "https://www.together.ai"),
    "fireworks_ai": ("Fireworks AI", "https://fireworks.ai"),
    "deepinfra": ("Deep Infra", "https://deepinfra.com"),
    "perplexity": ("Perplexity", "https://www.perplexity.ai"),
    "xai": ("xAI", "https://x.ai"),
    "deepseek": ("DeepSeek", "https://www.deepseek.com"),
    "openrouter": ("OpenRouter", "https://openrouter.ai"),
    "cerebras": ("Cerebras", "https://www.cerebras.ai"),
    "dashscope": ("Alibaba Cloud Model Studio", "https://www.alibabacloud.com"),
    "moonshot": ("Moonshot AI", "https://www.moonshot.ai"),
    "replicate": ("Replicate", "https://replicate.com"),
    "ollama": ("Ollama", "https://ollama.com"),
    "sambanova": ("SambaNova", "https://sambanova.ai"),
    "databricks": ("Databricks", "https://www.databricks.com"),
}
_VARIANTS = {"batches": "batch", "flex": "flex", "priority": "priority"}
MODALITY = "modalities a card cannot hold (another kind of input or output)"
MODALITY_FLAGS = "supported_modalities that disagree with the supports_* flags (left out)"
_FALLBACK_WEBSITE = "https://docs.litellm.ai/docs/providers"
PROVIDER_UNKNOWN = "provider LiteLLM names without a known display name and website"
NOT_UNICODE = "entries holding text that is not Unicode (a lone surrogate such as \\ud800)"
SOURCE_NOT_HTTPS = "source that is not an https:// URL (left out)"
_URL = TypeAdapter(Url)  # what a card's pricing.source must be to pass `catalog check`


def _load(path: Path) -> dict[str, Any]:
    display = load.display_path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file (expected model_prices_and_context_window.json)")
    expected = "LiteLLM's model_prices_and_context_window.json"
    try:
        # The number hooks keep one model's 5,000-digit integer or 1e99999999999999999999 from
        # failing the whole file: each becomes a TooLong, left out of its card and reported.
        data = json.loads(
            path.read_text(encoding="utf-8"),
            parse_int=json_int,
            parse_float=json_decimal,
            parse_constant=Decimal,  # NaN and Infinity: numbers no card holds, reported
        )
    except json.JSONDecodeError as exc:
        raise CatalogError(
            display, exc.lineno, exc.colno, "", f"JSON syntax error: {exc.msg}", expected
        ) from None
    except UnicodeDecodeError as exc:
        raise CatalogError(display, 1, 1, "", f"not valid UTF-8 ({exc.reason})") from None
    except RecursionError:
        raise CatalogError(
            display, 1, 1, "", "JSON nested too deeply to read (Python's recursion limit)",
            expected,
        ) from None  # fmt: skip
    if not isinstance(data, dict):
        raise CatalogError(
            display, 1, 1, "", "the file must hold an object of model ids to entries",
            "LiteLLM's model_prices_and_context_window.json",
        )  # fmt: skip
    return data


def _per_million(value: Any, where: str, report: Report) -> Decimal | int | None:
    value = number(value, where, report)
    if value is None or value < 0:
        return None
    per_token = denoise(Decimal(value), report, f"{where} (per token)")
    result = price((per_token * _MILLION).normalize(), where, report)
    if result is None or isinstance(result, int):
        return result
    return int(result) if result == result.to_integral_value() else result


def _limit(entry: dict[str, Any], key: str, where: str, report: Report) -> int | None:
    value = number(entry.get(key), f"{where}: {key}", report)
    if not isinstance(value, int):
        return None
    if value <= 0:
        report.normalize(ZERO_LIMIT, f"{where}: {key} = {value}")
        return None
    return value


def _convert(key: str, entry: dict[str, Any], added: str, report: Report) -> dict[str, Any]:
    where = key
    pricing = {}
    for source_key, ours in _PRICES.items():
        value = _per_million(entry.get(source_key), f"{where}: {source_key}", report)
        if value is not None:
            pricing[ours] = value
    source = entry.get("source")
    if source is not None:
        try:
            # The provider's price page the entry was taken from.
            pricing["source"] = _URL.validate_python(source, strict=True)
        except ValidationError:
            report.normalize(SOURCE_NOT_HTTPS, f"{where}: source {show(source)}")
    window = _limit(entry, "max_input_tokens", where, report)
    tiers: dict[int, dict[str, Any]] = {}
    variants: dict[str, dict[str, Any]] = {}
    for source_key in entry:
        if source_key in _PRICES or not re.search(r"cost", source_key):
            continue
        variant = re.fullmatch(r"(.+)_(batches|flex|priority)", source_key)
        if variant and variant[1] in _PRICES:
            # The batch API's, the flex tier's and the priority tier's prices.
            value = _per_million(entry[source_key], f"{where}: {source_key}", report)
            if value is not None:
                ours = _VARIANTS[variant[2]]
                variants.setdefault(ours, {})[_PRICES[variant[1]]] = value
                continue
        above = re.fullmatch(r"(.+)_above_(\d+)k_tokens", source_key)
        if above and above[1] in _PRICES and (window is None or int(above[2]) * 1000 < window):
            # A long-context price: the whole request above a prompt of N thousand tokens.
            value = _per_million(entry[source_key], f"{where}: {source_key}", report)
            if value is not None:
                size = int(above[2]) * 1000
                tiers.setdefault(size, {"above": size})[_PRICES[above[1]]] = value
                continue
        if re.search(r"_above_\d+k?_tokens|_above_", source_key):
            kind = TIER_PRICES
        elif "audio" in source_key:
            kind = AUDIO_PRICES
        elif "reasoning" in source_key:
            kind = REASONING_PRICES
        else:
            kind = OTHER_PRICES
        report.unrepresented(kind, f"{where}: {source_key}")
    if "supported_regions" in entry:
        report.unrepresented(REGIONS, where)

    caps = {ours for flag, ours in _FLAGS.items() if entry.get(flag) is True}
    if "cache_read" in pricing or "cache_write" in pricing:
        caps.add("caching")
    for ours in ("batch", "flex", "priority"):
        if ours in variants:
            pricing[ours] = dict(ordered(variants[ours], PRICE_ORDER))
    facts: dict[str, Any] = {
        "name": key.split("/", 1)[1] if key.startswith(f"{entry['litellm_provider']}/") else key,
        "api": "chat",
        "capabilities": ordered_capabilities(caps),
        "context_window": window,
        "max_output": _limit(entry, "max_output_tokens", where, report),
        # LiteLLM has no release date: added is the day of the import (--added), and a
        # re-import keeps the added date a card already has.
        "added": added,
        "pricing": {**pricing, "tiers": [tiers[n] for n in sorted(tiers)]} if tiers else pricing,
        "status": "stable",
        **_modalities(entry, caps, where, report),
    }
    if (
        "max_tokens" in entry
        and "max_input_tokens" not in entry
        and "max_output_tokens" not in entry
    ):
        report.unrepresented(MAX_TOKENS_ONLY, where)
    deprecation = entry.get("deprecation_date")
    if deprecation is not None:
        facts["status"] = "deprecated"
        retires = real_day(str(deprecation))
        if retires:
            facts["retires"] = retires
        else:
            report.normalize(DATE_NOT_REAL, f"{where}: deprecation_date {show(deprecation)}")
    return facts


def _modalities(
    entry: dict[str, Any], caps: set[str], where: str, report: Report
) -> dict[str, Any]:
    """``supported_modalities`` and ``supported_output_modalities`` as ``modalities``: left out
    when either is missing, holds a kind a card cannot, or disagrees with the supports_* flags
    (``catalog check`` holds the two to each other; which one is right is a person's call)."""
    keys = {"input": "supported_modalities", "output": "supported_output_modalities"}
    found = modality_lists(
        {side: (key, entry.get(key)) for side, key in keys.items()}, where, report, MODALITY
    )
    if found is None:
        return {}
    for cap, kind in INPUT_CAPABILITIES.items():
        if (cap in caps) != (kind in found["input"]):
            report.unrepresented(MODALITY_FLAGS, f"{where}: {kind} input and supports_{cap}")
            return {}
    return {"modalities": found}


def _is_unicode(value: Any) -> bool:
    """Whether every text in ``value`` (keys too) is valid Unicode: JSON's "\\ud800" is not."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    return True


def read(
    path: Path, only: list[str] | None, added: datetime.date, report: Report
) -> tuple[list[SourceProvider], list[SourceCard], list[SourceModel]]:
    """Every provider (or those in ``only``) and its chat models. LiteLLM has no lab level:
    its entries are offers alone, and no model card is made from them."""
    data = _load(path)
    chat: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for key, entry in data.items():
        if key in _NOT_MODELS:
            continue
        if not _is_unicode(key) or not _is_unicode(entry):
            # It cannot be written (UTF-8 has no lone surrogate) nor be safely cut out.
            report.skip(NOT_UNICODE, key)
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("litellm_provider"), str):
            report.skip(NOT_AN_ENTRY, key)
            continue
        mode = entry.get("mode")
        if mode != "chat":
            shown = show(mode)[:40] if isinstance(mode, str) and mode else "(none)"
            report.skip(f"{NOT_CHAT}: mode {shown}", key)
            continue
        chat.setdefault(entry["litellm_provider"], []).append((key, entry))
    if only:
        for wanted in only:
            if wanted not in chat:
                raise UsageError(
                    load.printable(
                        f"--provider {wanted}: no chat models of that provider in {path}"
                    )
                )
        chat = {p: chat[p] for p in dict.fromkeys(only)}

    provider_ids = allocate_ids(chat, report)
    providers, cards = [], []
    for slug in sorted(chat):
        provider_id = provider_ids[slug]
        name, website = _PROVIDERS.get(slug) or _PROVIDERS.get(slug.split("-")[0], ("", ""))
        if not name:
            name, website = slug, _FALLBACK_WEBSITE
            report.normalize(PROVIDER_UNKNOWN, f"{slug}: name {slug}, website {website}")
        headquarters = HEADQUARTERS.get(slug) or HEADQUARTERS.get(slug.split("-")[0])
        providers.append(SourceProvider(provider_id, name, website, headquarters, None, slug))
        entries = dict(chat[slug])
        by_model: dict[str, str] = {}  # the id without the provider prefix, else the whole key
        for key in sorted(entries):
            source_id = key.split("/", 1)[1] if key.startswith(f"{slug}/") else key
            by_model[source_id if source_id not in by_model else key] = key
        model_ids = allocate_ids(by_model, report, slug)
        for source_id in sorted(by_model):
            key = by_model[source_id]
            cards.append(
                SourceCard(
                    provider_id=provider_id,
                    model_id=model_ids[source_id],
                    origin=key,
                    facts=_convert(key, entries[key], added.isoformat(), report),
                    decides=_DECIDES,
                )
            )
    return providers, cards, []
