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
3. Flask's debug mode, which moto turns on for every service's app: on every request it checks each response
   template's file for changes and wraps the form data in a debugging helper. It is off here; errors still reach
   the server, which prints their traceback, as in debug mode.
4. A log line for every request: only answers that are not 2xx are logged (what a failing test wants to see).
5. Each answer was written to the socket in two system calls, the headers and then the body; here the two go
   out together when the answer is complete.
6. werkzeug closes the connection after every answer (it cannot tell where an unread request body ends), so
   each call paid for a new connection and a new thread on both sides. Here the body is read whole before moto
   sees the request, and the connection stays open for the next one, as AWS's endpoints keep it.
7. On every request moto lists the response class's methods (inspect.getmembers); here once per class.
   Items 3 to 7 are about a fifth of moto's CPU time per request (BENCHMARKS.md), and the local runtime polls
   each stream several times a second.
8. moto reads each DynamoDB attribute value of a request, and writes each of an answer (items, keys, stream
   records), by walking the value's model, all ten of its members (writing, through a chain of alias lookups too):
   a third of moto's CPU time under ReliabilityIT's load. Such a value is a dict in its wire form on both sides
   ({"S": "text"}, {"M": {...}}), so here it is taken and written as it is; a binary value (B, BS), which the wire
   carries in base64, still takes the walk.
9. moto checks DynamoDB's 400 KB item limit by summing the whole item again for each attribute it sets, so making
   or copying an item of n attributes cost n sums of it (the bookings have about 40). Here an item is made, and
   copied, with the check done once, by setting its last attribute through moto's own check: since no size is
   negative, a part of the item is over the limit only when the whole is.
10. moto's whole state (GET /moto-api/data.json), which LocalMailbox reads for the sent mail, holds every DynamoDB
   item written since the last reset: under the browser tests, writing it was almost half of moto's CPU time. Here
   /moto-api/data.json?service=ses answers with that service's part alone, written as moto writes it; without
   the parameter it answers as before (and moto as installed ignores the parameter).

Everything else is moto as installed. When moto's internals are not what this expects, moto runs unchanged
and the first line says so. Exit status 3: this Python cannot import moto (MotoServer then starts moto_server).
"""
import copy
import functools
import inspect
import io
import json
import selectors
import sys
import threading
import urllib.parse

try:
    import moto.backends as backends
    import moto.core.model_instances as model_instances
    import moto.core.parse as parse
    import moto.core.responses as responses
    import moto.core.serialize as serialize
    import moto.dynamodb.models as dynamodb
    import moto.dynamodb.models.dynamo_type as dynamo_type
    import moto.moto_api._internal.responses as moto_api
    import moto.server
    import werkzeug.serving
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


def _patch_debug_mode():
    create = getattr(moto.server, "create_backend_app", None)
    if create is None:
        return "moto's server module is not as expected: its apps run in Flask's debug mode"

    def create_backend_app(service):
        app = create(service)
        app.debug = False
        app.config["PROPAGATE_EXCEPTIONS"] = True  # as in debug mode: the server prints the traceback
        app.config["TRAP_BAD_REQUEST_ERRORS"] = True
        return app

    moto.server.create_backend_app = create_backend_app
    return None


def _patch_request_log():
    handler = werkzeug.serving.WSGIRequestHandler
    logged = getattr(handler, "log_request", None)
    if logged is None:
        return "werkzeug's request handler is not as expected: every request is logged"

    def log_request(self, code="-", size="-"):
        if not str(code).startswith("2"):
            logged(self, code, size)

    handler.log_request = log_request
    return None


def _patch_keep_alive():
    handler = werkzeug.serving.WSGIRequestHandler
    make_environ, send_header = getattr(handler, "make_environ", None), getattr(handler, "send_header", None)
    if make_environ is None or send_header is None:
        return "werkzeug's request handler is not as expected: every connection is closed after one answer"

    def make_environ_with_body_read(self):
        environ = make_environ(self)
        # A chunked body's end is known only to the app that reads it: then the connection closes, as before.
        _BODY_READ.value = "chunked" not in self.headers.get("Transfer-Encoding", "").lower()
        if _BODY_READ.value:
            environ["wsgi.input"] = io.BytesIO(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        return environ

    def send_header_keeping_open(self, keyword, value):
        if keyword.lower() == "connection" and value.lower() == "close" and getattr(_BODY_READ, "value", False):
            return
        send_header(self, keyword, value)

    handler.make_environ = make_environ_with_body_read
    handler.send_header = send_header_keeping_open
    werkzeug.serving.selectors = _SelectorsAfterBodyRead()
    # Item 5: a buffered socket writer, which http.server flushes when the request is handled (werkzeug's
    # answers here are whole bodies, never streamed).
    handler.wbufsize = -1
    return None


# Whether this handler thread (one per connection) read its request's body whole: then the socket holds only the
# next request, and the connection stays open.
_BODY_READ = threading.local()


class _SelectorsAfterBodyRead:
    """The `selectors` module as werkzeug's request handler sees it. After each answer it reads whatever the client
    sent on past the body it expects to close the connection on; with the body read whole that would be the next
    request, so then its selector sees nothing to read."""

    def __getattr__(self, name):
        return getattr(selectors, name)

    @staticmethod
    def DefaultSelector():
        return _NothingToRead() if getattr(_BODY_READ, "value", False) else selectors.DefaultSelector()


class _NothingToRead:
    def register(self, *args, **kwargs):
        pass

    def select(self, timeout=None):
        return []

    def close(self):
        pass


def _patch_method_listing():
    listed = getattr(responses, "method_names_from_class", None)
    if listed is None:
        return "moto's responses module is not as expected: it lists a class's methods on every request"
    once_per_class = functools.cache(lambda clazz: tuple(listed(clazz)))
    responses.method_names_from_class = lambda clazz: list(once_per_class(clazz))
    return None


_WIRE_SCALARS = {"S": str, "N": str, "BOOL": bool, "NULL": bool}


def _wire_attribute_value(value):
    """A DynamoDB attribute value as the JSON protocol writes it, or None when it is not a plain one held in wire form
    (a binary value, or anything else): then moto's own serializer writes it."""
    if type(value) is not dict or len(value) != 1:
        return None
    (kind, inner), = value.items()
    scalar = _WIRE_SCALARS.get(kind)
    if scalar is not None:
        return value if type(inner) is scalar else None
    if kind in ("SS", "NS"):
        return value if type(inner) is list and all(type(member) is str for member in inner) else None
    if kind == "M" and type(inner) is dict:
        written = {}
        for name, member in inner.items():
            written[name] = _wire_attribute_value(member)
            if written[name] is None:
                return None
        return {"M": written}
    if kind == "L" and type(inner) is list:
        written = [_wire_attribute_value(member) for member in inner]
        return None if None in written else {"L": written}
    return None


def _patch_attribute_values():
    json_serializer, json_parser = getattr(serialize, "BaseJSONSerializer", None), getattr(parse, "BaseJSONParser", None)
    walked_out = getattr(json_serializer, "_serialize_type_structure", None)
    walked_in = getattr(json_parser, "_parse_structure", None)
    if walked_out is None or walked_in is None or not hasattr(json_serializer, "_default_serialize"):
        return "moto's serializer or parser is not as expected: DynamoDB's attribute values are walked member by member"

    def serialize_structure(self, serialized, value, shape, key):
        if key and shape.name == "AttributeValue":
            wire = _wire_attribute_value(value)
            if wire is not None:
                self._default_serialize(serialized, wire, shape, key)
                return
        walked_out(self, serialized, value, shape, key)

    def parse_structure(self, shape, value):
        # moto's own walk would give the same plain dicts (DynamoDB's parser makes dicts, not another mapping).
        if shape.name == "AttributeValue" and self.MAP_TYPE is dict:
            wire = _wire_attribute_value(value)
            if wire is not None:
                return wire
        return walked_in(self, shape, value)

    json_serializer._serialize_type_structure = serialize_structure
    json_parser._parse_structure = parse_structure
    return None


def _patch_item_size_check():
    item, limited = getattr(dynamo_type, "Item", None), getattr(dynamo_type, "LimitedSizeDict", None)
    if item is None or limited is None or list(inspect.signature(item.__init__).parameters) != [
            "self", "hash_key", "range_key", "attrs"]:
        return "moto's DynamoDB items are not as expected: each attribute set sums the whole item again"
    made = item.__init__

    def make(self, hash_key, range_key, attrs):
        made(self, hash_key, range_key, {})
        values = [(key, DynamoType(value)) for key, value in attrs.items()]
        dict.update(self.attrs, values[:-1])
        for key, value in values[-1:]:
            self.attrs[key] = value  # moto's check, on the whole item

    def deep_copy(self, memo):
        copied = limited()
        memo[id(self)] = copied
        dict.update(copied, ((key, copy.deepcopy(value, memo)) for key, value in self.items()))
        return copied

    item.__init__ = make
    limited.__deepcopy__ = deep_copy
    return None


def _patch_state_of_one_service():
    api = getattr(moto_api, "MotoAPIResponse", None)
    whole = getattr(api, "model_data", None)
    if whole is None or not isinstance(getattr(model_instances, "model_data", None), dict):
        return "moto's API is not as expected: /moto-api/data.json?service= answers with every service"

    def model_data(self, request, full_url, headers):
        services = urllib.parse.parse_qs(urllib.parse.urlsplit(full_url).query).get("service")
        if not services:
            return whole(self, request, full_url, headers)
        # As moto writes each tracked instance: its public attributes that JSON can hold.
        state = {}
        for service in sorted(set(services) & set(model_instances.model_data)):
            models = model_instances.model_data[service]
            state[service] = {name: [_public_data(instance) for instance in models[name].instances_tracked]
                              for name in sorted(models)}
        return 200, {"Content-Type": "application/javascript"}, json.dumps(state)

    api.model_data = model_data
    return None


def _public_data(instance):
    data = {}
    for name in dir(instance):
        if not name.startswith("_"):
            try:
                json.dumps(getattr(instance, name))
            except (TypeError, AttributeError, ValueError):
                continue
            data[name] = getattr(instance, name)
    return data


if __name__ == "__main__":
    patches = (_patch_dynamodb(), _patch_service_lookup(), _patch_debug_mode(), _patch_request_log(),
               _patch_keep_alive(), _patch_method_listing(), _patch_attribute_values(),
               _patch_item_size_check(), _patch_state_of_one_service())
    for unchanged in filter(None, patches):
        print(f"moto_launcher: {unchanged}", file=sys.stderr, flush=True)
    sys.exit(moto.server.main())
