"""The merge of a source's model with the card already in the models folder: the source's facts
over the card, everything a person wrote kept (a description that is not the generated one,
FAQ, regions, data policy, capabilities the source does not decide on, any fact the source
lacks), the cross-field rules of ``catalog check`` applied; and the field-by-field difference
the summary lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.authoring.cardtext import CARD_ORDER, PRICE_ORDER, ordered, plain
from catalog.importers.registries import ordered_capabilities
from catalog.importers.report import (
    CACHE_READ_ABOVE_INPUT,
    CUTOFF_AFTER_RELEASE,
    OUTPUT_ABOVE_CONTEXT,
    Report,
)
from catalog.importers.source import SourceCard
from catalog.importers.summary import show

# --------------------------------------------------------------------------- descriptions


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


_INPUT_WORDS = {"vision": "image", "video": "video", "audio": "audio", "pdf": "PDF"}
_OUTPUT_WORDS = {"image_output": "images", "audio_output": "audio"}
_FEATURE_WORDS = {
    "tool_calling": "tool calling",
    "structured_output": "structured output",
    "caching": "prompt caching",
}


def describe(card: Mapping[str, Any], provider_name: str) -> str:
    """The description of an imported card, made only from the card's own facts and the
    provider's name, so that a re-import can tell it from one a person wrote: a description
    equal to ``describe(old card)`` was ours and is remade; any other is kept."""
    name = str(card.get("name") or "This model")
    caps = set(card.get("capabilities") or [])
    inputs = ["text"] + [word for cap, word in _INPUT_WORDS.items() if cap in caps]
    if card.get("api") == "embeddings":
        sentences = [
            f"{name} is an embedding model served by {provider_name}.",
            f"It accepts {_join(inputs)} input and returns embedding vectors.",
        ]
    else:
        kind = "reasoning model" if "reasoning" in caps else "model"
        outputs = ["text"] + [word for cap, word in _OUTPUT_WORDS.items() if cap in caps]
        sentences = [
            f"{name} is a {kind} served by {provider_name}.",
            f"It accepts {_join(inputs)} input and returns {_join(outputs)}.",
        ]
    features = [word for cap, word in _FEATURE_WORDS.items() if cap in caps]
    if features:
        sentences.append(f"It supports {_join(features)}.")
    if "open_weights" in caps:
        sentences.append("Its weights are openly published.")
    return " ".join(sentences)


# --------------------------------------------------------------------------- merging


# Facts a source states; anything else on a card (description, faq, regions, data_policy,
# replaced_by, unknown keys) is a person's and kept as it is.
_SOURCE_SCALARS = (
    "name", "api", "context_window", "max_input", "max_output", "modalities", "released",
    "knowledge_cutoff", "retires",
)  # fmt: skip


def merge_card(
    source: SourceCard,
    old: Mapping[str, Any] | None,
    provider_name: str,
    report: Report,
    *,
    source_provider_name: str = "",
) -> dict[str, Any]:
    """The card to write: the source's facts over the existing card, keeping what a person wrote
    and what the source lacks; then the cross-field checks of catalog check, applied. An old
    description made by :func:`describe` (with the provider's name as provider.yaml has it, or as
    the source has it) is remade from the new facts; any other description is a person's."""
    facts = source.facts
    old = dict(old or {})
    new: dict[str, Any] = {}
    for key in _SOURCE_SCALARS:
        value = facts.get(key)
        new[key] = value if value is not None else old.get(key)
    new["added"] = old.get("added") or facts["added"]

    own = [c for c in old.get("capabilities") or [] if c not in source.decides]
    caps = ordered_capabilities(facts.get("capabilities") or [])
    new["capabilities"] = caps + [c for c in own if c not in caps]

    benchmarks = dict(old.get("benchmarks") or {})
    benchmarks.update(facts.get("benchmarks") or {})
    new["benchmarks"] = benchmarks
    pricing = dict(old.get("pricing") or {})
    pricing.update(facts.get("pricing") or {})
    new["pricing"] = dict(ordered(pricing, PRICE_ORDER))

    status = facts.get("status", "stable")
    if old.get("retires") or old.get("replaced_by"):
        status = old.get("status", status)  # a person set the lifecycle; the source has no say
    new["status"] = None if status == "stable" and "status" not in old else status

    for key, value in old.items():
        if key not in new and key != "description":
            new[key] = value
    _make_consistent(new, source.id, report)

    old_text = old.get("description")
    generated = {describe(old, name) for name in (provider_name, source_provider_name) if name}
    if isinstance(old_text, str) and old_text not in generated:
        new["description"] = old_text
    else:
        new["description"] = describe(new, provider_name)
    return {k: v for k, v in ordered(new, CARD_ORDER) if v is not None and v != [] and v != {}}


def _make_consistent(card: dict[str, Any], where: str, report: Report) -> None:
    cutoff, released = card.get("knowledge_cutoff"), card.get("released")
    if isinstance(cutoff, str) and isinstance(released, str) and cutoff > released[: len(cutoff)]:
        report.normalize(CUTOFF_AFTER_RELEASE, f"{where}: cutoff {cutoff}, released {released}")
        card["knowledge_cutoff"] = None
    context, output = card.get("context_window"), card.get("max_output")
    if isinstance(context, int) and isinstance(output, int) and output > context:
        report.normalize(OUTPUT_ABOVE_CONTEXT, f"{where}: max output {output:,} > {context:,}")
        card["max_output"] = None
    prompt = card.get("max_input")
    if isinstance(context, int) and isinstance(prompt, int) and prompt >= context:
        card["max_input"] = None  # the context window says it all
    pricing = card.get("pricing") or {}
    cache_read, input_price = pricing.get("cache_read"), pricing.get("input")
    if cache_read is not None and input_price is not None and cache_read > input_price:
        report.normalize(
            CACHE_READ_ABOVE_INPUT,
            f"{where}: cache read {plain(cache_read)} > input {plain(input_price)}",
        )
        del pricing["cache_read"]


def same(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether the merged card says what the old one did: the order of capabilities, which a
    person may have chosen, is no change."""

    def canon(card: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(card)
        if isinstance(out.get("capabilities"), list):
            out["capabilities"] = sorted(map(str, out["capabilities"]))
        return out

    return canon(old) == canon(new)


# --------------------------------------------------------------------------- differences


def diff_lines(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """``field: old → new`` for every field that changed; prices and scores one by one."""
    lines = []
    for key in [k for k in CARD_ORDER if k in old or k in new] + [
        k for k in {**old, **new} if k not in CARD_ORDER
    ]:
        before, after = old.get(key), new.get(key)
        if key in ("pricing", "benchmarks") and isinstance(before or {}, Mapping):
            before, after = before or {}, after or {}
            for sub in [*before, *(k for k in after if k not in before)]:
                if before.get(sub) != after.get(sub):
                    pair = (before.get(sub), after.get(sub))
                    was, now = (show(v, price=key == "pricing") for v in pair)
                    lines.append(f"{key}.{sub}: {was} → {now}")
        elif key == "capabilities":
            if sorted(before or []) != sorted(after or []):
                lines.append(f"capabilities: {show(before)} → {show(after)}")
        elif key == "description" and before != after:
            lines.append("description: remade from the new facts (it was the generated one)")
        elif before != after:
            lines.append(f"{key}: {show(before)} → {show(after)}")
    return lines
