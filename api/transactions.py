"""A request that may write runs in one transaction; a read runs without one.

``ATOMIC_REQUESTS`` wraps every view in a transaction, reads included: a list page paid for a
BEGIN and a COMMIT (two round trips, and the atomic block's bookkeeping) that bought nothing,
since under PostgreSQL's READ COMMITTED each query sees its own snapshot inside a transaction
or out of one. The API's viewsets keep the setting's guarantee where it matters: a POST, PUT,
PATCH or DELETE still writes everything it asked for or nothing, and the rows it locks
(api/concurrency.py) stay locked until its commit.
"""

from django.db import DEFAULT_DB_ALIAS, transaction

# The methods that run without a transaction. Not OPTIONS, though it writes nothing: DRF describes
# the writes it allows by reading the record as a PUT would (``SimpleMetadata``), which locks the
# row (api/concurrency.py), and PostgreSQL refuses a lock outside a transaction.
READS = frozenset({"GET", "HEAD"})


class AtomicWritesMixin:
    """Writes (and OPTIONS) in a transaction, as ``ATOMIC_REQUESTS`` would; reads without one.

    Django decides whether a view is atomic before it runs, for every method alike
    (``non_atomic_requests``); the view then opens the transaction itself for a write. It is
    opened around DRF's ``dispatch``, so the exception handler runs inside it: an error DRF
    answers (a 400 raised after some rows were written) is rolled back through DRF's
    ``set_rollback``, which acts on an atomic block of a database with ``ATOMIC_REQUESTS``,
    and any other exception leaves the block and rolls it back.
    """

    @classmethod
    def as_view(cls, *args, **kwargs):
        return transaction.non_atomic_requests(using=DEFAULT_DB_ALIAS)(super().as_view(*args, **kwargs))

    def dispatch(self, request, *args, **kwargs):
        if request.method in READS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            return super().dispatch(request, *args, **kwargs)

    def handle_exception(self, exc):
        if self.request.method not in READS:
            return super().handle_exception(exc)
        # DRF's handler marks the innermost atomic block for rollback. A read has none of its
        # own: the block open around it is someone else's (a test's), which must go on.
        connection = transaction.get_connection(DEFAULT_DB_ALIAS)
        rollback = connection.in_atomic_block and connection.get_rollback()
        try:
            return super().handle_exception(exc)
        finally:
            if connection.in_atomic_block:
                connection.set_rollback(rollback)
