# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


# The default of api_url is DEFAULT_API_URL of plugins/module_utils/_connection.py; a unit test holds both sections to
# it (ansible-test reads these strings as literals, so they cannot be built from it).


class ModuleDocFragment:
    # The connection options of every yeastar.partner module (plugins/module_utils/_connection.py, and cache_dir and
    # ledger_url of plugins/module_utils/_module.py).
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the Yeastar Partner Portal OpenAPI.
      - Point it at a local simulator (for example V(http://127.0.0.1:8080)) to rehearse a run.
      - Plain C(http://) is refused unless the host is this machine (C(localhost), C(127.0.0.0/8), C(::1)) or
        O(allow_http) is set, because the credentials would travel unencrypted.
      - If not set, the environment variable E(YEASTAR_API_URL) is used.
    type: str
    default: https://openapi.partner.yeastar.com
  client_id:
    description:
      - Client ID of the partner account, shown in the Partner Portal under B(System > API).
      - Used to request an access token (the C(pp_credentials) grant), and to get a new one when the API refuses
        the token in use.
      - Required together with O(client_secret) unless O(access_token) is given.
      - If not set, the environment variable E(YEASTAR_CLIENT_ID) is used.
    type: str
  client_secret:
    description:
      - Client Secret of the partner account. The Partner Portal shows it only once, after B(Reset).
      - Never printed, logged or returned by the modules.
      - If not set, the environment variable E(YEASTAR_CLIENT_SECRET) is used.
    type: str
  access_token:
    description:
      - An access token requested earlier, used as it is, so that a play can authenticate once and hand the
        token on to later tasks.
      - When the API refuses it (it expired, after 30 minutes), the module requests a new token with
        O(client_id) and O(client_secret) if they are given, and fails otherwise.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
      - Set to V(false) only against a test endpoint you control. It takes effect even when E(REQUESTS_CA_BUNDLE) or
        E(CURL_CA_BUNDLE) is set.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file of CA certificates to verify O(api_url) with, instead of the system's.
      - It takes effect whatever the environment says (E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE) are used only when
        O(ca_path) is not set and O(validate_certs) is V(true)). A path that is not a file is an error before anything
        is sent.
    type: path
  allow_http:
    description:
      - Allow a plain C(http://) O(api_url) to a host other than this machine.
      - Only for a test endpoint on a network you trust; the client secret and the access token travel unencrypted.
      - If not set, the environment variable E(YEASTAR_ALLOW_HTTP) is used.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for the API to connect and to answer, for each request; more than 0 and at most 3600.
      - A read that times out is tried again (see O(retries)). The order request is never sent again after a
        timeout; the order list is searched for its purchase order number instead.
    type: float
    default: 30
  retries:
    description:
      - How many more times a read (a GET or the token request) is tried after a connection error, a timeout,
        or HTTP 429, 502, 503 or 504, waiting longer each time (exponential backoff with jitter, at least as long as
        a C(Retry-After) header asks).
      - Between V(0) and V(10). Requests that change something (creating an order, creating or editing a customer
        account) are never retried this way.
    type: int
    default: 3
  cache_dir:
    description:
      - The controller cache of the modules, on the host they run on. Each Partner Portal account gets a private
        sub-folder holding the order ledger (the index of the order history that M(yeastar.partner.yeastar_order)
        reads once per run and shares between forks and hosts), the locks that make "look for the order, then order"
        one step per purchase order number, and the locks that make "look for the customer account, then create or
        edit it" one step per Yeastar ID (M(yeastar.partner.yeastar_partner)). The account is the API URL (in one
        spelling, where host name case, a default port and trailing slashes do not count) and the user the access token
        names, so that client credentials and an access token of one account share the ledger and the locks.
      - The access token shared by the module runs of a play (never the client secret) is kept in a sub-folder per
        credential.
      - The folder is created with mode C(0700); one that is a symbolic link, belongs to another user or that others
        may write to is refused. Once checked, it is used through an open descriptor, never its path again.
      - If not set, the environment variable E(YEASTAR_CACHE_DIR) is used, else C($XDG_CACHE_HOME/yeastar.partner), else
        C(~/.cache/yeastar.partner).
      - With O(ledger_url), the order ledger and the locks are kept in that database instead, and this folder holds
        only the shared access token.
    type: path
  ledger_url:
    description:
      - A PostgreSQL database that keeps the order ledger and the locks of every account (the shared ledger), for
        every controller, job, runner and container that is given the same database. Needed when more than one of
        them can buy for one account (AWX or Automation Platform jobs, CI pipelines); see the shared ledger guide of
        this collection.
      - A libpq connection URL, V(postgresql://user@host:5432/dbname?sslmode=verify-full) (C(postgresql://) or
        C(postgres://)). The password may be in the URL (percent-encoded), in E(PGPASSWORD), or in a C(.pgpass) file
        (C(passfile) or E(PGPASSFILE)). The parameters accepted are C(sslmode), C(sslrootcert), C(sslcert), C(sslkey),
        C(sslcrl), C(sslcrldir), C(sslsni), C(connect_timeout) (default 10 s), C(application_name), C(passfile),
        C(target_session_attrs), C(keepalives), C(keepalives_idle), C(keepalives_interval), C(keepalives_count),
        C(tcp_user_timeout), C(channel_binding) and C(gssencmode); any other, and C(password), is refused before
        anything is sent.
      - The locks are session advisory locks, which end with the connection of the run that holds them, however it
        ends. The question "was this order placed?" is written to the database before an order request is sent, so
        that an order whose answer was lost holds its purchase order number for every controller.
      - The schema C(yeastar_partner) is created on first use; the user needs C(CONNECT) and C(CREATE) on the
        database, or C(CONNECT) and a C(yeastar_partner) schema it owns. No superuser right is needed. Check mode
        creates and writes nothing there.
      - Needs the Python package C(psycopg) (version 3) on the host the modules run on. Unset or empty, the ledger
        and the locks are files in O(cache_dir), which hold on one controller only.
      - If not set, the environment variable E(YEASTAR_LEDGER_URL) is used.
    type: str
requirements:
  - requests
  - psycopg (version 3), only when O(ledger_url) is set
notes:
  - The modules talk to the Partner Portal OpenAPI from the host they run on. Most playbooks run them on the
    controller, with C(delegate_to) set to V(localhost) or in a play against V(localhost).
  - Every error names the API call, the HTTP status, the API's C(code), C(detailMessage) and C(requestId); quote
    the C(requestId) when asking Yeastar for help.
  - Use C(module_defaults) with C(group/yeastar.partner.all) to set the connection options once for all modules.
"""

    # The same connection options for the plugins of the collection (the partners inventory), read from the plugin's
    # configuration or the environment; checked as the modules check them (plugins/module_utils/_connection.py).
    PLUGINS = r"""
options:
  api_url:
    description:
      - Base URL of the Yeastar Partner Portal OpenAPI.
      - Point it at a local simulator (for example V(http://127.0.0.1:8080)) to rehearse a run.
      - Plain C(http://) is refused unless the host is this machine (C(localhost), C(127.0.0.0/8), C(::1)) or
        O(allow_http) is set, because the credentials would travel unencrypted.
    type: str
    default: https://openapi.partner.yeastar.com
    env:
      - name: YEASTAR_API_URL
  client_id:
    description:
      - Client ID of the partner account, shown in the Partner Portal under B(System > API).
      - Required together with O(client_secret) unless O(access_token) is given.
      - Also part of the cache key (see O(cache)), so that two accounts never share a cache entry.
    type: str
    env:
      - name: YEASTAR_CLIENT_ID
  client_secret:
    description:
      - Client Secret of the partner account. The Partner Portal shows it only once, after B(Reset).
      - Never shown in the inventory, in an error message or in the cache.
      - Prefer the environment variable, or a template over a vaulted variable given with C(--extra-vars), to writing
        it into the configuration file.
    type: str
    env:
      - name: YEASTAR_CLIENT_SECRET
  access_token:
    description:
      - An access token requested earlier, used as it is.
      - When the API refuses it (it expired, after 30 minutes), a new token is requested with O(client_id) and
        O(client_secret) if they are given; otherwise the inventory fails.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
      - Set to V(false) only against a test endpoint you control.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file of CA certificates to verify O(api_url) with, instead of the system's.
      - A path that is not a file is an error before anything is sent.
    type: path
  allow_http:
    description:
      - Allow a plain C(http://) O(api_url) to a host other than this machine.
      - Only for a test endpoint on a network you trust; the client secret and the access token travel unencrypted.
    type: bool
    default: false
    env:
      - name: YEASTAR_ALLOW_HTTP
  timeout:
    description:
      - Seconds to wait for the API to connect and to answer, for each request; more than 0 and at most 3600.
    type: float
    default: 30
  retries:
    description:
      - How many more times a request is tried after a connection error, a timeout, or HTTP 429, 502, 503 or 504,
        waiting longer each time (at least as long as a C(Retry-After) header asks). Between V(0) and V(10).
    type: int
    default: 3
requirements:
  - requests
"""
