"""Policies as dated data (issue 17 §1–2): clause documents read with every problem, matched over
every firm at once in polars, explained in Chinese, dry-run by district and chain, and checked
against each clause's own test cases. Pure: polars in, polars out; the caller parses YAML.
Method in docs/policy-method.md, schema in docs/policy-schema.md."""

from .checks import case_firms, clause_failures, clause_tests
from .dryrun import dryrun
from .fields import FIELDS, HONOURS, firm_schema
from .match import METHOD_VERSION, match
from .reader import policy_read
from .schema import Amount, Clause, Condition, Parameter, Policy, PolicyInvalid

__all__ = [
    "FIELDS",
    "HONOURS",
    "METHOD_VERSION",
    "Amount",
    "Clause",
    "Condition",
    "Parameter",
    "Policy",
    "PolicyInvalid",
    "case_firms",
    "clause_failures",
    "clause_tests",
    "dryrun",
    "firm_schema",
    "match",
    "policy_read",
]
