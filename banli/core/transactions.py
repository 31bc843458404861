"""One way into a write transaction, so that writers take their locks in one order.

Every write that is audited appends to the hash chain, and appending holds the chain head's row lock
until the transaction ends (:mod:`banli.audit.chain`). A writer that first locked a business row (a
reply, an assignment) and then waits for the chain head can deadlock with one that holds the chain
head and waits for that row. :func:`writing` takes the chain head first, so on PostgreSQL audited
writers queue at the door instead of meeting in the middle. SQLite needs nothing: its IMMEDIATE
transactions already let one writer in at a time.

Use it wherever a service opens a transaction that writes (``with writing():`` or ``@writing()``).

At the end of the outermost ``writing()`` block the submissions touched inside it have their derived
figures refreshed, in the same transaction (:mod:`banli.core.changes`), and the chain head is moved
once to the last audit record written inside it (:func:`banli.audit.chain.deferred_head`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction

from banli.core.changes import collecting


@contextmanager
def writing(using: str = "default", *, savepoint: bool = True) -> Iterator[None]:
    from banli.audit.chain import deferred_head, hold_head

    with transaction.atomic(using=using, savepoint=savepoint):
        if connections[using].vendor == "postgresql":
            hold_head(using)
        with deferred_head(using), collecting(using):
            yield
