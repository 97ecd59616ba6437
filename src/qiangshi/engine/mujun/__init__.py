"""亩产效益（亩均效益）综合评价: scope, indicators, scores, ranks, classes, surcharges.

``evaluate.evaluate(facts, method)`` evaluates one year of firms under a method read by
``reader.parse_method`` (``docs/mujun-method.md`` has the rules in words and the sources).
Pure and vectorised: polars expressions over the whole table, no Python loop over firms (the
loops run over the method's groups, indicators and classes). No I/O: the packaged methods
(``qiangshi/reference/methods/*.yaml``) are read by ``qiangshi.reference.documents`` and come
in as documents.

The method document, one module each: ``schema`` (option lists and the frozen dataclasses),
``fields`` (a field reader that collects Chinese problems), ``sections`` (one reader per
section), ``reader`` (``parse_method``, ``method_problems``), ``document`` (back to the
normalised dict, ``method_to_dict``) and ``formula`` (checked on its syntax tree, compiled to
polars).

The evaluation, one module per step, run in order by ``evaluate`` (``MUJUN_VERSION``):

1. ``scope``: scope → group (规上/规下) or T with the rule that put the firm there;
2.–4. ``scoring``: indicator values (a division by a missing, zero or negative denominator is
   missing data), benchmarks per group (and region, if the method says so) and sub-scores
   (ratio to benchmark, optional floor/cap, or min-max 20 + 80 × …), the missing-data rule,
   rounding; total = Σ sub-scores + bonus − deduction, rounded;
5.–6. ``classes``: rank within the ranking unit by total, then the method's tie-break keys (the
   last is always uscc, so ranks are unique and reproducible); class by rank shares
   (cumulative counts rounded as the method says; ties either share the better class or
   follow the rank) or by score thresholds; then overrides (veto → D, exemption → T, forced
   class);
7. ``prices``: consecutive years in D (with the history) and the differentiated prices, the
   highest applicable surcharge only;
8. the rules applied (``rules`` collects them, ``wording`` words them) and ``lift``, a
   sentence on what would lift the firm a class.

``inputs`` types and checks the facts, overrides and history tables (``FACT_SCHEMA``,
``FactsInvalid``); ``exprs`` holds the small polars helpers the steps share.

Speed (docs/mujun-method.md §5, bench/bench_mujun.py): fixed-text rules are bits of an
integer mask turned into text once per distinct combination; per-firm texts are built only
on the rows that have them; the lift sentences are built once per (unit, class, indicator,
benchmark); subsets are taken with boolean masks, joins run on the key column only; one
helper thread builds independent parts (the "most room" columns, the rule lists) beside
the main sequence.
"""
