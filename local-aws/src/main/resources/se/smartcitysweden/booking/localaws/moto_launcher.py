"""moto_server as installed, with two of its costs taken out: MotoServer (local-aws) starts moto this way.

1. TransactWriteItems. Before each transaction moto deep-copies every table the transaction names (every item
   and every stream record) and puts the copy in place when the transaction is cancelled. So each transaction's
   cost grows with the table, which DynamoDB's does not: 200 submissions to a table of a few hundred bookings
   took 24 s instead of 2.6 s (ReliabilityIT, BENCHMARKS.md). Here only the items the transaction names are
   saved; when it is cancelled they are put back and the stream records it added are taken out. The table stays
   the same object, so a stream reader's iterator keeps reading it. DynamoDB applies each write atomically; so
   that a transaction put back cannot undo another request's write, the writes are applied one at a time.
2. On every request moto lists its package's directory (about 200 stat calls) to find the service. The list
   is read once.

Everything else is moto as installed. When moto's internals are not what this expects, moto runs unchanged
and the first line says so. Exit status 3: this Python cannot import moto (MotoServer then starts moto_server).
"""
import copy
import functools
import sys
import threading

try:
    import moto.backends as backends
    import moto.dynamodb.models as dynamodb
    import moto.server
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table
except ImportError as missing:
    print(f"moto is not importable by {sys.executable}: {missing}", file=sys.stderr, flush=True)
    sys.exit(3)


class _TablesNotCopied:
    """The `copy` module as moto's DynamoDB backend sees it: a Table is "copied" as itself."""

    def __getattr__(self, name):
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def _slot(table, operation):
    """The (hash, range) under which `table.items` holds the item an operation names."""
    key = operation.get("Key") or operation["Item"]
    range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    return DynamoType(key[table.hash_key_attr]), range_value


def _stored(table, hash_value, range_value):
    if range_value is None:
        return table.items.get(hash_value)
    return table.items.get(hash_value, {}).get(range_value)


def _put_back(table, hash_value, range_value, item):
    if range_value is None:
        if item is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = item
    elif item is None:
        table.items.get(hash_value, {}).pop(range_value, None)
    else:
        table.items[hash_value][range_value] = item


def _patch_dynamodb():
    backend = dynamodb.DynamoDBBackend
    writes = ("put_item", "update_item", "delete_item", "transact_write_items")
    if dynamodb.copy is not copy or not all(hasattr(backend, name) for name in writes):
        return "moto's DynamoDB backend is not as expected: transactions copy their tables"
    lock = threading.RLock()
    moved_transaction = backend.transact_write_items

    def transact_write_items(self, transact_items):
        saved, streams = [], {}
        for entry in transact_items:
            try:
                operation = next(iter(entry.values()))
                table = self.tables[operation["TableName"]]
                hash_value, range_value = _slot(table, operation)
            except Exception:  # moto's own checks answer for a malformed operation
                continue
            saved.append((table, hash_value, range_value, copy.deepcopy(_stored(table, hash_value, range_value))))
            shard = table.stream_shard
            if shard is not None and id(table) not in streams:
                streams[id(table)] = (shard, shard.items, len(shard.items))
        try:
            return moved_transaction(self, transact_items)
        except Exception:
            for table, hash_value, range_value, item in reversed(saved):
                _put_back(table, hash_value, range_value, item)
            for shard, records, length in streams.values():
                if shard.items is records:
                    del records[length:]
            raise

    backend.transact_write_items = transact_write_items
    for name in writes:
        write = getattr(backend, name)
        setattr(backend, name, functools.wraps(write)(_one_at_a_time(write, lock)))
    dynamodb.copy = _TablesNotCopied()
    return None


def _one_at_a_time(write, lock):
    def locked(*args, **kwargs):
        with lock:
            return write(*args, **kwargs)
    return locked


def _patch_service_lookup():
    listed = getattr(backends, "list_of_moto_modules", None)
    if listed is None:
        return "moto's backends module is not as expected: its directory is listed on every request"
    modules = tuple(listed())
    backends.list_of_moto_modules = lambda: modules
    return None


if __name__ == "__main__":
    for unchanged in filter(None, (_patch_dynamodb(), _patch_service_lookup())):
        print(f"moto_launcher: {unchanged}", file=sys.stderr, flush=True)
    sys.exit(moto.server.main())
