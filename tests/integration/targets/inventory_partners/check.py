# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What runme.sh asks: the simulator's request log and orders, the output of ansible-inventory, and whether a secret
shows anywhere. Standard library only.

    python check.py SIM_URL clear-log                   forget the requests logged so far
    python check.py SIM_URL requests [METHOD PATH]      how many API requests were logged (of that method and path)
    python check.py SIM_URL orders                      how many orders carry a purchase order number of the role
    python check.py SIM_URL list FILE                   check the output of ansible-inventory --list for the seed users
    python check.py SIM_URL secrets FILE...             no form of the client secret, the client ID (where said) or
                                                        any token the simulator issued is in the files

Prints one line; exits 1 with a message when a check fails.
"""

import json
import os
import re
import sys
import urllib.parse
import urllib.request

SEED = {
    "color123_yeastar_com": ("color123@yeastar.com", "Color Tech", "China"),
    "it_acme_telecom_example": ("it@acme-telecom.example", "Acme Telecom Ltd", "United Kingdom"),
    "admin_globex_example": ("admin@globex.example", "Globex GmbH", "Germany"),
    "ops_initech_example": ("ops@initech.example", "Initech LLC", "United States"),
}


class Failed(Exception):
    pass


def call(base, path, method="GET"):
    request = urllib.request.Request(base + path, method=method)
    with urllib.request.urlopen(request, timeout=60) as answer:
        text = answer.read().decode("utf-8")
    return json.loads(text) if text.strip() else None


def expect(what, wanted, found):
    if wanted != found:
        raise Failed("%s: expected %r, found %r" % (what, wanted, found))


def plain(value):
    """ansible-inventory --list of ansible-core 2.19 and later shows strings read from an API as {"__ansible_unsafe": s}."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def members(data, group):
    """The hosts of a group and of its children."""
    entry = data.get(group, {})
    hosts = set(entry.get("hosts", []))
    for child in entry.get("children", []):
        hosts |= members(data, child)
    return hosts


def check_list(path):
    with open(path, encoding="utf-8") as handle:
        data = plain(json.load(handle))
    hostvars = data["_meta"]["hostvars"]
    expect("hosts", sorted(SEED), sorted(hostvars))
    for host, (yeastar_id, company, country) in SEED.items():
        hv = hostvars[host]
        expect(host + " yeastar_partner_id", yeastar_id, hv.get("yeastar_partner_id"))
        expect(host + " yeastar_company", company, hv.get("yeastar_company"))
        expect(host + " yeastar_country", country, hv.get("yeastar_country"))
        expect(host + " turnkey_purchase_partner_id", yeastar_id, hv.get("turnkey_purchase_partner_id"))
        expect(host + " ansible_connection", "local", hv.get("ansible_connection"))
        expect(host + " ansible_python_interpreter", "{{ ansible_playbook_python }}", hv.get("ansible_python_interpreter"))
        for field in ("email", "first_name", "last_name", "state_province", "city", "street", "zip_code",
                      "phone_number", "tax_num", "remark", "user_type"):
            if "yeastar_" + field not in hv:
                raise Failed("%s has no yeastar_%s" % (host, field))
    expect("yeastar_partners", sorted(SEED), sorted(members(data, "yeastar_partners")))
    expect("tenants", sorted(SEED), sorted(members(data, "tenants")))
    expect("country_United_Kingdom", ["it_acme_telecom_example"], sorted(members(data, "country_United_Kingdom")))
    expect("country_Germany", ["admin_globex_example"], sorted(members(data, "country_Germany")))
    expect("company_Color_Tech", ["color123_yeastar_com"], sorted(members(data, "company_Color_Tech")))
    return "%d hosts, %d groups" % (len(hostvars), len([g for g in data if g != "_meta"]))


def forms(secret):
    found = set()
    if secret and len(secret) >= 4:
        found.update([secret, json.dumps(secret)[1:-1], urllib.parse.quote(secret, safe=""),
                      urllib.parse.quote_plus(secret, safe="")])
        if secret.count(".") == 2:  # a JWT: its signature alone is a leak
            found.add(secret.rsplit(".", 1)[1])
    return found


def check_secrets(base, paths):
    state = call(base, "/_sim/state")
    tokens = [rec["token"] for rec in state.get("tokens", {}).values() if rec.get("token")]
    secrets = [("the client secret", os.environ["YEASTAR_CLIENT_SECRET"])]
    if os.environ.get("CHECK_CLIENT_ID"):
        secrets.append(("the client ID", os.environ["YEASTAR_CLIENT_ID"]))
    secrets += [("token #%d" % (n + 1), token) for n, token in enumerate(tokens)]
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        # Ansible wraps long warnings and errors, also inside a long word: search the text with the line breaks out too.
        text += "\n" + re.sub(r"\n\s*", "", text)
        for name, secret in secrets:
            if any(form in text for form in forms(secret)):
                raise Failed("%s shows %s" % (path, name))
    return "no secret in %d files (%d tokens issued)" % (len(paths), len(tokens))


def main(base, command, *args):
    if command == "clear-log":
        call(base, "/_sim/log", "DELETE")
        return "ok"
    if command == "requests":
        query = ("?" + urllib.parse.urlencode({"method": args[0], "path": args[1]})) if args else ""
        return len(call(base, "/_sim/log" + query))
    if command == "orders":
        return sum(1 for order in call(base, "/_sim/state")["orders"]
                   if str(order.get("customReferenceNo") or "").startswith("ansible-"))
    if command == "list":
        return check_list(args[0])
    if command == "secrets":
        return check_secrets(base, args)
    raise Failed("unknown command %s" % command)


if __name__ == "__main__":
    try:
        print(main(*sys.argv[1:]))
    except Failed as exc:
        sys.stderr.write("FAILED: %s\n" % exc)
        sys.exit(1)
