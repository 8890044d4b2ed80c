# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP front of the simulator: the API (with fault injection and the request log), the /_sim/ admin endpoints and main()."""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from yeastar_sim import bulk, catalog, faults
from yeastar_sim.api import Api, envelope, instance_view
from yeastar_sim.state import State

ADMIN_PREFIX = "/_sim/"
_ORDER_STATUS = re.compile(r"^orders/([^/]+)/status$")
_INSTANCE = re.compile(r"^instances/([^/]+)$")


class SimServer(ThreadingHTTPServer):
    """The HTTP server; holds the state and the API."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state, api, tls=None):
        self.state = state
        self.api = api
        super().__init__(address, Handler)
        if tls is not None:
            # The handshake happens in the connection's own thread, on its first read, not in the accepting one.
            self.socket = tls.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)


class Handler(BaseHTTPRequestHandler):
    """One connection; dispatches API and admin requests."""

    protocol_version = "HTTP/1.1"
    server_version = "YeastarPartnerSim/1.0"
    sys_version = ""

    def setup(self):
        super().setup()
        # Headers and body are two writes: with Nagle's algorithm the body waits for the client's delayed ACK of the
        # headers (40 ms on Linux), which made every answer take 40 ms. A real service's latency is its own business.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Keep stderr quiet: requests are logged to the JSON log instead."""

    def do_GET(self):  # pylint: disable=invalid-name
        self._dispatch("GET")

    def do_POST(self):  # pylint: disable=invalid-name
        self._dispatch("POST")

    def do_PUT(self):  # pylint: disable=invalid-name
        self._dispatch("PUT")

    def do_PATCH(self):  # pylint: disable=invalid-name
        self._dispatch("PATCH")

    def do_DELETE(self):  # pylint: disable=invalid-name
        self._dispatch("DELETE")

    def do_HEAD(self):  # pylint: disable=invalid-name
        self._dispatch("HEAD")

    def do_OPTIONS(self):  # pylint: disable=invalid-name
        self._dispatch("OPTIONS")

    # plumbing ------------------------------------------------------------------------------------------------------------
    def _read_body(self):
        length = self.headers.get("Content-Length")
        if length:
            try:
                return self.rfile.read(int(length))
            except ValueError:
                return b""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0] or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        return b""

    def _send(self, status, payload, content_type="application/json", headers=None, cut=False):
        """Answer; with ``cut``, announce the whole body but send half of it and close the connection."""
        if isinstance(payload, (dict, list, bool)) or payload is None:
            raw = json.dumps(payload).encode("utf-8")
        elif isinstance(payload, str):
            raw = payload.encode("utf-8")
        else:
            raw = payload
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type if content_type != "application/json" else "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(0 if self.command == "HEAD" else len(raw)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(raw[:len(raw) // 2] if cut else raw)
            self.wfile.flush()
            if cut:
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def _tls_garbage(self):
        """Write bytes that are not a TLS record straight to the socket, under TLS, and close: the client's TLS layer
        fails while it reads the answer (an SSL error after the request was read and handled)."""
        self.close_connection = True
        try:
            os.write(self.connection.fileno(), b"HTTP/1.1 200 OK\r\n\r\nnot a TLS record")
        except OSError:
            pass

    def _drop(self):
        """Close the connection without sending anything."""
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass

    def _dispatch(self, method):
        started = time.time()
        split = urlsplit(self.path)
        path = split.path
        query = {key: values[0] for key, values in parse_qs(split.query, keep_blank_values=True).items()}
        body = self._read_body()
        if path.startswith(ADMIN_PREFIX) or path == ADMIN_PREFIX[:-1]:
            self._admin(method, path, query, body)
            return
        self._api(method, path, query, body, started)

    # API -----------------------------------------------------------------------------------------------------------------
    def _api(self, method, path, query, body, started):
        state = self.server.state
        with state.lock:
            rule = faults.take(state.data["faults"], method, path)
            if rule is not None:
                state.commit()
        extra = {}
        if rule is not None:
            if rule["delay"]:
                time.sleep(rule["delay"])
            if rule["retry_after"] is not None:
                value = rule["retry_after"]
                extra["Retry-After"] = str(int(value)) if float(value).is_integer() else str(value)
        # The log entry is written before the answer goes out, so a client that got its answer always finds it logged.
        if rule is not None and rule["drop"] == "midway":
            status, answer = self.server.api.handle(method, path, query, self.headers, body)
            self._log(method, path, query, 0, started, rule)
            self._send(status, answer, headers=extra, cut=True)
        elif rule is not None and rule["drop"] is not None:
            if rule["drop"] in ("after", "tls"):
                self.server.api.handle(method, path, query, self.headers, body)
            self._log(method, path, query, 0, started, rule)
            if rule["drop"] == "tls" and isinstance(self.connection, ssl.SSLSocket):
                self._tls_garbage()
            else:
                self._drop()
        elif rule is not None and rule["status"] is not None:
            if rule.get("process"):
                self.server.api.handle(method, path, query, self.headers, body)
            status = rule["status"]
            self._log(method, path, query, status, started, rule)
            if rule["body"] == "html":
                self._send(status, faults.html_page(status), "text/html", extra)
            elif rule["body"] == "echo":
                # A careless service that echoes what it got, secrets included: the client must not pass it on.
                code = rule["code"] or faults.default_code(status)
                echoed = {"headers": dict(self.headers.items()), "query": query,
                          "body": body.decode("utf-8", "replace")}
                self._send(status, envelope(status, echoed, code, "Echo of the request: %s" % json.dumps(echoed)),
                           headers=extra)
            else:
                code = rule["code"] or faults.default_code(status)
                detail = rule["detail"] if rule["detail"] is not None else "Injected fault: %s" % code
                self._send(status, envelope(status, None, code, detail), headers=extra)
        else:
            status, answer = self.server.api.handle(method, path, query, self.headers, body)
            self._log(method, path, query, status, started, rule)
            self._send(status, answer, "text/plain" if isinstance(answer, str) else "application/json", headers=extra)

    def _log(self, method, path, query, status, started, rule):
        self.server.state.add_log({
            "method": method, "path": path, "query": query, "status": status, "ms": round((time.time() - started) * 1000.0, 3),
            "time": started, "fault": faults.describe(rule) if rule is not None else None,
        })

    # admin ---------------------------------------------------------------------------------------------------------------
    def _admin(self, method, path, query, body):
        state = self.server.state
        name = path[len(ADMIN_PREFIX):].strip("/")
        try:
            data = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (ValueError, UnicodeDecodeError):
            self._send(400, {"error": "body is not valid JSON"})
            return
        key = (method, name)
        if key == ("GET", "health"):
            self._send(200, {"ok": True, "pid": os.getpid()})
        elif key == ("POST", "reset"):
            state.reset()
            self._send(200, {"ok": True})
        elif key == ("GET", "faults"):
            with state.lock:
                self._send(200, list(state.data["faults"]))
        elif key == ("POST", "faults"):
            try:
                rule = faults.normalize(data)
            except ValueError as exc:
                self._send(400, {"error": str(exc)})
                return
            with state.lock:
                state.data["faults"].append(rule)
                state.save()
            self._send(200, rule)
        elif key == ("DELETE", "faults"):
            with state.lock:
                state.data["faults"] = []
                state.save()
            self._send(200, {"ok": True})
        elif key == ("GET", "config"):
            with state.lock:
                self._send(200, dict(state.config))
        elif key == ("POST", "config"):
            try:
                self._send(200, state.configure(data if isinstance(data, dict) else {"": data}))
            except ValueError as exc:
                self._send(400, {"error": str(exc)})
        elif key == ("POST", "expire_tokens"):
            self._send(200, {"ok": True, "expired": state.expire_access_tokens()})
        elif key == ("GET", "log"):
            with state.lock:
                entries = list(state.log)
            if query.get("method"):
                entries = [e for e in entries if e["method"] == query["method"].upper()]
            if query.get("path"):
                pattern = query["path"]
                if pattern.endswith("*"):
                    entries = [e for e in entries if e["path"].startswith(pattern[:-1])]
                else:
                    entries = [e for e in entries if e["path"] == pattern]
            self._send(200, entries)
        elif key == ("DELETE", "log"):
            state.clear_log()
            self._send(200, {"ok": True})
        elif key == ("GET", "state"):
            self._send(200, state.dump())
        elif key == ("POST", "orders/bulk"):
            self._admin_call(bulk.history_orders, state, data)
        elif key == ("POST", "subordinates/bulk"):
            self._admin_call(bulk.subordinates, state, data)
        elif method == "POST" and _ORDER_STATUS.match(name):
            ident = unquote(_ORDER_STATUS.match(name).group(1))
            try:
                self._admin_call(bulk.force_status, state, ident, data)
            except KeyError:
                self._send(404, {"error": "no order with id or orderNo %s" % ident})
        elif key == ("POST", "instances/bulk"):
            self._admin_call(bulk.bulk_instances, state, data)
        elif method == "POST" and _INSTANCE.match(name):
            product_no = unquote(_INSTANCE.match(name).group(1))
            try:
                inst = bulk.set_instance(state, product_no, data)
            except KeyError:
                self._send(404, {"error": "no device with productNo %s" % product_no})
                return
            except ValueError as exc:
                self._send(400, {"error": str(exc)})
                return
            self._send(200, instance_view(inst))
        else:
            self._send(404, {"error": "no admin endpoint %s %s" % (method, path)})

    def _admin_call(self, function, *args):
        """Answer an admin call with function(*args), or 400 {"error"} when it raises ValueError."""
        try:
            result = function(*args)
        except ValueError as exc:
            self._send(400, {"error": str(exc)})
            return
        self._send(200, result)


# ---------------------------------------------------------------------------------------------------------------------
# main

def build_parser():
    parser = argparse.ArgumentParser(prog="run_simulator.py", description="Local Yeastar Partner Portal API simulator")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default)")
    parser.add_argument("--state", help="state file (JSON); loaded when it exists, else seeded; kept on exit (default: state.json in a new "
                        "temp dir, removed on exit unless --keep-state)")
    parser.add_argument("--keep-state", action="store_true",
                        help="without --state: keep the temp dir with the state file and the request log on exit (its path is printed as STATE=)")
    parser.add_argument("--log", help="request log, JSON lines (default: <state file>.log.jsonl)")
    parser.add_argument("--access-ttl", type=float, help="access token lifetime in seconds (default 1800)")
    parser.add_argument("--refresh-ttl", type=float, help="refresh token lifetime in seconds (default 15 days)")
    parser.add_argument("--pending-polls", type=int, help="orders stay pending for this many reads (default 0)")
    parser.add_argument("--client-id", default=catalog.DEFAULT_CLIENT_ID, help="accepted client_id")
    parser.add_argument("--client-secret", default=catalog.DEFAULT_CLIENT_SECRET, help="accepted client_secret")
    parser.add_argument("--tls-cert", help="also serve the API over TLS on a second loopback port, with this certificate (PEM); "
                        "the PORT line then reads PORT=<n> TLS_PORT=<m>")
    parser.add_argument("--tls-key", help="the private key of --tls-cert (PEM)")
    parser.add_argument("--watch-pid", type=int, help="exit when the process with this id is gone (so a test run never leaves one behind)")
    parser.add_argument("--lazy-save", action="store_true",
                        help="save what API requests change (orders, tokens, users, fault rules used up) at most once a second and on "
                             "exit, not before each answer (for benchmarks: a state of 100,000 orders costs tens of ms a save)")
    return parser


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv=None):
    args = build_parser().parse_args(argv)
    # A plain flag: the handler runs in the main thread, and setting an Event there can block on the lock that the
    # interrupted Event.wait() of the same thread holds. Set before anything is created, so that a signal that comes
    # early still ends the simulator through the clean-up below.
    stop = []

    def _on_signal(_signum, _frame):
        stop.append(True)

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _on_signal)  # the terminal it was started from closed: end cleanly too
    if args.state:
        return _serve(args, args.state, stop)
    # No --state: a temp dir of our own for the state file (and the request log, unless --log says otherwise), removed
    # on exit, whatever ends the server (a signal, --watch-pid, a port in use), unless --keep-state.
    own_dir = tempfile.mkdtemp(prefix="yeastar-sim-")
    try:
        return _serve(args, os.path.join(own_dir, "state.json"), stop)
    finally:
        if not args.keep_state:
            shutil.rmtree(own_dir, ignore_errors=True)


def _serve(args, state_path, stop):
    """Serve until stop holds something (SIGTERM, SIGINT, SIGHUP) or the --watch-pid process is gone; save the state."""
    log_path = args.log or state_path + ".log.jsonl"
    state = State(state_path, log_path, lazy_save=args.lazy_save)
    settings = {}
    for name in ("access_ttl", "refresh_ttl", "pending_polls"):
        value = getattr(args, name)
        if value is not None:
            settings[name] = int(value) if float(value).is_integer() else value
    if settings:
        state.configure(settings)
    api = Api(state, args.client_id, args.client_secret)
    servers = [SimServer((args.host, args.port), state, api)]
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        servers.append(SimServer((args.host, 0), state, api, tls=context))
    for server in servers:
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    ports = "PORT=%d" % servers[0].server_address[1]
    if len(servers) > 1:
        ports += " TLS_PORT=%d" % servers[1].server_address[1]
    sys.stdout.write(ports + "\n")
    sys.stdout.write("STATE=%s\nLOG=%s\n" % (state.path, state.log_path))
    sys.stdout.flush()
    while not stop:
        time.sleep(0.2)
        if args.watch_pid and not _alive(args.watch_pid):
            break
    for server in servers:
        server.shutdown()
        server.server_close()
    state.save()
    return 0
