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
from catalog.importers.registries import CAPABILITIES, ordered_capabilities
from catalog.importers.report import (
    CACHE_READ_ABOVE_INPUT,
    CUTOFF_AFTER_RELEASE,
    OFFER_ABOVE_MODEL,
    OFFER_LIMIT_ABOVE_MODEL,
    OUTPUT_ABOVE_CONTEXT,
    Report,
)
from catalog.importers.source import SourceCard, SourceModel
from catalog.importers.summary import show
from catalog.read.validate import INHERITED, INPUT_CAPABILITIES

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


def describe(card: Mapping[str, Any], provider_name: str, *, lab: bool = False) -> str:
    """The description of an imported card, made only from the card's own facts and the
    provider's name (with ``lab``, a model card's: the lab's name), so that a re-import can
    tell it from one a person wrote: a description equal to ``describe(old card)`` was ours and
    is remade; any other is kept."""
    served = "made by" if lab else "served by"
    name = str(card.get("name") or "This model")
    caps = set(card.get("capabilities") or [])
    inputs = ["text"] + [word for cap, word in _INPUT_WORDS.items() if cap in caps]
    if card.get("api") == "embeddings":
        sentences = [
            f"{name} is an embedding model {served} {provider_name}.",
            f"It accepts {_join(inputs)} input and returns embedding vectors.",
        ]
    else:
        kind = "reasoning model" if "reasoning" in caps else "model"
        outputs = ["text"] + [word for cap, word in _OUTPUT_WORDS.items() if cap in caps]
        sentences = [
            f"{name} is a {kind} {served} {provider_name}.",
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
    lab: bool = False,
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
    names = (provider_name, source_provider_name)
    generated = {describe(old, name, lab=lab) for name in names if name}
    if isinstance(old_text, str) and old_text not in generated:
        new["description"] = old_text
    else:
        new["description"] = describe(new, provider_name, lab=lab)
    return {k: v for k, v in ordered(new, CARD_ORDER) if v is not None and v != [] and v != {}}


def merge_model(
    source: SourceModel, old: Mapping[str, Any] | None, report: Report
) -> dict[str, Any]:
    """The model card to write (labs/<lab>/<model>.yaml): merged as a card is, what a person
    wrote kept; no prices, regions or dates added, which are the offers'."""
    # Caching is priced by a provider: the lab model does not decide it, a person may.
    decides = frozenset(CAPABILITIES) - {"caching"}
    facts = {**source.facts, "added": ""}
    shim = SourceCard(source.lab_id, source.model_id, source.origin, facts, decides)
    new = merge_card(shim, old, source.lab_name, report, lab=True)
    if not (old or {}).get("added"):
        new.pop("added", None)
    if "open_weights" in source.facts:
        new["open_weights"] = source.facts["open_weights"]
    return new


def factor(
    offer: Mapping[str, Any],
    model: Mapping[str, Any],
    ref: str,
    generated: str,
    where: str,
    report: Report,
) -> dict[str, Any] | None:
    """The offer card written over its model card ``ref``: ``model: ref`` and what differs (a
    fact its model card states the same is left out: the offer inherits it).
    A limit the offer states above the model's is left out (the offer inherits the model's, and
    the report says so). None when the offer says more than its model (a modality it does not
    list) or would inherit what contradicts it: it is then written as a card of its own.
    ``generated`` is the description the import makes for the offer: left out, the model's is
    inherited."""
    offer = dict(offer)
    for key in ("context_window", "max_output", "max_input"):
        mine, theirs = offer.get(key), model.get(key)
        if isinstance(mine, int) and isinstance(theirs, int) and mine > theirs:
            # The host of an open model states a limit above the lab's: one of the two is
            # wrong, and an offer cannot take more than its model. The offer still is one (a
            # visitor asks where the model runs): it inherits the lab's figure, as a fact the
            # labs and hosts disagree on keeps the lab's (SAME_MODEL_CONFLICT).
            report.normalize(
                OFFER_LIMIT_ABOVE_MODEL, f"{where}: {key} {mine:,} > {theirs:,} ({ref})"
            )
            del offer[key]
    window = offer.get("context_window", model.get("context_window"))
    tiers = (offer.get("pricing") or {}).get("tiers") or []
    reach = [
        t["above"] for t in tiers if isinstance(t, Mapping) and isinstance(t.get("above"), int)
    ]
    if reach and isinstance(window, int) and max(reach) >= window:
        # Its long-context prices need the window it states (Claude Sonnet 4.5's 1M beta at
        # resellers, over the lab's 200K): priced as it bills, it is a card of its own.
        report.normalize(OFFER_ABOVE_MODEL, f"{where}: a tier over {max(reach):,} > {window:,}")
        return None
    for key in ("max_output", "max_input"):  # a limit it would inherit, above its own window
        limit = model.get(key)
        inherited = key not in offer and isinstance(limit, int) and isinstance(window, int)
        if inherited and limit > window:
            report.normalize(OFFER_ABOVE_MODEL, f"{where}: {key} {limit:,} > {window:,}")
            return None
    kinds, theirs_kinds = offer.get("modalities"), model.get("modalities") or {}
    for side in ("input", "output"):
        extra = [k for k in (kinds or {}).get(side, []) if k not in theirs_kinds.get(side, [])]
        if kinds and theirs_kinds and extra:
            report.normalize(OFFER_ABOVE_MODEL, f"{where}: modalities.{side} {extra} ({ref})")
            return None
    caps = set(offer.get("capabilities") or [])
    inputs = (kinds or theirs_kinds).get("input", [])
    pairs = INPUT_CAPABILITIES.items()
    if inputs and any((cap in caps) != (kind in inputs) for cap, kind in pairs):
        report.normalize(OFFER_ABOVE_MODEL, f"{where}: capabilities against the model's inputs")
        return None
    out: dict[str, Any] = {"model": ref}
    for key, value in offer.items():
        if key == "model" or (key in INHERITED and model.get(key) == value):
            continue
        if key == "benchmarks" or (key == "description" and value == generated):
            continue  # scores are the model's; the generated text is the model's too
        out[key] = value
    if model.get("capabilities") and not offer.get("capabilities"):
        out["capabilities"] = []  # none at this provider: stated, or it would inherit them
    return dict(ordered(out, CARD_ORDER))


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
