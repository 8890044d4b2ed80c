# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start, stop and steer a simulator from Python (tests, CI scripts). Standard library only.

SimulatorClient talks to a simulator that runs already (its admin API, and API calls); SimulatorProcess starts and
stops one and, once it runs, is a SimulatorClient of it.

    with SimulatorProcess() as sim:
        sim.add_fault(method="POST", path="/order/openapi/order/v1/save", status=503)
        ...  # talk to sim.base_url with sim.client_id / sim.client_secret
        assert sim.count("POST", "/order/openapi/order/v1/save") == 1

    client = SimulatorClient("http://127.0.0.1:8080")   # one started elsewhere (a shell script, another process)
    client.reset()
"""

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from yeastar_sim import catalog

RUN_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "run_simulator.py")


class SimulatorError(Exception):
    """The simulator could not be started, or an admin call failed."""


def _arg_value(args, name, default):
    args = list(args)
    for index, arg in enumerate(args):
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


class ApiResponse:
    """What SimulatorClient.api() got back."""

    def __init__(self, status, headers, text):
        self.status = status
        self.headers = headers
        self.text = text

    @property
    def json(self):
        return json.loads(self.text)

    @property
    def result(self):
        return self.json["result"]

    def __repr__(self):
        return "ApiResponse(%d, %s)" % (self.status, self.text[:300])


class SimulatorClient:
    """A client of a simulator that runs at base_url: its admin API (/_sim/...) and API calls.

    client_id / client_secret: what token() and api() authenticate with (the simulator's defaults unless it was started
    with --client-id / --client-secret). timeout: seconds an admin call may take (the bulk calls have their own).
    """

    def __init__(self, base_url, client_id=catalog.DEFAULT_CLIENT_ID, client_secret=catalog.DEFAULT_CLIENT_SECRET, timeout=10):
        self._base_url = base_url.rstrip("/") if base_url else None
        self.client_id = client_id
        self.client_secret = client_secret
        self.timeout = timeout
        self._cached_token = None

    @property
    def base_url(self):
        if not self._base_url:
            raise SimulatorError("no simulator URL")
        return self._base_url

    # admin API ----------------------------------------------------------------------------------------------------------
    def _admin(self, method, name, payload=None, query=None, timeout=None):
        url = "%s/_sim/%s" % (self.base_url, name)
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout if timeout is None else timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise SimulatorError("admin %s %s failed: %s %s" % (method, name, exc.code, exc.read().decode("utf-8", "replace"))) from exc
        except urllib.error.URLError as exc:
            raise SimulatorError("admin %s %s failed: %s" % (method, name, exc.reason)) from exc

    def health(self):
        """The simulator's liveness answer ({"ok": true, "pid": ...}); raises SimulatorError when it does not answer."""
        return self._admin("GET", "health")

    def reset(self):
        """Back to the seed data; clears faults, tokens, the request log and the configuration."""
        self._cached_token = None
        return self._admin("POST", "reset")

    def add_fault(self, **rule):
        """Add one fault rule (see yeastar_sim.faults); returns the rule with its defaults filled in."""
        return self._admin("POST", "faults", rule)

    def faults(self):
        return self._admin("GET", "faults")

    def clear_faults(self):
        return self._admin("DELETE", "faults")

    def configure(self, **settings):
        """Change settings (see yeastar_sim.state.DEFAULT_CONFIG and README.md), e.g. page_size_cap=10, order_sort="oldest_first";
        returns the whole configuration. A bad setting raises SimulatorError (400) and changes nothing."""
        return self._admin("POST", "config", settings)

    def bulk_orders(self, count, po_prefix=None, status=None, timeout=300):
        """Add count historical orders, older than every order there is; returns {"created": count, "total": orders now}.

        po_prefix: their customReferenceNo is po_prefix + n (default: half "HIST-<n>", half ""); status: one status for all
        (default: mostly succeed, some cancelled/failed/refunded/pending; a pending one stays pending).
        """
        payload = {"count": count}
        if po_prefix is not None:
            payload["po_prefix"] = po_prefix
        if status is not None:
            payload["status"] = status
        return self._admin("POST", "orders/bulk", payload, timeout=timeout)

    def bulk_subordinates(self, count, prefix="tenant", timeout=300):
        """Add subordinate users <prefix>-0001@bench.example ... (those there are are skipped); returns the new partnerIds."""
        return self._admin("POST", "subordinates/bulk", {"count": count, "prefix": prefix}, timeout=timeout)

    def set_order_status(self, ident, status):
        """Set the status of the order with this id or orderNo (pending stays pending); returns {"id", "orderNo", "orderStatus"}."""
        return self._admin("POST", "orders/%s/status" % urllib.parse.quote(str(ident), safe=""), {"status": status})

    def set_instance(self, product_no, **fields):
        """Set fields of the device with this productNo: expire_in_days (expireTime = now + days, may be negative or
        fractional), expireTime (epoch ms), quantity, planId, services ({serviceId: quantity}, replaces), billingCycle,
        activationStatus, trial. Returns the device as the product details show it by default (instance_fields=full)."""
        return self._admin("POST", "instances/%s" % urllib.parse.quote(str(product_no), safe=""), fields)

    def bulk_instances(self, partner_ids, timeout=300, **fields):
        """One new device per partner id (existing subordinates); fields: productId (14), planId (the Enterprise Plan),
        quantity (10), services ({}), billingCycle ("annually"), expire_in_days (365).
        Returns {"created": [{"partnerId", "productNo"}, ...]}."""
        payload = dict(fields, partner_ids=list(partner_ids))
        return self._admin("POST", "instances/bulk", payload, timeout=timeout)

    def expire_tokens(self):
        """Every access token issued so far is expired from now on (401 token_expired); api() fetches a new one."""
        self._cached_token = None
        return self._admin("POST", "expire_tokens")

    def requests(self, method=None, path=None):
        """The logged API requests (dicts), optionally filtered by method and path (exact, or a prefix ending in '*')."""
        query = {}
        if method:
            query["method"] = method.upper()
        if path:
            query["path"] = path
        return self._admin("GET", "log", query=query)

    def count(self, method=None, path=None):
        return len(self.requests(method, path))

    def clear_log(self):
        return self._admin("DELETE", "log")

    def state(self):
        """The whole state document."""
        return self._admin("GET", "state")

    # convenience --------------------------------------------------------------------------------------------------------
    def api(self, method, path, params=None, json_body=None, form=None, token=True, headers=None, timeout=10):
        """One API call with http.client; returns an ApiResponse (status, headers, text, json).

        token: True fetches (and caches) an access token, a string is used as is, False/None sends no Authorization.
        A User-Agent 'OpenAPI' is sent unless headers gives one (a value of None removes it).
        """
        url_path = path
        if params:
            url_path += "?" + urllib.parse.urlencode(params)
        send = {"User-Agent": "OpenAPI"}
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            send["Content-Type"] = "application/json"
        elif form is not None:
            body = urllib.parse.urlencode(form).encode("utf-8")
            send["Content-Type"] = "application/x-www-form-urlencoded"
        if token is True:
            if self._cached_token is None:
                self._cached_token = self.token()
            send["Authorization"] = "Bearer " + self._cached_token
        elif token:
            send["Authorization"] = "Bearer " + token
        send.update(headers or {})
        where = urllib.parse.urlsplit(self.base_url)
        conn = http.client.HTTPConnection(where.hostname, where.port or 80, timeout=timeout)
        try:
            conn.putrequest(method, where.path + url_path, skip_accept_encoding=True)
            for key, value in send.items():
                if value is not None:
                    conn.putheader(key, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            return ApiResponse(response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace"))
        finally:
            conn.close()

    def token(self):
        """A fresh access token (a pp_credentials call, which is logged like any API call)."""
        body = urllib.parse.urlencode(
            {"grant_type": "pp_credentials", "client_id": self.client_id, "client_secret": self.client_secret}).encode("ascii")
        request = urllib.request.Request(self.base_url + "/auth/openapi/v1/oauth/token", data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("User-Agent", "yeastar-sim-control")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read().decode("utf-8"))["result"]["token"]


class SimulatorProcess(SimulatorClient):
    """One simulator subprocess bound to 127.0.0.1; a SimulatorClient of it while it runs.

    state_path: the state file (default: state.json in a new temp dir, removed again by stop()).
    log_path: the request log (default: <state file>.log.jsonl).
    extra_args: more command-line arguments, e.g. ("--access-ttl", "1", "--pending-polls", "2").
    """

    def __init__(self, state_path=None, log_path=None, extra_args=(), start_timeout=15.0):
        self._own_dir = None
        if state_path is None:
            self._own_dir = tempfile.mkdtemp(prefix="yeastar-sim-")
            state_path = os.path.join(self._own_dir, "state.json")
        self.state_path = os.path.abspath(str(state_path))
        self.log_path = os.path.abspath(str(log_path)) if log_path else self.state_path + ".log.jsonl"
        self.stderr_path = self.state_path + ".stderr"
        self.extra_args = tuple(str(a) for a in extra_args)
        self.start_timeout = start_timeout
        super().__init__(None, client_id=_arg_value(self.extra_args, "--client-id", catalog.DEFAULT_CLIENT_ID),
                         client_secret=_arg_value(self.extra_args, "--client-secret", catalog.DEFAULT_CLIENT_SECRET))
        self.host = "127.0.0.1"
        self.port = None
        self.tls_port = None
        self.process = None
        self._stderr = None

    # lifecycle -------------------------------------------------------------------------------------------------------
    @property
    def base_url(self):
        if self.port is None:
            raise SimulatorError("the simulator is not running")
        return "http://%s:%d" % (self.host, self.port)

    @property
    def tls_url(self):
        """The API over TLS (started with --tls-cert/--tls-key); the admin endpoints stay on base_url."""
        if self.tls_port is None:
            raise SimulatorError("the simulator serves no TLS port (start it with --tls-cert and --tls-key)")
        return "https://localhost:%d" % self.tls_port

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def start(self, port=0):
        """Spawn the simulator, read its PORT line and wait until it answers. Returns self."""
        if self.running:
            return self
        cmd = [sys.executable, RUN_SCRIPT, "--port", str(port), "--host", self.host, "--state", self.state_path, "--log", self.log_path,
               "--watch-pid", str(os.getpid())]
        cmd.extend(self.extra_args)
        self._stderr = open(self.stderr_path, "ab")  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr, close_fds=True,
        )
        line = self._read_port_line()
        if not line.startswith("PORT="):
            self._kill()
            raise SimulatorError("simulator did not print PORT=<n> (got %r); stderr: %s" % (line, self._stderr_text()))
        ports = dict(part.split("=", 1) for part in line.split() if "=" in part)
        self.port = int(ports["PORT"])
        self.tls_port = int(ports["TLS_PORT"]) if "TLS_PORT" in ports else None
        threading.Thread(target=self._drain, args=(self.process,), daemon=True).start()
        deadline = time.time() + self.start_timeout
        while True:
            try:
                self.health()
                return self
            except (SimulatorError, OSError) as exc:
                if time.time() > deadline or not self.running:
                    self._kill()
                    raise SimulatorError("simulator does not answer: %s; stderr: %s" % (exc, self._stderr_text())) from exc
                time.sleep(0.05)

    def _read_port_line(self):
        result = []

        def _reader():
            result.append(self.process.stdout.readline().decode("utf-8", "replace"))

        reader = threading.Thread(target=_reader, daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        return result[0] if result else ""

    @staticmethod
    def _drain(process):
        try:
            for _line in process.stdout:
                pass
        except (OSError, ValueError):
            pass

    def _stderr_text(self):
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as handle:
                return handle.read()[-4000:]
        except OSError:
            return ""

    def _kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self._close_files()

    def _close_files(self):
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def stop(self, cleanup=None):
        """SIGTERM the simulator (it saves its state and exits), SIGKILL after 10 s.

        cleanup: remove the temp dir this helper created for the state (default: only when the helper created it).
        """
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(10)
            self._close_files()
            self.process = None
        if cleanup and self._own_dir:
            shutil.rmtree(self._own_dir, ignore_errors=True)
            self._own_dir = None

    def restart(self):
        """Stop and start again on the same state file (and the same port when it is free). Returns self."""
        port = self.port or 0
        self.stop(cleanup=False)
        try:
            return self.start(port=port)
        except SimulatorError:
            return self.start(port=0)

    def close(self):
        self.stop(cleanup=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.close()
