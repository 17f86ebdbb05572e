"""What both importers share: the report, exact numbers and real dates, ids, the YAML writer in
the hand-written cards' format, the merge with cards already in the models folder, and the
summary.

An importer turns its source into :class:`SourceProvider` and :class:`SourceCard` values whose
facts are already in our units and formats (USD per 1M tokens as exact decimals, YYYY-MM-DD,
capability and benchmark ids). :func:`plan` merges them with what the models folder holds and
returns every file to write and the summary; :func:`write` writes them. Nothing is written
before everything has been read and merged.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import textwrap
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import yaml

from catalog.errors import CatalogError
from catalog.read import gate, load, schema
from catalog.read.svg import logo_errors

# --------------------------------------------------------------------------- the report

# Kinds of normalization: what the source got wrong or wrote differently, and what we did.
FLOAT_NOISE = "float noise rounded to 15 significant digits"
CUTOFF_AFTER_RELEASE = "knowledge cutoff after the release date (cutoff left out)"
DATE_NOT_REAL = "date that is not a real calendar date (left out)"
DATE_MONTH_ONLY = "release date without a day (left out of released)"
ADDED_FROM_MONTH = "added date taken from the first day of a month-only date"
CUTOFF_DAY_DROPPED = "knowledge cutoff given as a day (written as YYYY-MM)"
SAME_MODEL_CONFLICT = "same model with different facts at different providers (lab value kept)"
OUTPUT_ABOVE_CONTEXT = "max output above the context window (max output left out)"
ZERO_LIMIT = "limit of 0 tokens (left out as unknown)"
CACHE_READ_ABOVE_INPUT = "cache-read price above the input price (cache read left out)"
COST_KEY_ALIAS = "nonstandard cost key read as its standard name"
ID_NORMALIZED = "model id normalized to lower-case letters, digits, '.', '_' and '-'"
ID_COLLISION = "ids that collide after normalization (a hash of the source id appended)"
LAB_BENCHMARKS = "benchmarks of the lab's own model file, for the lab's own API (no base_model)"
LINK_FOLLOWED = "file holding a link to another file (the link was followed)"
SCORE_OFF_SCALE = "benchmark score outside its scale (left out)"
BAD_URL = "benchmark source that is not an https:// URL (score left out)"
HEADQUARTERS_UNKNOWN = "provider headquarters unknown (left out: add it to provider.yaml)"
ID_RESERVED = (
    "id check refuses (a name of the catalog's own files or of a Windows device, index, an "
    "ending .html or .json): its dots made '-', or a hash of the source id appended"
)
CONTROL_DROPPED = (
    "control characters dropped from text (line breaks and tabs kept in descriptions only)"
)
TEXT_CUT = "name longer than the 500 characters a card holds (cut)"
NUMBER_OUT_OF_RANGE = (
    "number no card can hold: not finite, 10^12 or more, below 10^-30 or too long to read "
    "(left out)"
)
LOGO_REFUSED = "source logo that is not a safe SVG (our monogram written instead)"
# What already sits in the models folder where the import would write, and is not a regular
# file: left as it is (writing would follow a link out of the folder; check refuses it anyway).
NOT_REGULAR_OUT = "link or other non-regular file in the models folder (left as it is)"


@dataclass
class Report:
    """Everything worth telling the reviewer, grouped by kind, in the order it was found."""

    normalized: dict[str, list[str]] = field(default_factory=dict)
    not_represented: dict[str, list[str]] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)

    @staticmethod
    def _add(group: dict[str, list[str]], kind: str, item: str) -> None:
        group.setdefault(kind, []).append(item)

    def normalize(self, kind: str, item: str) -> None:
        self._add(self.normalized, kind, item)

    def unrepresented(self, kind: str, item: str) -> None:
        self._add(self.not_represented, kind, item)

    def skip(self, kind: str, item: str) -> None:
        self._add(self.skipped, kind, item)

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "normalized": {k: len(v) for k, v in self.normalized.items()},
            "not represented": {k: len(v) for k, v in self.not_represented.items()},
            "skipped": {k: len(v) for k, v in self.skipped.items()},
        }


# --------------------------------------------------------------------------- numbers and dates

_SIGNIFICANT = 15  # a binary double holds 15 significant decimal digits; the rest is noise
# check refuses a price with more decimal places than the catalog keeps: round to as many.
PRICE_PLACES = schema.PRICE_PLACES
PRICE_ROUNDED = f"price with more than {PRICE_PLACES} decimal places (rounded to {PRICE_PLACES})"
PRICE_BELOW_PLACES = f"price that is 0 at {PRICE_PLACES} decimal places but not 0 (left out)"
# Below this a number is noise or an attack: 1e-999999999 would underflow our arithmetic.
_SMALLEST_EXPONENT = -30


@dataclass(frozen=True)
class TooLong:
    """A number of the source that cannot be read exactly (over 40 digits, or an exponent past
    what Decimal holds); JSON's parse hooks return it instead of failing the whole file."""

    text: str

    def __str__(self) -> str:
        return number_text(self)


def number_text(value: Any) -> str:
    """A source number as a message shows it: in full unless it is very long."""
    text = value.text if isinstance(value, TooLong) else str(value)
    return text if len(text) <= 24 else f"{text[:20]}… ({len(text):,} characters)"


def json_int(text: str) -> int | TooLong:
    # Python refuses to read over 4,300 digits (a ValueError that would end the whole file)
    return int(text) if len(text.lstrip("-")) <= 40 else TooLong(text)


def json_decimal(text: str) -> Decimal | TooLong:
    try:
        return Decimal(text)
    except ArithmeticError:  # an exponent of more than 18 digits
        return TooLong(text)


def number(value: Any, where: str, report: Report | None) -> Decimal | int | None:
    """``value`` when it is a number a card can hold, else None. What is not a number at all
    (text, a boolean, a table) is None silently, as before; a number out of range (not finite,
    10^12 or more in size, nonzero below 10^-30, too long to read) is None and reported (when a
    ``report`` is given), so that nothing later overflows, signals or is refused by check."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | TooLong):
        return None
    if isinstance(value, Decimal) and value.is_finite():
        if not value or _SMALLEST_EXPONENT <= value.adjusted() < 12:
            return value
    elif isinstance(value, int) and abs(value) < load.MAX_NUMBER:
        return value
    if report is not None:
        report.normalize(NUMBER_OUT_OF_RANGE, f"{where}: {number_text(value)}")
    return None


def price(value: Decimal | int, where: str, report: Report) -> Decimal | int | None:
    """A price in USD per 1M tokens as a card holds it: float noise rounded away, then at most
    :data:`PRICE_PLACES` decimal places (rounded, reported); a price that is 0 only by that
    rounding, or too large, is left out rather than shown as free or refused by check."""
    checked = number(value, where, report)
    if checked is None or isinstance(checked, int):
        return checked
    value = denoise(checked, report, where)
    if value.normalize().as_tuple().exponent >= -PRICE_PLACES:  # type: ignore[operator]
        return value
    rounded = value.quantize(Decimal(1).scaleb(-PRICE_PLACES), rounding=ROUND_HALF_EVEN)
    if not rounded and value:
        report.normalize(PRICE_BELOW_PLACES, f"{where}: {plain(value)}")
        return None
    rounded = rounded.normalize()
    report.normalize(PRICE_ROUNDED, f"{where}: {plain(value)} → {plain(rounded)}")
    return rounded


def plain(value: Decimal | int) -> str:
    """A number as plain decimal text: no exponent, no trailing zeros (4E-7 → 0.0000004)."""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def price_text(value: Decimal | int) -> str:
    """A price as the hand-written cards write it: 15, 0.40, 1.50, 18.75, 0.375."""
    text = plain(value)
    if "." in text and len(text.split(".")[1]) == 1:
        text += "0"
    return text


def denoise(value: Decimal | int, report: Report, where: str) -> Decimal | int:
    """Round binary-float noise (0.39999999999999997, 2.9000000000000004) to the shortest decimal
    a double really holds: 15 significant digits, trailing zeros dropped; report each one."""
    if isinstance(value, int) or not value.is_finite():
        return value
    exact = value.normalize()
    if len(exact.as_tuple().digits) <= _SIGNIFICANT:
        return value
    rounded = exact.quantize(Decimal(1).scaleb(exact.adjusted() - _SIGNIFICANT + 1)).normalize()
    report.normalize(FLOAT_NOISE, f"{where}: {plain(exact)} → {plain(rounded)}")
    return rounded


_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def date_text(value: Any) -> str | None:
    """Source dates as text (TOML may give datetime.date for unquoted dates)."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if isinstance(value, str) else None


def real_day(text: str | None) -> str | None:
    """``text`` if it is a real YYYY-MM-DD calendar date, else None."""
    if text is None or not _DAY_RE.match(text):
        return None
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return text


def real_month(text: str | None) -> str | None:
    """YYYY-MM of a real YYYY-MM or YYYY-MM-DD date, else None."""
    match = _MONTH_RE.match(text) if text else None
    if not match:
        return None
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None
    return f"{year}-{month}"


# --------------------------------------------------------------------------- text

_TEXT_MAX = 500  # catalog.read.schema.Text: a longer name is refused by check


def _is_control(ch: str, multiline: bool) -> bool:
    """A character no written text may hold: what ``catalog check`` refuses in every value
    (catalog.read.load.NOT_TEXT), line breaks and tabs in a one-line value, and lone surrogates (a
    JSON "\\ud800", a file name that is not UTF-8), which UTF-8 cannot even write."""
    if ch in "\n\t":
        return not multiline
    return load.NOT_TEXT.match(ch) is not None or unicodedata.category(ch) == "Cs"


def clean_text(text: str, where: str, report: Report, *, multiline: bool = False) -> str:
    """``text`` without control characters, reported when there were any. A one-line value
    (a name) keeps none; a multi-line text (a description) keeps line breaks and tabs, which a
    YAML block holds as they are, and drops the rest (a CR of CRLF included)."""
    if text.isprintable():
        return text
    kept = "".join(ch for ch in text if not _is_control(ch, multiline))
    if kept != text:
        report.normalize(CONTROL_DROPPED, f"{where}: {show(text)}")
    return kept


def clean_name(text: str, where: str, report: Report, fallback: str) -> str:
    """A name as a card holds it: no control characters, at most 500 characters, not empty
    (``fallback`` when nothing is left)."""
    text = clean_text(text, where, report)
    if len(text) > _TEXT_MAX:
        report.normalize(TEXT_CUT, f"{where}: {len(text):,} characters")
        text = text[: _TEXT_MAX - 1] + "…"
    return text if text.strip() else fallback


_HTTPS_URL = re.compile(r"^https://\S+$")


def https_url(value: Any) -> bool:
    r"""Whether ``value`` is a URL a card holds (catalog.read.schema.Url): https://, no white space,
    at most 500 characters, and printable (``\S`` lets ESC and NUL through)."""
    return (
        isinstance(value, str)
        and len(value) <= 500
        and value.isprintable()
        and bool(_HTTPS_URL.match(value))
    )


# --------------------------------------------------------------------------- ids


def _digest(text: str) -> str:
    # surrogatepass: a file name that is not UTF-8 reaches us with lone surrogates in it
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def _plain_id(source_id: str) -> str:
    text = source_id.lower()
    text = re.sub(r"[^a-z0-9._-]+", "-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"-{2,}", "-", text)
    text = re.sub(r"^[._-]+|[._-]+$", "", text) or "model-" + _digest(source_id)
    if len(text) > gate.ID_MAX:
        text = text[: gate.ID_MAX - 7].rstrip("._-") + "-" + _digest(source_id)
    return text


def normalize_id(source_id: str) -> str:
    """A valid id for any source id, by the rules ``catalog check`` applies
    (:mod:`catalog.read.gate`):
    lower case; every run of other characters ('/', ':', '@', spaces …) becomes one '-'; no
    leading punctuation, no '..'; at most 80 characters (a long id keeps its start and gets a
    hash of the whole). An id check refuses otherwise (``provider``, ``index``, ``con``,
    ``lpt1.v2``, ``page.html``) has its dots made '-' (``lpt1-v2``, ``page-html``), or, when
    that is not enough, a hash of the source id appended (``provider-1a2b3c``). Deterministic."""
    text = _plain_id(source_id)
    if gate.is_valid_id(text):
        return text
    flat = text.replace(".", "-")
    if gate.is_valid_id(flat):
        return flat
    return f"{flat[: gate.ID_MAX - 7].rstrip('_-')}-{_digest(source_id)}"


def allocate_ids(source_ids: Iterable[str], report: Report, where: str = "") -> dict[str, str]:
    """Map each source id to a unique valid id; every id that had to change is reported. When
    several source ids normalize to one id, the one already written that way (else the first in
    sorted order) keeps it and the others get a hash of their source id appended."""
    prefix = f"{where}/" if where else ""
    by_id: dict[str, list[str]] = {}
    for source_id in sorted(set(source_ids)):
        by_id.setdefault(normalize_id(source_id), []).append(source_id)
    result: dict[str, str] = {}
    taken = set(by_id)
    for new_id, sources in by_id.items():
        keeper = next((s for s in sources if s == new_id), sources[0])
        for source_id in sources:
            final = new_id
            if source_id != keeper:
                stem = new_id[: gate.ID_MAX - 7].rstrip("._-")
                final = f"{stem}-{_digest(source_id)}"
                while final in taken or not gate.is_valid_id(final):  # pragma: no cover
                    final = f"{stem.replace('.', '-')}-{_digest(final)}"
                taken.add(final)
                report.normalize(
                    ID_COLLISION,
                    f"{prefix}{source_id} → {final} ({new_id} stays with {prefix}{keeper})",
                )
            elif source_id != new_id:
                reserved = not gate.is_valid_id(_plain_id(source_id))
                kind = ID_RESERVED if reserved else ID_NORMALIZED
                report.normalize(kind, f"{prefix}{source_id} → {new_id}")
            result[source_id] = final
    return result


# --------------------------------------------------------------------------- registries

# The capabilities the importers can derive, in the order cards list them.
CAPABILITIES: dict[str, dict[str, str]] = {
    "vision": {"label": "Vision", "icon": "👁", "phrase": "vision input"},
    "tool_calling": {"label": "Tool calling", "icon": "🔧", "phrase": "tool calling"},
    "caching": {"label": "Caching", "icon": "⚡", "phrase": "prompt caching"},
    "reasoning": {"label": "Reasoning", "icon": "🧠", "phrase": "step-by-step reasoning"},
    "structured_output": {
        "label": "Structured output",
        "icon": "{}",
        "phrase": "structured (JSON schema) output",
    },
    "pdf": {"label": "PDF input", "icon": "📄", "phrase": "PDF input"},
    "audio": {"label": "Audio input", "icon": "🎧", "phrase": "audio input"},
    "video": {"label": "Video input", "icon": "🎬", "phrase": "video input"},
    "image_output": {"label": "Image output", "icon": "🖼", "phrase": "image output"},
    "audio_output": {"label": "Audio output", "icon": "🔊", "phrase": "audio output"},
    "open_weights": {"label": "Open weights", "icon": "🔓", "phrase": "open weights"},
}


def ordered_capabilities(ids: Iterable[str]) -> list[str]:
    wanted = set(ids)
    return [c for c in CAPABILITIES if c in wanted]


@dataclass(frozen=True)
class BenchmarkInfo:
    id: str
    name: str
    category: str
    description: str
    unit: str = "%"


# Benchmarks the importers know, by id. Ids and names match models/benchmarks.yaml where the
# starter catalog already has the benchmark. A score of an unknown benchmark is reported, never
# given an invented category or description.
BENCHMARKS: dict[str, BenchmarkInfo] = {
    b.id: b
    for b in [
        BenchmarkInfo(
            "swe-bench-verified",
            "SWE-Bench Verified",
            "coding",
            "Resolving real GitHub issues from 12 popular Python repositories.",
        ),
        BenchmarkInfo(
            "swe-bench-pro",
            "SWE-Bench Pro (public)",
            "coding",
            "Resolving long-horizon software engineering tasks from real repositories "
            "(Scale AI's public set).",
        ),
        BenchmarkInfo(
            "swe-bench-pro-hard-aa",
            "SWE-Bench Pro (hard subset, Artificial Analysis)",
            "coding",
            "A hard subset of SWE-Bench Pro tasks, run by Artificial Analysis with coding agents.",
        ),
        BenchmarkInfo(
            "swe-bench-multilingual",
            "SWE-Bench Multilingual",
            "coding",
            "Resolving real GitHub issues in repositories written in several programming "
            "languages.",
        ),
        BenchmarkInfo(
            "aider-polyglot",
            "Aider Polyglot",
            "coding",
            "Solving hard Exercism exercises in C++, Go, Java, JavaScript, Python and Rust by "
            "editing code.",
        ),
        BenchmarkInfo(
            "scicode",
            "SciCode",
            "coding",
            "Writing code to solve research-level problems from the natural sciences.",
        ),
        BenchmarkInfo(
            "livecodebench",
            "LiveCodeBench",
            "coding",
            "Competitive-programming problems collected continuously from recent contests.",
        ),
        BenchmarkInfo(
            "livecodebench-pro",
            "LiveCodeBench Pro",
            "coding",
            "Hard competitive-programming problems from recent top-level contests.",
        ),
        BenchmarkInfo(
            "nl2repo",
            "NL2Repo",
            "coding",
            "Building a whole code repository from a natural-language specification.",
        ),
        BenchmarkInfo(
            "swe-atlas-qna",
            "SWE-Atlas Codebase QnA",
            "coding",
            "Answering questions about large real-world codebases (Scale AI's SWE-Atlas).",
        ),
        BenchmarkInfo(
            "swe-atlas-refactoring",
            "SWE-Atlas Refactoring",
            "coding",
            "Refactoring code in real-world repositories (Scale AI's SWE-Atlas).",
        ),
        BenchmarkInfo(
            "swe-atlas-test-writing",
            "SWE-Atlas Test Writing",
            "coding",
            "Writing tests for real-world repositories (Scale AI's SWE-Atlas).",
        ),
        BenchmarkInfo(
            "terminal-bench",
            "Terminal-Bench 2.1",
            "agentic",
            "Completing real-world tasks in a command-line terminal as an agent.",
        ),
        BenchmarkInfo(
            "terminal-bench-2.0",
            "Terminal-Bench 2.0",
            "agentic",
            "Completing real-world tasks in a command-line terminal as an agent (version 2.0).",
        ),
        BenchmarkInfo(
            "terminal-bench-hard",
            "Terminal-Bench Hard",
            "agentic",
            "A subset of hard Terminal-Bench command-line agent tasks, as run by Artificial "
            "Analysis.",
        ),
        BenchmarkInfo(
            "claw-eval",
            "Claw-eval",
            "agentic",
            "Multi-step tasks carried out by an autonomous agent with tools.",
        ),
        BenchmarkInfo(
            "tau3-banking",
            "τ3 Banking",
            "agentic",
            "Customer-service conversations in a banking domain, solved with tools "
            "(τ-bench family).",
        ),
        BenchmarkInfo(
            "cti-realm",
            "CTI-REALM",
            "agentic",
            "Cyber-threat-intelligence tasks carried out by an agent.",
        ),
        BenchmarkInfo(
            "gpqa-diamond",
            "GPQA Diamond",
            "reasoning",
            "Graduate-level physics, chemistry & biology questions designed to resist Googling.",
        ),
        BenchmarkInfo(
            "hle",
            "Humanity’s Last Exam",
            "knowledge",
            "Expert-written questions at the frontier of human knowledge, across many subjects.",
        ),
        BenchmarkInfo(
            "charxiv-reasoning",
            "CharXiv Reasoning",
            "multimodal",
            "Reasoning questions about charts taken from arXiv papers.",
        ),
        BenchmarkInfo(
            "long-context-reasoning",
            "Long Context Reasoning",
            "long-context",
            "Reasoning over long inputs.",
        ),
        BenchmarkInfo(
            "mrcr-v2",
            "MRCR v2",
            "long-context",
            "Multi-round coreference resolution: finding one of several similar requests in a "
            "long conversation.",
        ),
        BenchmarkInfo(
            "aa-coding-index",
            "Artificial Analysis Coding Index",
            "composite",
            "Artificial Analysis's composite score over its coding evaluations, on a 0–100 scale.",
            unit="",
        ),
        BenchmarkInfo(
            "aa-coding-agent-index",
            "Artificial Analysis Coding Agent Index",
            "composite",
            "Artificial Analysis's composite score for coding agents (model and harness "
            "together), on a 0–100 scale.",
            unit="",
        ),
    ]
}


# --------------------------------------------------------------------------- providers

# Where providers are based, for the providers whose headquarters are well known; the sources
# do not say. Any other provider's is left out, and reported, for a person to add in provider.yaml.
HEADQUARTERS: dict[str, str] = {
    **dict.fromkeys(
        [
            "openai", "anthropic", "google", "google-vertex", "google-vertex-anthropic",
            "gemini", "vertex_ai", "azure", "azure-cognitive-services", "azure_ai",
            "amazon-bedrock", "bedrock", "bedrock_converse", "nova", "xai", "groq",
            "cerebras", "togetherai", "together_ai", "fireworks-ai", "fireworks_ai",
            "deepinfra", "perplexity", "perplexity-agent", "openrouter", "huggingface",
            "github-copilot", "github-models", "gitlab", "cloudflare-ai-gateway",
            "cloudflare-workers-ai", "cloudflare", "databricks", "snowflake-cortex",
            "snowflake", "nvidia", "nvidia_nim", "vercel", "v0", "baseten", "digitalocean",
            "vultr", "wandb", "clarifai", "ollama-cloud", "ollama", "lmstudio", "venice",
            "helicone", "llama", "meta_llama", "inception", "poe", "replicate", "sambanova",
            "lambda_ai", "io-net", "tinfoil", "anyscale", "abacus", "opencode", "opencode-go",
            "gmicloud",
        ],
        "US",
    ),
    **dict.fromkeys(
        [
            "deepseek", "alibaba", "alibaba-cn", "alibaba-coding-plan", "alibaba-coding-plan-cn",
            "alibaba-token-plan", "alibaba-token-plan-cn", "dashscope", "moonshotai",
            "moonshotai-cn", "moonshot", "kimi-for-coding", "minimax", "minimax-cn",
            "minimax-coding-plan", "minimax-cn-coding-plan", "zhipuai", "zhipuai-coding-plan",
            "zai", "zai-coding-plan", "xiaomi", "xiaomi-token-plan-ams", "xiaomi-token-plan-cn",
            "xiaomi-token-plan-sgp", "stepfun", "stepfun-ai", "tencent-coding-plan",
            "tencent-tokenhub", "siliconflow", "siliconflow-cn", "modelscope", "qiniu-ai",
            "volcengine", "iflowcn", "bailing", "kuae-cloud-coding-plan", "drun", "302ai", "moark",
        ],
        "CN",
    ),
    **dict.fromkeys(["mistral", "scaleway", "ovhcloud"], "FR"),
    **dict.fromkeys(["cohere", "cohere_chat"], "CA"),
    **dict.fromkeys(["stackit", "sap-ai-core", "privatemode-ai"], "DE"),
    **dict.fromkeys(["berget", "evroc"], "SE"),
    "nebius": "NL",
    "regolo-ai": "IT",
    "cloudferro-sherlock": "PL",
    "upstage": "KR",
    "sarvam": "IN",
    "sakana": "JP",
}  # fmt: skip

_MONOGRAM_COLOURS = ("#8c3f1f", "#0a66c2", "#3b2fa0", "#1a4fb5", "#b3370a", "#0d6b4f", "#18181b")


def monogram_svg(provider_id: str, name: str) -> bytes:
    """Our own logo for a provider the source has none for: its first two letters on a colour
    picked from the provider id (the starter catalog's style; white on each has ≥ 4.5:1)."""
    letters = "".join(ch for ch in name if ch.isalnum())[:2] or provider_id[:2]
    letters = letters.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    colour = _MONOGRAM_COLOURS[int(_digest(provider_id), 16) % len(_MONOGRAM_COLOURS)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img">'
        f'<rect width="64" height="64" rx="14" fill="{colour}"/>'
        '<text x="32" y="42" text-anchor="middle" font-family="system-ui,sans-serif" '
        f'font-size="28" font-weight="700" fill="#fff">{letters}</text></svg>\n'
    ).encode()


# --------------------------------------------------------------------------- source values


@dataclass
class SourceProvider:
    id: str
    name: str
    website: str
    headquarters: str | None
    logo: bytes | None  # the source's SVG, or None for a monogram of our own
    origin: str  # where it came from, for messages
    logo_origin: str = ""  # where the logo came from, for messages


@dataclass
class SourceCard:
    """One model as the source describes it, in our units. ``facts`` holds only what the source
    says: name, api, capabilities, context_window, max_output, released, added,
    knowledge_cutoff, benchmarks, pricing, status, retires."""

    provider_id: str
    model_id: str
    origin: str
    facts: dict[str, Any]
    # The capabilities this source decides on; others already on a card are a person's and kept.
    decides: frozenset[str] = frozenset(CAPABILITIES)

    @property
    def id(self) -> str:
        return f"{self.provider_id}/{self.model_id}"


# --------------------------------------------------------------------------- YAML writing

CARD_ORDER = (
    "name", "description", "api", "capabilities", "context_window", "max_output", "released",
    "added", "knowledge_cutoff", "benchmarks", "pricing", "data_policy", "regions", "faq",
    "status", "retires", "replaced_by",
)  # fmt: skip
PRICE_ORDER = ("input", "output", "cache_write", "cache_read")
PROVIDER_ORDER = (
    "name", "logo", "website", "headquarters", "about", "data_policy", "regions",
)  # fmt: skip
_WIDTH = 100
_RESOLVER = yaml.resolver.Resolver()
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}  # load.py keeps dates text
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_LINE_BREAKS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or not text.isprintable():
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(ch in text for ch in ",[]{}"):
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) in _PLAIN_TAGS


def quoted(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    for ch, escape in _LINE_BREAKS.items():
        out = out.replace(ch, escape)
    return out


def scalar(value: Any, *, flow: bool = False, price: bool = False) -> str:
    """One YAML scalar as the hand-written cards write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        return price_text(value) if price else plain(value)
    text = str(value)
    return text if _plain_ok(text, flow) else quoted(text)


def _flow(value: Any, *, price: bool = False) -> str:
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{scalar(k, flow=True)}: {_flow(v, price=price or k == 'pricing')}"
            for k, v in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v, price=price) for v in value) + "]"
    return scalar(value, flow=True, price=price)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list)


_PROSE_KEYS = {"description", "about"}  # written as folded blocks, as in the hand-written cards


def _text_block(key: str, text: str, indent: int) -> list[str]:
    """A long text as a folded block wrapped at 100 columns, or a literal block when it holds
    line breaks; quoted when neither reads back exactly."""
    pad = " " * indent
    one_line = f"{pad}{key}: {scalar(text)}"
    if "\n" not in text and len(one_line) <= _WIDTH and key not in _PROSE_KEYS:
        return [one_line]
    inner = pad + "  "
    if "\n" not in text:
        if not (re.fullmatch(r"\S+(?: +\S+)*", text) and text.isprintable()):
            return [f"{pad}{key}: {quoted(text)}"]
        lines = textwrap.wrap(
            text, _WIDTH - len(inner), break_long_words=False, break_on_hyphens=False
        )
        block = [f"{pad}{key}: >-", *(inner + line for line in lines)]
    else:
        chomp = "|" if text.endswith("\n") and not text.endswith("\n\n") else "|-"
        body = text[:-1] if chomp == "|" else text
        block = [
            f"{pad}{key}: {chomp}",
            *((inner + line) if line else "" for line in body.split("\n")),
        ]
    try:
        parsed = yaml.load("\n".join(block) + "\n", Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        parsed = None
    if isinstance(parsed, dict) and list(parsed.values()) == [text]:
        return block
    return [f"{pad}{key}: {quoted(text)}"]


def _block(key: str, value: Any, indent: int, *, price: bool = False) -> list[str]:
    """Any value under ``key``: scalars inline, short mappings and lists of scalars in flow
    style, longer ones as blocks (the style of models/azure/provider.yaml and the cards)."""
    pad = " " * indent
    k = scalar(key)
    if isinstance(value, str):
        return _text_block(k, value, indent)
    if _is_scalar(value):
        return [f"{pad}{k}: {scalar(value, price=price)}".rstrip()]
    if isinstance(value, list) and all(_is_scalar(v) for v in value):
        line = f"{pad}{k}: {_flow(value, price=price)}"
        if len(line) <= _WIDTH:
            return [line]
    if isinstance(value, Mapping) and value and all(_is_scalar(v) for v in value.values()):
        line = f"{pad}{k}: {_flow(value, price=price)}"
        if len(line) <= _WIDTH and (indent or key not in ("pricing", "data_policy")):
            return [line]
    lines = [f"{pad}{k}:"]
    if isinstance(value, Mapping):
        for sub_key, sub in value.items():
            lines += _block(sub_key, sub, indent + 2, price=price or sub_key == "pricing")
        return lines
    for item in value:
        flow_item = f"{pad}  - {_flow(item, price=price)}"
        scalars_only = isinstance(item, Mapping) and all(map(_is_scalar, item.values()))
        if scalars_only and len(flow_item) <= _WIDTH:
            lines.append(flow_item)
            continue
        if isinstance(item, Mapping) and item:
            first, *rest = list(item.items())
            sub_lines = _block(first[0], first[1], indent + 4, price=price)
            lines.append(f"{pad}  - " + sub_lines[0].lstrip())
            lines += sub_lines[1:]
            for sub_key, sub in rest:
                lines += _block(sub_key, sub, indent + 4, price=price)
        else:
            lines.append(flow_item)
    return lines


def _ordered(data: Mapping[str, Any], order: Iterable[str]) -> list[tuple[str, Any]]:
    order = list(order)
    known = [(k, data[k]) for k in order if k in data]
    return known + [(k, v) for k, v in data.items() if k not in order]


def _card_lines(key: str, value: Any) -> list[str]:
    lines: list[str] = []
    if key == "pricing" and isinstance(value, Mapping):
        lines.append("pricing:")
        for price_key, price in _ordered(value, PRICE_ORDER):
            lines += _block(price_key, price, 2, price=True)
    elif key == "benchmarks" and isinstance(value, Mapping):
        lines.append("benchmarks:")
        lines += [f"  {scalar(k)}: {_flow(v)}" for k, v in value.items()]
    elif key == "regions" and isinstance(value, Mapping):
        if all(v is None for v in value.values()):
            lines += _block(key, list(value), 0)
        else:
            lines.append("regions:")
            for region, offer in value.items():
                lines.append(f"  {scalar(region)}:")
                for sub_key, sub in (offer or {}).items():
                    lines += _block(sub_key, sub, 4, price=sub_key == "pricing")
    else:
        lines += _block(key, value, 0)
    return lines


_TOP_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?:[ \t]|$)")


def _segments(text: str) -> tuple[str, dict[str, str]] | None:
    """The text of a block-mapping YAML file cut at its top-level keys: the lines before the
    first key (comments), and each key's lines up to the next key. None for any other shape."""
    preamble, segments, current = "", {}, None
    for line in text.splitlines(keepends=True):
        match = _TOP_KEY.match(line)
        if match:
            current = match.group(1)
            if current in segments:
                return None
            segments[current] = ""
        elif current is None:
            if line.strip() and not line.startswith("#"):
                return None
            preamble += line
            continue
        segments[current] += line if line.endswith("\n") else line + "\n"
    return preamble, segments


def format_card(card: Mapping[str, Any], previous: load.Document | None = None) -> str:
    """A card's YAML text: fixed key order, flow lists, one benchmark per line, prices as plain
    decimals with at least two places after the point (0.40, not 4e-1).

    With the ``previous`` file of the card, the fields whose value did not change keep their
    text exactly (wrapping, comments, order), so that a re-import is the smallest diff; the
    result is parsed back and must equal ``card``, else the card is written afresh."""
    if previous is not None and isinstance(previous.data, dict):
        cut = _segments(previous.text)
        if cut is not None:
            preamble, segments = cut
            order = [k for k in previous.data if k in card]
            rank = {k: i for i, k in enumerate(CARD_ORDER)}
            for key in (k for k in _ordered(card, CARD_ORDER) if k[0] not in previous.data):
                later = [i for i, k in enumerate(order) if rank.get(k, 99) > rank.get(key[0], 99)]
                order.insert(later[0] if later else len(order), key[0])
            text = preamble + "".join(
                segments[key]
                if key in segments and previous.data.get(key) == card[key]
                else "\n".join(_card_lines(key, card[key])) + "\n"
                for key in order
            )
            try:
                if load.parse(text, previous.display) == card:
                    return text
            except CatalogError:
                pass
    lines: list[str] = []
    for key, value in _ordered(card, CARD_ORDER):
        lines += _card_lines(key, value)
    return "\n".join(lines) + "\n"


def format_mapping(data: Mapping[str, Any], order: Iterable[str] = ()) -> str:
    lines: list[str] = []
    for key, value in _ordered(data, order):
        lines += _block(key, value, 0)
    return "\n".join(lines) + "\n"


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
    "name", "api", "context_window", "max_output", "released", "knowledge_cutoff", "retires",
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
    new["pricing"] = dict(_ordered(pricing, PRICE_ORDER))

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
    return {k: v for k, v in _ordered(new, CARD_ORDER) if v is not None and v != [] and v != {}}


def _make_consistent(card: dict[str, Any], where: str, report: Report) -> None:
    cutoff, released = card.get("knowledge_cutoff"), card.get("released")
    if isinstance(cutoff, str) and isinstance(released, str) and cutoff > released[: len(cutoff)]:
        report.normalize(CUTOFF_AFTER_RELEASE, f"{where}: cutoff {cutoff}, released {released}")
        card["knowledge_cutoff"] = None
    context, output = card.get("context_window"), card.get("max_output")
    if isinstance(context, int) and isinstance(output, int) and output > context:
        report.normalize(OUTPUT_ABOVE_CONTEXT, f"{where}: max output {output:,} > {context:,}")
        card["max_output"] = None
    pricing = card.get("pricing") or {}
    cache_read, input_price = pricing.get("cache_read"), pricing.get("input")
    if cache_read is not None and input_price is not None and cache_read > input_price:
        report.normalize(
            CACHE_READ_ABOVE_INPUT,
            f"{where}: cache read {plain(cache_read)} > input {plain(input_price)}",
        )
        del pricing["cache_read"]


def _same(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    def canon(card: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(card)
        if isinstance(out.get("capabilities"), list):
            out["capabilities"] = sorted(map(str, out["capabilities"]))
        return out

    return canon(old) == canon(new)


def show(value: Any, *, price: bool = False) -> str:
    """A value as the summary prints it (— for absent)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:57] + "…"
    if isinstance(value, Mapping) and set(value) == {"score", "source"}:
        return scalar(value["score"])
    return _flow(value, price=price)


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


# --------------------------------------------------------------------------- planning


@dataclass
class Summary:
    source: str
    providers_read: int = 0
    models_read: int = 0
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    gone: list[str] = field(default_factory=list)
    providers_added: list[str] = field(default_factory=list)
    registries: list[str] = field(default_factory=list)
    files: dict[Path, bytes] = field(default_factory=dict)
    seconds: float = 0.0


SITE_SETTINGS: dict[str, Any] = {
    "name": "Model catalog",
    "url": "https://catalog.example.com/",
    "base_url": "https://api.example.com/v1",
    "api_key_placeholder": "YOUR_API_KEY",
    "pricing_note": "Prices are the providers' list prices in USD per 1M tokens.",
    "pricing_faq_note": "Prices are the providers' list prices.",
    "benchmark_note": (
        "Scores come from the imported data set and the sources it cites. Benchmarks measure "
        "specific skills; test on your own workload."
    ),
    "quickstart_prompt": "Explain quantum computing in one paragraph.",
    "cost_scenarios": [
        {"input_tokens": 100000, "output_tokens": 10000},
        {"input_tokens": 1000000, "output_tokens": 100000},
        {"input_tokens": 10000000, "output_tokens": 1000000},
    ],
    "other_models_limit": 8,
    "cta": {
        "text": "Call every model in this catalog through one API.",
        "label": "Get started",
        "url": "https://catalog.example.com/",
    },
}

_REGISTRY_HEADERS = {
    "benchmarks.yaml": "# Benchmarks a card can score, by id. Scores are on the scale [min, max] "
    "(default 0–100, in %).\n",
    "capabilities.yaml": "# Capabilities a card can list, by id. `phrase` is how the FAQ names it "
    "in a sentence.\n",
    "site.yaml": "# Site settings: what every page says about the router that serves the models.\n"
    "# Neutral values written by `catalog import`: edit them.\n",
}


def _registry_entry(kind: str, entry_id: str) -> dict[str, Any]:
    if kind == "capabilities.yaml":
        return dict(CAPABILITIES[entry_id])
    info = BENCHMARKS[entry_id]
    entry: dict[str, Any] = {
        "name": info.name,
        "category": info.category,
        "description": info.description,
    }
    if info.unit != "%":
        entry["unit"] = info.unit
    return entry


def _registry_text(kind: str, ids: Iterable[str]) -> str:
    lines = []
    for entry_id in ids:
        lines.append(f"{entry_id}:")
        for key, value in _registry_entry(kind, entry_id).items():
            lines += _block(key, value, 2)
    return "\n".join(lines) + "\n" if lines else "{}\n"


def _read_yaml(path: Path) -> Any:
    return load.read(path).data


def _plan_registries(out: Path, cards: list[dict[str, Any]], summary: Summary) -> None:
    used_caps = {c for card in cards for c in card.get("capabilities") or []}
    used_benchmarks = {b for card in cards for b in card.get("benchmarks") or {}}
    wanted = {
        "capabilities.yaml": [c for c in CAPABILITIES if c in used_caps],
        "benchmarks.yaml": [b for b in BENCHMARKS if b in used_benchmarks],
    }
    for kind, ids in wanted.items():
        path = out / kind
        if not _exists(path):
            summary.files[path] = (_REGISTRY_HEADERS[kind] + _registry_text(kind, ids)).encode()
            summary.registries.append(f"{kind}: written with {len(ids)} entries")
            continue
        try:
            document = load.read(path)  # refuses a link or what is not a regular file
            present = document.data
        except CatalogError as exc:
            raise CatalogError(
                exc.path, exc.line, exc.col, exc.field, exc.message + "; nothing was imported"
            ) from None
        if present is not None and not isinstance(present, dict):
            raise CatalogError(
                load.display_path(path), 1, 1, "", "the registry is not a mapping of ids; "
                "nothing was imported", "a mapping of ids to entries",
            )  # fmt: skip
        missing = [i for i in ids if i not in (present or {})]
        if missing:
            text = document.text
            if not present:  # only comments, or `{}`: keep the comments, then the entries
                text = "".join(line for line in text.splitlines(True) if line.startswith("#"))
            text = text if text.endswith("\n") or not text else text + "\n"
            summary.files[path] = (text + _registry_text(kind, missing)).encode()
            summary.registries.append(f"{kind}: {len(missing)} added ({', '.join(missing)})")
    site = out / "site.yaml"
    if not _exists(site):
        text = _REGISTRY_HEADERS["site.yaml"] + format_mapping(SITE_SETTINGS)
        summary.files[site] = text.encode()
        summary.registries.append("site.yaml: written with neutral settings")


def plan(
    source: str,
    out: Path,
    providers: list[SourceProvider],
    cards: list[SourceCard],
    report: Report,
) -> Summary:
    """Merge the source with the models folder ``out``: every file to write, and the summary.
    Provider files and logos already there are a person's and left as they are."""
    started = time.perf_counter()
    summary = Summary(source=source, providers_read=len(providers), models_read=len(cards))
    for provider in providers:
        _clean_provider(provider, report)
    for card in cards:
        _clean_card(card, report)
    # A provider folder that is a link (or a file) would have the import write elsewhere.
    refused = {p.id for p in providers if not _writable_folder(out / p.id, report)}
    providers = [p for p in providers if p.id not in refused]
    cards = [c for c in cards if c.provider_id not in refused]
    names: dict[str, str] = {}
    source_names = {provider.id: provider.name for provider in providers}
    for provider in providers:
        folder = out / provider.id
        provider_file = folder / gate.PROVIDER_FILE
        names[provider.id] = provider.name
        if _exists(provider_file):
            try:
                data = _read_yaml(provider_file)
                if isinstance(data, dict) and isinstance(data.get("name"), str):
                    names[provider.id] = data["name"]
            except CatalogError as exc:
                report.skip("provider file that could not be read (left as it is)", str(exc))
            continue
        headquarters = provider.headquarters or HEADQUARTERS.get(provider.id)
        data = {"name": provider.name, "logo": "logo.svg", "website": provider.website}
        if headquarters is None:
            report.normalize(HEADQUARTERS_UNKNOWN, provider.id)
        else:
            data["headquarters"] = headquarters
        summary.files[provider_file] = format_mapping(data, PROVIDER_ORDER).encode()
        logo = folder / "logo.svg"
        if not _exists(logo):
            summary.files[logo] = _safe_logo(provider, report) or monogram_svg(
                provider.id, provider.name
            )
        elif not logo.is_file() or logo.is_symlink():
            report.skip(NOT_REGULAR_OUT, load.display_path(logo))
        summary.providers_added.append(provider.id)

    written: list[dict[str, Any]] = []
    produced: set[str] = set()
    for card in cards:
        path = out / card.provider_id / f"{card.model_id}.yaml"
        produced.add(card.id)
        old, previous = None, None
        if _exists(path):  # a link or a folder too: load.read refuses it, and it is left as is
            try:
                previous = load.read(path)
                old = previous.data
            except CatalogError as exc:
                report.skip("existing card that could not be read (left as it is)", str(exc))
                continue
            if not isinstance(old, dict):
                report.skip("existing card that is not a mapping (left as it is)", str(path))
                continue
        new = merge_card(
            card,
            old,
            names.get(card.provider_id, card.provider_id),
            report,
            source_provider_name=source_names.get(card.provider_id, ""),
        )
        written.append(new)
        if old is None:
            summary.added.append(card.id)
        elif _same(old, new):
            summary.unchanged += 1
            continue
        else:
            summary.changed[card.id] = diff_lines(old, new)
        summary.files[path] = format_card(new, previous).encode()

    # The cards already there are the files check takes for cards (the gate decides), no others.
    listing = gate.walk(out) if out.is_dir() else gate.Listing()
    importing = {out / provider.id for provider in providers}
    for path, folder in listing.cards:
        parts = gate.card_parts(out, path)
        if folder in importing and parts is not None:
            model_id = "/".join(parts)
            if model_id not in produced:
                summary.gone.append(model_id)
                try:  # its capabilities and benchmarks must stay in the registries
                    data = _read_yaml(path)
                    if isinstance(data, dict):
                        written.append(data)
                except CatalogError:
                    pass
    _plan_registries(out, written, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _exists(path: Path) -> bool:
    """Whether anything is at ``path``, a dangling link included (``is_file`` would call it
    absent and the import would then write through it, out of the models folder)."""
    return os.path.lexists(path)


def _writable_folder(folder: Path, report: Report) -> bool:
    if folder.is_symlink() or (_exists(folder) and not folder.is_dir()):
        report.skip(NOT_REGULAR_OUT, f"{load.display_path(folder)} (its provider not imported)")
        return False
    return True


def _clean_provider(provider: SourceProvider, report: Report) -> None:
    provider.name = clean_name(
        provider.name, f"{provider.origin}: name", report, fallback=provider.id
    )


def _clean_facts(value: Any, key: str, where: str, report: Report) -> Any:
    if isinstance(value, str):
        return clean_text(value, f"{where}: {key}", report, multiline=key in _PROSE_KEYS)
    if isinstance(value, Mapping):
        return {
            k: _clean_facts(v, f"{key}.{k}" if key else k, where, report) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_clean_facts(v, key, where, report) for v in value]
    return value


def _clean_card(card: SourceCard, report: Report) -> None:
    """What a card is written from holds no control character (check refuses them in every
    value, and a terminal or a page would obey them) and a name check accepts."""
    facts = _clean_facts(card.facts, "", card.origin, report)
    if isinstance(facts.get("name"), str):
        facts["name"] = clean_name(facts["name"], f"{card.origin}: name", report, card.model_id)
    card.facts = facts


def _safe_logo(provider: SourceProvider, report: Report) -> bytes | None:
    """The source's logo when it is an SVG the site may publish; else None (a monogram)."""
    if provider.logo is None:
        return None
    where = provider.logo_origin or provider.origin
    errors = logo_errors(provider.logo, where)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        report.normalize(LOGO_REFUSED, f"{where}:{first.line}:{first.col}: {first.message}{more}")
        return None
    return provider.logo


def write(summary: Summary) -> None:
    for path, data in summary.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Never through a link: one put where a file is to be written would send it elsewhere.
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(path, flags, 0o666), "wb") as handle:
            handle.write(data)


# --------------------------------------------------------------------------- printing

_SHOWN_PER_KIND = 5


def _n(count: int) -> str:
    return f"{count:,}"


def summary_lines(summary: Summary, report: Report, *, verbose: bool, dry_run: bool) -> list[str]:
    lines = [
        f"{summary.source}: {_n(summary.providers_read)} providers, "
        f"{_n(summary.models_read)} models imported",
        f"added {_n(len(summary.added))}, changed {_n(len(summary.changed))}, "
        f"gone {_n(len(summary.gone))}" + (" (listed, not deleted)" if summary.gone else ""),
    ]
    if verbose and summary.added:
        lines += ["added:", *(f"  {m}" for m in summary.added)]
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
