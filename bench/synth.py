"""Synthetic catalogs that look like real ones, for benchmarking the generator at scale.

The starter catalog has 35 cards; the site must stay fast and correct with thousands. Real
catalogs are lopsided (one cloud with hundreds of regional deployments, a long tail of small
labs), so a benchmark on evenly spread toy cards would measure the wrong thing. This module
writes such lopsided catalogs, every one valid, and byte-identical for the same ``(cards, seed)``
so that two benchmark runs compare the code, never the data.

Usage::

    python -m bench.synth /tmp/synth10k --cards 10000 [--seed 0]

The registries (site.yaml, benchmarks.yaml, capabilities.yaml) are copied from the project's own
``models`` folder, so the cards always refer to the ids the real catalog defines. YAML is written
as text, not dumped, so the files read like hand-written cards and stay stable byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

PROJECT_MODELS = Path(__file__).resolve().parent.parent / "models"
REGISTRY_FILES = ("site.yaml", "benchmarks.yaml", "capabilities.yaml")
FLAGSHIP_SIZE = 600  # the largest provider's card count once the catalog has 1,000 cards
FLAGSHIP_SHARE = Decimal("0.6")  # ... and its share below that, so small catalogs stay lopsided
WRAP = 98  # line width of Markdown in block scalars, indentation included

# --------------------------------------------------------------------------- vocabulary

# Regions as (id, name, country, geography), in the naming style of three big clouds and of a
# smaller GPU cloud. Geographies are values of schema.Geography.
_AZURE = [
    ("eastus", "East US", "US", "US"),
    ("eastus2", "East US 2", "US", "US"),
    ("westus3", "West US 3", "US", "US"),
    ("northcentralus", "North Central US", "US", "US"),
    ("southcentralus", "South Central US", "US", "US"),
    ("canadaeast", "Canada East", "CA", "CA"),
    ("mexicocentral", "Mexico Central", "MX", "LATAM"),
    ("brazilsouth", "Brazil South", "BR", "BR"),
    ("francecentral", "France Central", "FR", "EU"),
    ("swedencentral", "Sweden Central", "SE", "EU"),
    ("westeurope", "West Europe", "NL", "EU"),
    ("germanywestcentral", "Germany West Central", "DE", "EU"),
    ("polandcentral", "Poland Central", "PL", "EU"),
    ("italynorth", "Italy North", "IT", "EU"),
    ("spaincentral", "Spain Central", "ES", "EU"),
    ("uksouth", "UK South", "GB", "UK"),
    ("switzerlandnorth", "Switzerland North", "CH", "CH"),
    ("norwayeast", "Norway East", "NO", "NO"),
    ("japaneast", "Japan East", "JP", "JP"),
    ("koreacentral", "Korea Central", "KR", "KR"),
    ("centralindia", "Central India", "IN", "IN"),
    ("australiaeast", "Australia East", "AU", "AU"),
    ("southeastasia", "Southeast Asia", "SG", "SG"),
    ("uaenorth", "UAE North", "AE", "ME"),
    ("southafricanorth", "South Africa North", "ZA", "AF"),
]
_AWS = [
    ("us-east-1", "US East (N. Virginia)", "US", "US"),
    ("us-east-2", "US East (Ohio)", "US", "US"),
    ("us-west-2", "US West (Oregon)", "US", "US"),
    ("ca-central-1", "Canada (Central)", "CA", "CA"),
    ("mx-central-1", "Mexico (Central)", "MX", "LATAM"),
    ("sa-east-1", "South America (São Paulo)", "BR", "BR"),
    ("eu-central-1", "Europe (Frankfurt)", "DE", "EU"),
    ("eu-central-2", "Europe (Zurich)", "CH", "CH"),
    ("eu-west-1", "Europe (Ireland)", "IE", "EU"),
    ("eu-west-2", "Europe (London)", "GB", "UK"),
    ("eu-west-3", "Europe (Paris)", "FR", "EU"),
    ("eu-north-1", "Europe (Stockholm)", "SE", "EU"),
    ("eu-south-1", "Europe (Milan)", "IT", "EU"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)", "JP", "JP"),
    ("ap-northeast-2", "Asia Pacific (Seoul)", "KR", "KR"),
    ("ap-south-1", "Asia Pacific (Mumbai)", "IN", "IN"),
    ("ap-southeast-1", "Asia Pacific (Singapore)", "SG", "SG"),
    ("ap-southeast-2", "Asia Pacific (Sydney)", "AU", "AU"),
    ("ap-east-1", "Asia Pacific (Hong Kong)", "HK", "APAC"),
    ("cn-north-1", "China (Beijing)", "CN", "CN"),
    ("me-central-1", "Middle East (UAE)", "AE", "ME"),
    ("af-south-1", "Africa (Cape Town)", "ZA", "AF"),
]
_GCP = [
    ("global", "Global endpoint", "US", "GLOBAL"),
    ("us-central1", "Iowa", "US", "US"),
    ("us-east4", "Northern Virginia", "US", "US"),
    ("us-west1", "Oregon", "US", "US"),
    ("northamerica-northeast1", "Montréal", "CA", "CA"),
    ("southamerica-east1", "São Paulo", "BR", "BR"),
    ("southamerica-west1", "Santiago", "CL", "LATAM"),
    ("europe-west1", "Belgium", "BE", "EU"),
    ("europe-west2", "London", "GB", "UK"),
    ("europe-west3", "Frankfurt", "DE", "EU"),
    ("europe-west4", "Netherlands", "NL", "EU"),
    ("europe-west6", "Zurich", "CH", "CH"),
    ("europe-west9", "Paris", "FR", "EU"),
    ("europe-north1", "Finland", "FI", "EU"),
    ("asia-northeast1", "Tokyo", "JP", "JP"),
    ("asia-northeast3", "Seoul", "KR", "KR"),
    ("asia-south1", "Mumbai", "IN", "IN"),
    ("asia-southeast1", "Singapore", "SG", "SG"),
    ("australia-southeast1", "Sydney", "AU", "AU"),
    ("me-west1", "Tel Aviv", "IL", "ME"),
    ("africa-south1", "Johannesburg", "ZA", "AF"),
]
_GPU_CLOUD = [
    ("fr-par", "Paris", "FR", "EU"),
    ("nl-ams", "Amsterdam", "NL", "EU"),
    ("pl-waw", "Warsaw", "PL", "EU"),
    ("de-fra", "Frankfurt", "DE", "EU"),
    ("gb-lon", "London", "GB", "UK"),
    ("no-osl", "Oslo", "NO", "NO"),
    ("us-ord", "Chicago", "US", "US"),
    ("us-sea", "Seattle", "US", "US"),
    ("ca-yul", "Montreal", "CA", "CA"),
    ("sg-sin", "Singapore", "SG", "SG"),
    ("jp-tyo", "Tokyo", "JP", "JP"),
    ("au-syd", "Sydney", "AU", "AU"),
]
_REGION_STYLES = [_AZURE, _AWS, _GCP, _GPU_CLOUD]

_NAME_STEMS = [
    "Aster", "Basalt", "Borealis", "Cirrus", "Cobalt", "Drift", "Ember", "Fathom", "Flux",
    "Garnet", "Granite", "Harbor", "Helix", "Indigo", "Iris", "Jasper", "Juniper", "Kestrel",
    "Krypton", "Lattice", "Lumen", "Meridian", "Monsoon", "Nimbus", "Nova", "Onyx", "Orbit",
    "Polaris", "Prism", "Quanta", "Quill", "Radiant", "Ridge", "Sable", "Summit", "Tessera",
    "Tidal", "Umbra", "Vapor", "Vertex", "Willow", "Wren", "Xenon", "Yonder", "Zephyr",
    "Alder", "Beacon", "Corvid", "Dune", "Estuary",
]  # fmt: skip
_LAB_SUFFIXES = ["AI", "Labs", "Research", "Intelligence"]
_CLOUD_SUFFIXES = ["Cloud", "Compute", "AI Cloud", "Infra"]
_HEADQUARTERS = ["US", "US", "US", "FR", "GB", "DE", "CA", "CN", "JP", "KR", "CH", "SE", "IL"]
_COLOURS = [
    "#0a66c2", "#10a37f", "#d97757", "#4285f4", "#fa520f", "#4d6bfe", "#111111", "#7c3aed",
    "#0f766e", "#b91c1c", "#c2410c", "#1d4ed8", "#be185d", "#15803d", "#334155", "#a16207",
]  # fmt: skip
_FAMILIES = [
    "orion", "vega", "lyra", "atlas", "sirius", "helios", "altair", "rigel", "cygnus", "draco",
    "kepler", "tycho", "halley", "juno", "titan", "rhea", "dione", "mimas", "pulsar", "quasar",
    "zenith", "aurora", "corvus", "carina", "fornax", "hydra", "lupus", "pavo", "ara", "norma",
]  # fmt: skip
# (tier, strength bias): bigger tiers score higher and cost more.
_TIERS = [
    ("", 0.0), ("mini", -0.15), ("nano", -0.3), ("lite", -0.25), ("flash", -0.1),
    ("pro", 0.15), ("max", 0.2), ("large", 0.1), ("medium", 0.0), ("small", -0.2),
    ("turbo", -0.05), ("instruct", -0.05), ("reasoning", 0.15), ("coder", 0.05),
    ("vision", 0.0), ("preview", 0.1),
]  # fmt: skip
_SIZES = ["8b", "14b", "32b", "70b", "120b", "405b"]
_CONTEXT_WINDOWS = [8192, 16384, 32768, 65536, 128000, 131072, 200000, 256000, 400000,
                    1000000, 1047576, 2000000]  # fmt: skip
_MAX_OUTPUTS = [2048, 4096, 8192, 16384, 32000, 32768, 64000, 65536, 100000, 128000]
_INPUT_PRICES = [
    "0.02", "0.035", "0.05", "0.075", "0.10", "0.15", "0.20", "0.25", "0.30", "0.40", "0.50",
    "0.60", "0.80", "1", "1.10", "1.25", "1.50", "2", "2.50", "3", "4", "5", "10", "15", "20",
]  # fmt: skip
_OUTPUT_FACTORS = ["2", "3", "4", "5", "8"]
_CACHE_READ_FACTORS = ["0.1", "0.25", "0.5"]
_CACHE_WRITE_FACTORS = ["1", "1.25", "2"]
_REGION_PREMIUMS = ["1.1", "1.2", "0.9"]
# How often a card lists each capability; the registry decides which ids exist.
_CAPABILITY_ODDS = {
    "vision": 0.5,
    "tool_calling": 0.85,
    "caching": 1.0,  # every card has cache prices
    "reasoning": 0.35,
    "structured_output": 0.6,
    "pdf": 0.25,
    "audio": 0.1,
    "open_weights": 0.2,
}
_BENCHMARK_SOURCES = {
    "swe-bench-verified": ["https://www.swebench.com/"],
    "swe-bench-pro": ["https://labs.scale.com/leaderboard/swe_bench_pro_public"],
    "aider-polyglot": ["https://aider.chat/docs/leaderboards/"],
    "terminal-bench": ["https://www.tbench.ai/leaderboard"],
    "scicode": ["https://scicode-bench.github.io/"],
}
_USES = [
    "customer-support chat", "summarising long documents", "code review", "data extraction",
    "agentic workflows", "classification at high volume", "retrieval-augmented generation",
    "translation", "drafting and editing", "SQL generation", "spreadsheet analysis",
    "meeting notes", "contract review", "tutoring", "search-result re-ranking",
]  # fmt: skip
_STRENGTHS = ["fast", "inexpensive", "accurate", "steady", "capable", "compact", "thorough"]
_LANGUAGES = ["English", "French", "German", "Spanish", "Japanese", "Korean", "Portuguese",
              "Hindi", "Arabic", "Italian", "Dutch", "Polish"]  # fmt: skip

_PLAIN = re.compile(r"^[A-Za-z][\w .'()/?!&+-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_SIX_PLACES = Decimal("0.000001")
_FIRST_DAY = date(2023, 3, 1).toordinal()
_LAST_DAY = date(2026, 4, 30).toordinal()

# --------------------------------------------------------------------------- data


@dataclass
class _Provider:
    """A provider being generated; ``stable_ids`` lets a deprecated card name a real successor."""

    id: str
    name: str
    kind: str  # "cloud" (regional deployments of many families) or "lab" (its own families)
    size: int
    website: str
    regions: list[tuple[str, str, str, str]]
    families: list[str]
    stable_ids: list[tuple[str, int]] = field(default_factory=list)  # (model id, released)


@dataclass(frozen=True)
class _Registries:
    """What the copied registry files define, so cards only use ids the validator knows."""

    benchmarks: dict[str, tuple[Decimal, Decimal]]  # id -> (min, max)
    capabilities: list[str]


def _registries(models: Path) -> _Registries:
    benchmarks = yaml.safe_load((models / "benchmarks.yaml").read_text(encoding="utf-8"))
    capabilities = yaml.safe_load((models / "capabilities.yaml").read_text(encoding="utf-8"))
    scales = {
        bid: (Decimal(str(b.get("min", 0))), Decimal(str(b.get("max", 100))))
        for bid, b in benchmarks.items()
    }
    return _Registries(scales, list(capabilities))


# --------------------------------------------------------------------------- YAML text


def _scalar(text: str) -> str:
    """``text`` as a plain YAML scalar when that is unambiguous, else double-quoted.

    The pattern excludes ``,[]{}`` so the result is also safe inside a flow mapping.
    """
    if (
        _PLAIN.match(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith((" ", ":"))
        and text.lower() not in _RESERVED
    ):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted one


def _wrap(text: str, width: int = WRAP) -> list[str]:
    """Greedy word wrap; several times faster than textwrap and never splits a URL."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def _block(key: str, markdown: str, indent: str = "") -> list[str]:
    """A Markdown value as a block scalar: folded for one paragraph, literal when it has more."""
    inner = indent + "  "
    if "\n" not in markdown:
        return [
            f"{indent}{key}: >-",
            *(inner + line for line in _wrap(markdown, WRAP - len(inner))),
        ]
    out = [f"{indent}{key}: |-"]
    for paragraph in markdown.split("\n\n"):
        if len(out) > 1:
            out.append("")
        if paragraph.startswith("- "):
            out.extend(inner + item for item in paragraph.split("\n"))
        else:
            out.extend(inner + line for line in _wrap(paragraph, WRAP - len(inner)))
    return out


def _money(value: Decimal) -> str:
    """A price as written by hand: ``2``, ``0.50``, ``18.75``, ``0.09375`` (never an exponent)."""
    value = value.quantize(_SIX_PLACES, rounding=ROUND_HALF_UP)
    text = format(value, "f").rstrip("0").rstrip(".")
    if "." in text and len(text.split(".")[1]) == 1:
        text += "0"
    return text


def _flow(pairs: Sequence[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


# --------------------------------------------------------------------------- shape


def _sizes(cards: int, rng: random.Random) -> list[int]:
    """Cards per provider, flagship first: the flagship, a body of big ones and a long tail.

    The flagship has ``FLAGSHIP_SIZE`` cards (60 % of smaller catalogs). A quarter of the others
    are a tail of tiny providers (up to 20 cards); the body shares the remaining cards along a
    jittered power law, each capped below the flagship. Every provider has at least one card.
    The provider count grows with the square root of the card count: about 40 at 10,000 cards.
    """
    flagship = min(FLAGSHIP_SIZE, max(1, int((FLAGSHIP_SHARE * cards).to_integral_value())))
    count = max(min(6, cards), round(0.4 * cards**0.5))
    count = min(count, cards - flagship + 1)
    others = count - 1
    if others == 0:
        return [flagship]
    tail_max = max(1, min(20, flagship // 30))
    tail = [rng.randint(1, tail_max) for _ in range(others // 4)]
    body = others - len(tail)
    rest = cards - flagship - sum(tail)
    weights = [(k + 2) ** -2.0 * rng.uniform(0.7, 1.3) for k in range(body)]
    caps = [max(1.0, float(int(flagship * rng.uniform(0.35, 0.97)))) for _ in range(body)]
    if sum(caps) < rest:  # a catalog too big for the caps: let the power law run free
        caps = [float(rest)] * body

    def total(scale: float) -> float:
        return sum(min(cap, max(1.0, scale * w)) for w, cap in zip(weights, caps, strict=True))

    # the scale at which the body holds exactly `rest` cards, then largest-remainder rounding
    low, high = 0.0, float(rest) / min(weights) + 1.0
    for _ in range(100):
        mid = (low + high) / 2
        low, high = (mid, high) if total(mid) < rest else (low, mid)
    exact = [min(cap, max(1.0, high * w)) for w, cap in zip(weights, caps, strict=True)]
    sizes = [int(x) for x in exact]
    short = rest - sum(sizes)
    for i in sorted(range(body), key=lambda i: (sizes[i] - exact[i], i)):
        if short <= 0:
            break
        if sizes[i] < caps[i]:
            sizes[i] += 1
            short -= 1
    while short < 0:  # never expected (floors cannot overshoot), but keep the sum exact
        j = max(range(body), key=lambda k: (sizes[k], -k))
        sizes[j] -= 1
        short += 1
    return [flagship, *sorted(sizes + tail, reverse=True)]


def _providers(cards: int, rng: random.Random) -> list[_Provider]:
    """Providers with names, kinds, regions and model families; the flagship is a cloud."""
    sizes = _sizes(cards, rng)
    stems = _NAME_STEMS[:]
    rng.shuffle(stems)
    families = _FAMILIES[:]
    rng.shuffle(families)
    providers: list[_Provider] = []
    seen: set[str] = set()
    for rank, size in enumerate(sizes):
        kind = "cloud" if rank == 0 or rng.random() < 0.45 else "lab"
        stem = stems[rank % len(stems)]
        if rank >= len(stems):
            stem += f" {rank // len(stems) + 1}"
        name = f"{stem} {rng.choice(_CLOUD_SUFFIXES if kind == 'cloud' else _LAB_SUFFIXES)}"
        pid = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        while pid in seen:
            pid += "-x"
        seen.add(pid)
        regions: list[tuple[str, str, str, str]] = []
        if kind == "cloud":
            pool = rng.choice(_REGION_STYLES)
            wanted = min(len(pool), 12 if rank == 0 else rng.randint(3, 10))
            chosen = set(rng.sample(range(len(pool)), wanted))
            regions = [r for i, r in enumerate(pool) if i in chosen]
        own = max(1, min(8, size // 60 + 1))
        fams = [families[(rank * 3 + i) % len(families)] for i in range(own)]
        if kind == "cloud":  # clouds also host other labs' families
            fams += rng.sample(_FAMILIES, min(len(_FAMILIES), own + 2))
            fams = list(dict.fromkeys(fams))
        website = f"https://www.{pid}.example.com"
        providers.append(_Provider(pid, name, kind, size, website, regions, fams))
    return providers


# --------------------------------------------------------------------------- files


def _logo(provider: _Provider, rng: random.Random) -> str:
    """A monogram like the starter logos: our own, never a real trademark."""
    words = provider.name.split()
    letters = (words[0][0] + words[1][0]) if len(words) > 1 else words[0][:2]
    colour = rng.choice(_COLOURS)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img">'
        f'<rect width="64" height="64" rx="14" fill="{colour}"/>'
        '<text x="32" y="42" text-anchor="middle" font-family="system-ui,sans-serif" '
        f'font-size="28" font-weight="700" fill="#fff">{letters}</text></svg>\n'
    )


def _provider_yaml(provider: _Provider, rng: random.Random) -> str:
    if provider.kind == "cloud":
        about = (
            f"{provider.name} serves models from many labs on its own infrastructure, so "
            "requests can stay inside a chosen region or geography."
        )
    else:
        about = (
            f"{provider.name}'s own API, serving the "
            + " and ".join(f.capitalize() for f in provider.families[:2])
            + " models it develops."
        )
    lines = [
        f"name: {_scalar(provider.name)}",
        "logo: logo.svg",
        f"website: {provider.website}",
        f"headquarters: {_scalar(rng.choice(_HEADQUARTERS))}",
        *_block("about", about),
    ]
    if rng.random() < 0.7:
        lines += [
            "data_policy:",
            f"  data_retention: {str(rng.random() < 0.3).lower()}",
            f"  used_for_training: {str(rng.random() < 0.1).lower()}",
        ]
    if provider.regions:
        lines.append("regions:")
        for rid, name, country, geo in provider.regions:
            pairs = [
                ("name", _scalar(name)),
                ("country", _scalar(country)),
                ("geography", _scalar(geo)),
            ]
            lines.append(f"  {rid}: {_flow(pairs)}")
    return "\n".join(lines) + "\n"


def _model_id(provider: _Provider, rng: random.Random, taken: set[str]) -> tuple[str, str, float]:
    """A fresh model id of the provider (family, version, tier, sometimes size or date)."""
    while True:
        family = rng.choice(provider.families)
        major = rng.randint(1, 5)
        version = f"{major}.{rng.randint(1, 9)}" if rng.random() < 0.5 else str(major)
        tier, bias = rng.choice(_TIERS)
        parts = [family, version]
        if rng.random() < 0.2:
            parts.append(rng.choice(_SIZES))
        if tier:
            parts.append(tier)
        if rng.random() < 0.25 or len(taken) > 400:
            parts.append(f"{rng.randint(24, 26)}{rng.randint(1, 12):02d}")
        mid = "-".join(parts)
        if mid not in taken:
            taken.add(mid)
            return mid, family, bias


def _description(name: str, family: str, provider: _Provider, caps: list[str],
                 rng: random.Random) -> str:  # fmt: skip
    """One to three short Markdown paragraphs: emphasis, sometimes a list, sometimes links."""
    where = f"deployed on {provider.name}" if provider.kind == "cloud" else f"from {provider.name}"
    inputs = "text and image input" if "vision" in caps else "text input"
    strength = rng.choice(_STRENGTHS)
    article = "an" if strength[0] in "aeiou" else "a"
    first = (
        f"**{name}** is {article} *{strength}* model in the {family.capitalize()} family, "
        f"{where}. It accepts {inputs}, returns text"
        + (", and reasons step by step before it answers." if "reasoning" in caps else ".")
    )
    paragraphs = [first]
    extra = rng.randint(0, 2)
    if extra >= 1:
        uses = rng.sample(_USES, rng.randint(2, 4))
        paragraphs.append("Typical uses:")
        paragraphs.append("\n".join(f"- {use}" for use in uses))
    if extra == 2 or (extra == 0 and rng.random() < 0.5):
        paragraphs.append(
            f"See the [model card]({provider.website}/models/{name}) and the "
            f"[pricing page]({provider.website}/pricing) for _rate limits_ and terms."
        )
    return "\n\n".join(paragraphs)


def _faq(name: str, status: str, rng: random.Random) -> list[tuple[str, str]]:
    languages = ", ".join(rng.sample(_LANGUAGES, 4))
    entries = [
        (
            f"Does {name} support batch requests?",
            "Yes. Batch jobs cost about *half* the listed price and finish within 24 hours.",
        ),
        (
            f"What is {name} best at?",
            f"It does well at **{rng.choice(_USES)}** and {rng.choice(_USES)}.",
        ),
        (
            f"Which languages does {name} handle well?",
            f"It was evaluated in {languages} and English; quality in other languages varies.",
        ),
        (
            f"Is {name} ready for production?",
            "Not yet: preview models can change without notice."
            if status == "preview"
            else "Yes, with the usual caveat: test it on your own workload first.",
        ),
        (
            f"Can I fine-tune {name}?",
            "Not through the router. Fine-tuned variants are listed as separate models.",
        ),
    ]
    return rng.sample(entries, rng.randint(1, 3))


def _date(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _card_yaml(provider: _Provider, mid: str, family: str, bias: float, reg: _Registries,
               rng: random.Random) -> tuple[str, int]:  # fmt: skip
    """One card's YAML text and its page count (one per region, or one without regions)."""
    strength = min(0.98, max(0.05, rng.random() * 0.7 + 0.15 + bias))
    # lifecycle: a few previews, a few deprecated ones replaced by a newer stable model
    status, retires, replaced_by = "stable", None, None
    roll = rng.random()
    released = rng.randint(_FIRST_DAY, _LAST_DAY)
    if roll < 0.06:
        status = "preview"
        released = rng.randint(_LAST_DAY - 150, _LAST_DAY)
    elif roll < 0.12 and provider.stable_ids:
        status = "deprecated"
        newer_id, newer_released = rng.choice(provider.stable_ids)
        released = max(_FIRST_DAY - 400, newer_released - rng.randint(120, 500))
        retires = newer_released + rng.randint(180, 540)
        replaced_by = f"{provider.id}/{newer_id}"
    added = released + rng.randint(0, 45)
    cutoff = date.fromordinal(released - rng.randint(60, 420))

    caps = [c for c in reg.capabilities if rng.random() < _CAPABILITY_ODDS.get(c, 0.3)]
    if "pdf" in caps and "vision" not in caps:
        caps.remove("pdf")
    context = rng.choice(_CONTEXT_WINDOWS)
    max_output = rng.choice([m for m in _MAX_OUTPUTS if m <= context])

    price_in = Decimal(rng.choice(_INPUT_PRICES))
    if bias > 0.1:
        price_in *= 2
    prices = {
        "input": price_in,
        "output": price_in * Decimal(rng.choice(_OUTPUT_FACTORS)),
        "cache_write": price_in * Decimal(rng.choice(_CACHE_WRITE_FACTORS)),
        "cache_read": price_in * Decimal(rng.choice(_CACHE_READ_FACTORS)),
    }

    lines = [f"name: {mid}", *_block("description", _description(mid, family, provider, caps, rng))]
    api = rng.choices(["chat", "responses", "completions"], weights=[80, 15, 5])[0]
    lines.append(f"api: {api}")
    lines.append(f"capabilities: [{', '.join(caps)}]")
    lines.append(f"context_window: {context}")
    lines.append(f"max_output: {max_output}")
    lines.append(f"released: {_date(released)}")
    lines.append(f"added: {_date(added)}")
    lines.append(f"knowledge_cutoff: {cutoff.year}-{cutoff.month:02d}")
    if status != "stable":
        lines.append(f"status: {status}")
    if retires is not None:
        lines.append(f"retires: {_date(retires)}")
    if replaced_by is not None:
        lines.append(f"replaced_by: {replaced_by}")

    lines.append("benchmarks:")
    ids = list(reg.benchmarks)
    chosen = set(rng.sample(ids, rng.randint(min(3, len(ids)), min(8, len(ids)))))
    for bid in ids:
        if bid not in chosen:
            continue
        low, high = reg.benchmarks[bid]
        fraction = min(0.99, max(0.01, strength * rng.uniform(0.55, 1.0)))
        score = (low + (high - low) * Decimal(str(round(fraction, 3)))).quantize(Decimal("0.1"))
        score = min(high, max(low, score))
        sources = [
            *_BENCHMARK_SOURCES.get(bid, []),
            f"https://artificialanalysis.ai/models/{mid}",
            f"{provider.website}/models/{mid}#evaluations",
        ]
        lines.append(f"  {bid}: {_flow([('score', str(score)), ('source', rng.choice(sources))])}")

    lines.append("pricing:")
    lines.extend(f"  {key}: {_money(value)}" for key, value in prices.items())

    pages = 1
    if provider.regions:
        count = rng.randint(1, min(5, len(provider.regions)))
        picked = set(rng.sample(range(len(provider.regions)), count))
        region_ids = [r[0] for i, r in enumerate(provider.regions) if i in picked]
        pages = len(region_ids)
        if rng.random() < 0.12:  # the mapping form: a regional price or a later region launch
            lines.append("regions:")
            special = set(rng.sample(region_ids, min(len(region_ids), rng.randint(1, 2))))
            for rid in region_ids:
                if rid not in special:
                    lines.append(f"  {rid}:")
                    continue
                lines.append(f"  {rid}:")
                priced = rng.random() < 0.8
                if priced:
                    premium = Decimal(rng.choice(_REGION_PREMIUMS))
                    over = [(k, _money(prices[k] * premium)) for k in ("input", "output")]
                    if rng.random() < 0.5:  # cache_read scales with input, so stays below it
                        over.append(("cache_read", _money(prices["cache_read"] * premium)))
                    lines.append(f"    pricing: {_flow(over)}")
                if not priced or rng.random() < 0.4:
                    lines.append(f"    added: {_date(added + rng.randint(30, 200))}")
        else:
            lines.append(f"regions: [{', '.join(region_ids)}]")

    if rng.random() < 0.05:
        lines.append(f"data_policy: {{used_for_training: {str(rng.random() < 0.5).lower()}}}")
    lines.append("faq:")
    for question, answer in _faq(mid, status, rng):
        lines.append(f"  - question: {_scalar(question)}")
        lines.extend(_block("answer", answer, indent="    "))

    if status == "stable":
        provider.stable_ids.append((mid, released))
    return "\n".join(lines) + "\n", pages


def generate(out: Path, cards: int, seed: int = 0) -> dict[str, int]:
    """Write a complete, valid models folder with ``cards`` cards into ``out``.

    ``out`` must be missing or empty: stale cards from an earlier run would change the counts.
    Returns ``{"cards": …, "providers": …, "pages": …}``, pages being the model×region pages
    the site will have (one per region of a regional card, one for a card without regions).
    """
    if cards < 1:
        raise ValueError("cards must be at least 1")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; generate into a new or empty folder")
    out.mkdir(parents=True, exist_ok=True)
    for name in REGISTRY_FILES:
        (out / name).write_bytes((PROJECT_MODELS / name).read_bytes())
    reg = _registries(PROJECT_MODELS)

    rng = random.Random(seed)
    providers = _providers(cards, rng)
    pages = 0
    for provider in providers:
        folder = out / provider.id
        folder.mkdir()
        (folder / "provider.yaml").write_text(_provider_yaml(provider, rng), encoding="utf-8")
        (folder / "logo.svg").write_text(_logo(provider, rng), encoding="utf-8")
        taken: set[str] = set()
        for _ in range(provider.size):
            mid, family, bias = _model_id(provider, rng, taken)
            text, card_pages = _card_yaml(provider, mid, family, bias, reg, rng)
            (folder / f"{mid}.yaml").write_text(text, encoding="utf-8")
            pages += card_pages
    return {"cards": cards, "providers": len(providers), "pages": pages}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.synth OUT --cards N [--seed S]``: generate and print the counts."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth", description=__doc__.split("\n")[0]
    )
    parser.add_argument("out", type=Path, help="folder to create (must be missing or empty)")
    parser.add_argument("--cards", type=int, required=True, help="number of model cards")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = generate(args.out, args.cards, args.seed)
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(
        f"{counts['cards']} cards, {counts['providers']} providers, {counts['pages']} pages "
        f"written to {args.out} in {elapsed:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
