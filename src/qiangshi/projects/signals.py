"""Sent after an import changed the project pipeline, once the transaction has committed;
the plan's computed figures listen (the pipeline does not import the plan)."""

from django.dispatch import Signal

pipeline_changed = Signal()
