"""Make the table readers a service uses return their rows in another order, as another
database or query plan might, to prove a stored run's input hash does not depend on it."""

import polars as pl


def rows_reversed(monkeypatch, module, *readers: str) -> None:
    """Replace each named reader of `module` by one returning the same frame(s) reversed."""
    for name in readers:
        original = getattr(module, name)

        def reader(*args, _original=original, **kwargs):
            found = _original(*args, **kwargs)
            if isinstance(found, tuple):
                return tuple(_reverse(part) for part in found)
            return _reverse(found)

        monkeypatch.setattr(module, name, reader)


def _reverse(found):
    return found.reverse() if isinstance(found, pl.DataFrame) else found
