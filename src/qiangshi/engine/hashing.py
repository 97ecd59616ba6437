"""The input hash stored beside a computed result, so a published figure can be traced to the
exact tables it came from. Pure: no Django, no I/O."""

import hashlib

import polars as pl


def input_hash(*frames: pl.DataFrame, salt: str = "") -> str:
    """SHA-256 over `salt` (method version, parameters) and each table's content.

    Rows are sorted on every column first, so the hash does not depend on the order a query
    happened to return them in; CSV is the serialisation because its text is stable across
    polars versions, unlike the binary formats' metadata."""
    digest = hashlib.sha256(salt.encode())
    for frame in frames:
        digest.update("|".join(f"{name}:{dtype}" for name, dtype in frame.schema.items()).encode())
        digest.update(frame.sort(frame.columns, nulls_last=True).write_csv().encode())
    return digest.hexdigest()
