"""The rules applied to each firm, collected while the steps run and turned into text lists once."""

from __future__ import annotations

import numpy as np
import polars as pl

from .exprs import add, nulls

_SEP = "\x1f"  # joins rule texts before they are split into the list column
_BITS = 62  # rule bits per Int64 mask column


class Rules:
    """The rules applied to each firm, in the order they are added.

    A rule with a fixed text is one bit of an Int64 mask column (62 bits a column), so a
    firm's rules cost one integer until the end, where each distinct mask (few: they are
    combinations of rules, not firms) is turned into its list of texts once.  A rule whose
    text differs per firm (an override's reason, bonus points, another surcharge's amount)
    has a presence condition over the whole table and a text expression that is evaluated
    only on the few rows where it is present, then spliced in at its place.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.pending: list[tuple[int, pl.Expr]] = []
        self.variables: list[tuple[int, pl.Expr, pl.Expr]] = []  # (fixed texts before it, presence, text)

    def add(self, condition: pl.Expr, text: str) -> None:
        self.pending.append((len(self.texts), condition))
        self.texts.append(text)

    def add_variable(self, presence: pl.Expr, text: pl.Expr) -> None:
        self.variables.append((len(self.texts), presence, text))

    def fold(self, df: pl.DataFrame) -> pl.DataFrame:
        """Evaluate the pending conditions into the mask columns _mask0, _mask1, …

        The conditions are computed by polars as boolean columns (one bit a row); their bits are
        or-ed into the masks by numpy on the rows where they hold, which costs next to nothing
        when a rule applies to few firms."""
        if not self.pending:
            return df
        flags = df.lazy().select(
            condition.fill_null(False).alias(f"_c{n}") for n, (_, condition) in enumerate(self.pending)
        ).collect(engine="in-memory")
        masks: dict[str, np.ndarray] = {}
        for (bit, _), flag in zip(self.pending, flags.iter_columns(), strict=True):
            name = f"_mask{bit // _BITS}"
            if name not in masks:
                known = name in df.columns
                masks[name] = df[name].to_numpy().copy() if known else np.zeros(df.height, np.int64)
            masks[name][flag.to_numpy()] |= np.int64(1 << (bit % _BITS))
        self.pending = []
        return df.with_columns(pl.Series(name, mask) for name, mask in masks.items())

    def masks(self) -> list[str]:
        return [f"_mask{c}" for c in range((len(self.texts) + _BITS - 1) // _BITS)]

    def _text(self, frame: pl.DataFrame, lo: int, hi: int) -> pl.Series:
        """The fixed texts of bits lo…hi−1 that each row has, joined by _SEP (null: none)."""
        parts: list[pl.Series] = []
        for chunk in range(lo // _BITS, (hi - 1) // _BITS + 1 if hi > lo else lo // _BITS):
            a, b = max(lo, chunk * _BITS), min(hi, (chunk + 1) * _BITS)
            bits = ((1 << (b - a)) - 1) << (a - chunk * _BITS)
            column = frame[f"_mask{chunk}"] & bits
            mapping = {
                mask: _SEP.join(self.texts[chunk * _BITS + i] for i in range(_BITS) if mask >> i & 1) or None
                for mask in column.unique().to_list()
            }
            parts.append(column.replace_strict(mapping, return_dtype=pl.String))
        if not parts:
            return nulls(frame.height, pl.String())
        if len(parts) == 1:
            return parts[0]
        joined = pl.concat_str(pl.all(), separator=_SEP, ignore_nulls=True)
        return pl.DataFrame(parts).select(joined).to_series()

    def column(self, df: pl.DataFrame) -> pl.Series:
        """rules: list[str] per row."""
        df = self.fold(df)
        masks = self.masks()
        df = add(df, [pl.lit(0, dtype=pl.Int64).alias(m) for m in masks if m not in df.columns])
        if len(masks) <= 1:  # the usual case: each distinct mask → its list of texts, directly
            mask = df["_mask0"] if masks else pl.select(pl.repeat(0, df.height, dtype=pl.Int64)).to_series()
            mapping = {
                m: [t for i, t in enumerate(self.texts) if m >> i & 1] for m in mask.unique().to_list()
            }
            lists = mask.replace_strict(mapping, return_dtype=pl.List(pl.String))
        else:
            joined = self._text(df, 0, len(self.texts))
            lists = pl.select(
                pl.when(pl.lit(joined).is_null()).then(pl.lit([], dtype=pl.List(pl.String)))
                .otherwise(pl.lit(joined).str.split(_SEP))
            ).to_series()
        if not self.variables:
            return lists.alias("rules")
        presence = df.select(
            pl.any_horizontal([p.fill_null(False) for _, p, _ in self.variables]).alias("_has"),
            *(p.fill_null(False).alias(f"_p{n}") for n, (_, p, _) in enumerate(self.variables)),
        )
        has = presence["_has"]
        if not has.any():
            return lists.alias("rules")
        needed = list(dict.fromkeys(c for _, _, t in self.variables for c in t.meta.root_names()))
        sub = df.select(*masks, *needed).filter(has).hstack(presence.drop("_has").filter(has))
        pieces, low = [], 0
        for n, (position, _, text) in enumerate(self.variables):
            pieces.append(self._text(sub, low, position))
            pieces.append(sub.select(pl.when(pl.col(f"_p{n}")).then(text.cast(pl.String))).to_series())
            low = position
        pieces.append(self._text(sub, low, len(self.texts)))
        spliced = pl.DataFrame([p.alias(f"p{i}") for i, p in enumerate(pieces)]).select(
            _i=has.arg_true(),
            _spliced=pl.concat_str(pl.all(), separator=_SEP, ignore_nulls=True).str.split(_SEP),
        )
        return (
            pl.DataFrame({"_lists": lists}).with_row_index("_i")
            .join(spliced, on="_i", how="left", maintain_order="left")
            .select(pl.coalesce("_spliced", "_lists").alias("rules"))
            .to_series()
        )
