"""The input hash stored beside every computed run (亩均 evaluation, plan progress, computed
figures, tier assessment, pool selection), so a stored result can be traced to the exact
tables and method it came from, and an unchanged input can reuse the stored run.

One function for every run, so that all runs agree on what "the same input" means: the same
method (version and parameters) and the same rows and columns, whatever order a query
returned them in. Pure: no Django, no I/O."""

import hashlib
import json
from typing import Any

import polars as pl

# Changing how a hash is formed changes every stored hash once; the tag names the scheme so
# that a hash of one scheme never equals a hash of another.
HASH_SCHEME = "qiangshi-input-hash/2"

_NESTED = (pl.List, pl.Array, pl.Struct)


def input_hash(*frames: pl.DataFrame, method: str, parameters: Any = None) -> str:
    """SHA-256 over the method (version string and parameters) and each table's schema and rows.

    `method` names the method and its version (e.g. "MUJUN-1.4|7"); `parameters` is anything
    JSON can write (formulas, weights, as-of date), serialised with sorted keys so a dict's
    insertion order does not count. Each table is put in a canonical form first: columns in
    name order, rows sorted on every column (nulls last), nested columns written as JSON
    text; so neither query order nor column order changes the hash, while a changed value,
    an added or removed row, a renamed column or a changed type does. CSV is the row
    serialisation because its text is stable across polars versions, unlike the binary
    formats' metadata."""
    digest = hashlib.sha256()
    _update(digest, HASH_SCHEME)
    _update(digest, method)
    _update(digest, json.dumps(parameters, ensure_ascii=False, sort_keys=True, default=str))
    _update(digest, str(len(frames)))
    for frame in frames:
        canonical = _canonical(frame)
        _update(digest, _schema_text(frame))
        _update(digest, canonical.write_csv())
    return digest.hexdigest()


def _schema_text(frame: pl.DataFrame) -> str:
    return "|".join(f"{name}:{frame.schema[name]}" for name in sorted(frame.columns))


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns in name order, nested values as JSON text, rows sorted on every column."""
    names = sorted(frame.columns)
    flat = frame.select([
        pl.struct(pl.col(name)).struct.json_encode().alias(name)
        if isinstance(frame.schema[name], _NESTED) else pl.col(name)
        for name in names
    ])
    return flat.sort(names, nulls_last=True) if names else flat


def _update(digest, text: str) -> None:
    # Length-prefixed, so that moving text from one part to the next cannot give the same
    # byte stream (e.g. method "a|" with parameters "b" against method "a" with "|b").
    data = text.encode("utf-8")
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)
