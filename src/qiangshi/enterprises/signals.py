"""Sent after an import changed the registry, once the transaction has committed.

Modules above the registry (the plan's computed indicators) listen; the registry does not
import them.
"""

from django.dispatch import Signal

registry_changed = Signal()
