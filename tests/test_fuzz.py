"""Property-based tests (hypothesis): generated YAML documents, raw text and bytes, and mutated
real cards thrown at the check and the build. Every run ends in success or in located errors
(a path, a line and a column from 1, a message), never in another exception.

The runs are reproducible (``derandomize=True``, no example database) and bounded, and each test
asserts how many inputs it ran, so the counts below are part of the code:

=====================================  =========  ==================================
test                                   inputs     thrown at
=====================================  =========  ==================================
generated YAML documents               300        check (as ``catalog check`` does)
raw text                               200        check
raw bytes                              150        check
mutated real cards                     400        check
fast path against the full loader      300        load.parse and the full PyYAML path
generated YAML documents               30         build
mutated real cards                     50         build
=====================================  =========  ==================================

1,430 inputs in all; about 30 s on 2 cores.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.errors import CatalogError, ValidationFailed
from catalog.read import load
from catalog.write.pipeline import build, check_only
from tests.conftest import PROJECT

MODELS = PROJECT / "models"
REAL_CARDS = sorted(
    path
    for path in MODELS.rglob("*.yaml")
    if path.parent != MODELS and path.name != "provider.yaml"
)
CARD_KEYS = [
    "name", "description", "api", "capabilities", "context_window", "max_output", "released",
    "added", "knowledge_cutoff", "benchmarks", "pricing", "data_policy", "regions", "faq",
    "status", "retires", "replaced_by", "input", "output", "cache_read", "cache_write", "score",
    "source", "question", "answer", "data_retention", "used_for_training", "francecentral",
    "gpqa-diamond", "vision", "tool_calling",
]  # fmt: skip
# Scalars YAML 1.1 reads in surprising ways, and values near the limits.
TRICKY = [
    "NO", "yes", "on", "~", "null", "1e3", "1.5e10", "1.0e+3", "0777", "0x1f", "0b101", "1:30",
    "1:30.5", ".inf", "-.inf", ".nan", "2025-02-31", "2025-04-14", "2024-13", "0o17", "-0",
    "999999999999", "1000000000000", "1" * 60, "!!int abc", "!!bool maybe", "!!float snan",
    "!!binary abc", "!!str 12", "!!timestamp x", "!!set {a}", "!!omap [a]", "&a [*a]", "*nope",
    "<<: {a: 1}", "? [a]\n: b", "'quoted'", '"\\u0000"', "|\n  block", ">-\n  folded",
    "javascript:alert(1)", "{{ 7 * 7 }}", "<script>alert(1)</script>", "https://x.example/",
]  # fmt: skip
SETTINGS = {"derandomize": True, "database": None, "deadline": None, "print_blob": True}
RUNS: collections.Counter[str] = collections.Counter()
OUTCOMES: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)


class _Dumper(yaml.SafeDumper):
    """Dumps Decimals as YAML floats, as a person would write prices."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


# --------------------------------------------------------------------------- strategies

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.text(max_size=40),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(str),
    st.sampled_from(TRICKY),
)
keys = st.one_of(st.sampled_from(CARD_KEYS), st.text(max_size=12), st.integers(-5, 5))
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)
documents = st.one_of(
    st.dictionaries(st.sampled_from(CARD_KEYS), values, max_size=12),  # card-shaped, mostly
    values,
)


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """A generated document dumped as YAML, in block or flow style; sometimes a value is
    shared (the dumper writes an anchor and aliases) or made recursive."""
    document = draw(documents)
    if isinstance(document, dict) and document and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(document, key=str)))
        shared = document[key]
        if isinstance(shared, dict | list):
            document[draw(keys)] = shared  # an anchor and an alias
            if draw(st.integers(0, 9)) == 0 and isinstance(shared, list):
                shared.append(shared)  # a recursive alias
    return yaml.dump(
        document,
        Dumper=_Dumper,
        default_flow_style=draw(st.sampled_from([False, True, None])),
        allow_unicode=draw(st.booleans()),
        sort_keys=False,
        width=draw(st.sampled_from([40, 80, 10_000])),
    )


YAMLISH = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs", "Cc"),
    include_characters="\n\t :-[]{},&*!|>'\"#%@`?~\ufeff\u2028\x85",
)
raw_texts = st.text(YAMLISH, max_size=300)


PLAIN = st.characters(codec="utf-8", categories=("L", "N", "Zs"), include_characters="-._/")


@st.composite
def raw_yaml(draw: st.DrawFn) -> str:
    """Block-style YAML written by hand, well formed, its values unquoted: the tricky scalars
    reach the constructor as a person would type them (a dumper would quote them)."""

    def scalar(indent: int) -> str:
        value = draw(st.one_of(st.sampled_from(TRICKY), st.text(PLAIN, max_size=20)))
        return value.replace("\n", "\n" + " " * indent)  # multi-line tokens stay inside

    def block(indent: int, depth: int) -> list[str]:
        lines, pad = [], " " * indent
        for key in draw(st.lists(st.sampled_from(CARD_KEYS), min_size=1, max_size=6, unique=True)):
            kind = draw(st.integers(0, 5)) if depth < 3 else 0
            if kind <= 3:
                lines.append(f"{pad}{key}: {scalar(indent + 2)}")
            elif kind == 4:
                lines += [f"{pad}{key}:", *block(indent + 2, depth + 1)]
            else:
                items = draw(st.integers(1, 4))
                lines += [f"{pad}{key}:", *(f"{pad}  - {scalar(indent + 4)}" for _ in range(items))]
        return lines

    return "\n".join(block(0, 0)) + "\n"


def _mutate_text(text: str, data: st.DataObject) -> str:
    lines = text.splitlines(keepends=True) or [""]
    op = data.draw(
        st.sampled_from(  # a tricky value, typed unquoted, three times as often as the others
            [
                "delete",
                "duplicate",
                "rename",
                "retype",
                "tricky",
                "tricky",
                "tricky",
                "indent",
                "swap",
                "tab",
            ]
        ),
        label="text op",
    )
    at = data.draw(st.integers(0, len(lines) - 1), label="line")
    line = lines[at]
    key, sep, rest = line.partition(":")
    if op == "delete":
        del lines[at]
    elif op == "duplicate":  # a duplicate key, mostly
        lines.insert(at, line)
    elif op == "rename" and sep:
        indent = key[: len(key) - len(key.lstrip())]
        lines[at] = indent + data.draw(st.one_of(st.sampled_from(CARD_KEYS), st.text(max_size=8)))
        lines[at] += sep + rest
    elif op == "retype" and sep:
        value = yaml.dump(data.draw(values), Dumper=_Dumper, default_flow_style=True, width=10**6)
        lines[at] = key + sep + " " + value.removesuffix("...\n").strip() + "\n"
    elif op == "tricky" and sep:  # a value as a person would type it: unquoted
        lines[at] = key + sep + " " + data.draw(st.sampled_from(TRICKY)) + "\n"
    elif op == "indent":
        lines[at] = " " * data.draw(st.integers(0, 8)) + line.lstrip(" ")
    elif op == "swap" and len(lines) > 1:
        other = data.draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    elif op == "tab":
        lines[at] = "\t" + line
    return "".join(lines)


def _mutate_bytes(raw: bytes, data: st.DataObject) -> bytes:
    op = data.draw(st.sampled_from(["truncate", "insert", "delete", "replace"]), label="byte op")
    at = data.draw(st.integers(0, len(raw)), label="at")
    if op == "truncate":
        return raw[:at]
    if op == "insert":
        return raw[:at] + data.draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if op == "delete":
        return raw[:at] + raw[at + data.draw(st.integers(1, 8)) :]
    return raw[:at] + data.draw(st.binary(min_size=1, max_size=4)) + raw[at + 4 :]


def mutated_card(data: st.DataObject) -> tuple[Path, bytes]:
    """A real card with one to three text or byte mutations."""
    card = data.draw(st.sampled_from(REAL_CARDS), label="card")
    raw = card.read_bytes()
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        if data.draw(st.integers(0, 3), label="kind") == 0:
            raw = _mutate_bytes(raw, data)
        else:
            raw = _mutate_text(raw.decode("utf-8", "replace"), data).encode("utf-8")
    return card, raw


# --------------------------------------------------------------------------- running


def assert_located(error: CatalogError) -> None:
    assert isinstance(error, CatalogError)
    assert isinstance(error.path, str) and error.path, error
    assert isinstance(error.line, int) and error.line >= 1, error
    assert isinstance(error.col, int) and error.col >= 1, error
    assert isinstance(error.message, str) and error.message.strip(), error
    assert "Traceback" not in str(error)


def outcome(test: str, run: Callable[[], object]) -> None:
    """Run one input: success, or located errors; any other exception fails the test."""
    RUNS[test] += 1
    try:
        run()
    except ValidationFailed as exc:
        assert exc.errors
        for error in exc.errors:
            assert_located(error)
        OUTCOMES[test]["located errors"] += 1
    except CatalogError as exc:
        assert_located(exc)
        OUTCOMES[test]["located errors"] += 1
    else:
        OUTCOMES[test]["success"] += 1


def report(test: str, expected: int) -> None:
    print(f"\n{test}: {RUNS[test]} inputs, {dict(OUTCOMES[test])}")
    assert RUNS[test] == expected


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the starter catalog; a test replaces one card per input and puts it back."""
    root = tmp_path_factory.mktemp("fuzz") / "models"
    shutil.copytree(MODELS, root)
    return root


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """For builds: the registries and one provider with one card, per provider."""
    base = tmp_path_factory.mktemp("fuzz-build")

    @functools.cache
    def catalog(provider: Path) -> Path:
        # The model cards come too (an offer names one); a lab's folder is keyed apart from
        # the provider of the same name.
        rel = provider.relative_to(MODELS)
        root = base / "-".join(rel.parts) / "models"
        root.mkdir(parents=True)
        for name in ("site.yaml", "benchmarks.yaml", "capabilities.yaml"):
            shutil.copyfile(MODELS / name, root / name)
        shutil.copytree(MODELS / "labs", root / "labs")
        (root / rel).mkdir(exist_ok=True)
        for path in provider.iterdir():
            if path.name in ("provider.yaml", "lab.yaml") or path.suffix == ".svg":
                shutil.copyfile(path, root / rel / path.name)
        return root

    return catalog


@contextlib.contextmanager
def replaced(path: Path, content: bytes) -> Iterator[None]:
    """``content`` at ``path`` for the block, then what was there before."""
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(content)
    try:
        yield
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


def _check(models: Path) -> Callable[[], object]:
    return lambda: check_only(models, workers=1, cache=True)


# --------------------------------------------------------------------------- check


def test_check_survives_generated_yaml_documents(starter: Path) -> None:
    name = "check: generated YAML documents"

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], **SETTINGS)
    @given(text=st.one_of(yaml_texts(), raw_yaml()))
    def run(text: str) -> None:
        with replaced(starter / "azure" / "fuzz.yaml", text.encode("utf-8")):
            outcome(name, _check(starter))

    run()
    report(name, 300)


def test_check_survives_raw_text(starter: Path) -> None:
    name = "check: raw text"

    @settings(max_examples=200, **SETTINGS)
    @given(text=raw_texts)
    def run(text: str) -> None:
        with replaced(starter / "openai" / "fuzz.yaml", text.encode("utf-8")):
            outcome(name, _check(starter))

    run()
    report(name, 200)


def test_check_survives_raw_bytes(starter: Path) -> None:
    name = "check: raw bytes"

    @settings(max_examples=150, **SETTINGS)
    @given(raw=st.binary(max_size=300))
    def run(raw: bytes) -> None:
        with replaced(starter / "mistral" / "fuzz.yaml", raw):
            outcome(name, _check(starter))

    run()
    report(name, 150)


def test_check_survives_mutated_real_cards(starter: Path) -> None:
    name = "check: mutated real cards"

    @settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], **SETTINGS)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        card, raw = mutated_card(data)
        with replaced(starter / card.relative_to(MODELS), raw):
            outcome(name, _check(starter))

    run()
    report(name, 400)


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {(type(k).__name__, str(k)): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, str(value))


def test_fast_path_and_full_loader_agree() -> None:
    """The fast path builds what PyYAML's full constructor builds, or refuses the text (the
    limits are the fast path's own: the full constructor knows none)."""
    name = "parse: fast path against full loader"

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], **SETTINGS)
    @given(text=st.one_of(yaml_texts(), raw_yaml(), raw_texts))
    def run(text: str) -> None:
        RUNS[name] += 1
        try:
            fast = load.parse(text, "x.yaml")
        except CatalogError as exc:
            assert_located(exc)
            OUTCOMES[name]["refused"] += 1
            return
        try:
            full = yaml.load(text, Loader=load._Loader)
        except (yaml.YAMLError, load.DuplicateKeyError, RecursionError):
            pytest.fail(f"the full loader refuses what the fast path builds: {text!r}")
        assert _typed(fast) == _typed(full)
        OUTCOMES[name]["same data"] += 1

    run()
    report(name, 300)


# --------------------------------------------------------------------------- build


def test_build_survives_generated_yaml_documents(
    small: Callable[[Path], Path], tmp_path: Path
) -> None:
    name = "build: generated YAML documents"
    models = small(MODELS / "azure")

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], **SETTINGS)
    @given(text=st.one_of(yaml_texts(), raw_yaml()))
    def run(text: str) -> None:
        with replaced(models / "azure" / "fuzz.yaml", text.encode("utf-8")):
            outcome(name, lambda: build(models, tmp_path / "site", force=True))

    run()
    report(name, 30)


def test_build_survives_mutated_real_cards(small: Callable[[Path], Path], tmp_path: Path) -> None:
    name = "build: mutated real cards"

    @settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow], **SETTINGS)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        card, raw = mutated_card(data)
        models = small(card.parent)
        with replaced(models / card.parent.relative_to(MODELS) / card.name, raw):
            outcome(name, lambda: build(models, tmp_path / "site", force=True))

    run()
    report(name, 50)
