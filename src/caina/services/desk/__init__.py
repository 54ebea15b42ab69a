"""The review desk's services: what ``caina serve`` and the desk's CLI commands call.

Each function takes a :class:`caina.store.Store`, the acting user and plain values, checks
the actor's rights (:mod:`.access`), does its work in one transaction through
:mod:`caina.store.queries` (the only SQL) and the pure core, appends to the audit log, and
returns plain dicts. Errors are :class:`caina.errors.CainaError` subclasses carrying their
HTTP status.
"""

from caina.services.desk.access import Actor

__all__ = ["Actor"]
