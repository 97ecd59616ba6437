"""The packaged method, tier rule and assessment scheme documents, read and handed on.

The engine reads no files (tests/engine/test_engine_reads_no_files.py): this module reads
``reference/methods/*.yaml`` (亩均 evaluation methods) and ``reference/tiers/*.yaml`` (tier
rules) with importlib.resources, parses each YAML file once per process (functools.cache)
and gives callers fresh copies, so a caller may change what it got without changing what the
next caller gets. No Django here.
"""

import copy
from functools import cache
from importlib import resources

import yaml

from qiangshi.engine.mujun.reader import parse_method
from qiangshi.engine.mujun.schema import Method, MethodInvalid

METHODS_PACKAGE = "qiangshi.reference.methods"
TIERS_PACKAGE = "qiangshi.reference.tiers"


@cache
def _yaml_files(package: str) -> dict[str, dict]:
    """Every ``*.yaml`` of the package, parsed, by name without suffix, in name order."""
    entries = sorted((e for e in resources.files(package).iterdir() if e.name.endswith(".yaml")),
                     key=lambda e: e.name)
    return {e.name.removesuffix(".yaml"): yaml.safe_load(e.read_text(encoding="utf-8"))
            for e in entries}


def tier_documents() -> list[dict]:
    """The packaged tier rule documents (parsed YAML), in file-name order."""
    return copy.deepcopy(list(_yaml_files(TIERS_PACKAGE).values()))


def method_names() -> list[str]:
    """Names of the 亩均 evaluation methods shipped in qiangshi/reference/methods."""
    return list(_yaml_files(METHODS_PACKAGE))


def method_document(name: str) -> dict:
    """A packaged method's document; MethodInvalid (in Chinese) for an unknown name."""
    documents = _yaml_files(METHODS_PACKAGE)
    if name not in documents:
        available = "、".join(documents)
        raise MethodInvalid([f"没有名为 {name!r} 的内置评价方法（可用：{available}）"])
    return copy.deepcopy(documents[name])


def packaged_method(name: str) -> Method:
    """A packaged method, parsed and checked."""
    return parse_method(method_document(name))


SCHEMES_PACKAGE = "qiangshi.reference.schemes"
CHAINS_PACKAGE = "qiangshi.reference.chains"


def _names(package: str) -> list[str]:
    return sorted(e.name.removesuffix(".yaml") for e in resources.files(package).iterdir()
                  if e.name.endswith(".yaml"))


def _text(package: str, name: str) -> str | None:
    """A packaged YAML file's text (its lines kept for a checker), None for an unknown name."""
    if name not in _names(package):
        return None
    return resources.files(package).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def scheme_names() -> list[str]:
    """Names of the assessment schemes (考核办法) shipped in qiangshi/reference/schemes."""
    return _names(SCHEMES_PACKAGE)


def scheme_text(name: str) -> str | None:
    return _text(SCHEMES_PACKAGE, name)


def chain_map_text(name: str) -> str | None:
    """A city's packaged chain map (qiangshi/reference/chains), None for an unknown name."""
    return _text(CHAINS_PACKAGE, name)


def chain_map_nodes(name: str) -> list[tuple[str, list[str]]]:
    """(chain code, its node names) of each chain of a packaged chain map, in its order (the
    demo's projects name them)."""
    chains = yaml.safe_load(chain_map_text(name) or "{}").get("chains", [])
    return [(chain["code"], [node["name"] for node in chain.get("nodes") or []]) for chain in chains]


POLICIES_PACKAGE = "qiangshi.reference.policies"


def policy_documents() -> dict[str, dict]:
    """The packaged policy documents (issue 17; parsed YAML) by file name, read with
    ``qiangshi.engine.policies.policy_read``."""
    return copy.deepcopy(_yaml_files(POLICIES_PACKAGE))
