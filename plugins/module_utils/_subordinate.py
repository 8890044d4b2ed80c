# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rules of a subordinate user (the partner's customer, or tenant): its fields, its Yeastar ID, reading the user
list tolerantly, finding one user in it, the country list, and what a create or edit request's answer means. Used by
``yeastar_partner``, ``yeastar_partner_info`` and the ``partners`` inventory plugin.

* :data:`USER_FIELDS` and :data:`EDITABLE`: the fields of a user, and those a task may set (with the module's limits);
* :func:`check_yeastar_id`: the Yeastar ID is an e-mail address, in the form the Partner Portal takes;
* :func:`read_users`, :func:`normalise_users` and :func:`pick_user`: the user list read tolerantly, and one user in it
  by its Yeastar ID, ignoring case;
* :func:`country_named` and :func:`close_names`: a country as the country list spells it, or the names that come close;
* :class:`WantedUser`: a user as a task wants it, compared with a user the API shows, and the request bodies that
  make it so;
* :func:`judge_write` and :func:`judge_unread_write`: what a create or edit request did, from its answer and the user
  read again afterwards (the answer alone is never trusted: docs/api-contract.md section 3).

Nothing here talks HTTP: the caller sends the requests and hands in what came back (an API error is read through its
``refused`` property only). This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.yeastar.partner.plugins.module_utils._reader import id_text

# The fields of a subordinate user (User_Info) the API documents; each is always set as a host variable.
USER_FIELDS = ("partnerId", "email", "company", "firstName", "lastName", "country", "stateProvince", "city",
               "street", "zipCode", "phoneNumber", "taxNum", "remark", "userType")
# The fields of a User_Info that a prediction of a new user holds (userType is the API's to choose).
USER_INFO_FIELDS = USER_FIELDS[:-1]
# Where the Yeastar ID is: partnerId, or yeastarId (the name Create a Subordinate User gives it).
ID_FIELDS = ("partnerId", "yeastarId")
# Keys a service may wrap the user list in (the simulator and the guide's examples send a bare list).
LIST_KEYS = ("partnerList", "userList", "users", "results", "list", "records", "data")

# The kinds of tax number Create and Edit a Subordinate User take (taxType). The API does not show a user's tax type,
# so an edit sends one back only when the user shows one of these.
TAX_TYPES = ["VAT_number", "Tax_ID", "TIN_number", "RUC", "CUIT"]
# The fields edit_user takes, each as (option, API field, longest value the module accepts). The API documents no
# limits; these are the module's own.
EDITABLE = (
    ("company", "company", 128),
    ("first_name", "firstName", 64),
    ("last_name", "lastName", 64),
    ("phone_number", "phoneNumber", 32),
    ("state_province", "stateProvince", 64),
    ("city", "city", 64),
    ("street", "street", 255),
    ("zip_code", "zipCode", 20),
    ("tax_number", "taxNum", 64),
    ("remark", "remark", 255),
)
COUNTRY_MAX = 64
YEASTAR_ID_MAX = 254
# Text that never belongs in a Yeastar ID: the local part is printable ASCII without separators, the domain is
# host name labels (an internationalised domain in its xn-- form).
YEASTAR_ID = re.compile(r"^[A-Za-z0-9!#$%&'*+=?^_`{|}~.-]{1,64}"
                        r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}$")
# The verdicts of judge_write and judge_unread_write: what a create or edit request did, from its answer and the user
# read again afterwards.
WRITTEN = "written"  # the API answered success, and the user is as wanted
VANISHED = "vanished"  # the API answered success, but the user cannot be found
NOT_KEPT = "not_kept"  # the API answered success, but the user differs from the task
DONE_ELSEWHERE = "done_elsewhere"  # refused, and the user is as wanted: another run or a person did it
ANSWER_LOST = "answer_lost"  # no usable answer, and the user is as wanted: this request or another run did it
FAILED = "failed"  # an error, and the user is not as wanted
UNREAD = "unread"  # the API answered success, but the user could not be read again
REFUSED = "refused"  # refused, and the user could not be read again: nothing was done
UNKNOWN = "unknown"  # no usable answer, and the user could not be read again: whether it took effect is not known


def user_id(user):
    """The Yeastar ID of a user (an e-mail address), as text, or None."""
    for key in ID_FIELDS:
        value = user.get(key)
        if value is not None and not isinstance(value, (dict, list, bool)):
            value = to_text(value).strip()
            if value:
                return value
    return None


def read_users(result):
    """The user list from a ``partner_list`` answer, and whether the answer could be read as one.

    The guide documents the result as one User_Info object and the service sends a list; a tolerant reader takes a
    bare list, a list wrapped in an object (under a known key, or the only list of users in it), one user object, and
    nothing at all (no users).
    """
    if result is None or isinstance(result, list):
        return result or [], True
    if not isinstance(result, dict):
        return [], False
    if user_id(result):
        return [result], True
    for key in LIST_KEYS:
        if isinstance(result.get(key), list):
            return result[key], True
    lists = [value for value in result.values()
             if isinstance(value, list) and any(isinstance(u, dict) and user_id(u) for u in value)]
    if len(lists) == 1:
        return lists[0], True
    return [], not result


def normalise_users(users):
    """Users with a Yeastar ID, each once (the first one wins), in the order of the API, and how many were left out."""
    kept, seen, skipped = [], set(), 0
    for user in users:
        if not isinstance(user, dict):
            skipped += 1
            continue
        ident = user_id(user)
        if ident is None:
            skipped += 1
            continue
        if ident in seen:
            continue
        seen.add(ident)
        user = dict((to_text(k), v) for k, v in user.items() if isinstance(k, str))
        user["partnerId"] = ident
        kept.append(user)
    return kept, skipped


def shown(value):
    """A field as the API shows it, as text ("" for a field it leaves out)."""
    return to_text(value if value is not None else "")


def folded(value):
    """A field as it is compared where case does not matter (Yeastar IDs, countries)."""
    return shown(value).strip().casefold()


def check_yeastar_id(value, what, problems):
    """``value`` (stripped text) when it is a Yeastar ID as the Partner Portal takes it, an e-mail address; else a
    problem in ``problems`` and None."""
    if YEASTAR_ID.match(value):
        return value
    problems.append("%s must be the user's Yeastar ID, an e-mail address such as it@customer.example (no spaces, an "
                    "ASCII domain), got %r." % (what, value))
    return None


def same_user(user, yeastar_id):
    """True when ``user`` (a User_Info) is the user of ``yeastar_id``: Yeastar IDs are compared ignoring case."""
    return folded(id_text(user.get("partnerId"))) == yeastar_id.casefold()


def pick_user(users, yeastar_id):
    """The user of ``yeastar_id`` in the user list ``users``, as ``(user, clashing)``.

    ``user`` is None when the list does not show it (the guide does not say whether the list is ever cut short, so the
    caller then asks for the user by ID). ``clashing`` lists the Yeastar IDs when the list shows several users whose ID
    is ``yeastar_id`` apart from case and none is written exactly so (``user`` is then None too): which one is meant
    cannot be told.
    """
    matches = [u for u in users if isinstance(u, dict) and same_user(u, yeastar_id)]
    if len(matches) > 1:
        exact = [u for u in matches if id_text(u.get("partnerId")) == yeastar_id]
        if len(exact) != 1:
            return None, sorted(id_text(u.get("partnerId")) for u in matches)
        return exact[0], []
    return (matches[0] if matches else None), []


def named_countries(entries):
    """The entries of the country list that have a name (the names Create a Subordinate User accepts)."""
    return [c for c in entries if isinstance(c, dict) and isinstance(c.get("name"), str) and c["name"].strip()]


def country_named(wanted, countries):
    """The name of ``wanted`` as the country list ``countries`` (:func:`named_countries`) spells it, ignoring case, or
    None when it is not in the list."""
    wanted = wanted.casefold()
    for entry in countries:
        if entry["name"].strip().casefold() == wanted:
            return entry["name"]
    return None


def close_names(wanted, countries):
    """Country names close to ``wanted``: the one whose code it is, names containing it, then similar spellings."""
    wanted = wanted.casefold()
    names = [c["name"] for c in countries]
    found = [c["name"] for c in countries if folded(c.get("code")) == wanted]
    if len(wanted) >= 3:
        found += [n for n in names if wanted in n.casefold() and n not in found]
    by_folded = dict((n.casefold(), n) for n in names)
    for close in difflib.get_close_matches(wanted, list(by_folded), n=5, cutoff=0.6):
        if by_folded[close] not in found:
            found.append(by_folded[close])
    return found[:8]


class WantedUser:
    """A subordinate user as a task wants it: its Yeastar ID, the editable fields the task gives (``fields``, by option
    name, as in :data:`EDITABLE`), the country and the tax type (None when not given).

    Only the fields the task gives are compared and changed; the country and the tax type only when the API shows them
    (it cannot change a user's country, and it does not show a tax type).
    """

    def __init__(self, yeastar_id, fields, country=None, tax_type=None):
        self.yeastar_id = yeastar_id
        self.fields = dict(fields)
        self.country = country
        self.tax_type = tax_type

    # ------------------------------------------------------------------ a new user

    def missing_for_create(self):
        """What a new user needs and the task does not give: company, country and first_name or last_name."""
        missing = []
        if "company" not in self.fields:
            missing.append("company")
        if self.country is None:
            missing.append("country")
        if "first_name" not in self.fields and "last_name" not in self.fields:
            missing.append("first_name or last_name")
        return missing

    def create_body(self, country, send_activation_email):
        """The body of Create a Subordinate User, with ``country`` as the country list spells it."""
        body = {"userType": "Customer", "yeastarId": self.yeastar_id, "country": country}
        for option, field, dummy in EDITABLE:
            if option in self.fields:
                body[field] = self.fields[option]
        if self.tax_type is not None:
            body["taxType"] = self.tax_type
        body["sendUserActivationEmail"] = bool(send_activation_email)
        return body

    def created(self, country):
        """The options of a new user (the ``after`` of its diff), with the country as the list spells it."""
        after = {"yeastar_id": self.yeastar_id, "country": country}
        after.update(self.fields)
        if self.tax_type is not None:
            after["tax_type"] = self.tax_type
        return after

    def predicted(self, body):
        """The User_Info a new user created with ``body`` would be: the body's fields, and "" for the others (the user
        type is the API's to choose)."""
        predicted = dict((field, "") for field in USER_INFO_FIELDS)
        predicted.update((k, v) for k, v in body.items() if k in USER_INFO_FIELDS)
        predicted.update(partnerId=self.yeastar_id, email=self.yeastar_id)
        return predicted

    # ------------------------------------------------------------------ a user that exists

    def country_differs(self, user):
        """True when the task gives a country and ``user`` is in another one (apart from case)."""
        return self.country is not None and folded(user.get("country")) != self.country.casefold()

    def compared(self, user):
        """``(before, after, changed)``: the compared fields of an existing user by option name, as the API shows them
        and as wanted, and the options that differ."""
        before = {"yeastar_id": id_text(user.get("partnerId"))}
        after = dict(before)
        changed = []
        for option, field, dummy in EDITABLE:
            if option in self.fields:
                before[option] = shown(user.get(field))
                after[option] = self.fields[option]
                if before[option] != after[option]:
                    changed.append(option)
        if self.country is not None:
            before["country"] = after["country"] = shown(user.get("country"))
        if self.tax_type is not None and "taxType" in user:
            before["tax_type"] = shown(user.get("taxType"))
            after["tax_type"] = self.tax_type
            if before["tax_type"] != after["tax_type"]:
                changed.append("tax_type")
        return before, after, changed

    def differences(self, user):
        """The options whose wanted value ``user`` does not hold (country apart from case)."""
        dummy, dummy2, changed = self.compared(user)
        if self.country_differs(user):
            changed.append("country")
        return changed

    def edit_body(self, user):
        """The body of Edit a Subordinate User for ``user``.

        The API does not say whether a field left out of an edit is kept or cleared, so every editable field the API
        shows goes into the request with its current value, and the task's values replace the ones that differ.
        """
        body = {"userType": "Customer", "yeastarId": id_text(user.get("partnerId"))}
        for option, field, dummy in EDITABLE:
            if option in self.fields:
                body[field] = self.fields[option]
            elif user.get(field) is not None and not isinstance(user[field], (dict, list, bool)):
                body[field] = shown(user[field])
        if self.tax_type is not None:
            body["taxType"] = self.tax_type
        elif isinstance(user.get("taxType"), str) and user["taxType"] in TAX_TYPES:
            body["taxType"] = user["taxType"]
        return body

    def edited(self, user, changed):
        """The User_Info ``user`` would be after the edit that changes the options ``changed``."""
        predicted = dict(user)
        predicted.update((field, self.fields[option]) for option, field, dummy in EDITABLE if option in self.fields)
        if "tax_type" in changed:
            predicted["taxType"] = self.tax_type
        return predicted

    def describe(self, user, options):
        """How ``user`` differs from the task in ``options``, for a message."""
        fields = dict((o, f) for o, f, dummy in EDITABLE)
        fields.update(country="country", tax_type="taxType")
        wanted = dict(self.fields)
        wanted.update(country=self.country, tax_type=self.tax_type)
        return "; ".join("%s is %r, wanted %r" % (o, shown(user.get(fields[o])), wanted[o]) for o in options)


def answer_failed(answer):
    """Why the answer of a create or edit request that said ``code: success`` still means it failed, or None.

    The API answers a Boolean; ``false`` says that the request did not succeed."""
    if answer is False:
        return "the API answered that the request did not succeed (result false)"
    return None


def judge_write(error, user, differ, before):
    """What a create (``before`` None) or an edit of the user ``before`` did, as ``(verdict, changed)``.

    ``error`` is the request's error (None when the API answered success); ``user`` the user read again afterwards
    (None when it does not exist) and ``differ`` the options it does not hold as wanted
    (:meth:`WantedUser.differences`).
    The answer alone is never trusted: a refused request (``error.refused``: the API's own 4xx answer) did nothing, but
    the user may be as wanted because another run or a person did the same at the same time; a lost answer (no answer,
    a cut-off answer, a 5xx) may hide a request that was carried out.

    The verdicts: :data:`WRITTEN`, :data:`VANISHED`, :data:`NOT_KEPT` (the API answered success);
    :data:`DONE_ELSEWHERE`, :data:`ANSWER_LOST` (an error, and the user is as wanted); :data:`FAILED` (an error, and the
    user is not as wanted). ``changed`` is whether this run's request took effect or may have: on :data:`FAILED`, only
    when it was not refused and the user read again is new, or differs from ``before`` in an editable field.
    """
    if error is None:
        if user is None:
            return VANISHED, True
        return (NOT_KEPT if differ else WRITTEN), True
    refused = error.refused
    if user is not None and not differ:
        return (DONE_ELSEWHERE, False) if refused else (ANSWER_LOST, True)
    took_effect = False
    if not refused and user is not None:
        if before is None:
            took_effect = True
        else:
            took_effect = any(shown(user.get(field)) != shown(before.get(field)) for dummy, field, dummy2 in EDITABLE)
    return FAILED, took_effect


def judge_unread_write(error):
    """What a create or edit request did when the user could not be read again afterwards, as ``(verdict, changed)``:
    :data:`UNREAD` (it answered success), :data:`REFUSED` (it was refused: nothing was done) or :data:`UNKNOWN` (no
    usable answer: it may have taken effect)."""
    if error is None:
        return UNREAD, True
    if error.refused:
        return REFUSED, False
    return UNKNOWN, True
