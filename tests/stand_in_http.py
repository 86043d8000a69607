#!/usr/bin/env python3
"""stand_in_http.py: a scripted STAND-IN for Elasticsearch, Loki and OTLP/HTTP.

This is a stand-in, not the real thing: no Elasticsearch, Loki or
OpenTelemetry collector is installable on these machines (Debian archive and
npm only), so tests/lc-ship-sinks.bats runs lc-ship against this small server,
which implements the documented responses of each API:

  POST /_bulk, /<index>/_bulk      Elasticsearch bulk API.  NDJSON action and
                                   document lines; answers {"errors":..,
                                   "items":[{"create":{"status":..}}]}.  Like
                                   Elasticsearch, a `create` whose _id already
                                   exists in the index answers 409
                                   (version_conflict_engine_exception).
  POST /loki/api/v1/push           Loki push API (JSON): 204 on success.
  POST /v1/logs                    OTLP/HTTP JSON: 200 with {} or with
                                   {"partialSuccess":{...}}.
  anything else (POST)             200, body kept (plain HTTP NDJSON sink).

Behaviour is scripted with --script FILE: a JSON list of steps, consumed one
per request in order; when the list is used up every request succeeds.  A step:

  {"status": 429, "headers": {"Retry-After": "1"}, "body": "..."}
        answer the whole request with this status (nothing is stored);
  {"es_items": [201, 409, 429, 400, 503]}
        Elasticsearch: the i-th item of the request gets the i-th status
        (items past the list are handled normally); 2xx items are stored;
  {"otlp_rejected": 2, "message": "..."}
        OTLP: store all but the LAST n log records and answer 200 with
        partialSuccess {rejectedLogRecords: n, errorMessage: message};
  {"reset": true}
        read the whole request, then reset the TCP connection (SO_LINGER 0)
        without answering;
  {"status": 413}
        (any status) e.g. request too large.
A step may carry "path": "<prefix>" to apply only to requests whose path
starts with it; non-matching requests pass it by.

What it received goes to --record-dir:
  requests.ndjson      one line per request: method, path, headers (with
                       Authorization reduced to its scheme), body size, the
                       status answered (or "reset"), the body file name, and
                       "t", the server's monotonic clock when it arrived
  body-N               the request body as received (still compressed)
  es-docs.ndjson       {"index","_id","doc"} of every stored ES document
  loki-lines.ndjson    {"labels","ts","line"} of every stored Loki entry
  otlp-records.ndjson  {"resource","record"} of every stored OTLP record
  plain.ndjson         the lines of the plain HTTP sink's bodies

Usage: stand_in_http.py --port-file FILE --record-dir DIR [--script FILE] [--port N]
Listens on 127.0.0.1, port N or 0 (any); writes the chosen port to --port-file (via a
temp file and rename, so a reader never sees a partial number).
"""
import argparse
import gzip
import json
import os
import socket
import struct
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    def __init__(self, record_dir, script):
        self.dir = record_dir
        self.script = script
        self.lock = threading.Lock()
        self.n = 0
        self.es_ids = {}  # index -> set of _id

    def take_step(self, path):
        with self.lock:
            for i, step in enumerate(self.script):
                if path.startswith(step.get("path", "")):
                    return self.script.pop(i)
            return None

    def next_body_name(self):
        with self.lock:
            self.n += 1
            return "body-%d" % self.n

    def append(self, name, obj):
        with self.lock:
            with open(os.path.join(self.dir, name), "a") as f:
                f.write(json.dumps(obj, sort_keys=True) + "\n")


def decode_body(raw, encoding):
    if encoding == "gzip":
        return gzip.decompress(raw)
    if encoding == "zstd":
        return subprocess.run(["zstd", "-dc"], input=raw, stdout=subprocess.PIPE,
                              check=True).stdout
    return raw


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "stand-in"

    def log_message(self, fmt, *args):  # keep the test's stderr clean
        pass

    def do_POST(self):
        st = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raw = self.read_chunked()
        else:
            raw = self.rfile.read(length)
        name = st.next_body_name()
        with open(os.path.join(st.dir, name), "wb") as f:
            f.write(raw)
        headers = {k: v for k, v in self.headers.items()}
        if "Authorization" in headers:
            headers["Authorization"] = headers["Authorization"].split(" ")[0] + " <redacted>"
        step = st.take_step(self.path) or {}
        entry = {"method": "POST", "path": self.path, "headers": headers,
                 "size": len(raw), "body": name, "t": time.monotonic()}
        if step.get("reset"):
            entry["status"] = "reset"
            st.append("requests.ndjson", entry)
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            return
        try:
            body = decode_body(raw, self.headers.get("Content-Encoding", ""))
        except Exception as e:  # a body we cannot decode is the client's bug
            self.answer(entry, 400, {}, json.dumps({"error": "bad encoding: %s" % e}))
            return
        if "status" in step:
            self.answer(entry, step["status"], step.get("headers", {}), step.get("body", ""))
            return
        path = self.path.split("?")[0]
        if path.endswith("/_bulk"):
            self.bulk(entry, path, body, step)
        elif path == "/loki/api/v1/push":
            self.loki(entry, body)
        elif path == "/v1/logs":
            self.otlp(entry, body, step)
        else:
            for line in body.decode("utf-8").splitlines():
                if line:
                    st.append("plain.ndjson", json.loads(line))
            self.answer(entry, 200, {}, "")

    def read_chunked(self):
        out = b""
        while True:
            size = int(self.rfile.readline().strip().split(b";")[0], 16)
            if size == 0:
                self.rfile.readline()
                return out
            out += self.rfile.read(size)
            self.rfile.readline()

    def answer(self, entry, status, headers, body, ctype="application/json"):
        entry["status"] = status
        self.server.state.append("requests.ndjson", entry)
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 204:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status != 204:
            self.wfile.write(data)

    def bulk(self, entry, path, body, step):
        st = self.server.state
        default_index = path[1:-len("/_bulk")] if path != "/_bulk" else None
        lines = body.decode("utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        else:  # the bulk API requires a final newline
            self.answer(entry, 400, {}, json.dumps(
                {"error": {"type": "illegal_argument_exception",
                           "reason": "The bulk request must be terminated by a newline [\\n]"},
                 "status": 400}))
            return
        forced = list(step.get("es_items", []))
        items, errors = [], False
        for i in range(0, len(lines), 2):
            action = json.loads(lines[i])
            op, meta = next(iter(action.items()))
            doc = json.loads(lines[i + 1])
            index = meta.get("_index", default_index)
            _id = meta.get("_id")
            status = forced.pop(0) if forced else None
            with st.lock:
                ids = st.es_ids.setdefault(index, set())
                if status is None:
                    status = 409 if (op == "create" and _id in ids) else 201
                if 200 <= status < 300:
                    ids.add(_id)
            item = {"_index": index, "_id": _id, "status": status}
            if 200 <= status < 300:
                item["result"] = "created"
                st.append("es-docs.ndjson", {"index": index, "_id": _id, "doc": doc})
            else:
                errors = True
                kind = {409: "version_conflict_engine_exception",
                        429: "es_rejected_execution_exception",
                        400: "document_parsing_exception"}.get(status, "exception")
                item["error"] = {"type": kind, "reason": "stand-in %s for item %d" % (kind, i // 2)}
            items.append({op: item})
        self.answer(entry, 200, {}, json.dumps({"took": 1, "errors": errors, "items": items}))

    def loki(self, entry, body):
        try:
            req = json.loads(body)
            for stream in req["streams"]:
                labels = stream["stream"]
                for value in stream["values"]:
                    ts, line = value[0], value[1]
                    if not (isinstance(ts, str) and ts.isdigit()):
                        raise ValueError("timestamp must be a string of nanoseconds: %r" % (ts,))
                    self.server.state.append("loki-lines.ndjson",
                                             {"labels": labels, "ts": ts, "line": line})
        except Exception as e:
            self.answer(entry, 400, {}, "loghttp: %s" % e, "text/plain")
            return
        self.answer(entry, 204, {}, "")

    def otlp(self, entry, body, step):
        try:
            req = json.loads(body)
            flat = []
            for rl in req["resourceLogs"]:
                for sl in rl["scopeLogs"]:
                    for rec in sl["logRecords"]:
                        flat.append({"resource": rl.get("resource", {}), "record": rec})
        except Exception as e:
            self.answer(entry, 400, {}, json.dumps({"code": 3, "message": str(e)}))
            return
        rejected = int(step.get("otlp_rejected", 0))
        for item in flat[:len(flat) - rejected]:
            self.server.state.append("otlp-records.ndjson", item)
        resp = {}
        if rejected:
            resp = {"partialSuccess": {"rejectedLogRecords": str(rejected),
                                       "errorMessage": step.get("message", "rejected by stand-in")}}
        self.answer(entry, 200, {}, json.dumps(resp))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--record-dir", required=True)
    ap.add_argument("--script")
    ap.add_argument("--port", type=int, default=0, help="listen here (default: any free port)")
    a = ap.parse_args()
    script = []
    if a.script:
        with open(a.script) as f:
            script = json.load(f)
    os.makedirs(a.record_dir, exist_ok=True)
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    srv.state = State(a.record_dir, script)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
