#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: yeastar_partner
short_description: Create or update a subordinate user (customer account) of a Yeastar partner
version_added: 1.0.0
description:
  - Makes sure that a subordinate user, a customer account under the partner account, exists in the Yeastar Partner
    Portal with the details the task gives, through the Partner Portal OpenAPI.
  - B(Looks first.) The module reads the subordinate user list and finds the user by its Yeastar ID, ignoring case.
    When the list does not show the user, the module also asks for it by ID, in case the list is cut short. What the
    create call answers for an ID that exists already is not documented, so the module never relies on that answer.
  - A user that does not exist is created (C(save_user)). A user that exists is edited (C(edit_user)) only when a
    field the task gives differs from what the API shows; only then is RV(ignore:changed) V(true). Options left out
    are neither compared nor changed.
  - B(Edits keep the other fields.) The API does not say whether fields left out of an edit request are kept or
    cleared, so an edit sends the current value of every field the API shows, with the task's values in their place.
  - B(Checked before sending.) Every value is checked before anything is sent (no empty value, no control
    characters, at most the length each option states, an e-mail address as Yeastar ID). A new user needs
    O(company), O(country) and O(first_name) or O(last_name). The country is checked against the country list of the
    Partner Portal; a name that is not in it fails, with the names that come close.
  - B(Read back.) After creating or editing, the module reads the user again and returns what the API shows. It fails
    if that does not hold the values the task asked for.
  - In check mode the module reads (the user, and the country list for a new user), sends nothing, and returns the
    user as it would be.
author: yeastar.partner contributors (@yeastar-partner)
extends_documentation_fragment:
  - yeastar.partner.api
  - yeastar.partner.attributes
attributes:
  check_mode:
    support: full
    description: Reads the user and, for a new user, the country list; sends no create or edit request, and returns
      the user as it would be.
  diff_mode:
    support: full
    description: Shows the compared fields before and after (for a new user, the fields it would be created with).
options:
  yeastar_id:
    description:
      - The Yeastar ID of the subordinate user, an e-mail address. The API calls it C(partnerId) in answers and
        C(yeastarId) in requests; orders name the user by it (C(assignId)).
      - Matched against the existing users ignoring case. A new user is created with the ID as written here.
      - At most 254 characters, with no spaces; the domain is ASCII (write an internationalised domain in its
        C(xn--) form).
    type: str
    required: true
    aliases: [partner_id]
  state:
    description:
      - V(present) makes sure the user exists with the given details.
      - There is no V(absent), because the API has no call to delete a subordinate user; remove one in the Partner
        Portal.
    type: str
    choices: [present]
    default: present
  company:
    description:
      - Company name. Required to create a user. At most 128 characters.
    type: str
  country:
    description:
      - Country name, as in the country list of the Partner Portal (for example V(Germany), V(United Kingdom));
        case does not matter. A new user is created with the list's own spelling.
      - Required to create a user. At most 64 characters.
      - B(The API cannot change the country of an existing user.) When it differs from the user's country (other than
        in case), the module fails and changes nothing; change it in the Partner Portal.
    type: str
  first_name:
    description:
      - First name of the contact person. A new user needs O(first_name) or O(last_name) or both. At most 64
        characters.
    type: str
  last_name:
    description:
      - Last name of the contact person. At most 64 characters.
    type: str
  phone_number:
    description:
      - Phone number, as text (for example V(+49 30 1234567)). Quote it in YAML; a number is refused, because
        conversion would drop a leading zero or C(+). At most 32 characters.
    type: raw
  state_province:
    description:
      - State or province. At most 64 characters.
    type: str
  city:
    description:
      - City. At most 64 characters.
    type: str
  street:
    description:
      - Street and house number. At most 255 characters.
    type: str
  zip_code:
    description:
      - ZIP or postcode, as text. Quote it in YAML (V("01067")); a number is refused, because YAML reads some codes
        with a leading zero as octal numbers. At most 20 characters.
    type: raw
  tax_type:
    description:
      - What kind of number O(tax_number) is. Needs O(tax_number) in the same task.
      - The API does not show a user's tax type, so it cannot be compared. It is sent when the user is created, and
        with an edit the module makes because another field differs; a change of the tax type alone is not noticed.
        Should the API show C(taxType) for the user, it is compared like the other fields.
    type: str
    choices: [VAT_number, Tax_ID, TIN_number, RUC, CUIT]
  tax_number:
    description:
      - Tax ID number, as text (C(taxNum) in the API). It may be given without O(tax_type). At most 64 characters.
    type: raw
  remark:
    description:
      - A note about the customer. At most 255 characters.
    type: str
  send_activation_email:
    description:
      - Whether the Partner Portal sends the account activation e-mail to the Yeastar ID when the module creates the
        user.
      - Only used when the user is created. The API cannot send it later, so for an existing user this option is
        ignored.
    type: bool
    default: false
notes:
  - The API has no call to delete a subordinate user, so the module offers no V(absent) state.
  - The API cannot change a user's country, and an activation e-mail can only be sent when a user is created.
  - Empty values are refused, so a field cannot be cleared with this module (the API does not say whether an empty
    value clears a field); clear it in the Partner Portal.
  - The module's length limits are its own; the API documents none. They are generous for real addresses.
  - B(Two runs at once.) On one controller the module holds a lock per Yeastar ID (in O(cache_dir)) from the first
    read to the read back, so forks and parallel C(ansible-playbook) runs that manage the same user take turns and the
    later one finds the user the earlier one created. If the cache cannot be used, the module warns and works without
    the lock.
  - B(When a create or edit request fails), the module never sends it again (only after an HTTP 401, which means the
    request was refused before it was carried out, is it sent once more with a new token). It reads the user again
    before deciding. If the API refused the
    request (an error answer with HTTP status 4xx) and the user now is as wanted, another run (another controller, or
    a person) did the work; the module succeeds with RV(ignore:changed=false) and says so. If the answer was lost (no
    answer, a cut-off answer, an HTTP 5xx) and the user now is as wanted, the request may have been carried out; the
    module succeeds with RV(ignore:changed=true) and says that it cannot tell which run did it. Otherwise it fails,
    saying what it sent and what the API shows now.
  - On failure RV(ignore:changed) is V(true) only when a create or edit request of this run took effect or may have
    (the user could not be read afterwards), and V(false) when the module knows that nothing was changed by it.
    Running the task again is safe in every case; it looks first.
seealso:
  - module: yeastar.partner.yeastar_partner_info
    description: List the subordinate users and find their Yeastar IDs.
  - module: yeastar.partner.yeastar_order
    description: Order a subscription for a subordinate user (C(partner_id)).
"""

EXAMPLES = r"""
# The connection options (api_url, client_id, client_secret) come from module_defaults
# (group/yeastar.partner.all) or from the YEASTAR_API_URL, YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET variables.

- name: Make sure the customer ops@initech.example has the current company name and phone number
  yeastar.partner.yeastar_partner:
    yeastar_id: ops@initech.example
    company: Initech Inc.
    phone_number: "+1 512 555 0199"
  delegate_to: localhost

- name: Create a customer in Germany and send the account activation e-mail
  yeastar.partner.yeastar_partner:
    yeastar_id: newco@example.com
    company: NewCo GmbH
    country: Germany
    first_name: Nina
    last_name: Neumann
    city: Hamburg
    zip_code: "20095"
    tax_type: VAT_number
    tax_number: DE987654321
    send_activation_email: true
  delegate_to: localhost
  register: newco

- name: Show the Yeastar ID to order for (partner_id of yeastar.partner.yeastar_order)
  ansible.builtin.debug:
    msg: "Order for {{ newco.partner.partnerId }} ({{ newco.partner.company }}, {{ newco.partner.country }})"

- name: Preview a change of address without sending anything
  yeastar.partner.yeastar_partner:
    yeastar_id: admin@globex.example
    city: Munich
    street: Marienplatz 1
    zip_code: "80331"
  check_mode: true
  diff: true
  delegate_to: localhost
  register: preview

- name: Show what would change
  ansible.builtin.debug:
    msg: "{{ preview.msg }} Before: {{ preview.diff.before }}; after: {{ preview.diff.after }}"

- name: Make sure several customers exist (one that exists gets the company and last name given here)
  yeastar.partner.yeastar_partner:
    yeastar_id: "{{ item.id }}"
    company: "{{ item.company }}"
    country: "{{ item.country }}"
    last_name: "{{ item.contact }}"
  loop:
    - {id: it@northwind.example, company: Northwind Traders, country: United Kingdom, contact: Fuller}
    - {id: admin@contoso.example, company: Contoso Ltd, country: Ireland, contact: Byrne}
  delegate_to: localhost
"""

RETURN = r"""
msg:
  description: What the module did, in one sentence.
  returned: always
  type: str
  sample: Updated company, phone_number of the subordinate user ops@initech.example.
partner:
  description:
    - The subordinate user as the API shows it after the change (User_Info), read again after a create or edit.
    - In check mode, the user as it would be - the current user with the task's values, or for a new user the values
      the task gives (country in the list's spelling) and empty strings for the others.
    - On a failure after a create or edit request, what the API showed when the module read the user again (V(null)
      when the user did not exist); when the country differs, the user as the API shows it.
  returned: success; on failure, when the country differs or after a create or edit request
  type: dict
  sample:
    partnerId: ops@initech.example
    email: ops@initech.example
    company: Initech Inc.
    firstName: Peter
    lastName: Gibbons
    country: United States
    stateProvince: Texas
    city: Austin
    street: 4120 Freidrich Lane
    zipCode: "78744"
    phoneNumber: +1 512 555 0199
    taxNum: ""
    remark: ""
    userType: Enduser
  contains:
    partnerId:
      description: The Yeastar ID (an e-mail address). Use it as O(yeastar.partner.yeastar_order#module:partner_id).
      type: str
      sample: ops@initech.example
    email:
      description: E-mail address.
      type: str
      sample: ops@initech.example
    company:
      description: Company name.
      type: str
      sample: Initech Inc.
    firstName:
      description: First name.
      type: str
      sample: Peter
    lastName:
      description: Last name.
      type: str
      sample: Gibbons
    country:
      description: Country name.
      type: str
      sample: United States
    stateProvince:
      description: State or province.
      type: str
      sample: Texas
    city:
      description: City.
      type: str
      sample: Austin
    street:
      description: Street.
      type: str
      sample: 4120 Freidrich Lane
    zipCode:
      description: ZIP or postcode.
      type: str
      sample: "78744"
    phoneNumber:
      description: Phone number.
      type: str
      sample: "+1 512 555 0199"
    taxNum:
      description: Tax ID number.
      type: str
      sample: ""
    remark:
      description: Remark.
      type: str
      sample: ""
    userType:
      description: User type.
      returned: when the API shows it; not in the check mode prediction of a new user
      type: str
      sample: Enduser
diff:
  description:
    - The compared fields before and after, by option name. Only fields the task gives are compared, and O(country)
      and O(tax_type) only when the API shows them.
    - For a new user, RV(diff.before) is empty and RV(diff.after) holds O(yeastar_id) and every field it is created
      with.
  returned: success, in diff mode
  type: dict
  contains:
    before:
      description: The fields as the API shows them before the change (O(yeastar_id) as the API spells it).
      type: dict
      sample: {"yeastar_id": "ops@initech.example", "company": "Initech LLC", "phone_number": "+1 512 555 0100"}
    after:
      description: The fields as they are (or would be, in check mode) after the change.
      type: dict
      sample: {"yeastar_id": "ops@initech.example", "company": "Initech Inc.", "phone_number": "+1 512 555 0199"}
api_error:
  description: The failed API call, when the module failed on one (for a failed create or edit request, that request).
  returned: failure
  type: dict
  contains:
    method:
      description: HTTP method.
      type: str
      sample: POST
    path:
      description: API path.
      type: str
      sample: /user/openapi/user/v1/client/save_user
    status:
      description: HTTP status, or V(null) when no answer came.
      type: int
      sample: 400
    code:
      description: The API's C(code).
      type: str
      sample: parameter_validation_failed
    detail_message:
      description: The API's C(detailMessage).
      type: str
      sample: country must be a name from the country list
    request_id:
      description: The API's C(requestId); quote it when asking Yeastar for help.
      type: str
      sample: 16a3dfddc232a3243c210b4fa5cf21b5
    result:
      description: The API's C(result) on the error (field names and validation tags), when it is an object.
      type: dict
      sample: {"country": "oneof"}
    attempts:
      description: How many times the call was tried.
      type: int
      sample: 1
"""

import unicodedata

from ansible_collections.yeastar.partner.plugins.module_utils._endpoints import (
    edit_user,
    get_partner,
    list_countries,
    list_partners,
    save_user,
)
from ansible_collections.yeastar.partner.plugins.module_utils._errors import PartnerAPIError
from ansible_collections.yeastar.partner.plugins.module_utils._input import text
from ansible_collections.yeastar.partner.plugins.module_utils._module import PartnerModuleBase
from ansible_collections.yeastar.partner.plugins.module_utils._reader import id_text
from ansible_collections.yeastar.partner.plugins.module_utils._store import SUBORDINATE_USER, StoreError
from ansible_collections.yeastar.partner.plugins.module_utils._subordinate import (
    COUNTRY_MAX,
    DONE_ELSEWHERE,
    EDITABLE,
    FAILED,
    NOT_KEPT,
    REFUSED,
    TAX_TYPES,
    UNREAD,
    VANISHED,
    WRITTEN,
    YEASTAR_ID_MAX,
    WantedUser,
    answer_failed,
    check_yeastar_id,
    close_names,
    country_named,
    judge_unread_write,
    judge_write,
    named_countries,
    pick_user,
    same_user,
    shown,
)


def _has_control(value):
    return any(unicodedata.category(ch) == "Cc" for ch in value)


class YeastarPartner(PartnerModuleBase):
    """A subordinate user, present with the wanted fields.

    The rules of a user (its fields, its Yeastar ID, the country list, what a write's answer means) are in
    plugins/module_utils/_subordinate.py; this class reads and writes through the API and says what happened.
    """

    represent = "partner"
    uses_store = True
    # Every failure says whether a create or edit request of this run took effect (the notes of DOCUMENTATION).
    failure_says_changed = True

    @staticmethod
    def argument_spec():
        return dict(
            yeastar_id=dict(type="str", required=True, aliases=["partner_id"]),
            state=dict(type="str", choices=["present"], default="present"),
            company=dict(type="str"),
            country=dict(type="str"),
            first_name=dict(type="str"),
            last_name=dict(type="str"),
            phone_number=dict(type="raw"),
            state_province=dict(type="str"),
            city=dict(type="str"),
            street=dict(type="str"),
            zip_code=dict(type="raw"),
            tax_type=dict(type="str", choices=TAX_TYPES),
            tax_number=dict(type="raw"),
            remark=dict(type="str"),
            send_activation_email=dict(type="bool", default=False),
        )

    def __init__(self, module):
        super(YeastarPartner, self).__init__(module)
        self.wanted = None

    @property
    def yeastar_id(self):
        """The Yeastar ID as the task gives it (stripped)."""
        return self.wanted.yeastar_id

    # ------------------------------------------------------------------ input

    def validate(self):
        """Read and check every option into :attr:`wanted` (a :class:`WantedUser`); fail naming every problem before
        anything is sent."""
        p = self.module.params
        problems = []
        yeastar_id = text(p["yeastar_id"], "yeastar_id", problems, YEASTAR_ID_MAX, required=True)
        if yeastar_id is not None:
            check_yeastar_id(yeastar_id, "yeastar_id", problems)
        fields = {}
        for option, dummy, limit in EDITABLE:
            value = text(p[option], option, problems, limit)
            if value is not None:
                fields[option] = value
        country = text(p["country"], "country", problems, COUNTRY_MAX)
        if p["tax_type"] is not None and p["tax_number"] is None:
            problems.append("tax_type says what kind of number tax_number is; give tax_number with it.")
        for option in ("yeastar_id", "country") + tuple(e[0] for e in EDITABLE):
            value = p[option]
            if isinstance(value, str) and _has_control(value.strip()):
                problems.append("%s must not contain control characters (line breaks, tabs), got %r." % (option, value))
        if problems:
            self.module.fail(" ".join(problems), changed=False)
        self.wanted = WantedUser(yeastar_id, fields, country=country, tax_type=p["tax_type"])

    # ------------------------------------------------------------------ reading

    def find_user(self, client):
        """The user with the wanted Yeastar ID (case-insensitive), or None. Raises PartnerAPIError when the API fails."""
        user, clashing = pick_user(list_partners(client), self.yeastar_id)
        if clashing:
            self.module.fail("The subordinate user list shows %d users whose Yeastar ID is %s apart from case (%s); "
                             "give the ID exactly as one of them is written." % (
                                 len(clashing), self.yeastar_id, ", ".join(clashing)),
                             changed=self.changed)
        if user is not None:
            return user
        # Not in the list. The guide does not say whether the list is ever cut short, so ask for the user by ID too.
        # Only the API's own "not found" answer means absent; a 404 page of a proxy says nothing about the user
        # (docs/api-contract.md section 3).
        try:
            user = get_partner(client, self.yeastar_id)
        except PartnerAPIError as error:
            if error.not_found:
                return None
            raise
        return user if same_user(user, self.yeastar_id) else None

    def check_country(self):
        """The country as the country list spells it; fails with the close names when it is not in the list."""
        wanted = self.wanted.country
        countries = named_countries(self.read("Reading the country list", list_countries))
        if not countries:
            self.module.fail("The country list of the Partner Portal is empty, so country %r cannot be checked; nothing "
                             "was sent." % wanted, changed=False)
        name = country_named(wanted, countries)
        if name is not None:
            return name
        close = close_names(wanted, countries)
        hint = ("Close matches: %s." % ", ".join(close)) if close else \
            "No name in the list (%d countries) comes close; names are in English, such as %s." % (
                len(countries), ", ".join(c["name"] for c in countries[:3]))
        self.module.fail("country %r is not in the country list of the Partner Portal. %s Nothing was sent." % (
            wanted, hint), changed=False)

    # ------------------------------------------------------------------ the module

    def execute(self):
        if self.module.check_mode:
            self.converge()
            return
        try:
            # The account's store (the ledger's), one for every credential of the account; getting it may need a token.
            # Not self.read: a store that cannot be used is no failure here, the module works on without the lock.
            lock = self.module.store.lock(SUBORDINATE_USER, self.yeastar_id.casefold(),
                                          "the lock of subordinate user %s" % self.yeastar_id)
        except PartnerAPIError as error:
            self.module.fail_api(error, doing="Reading the subordinate user %s" % self.yeastar_id, changed=False)
            return  # not reached: fail_api exits
        except StoreError as error:
            self.module.warn("The controller cache cannot be used, so runs that manage subordinate user %s at the "
                             "same time are not serialised on this machine: %s" % (self.yeastar_id, error))
            self.converge()
            return
        locked = False
        try:
            with lock:
                locked = True
                self.converge()
        except StoreError:
            if locked:
                raise
            self.module.fail("Another run on this machine has held the lock of subordinate user %s for more than %d s "
                             "(lock file %s); nothing was sent. Run again when it is done." % (
                                 self.yeastar_id, lock.timeout, lock.where), changed=False)

    def converge(self):
        user = self.read("Reading the subordinate user %s" % self.yeastar_id, self.find_user)
        if user is None:
            self.create()
        else:
            self.update(user)

    def create(self):
        missing = self.wanted.missing_for_create()
        if missing:
            self.module.fail("The subordinate user %s does not exist, and creating it needs company, country and "
                             "first_name or last_name; missing: %s. Nothing was sent." % (
                                 self.yeastar_id, ", ".join(missing)), changed=False)
        country = self.check_country()
        body = self.wanted.create_body(country, self.module.params["send_activation_email"])
        self.diff = {"before": {}, "after": self.wanted.created(country)}
        self.changed = True
        if self.module.check_mode:
            self.value = self.wanted.predicted(body)
            self.msg = "Would create the subordinate user %s." % self.yeastar_id
            return
        self.write("create", save_user, "save_user", body, None)

    def update(self, user):
        partner_id = id_text(user.get("partnerId"))
        if self.wanted.country_differs(user):
            self.module.fail("The subordinate user %s is in country %r, not %r, and the API cannot change the country "
                             "of a user. Change it in the Partner Portal, or leave country out of the task. Nothing was "
                             "sent." % (partner_id, shown(user.get("country")), self.wanted.country),
                             changed=False, partner=user)
        before, after, changed = self.wanted.compared(user)
        self.diff = {"before": before, "after": after}
        if not changed:
            self.value = user
            self.msg = "The subordinate user %s is as wanted." % partner_id
            return
        self.changed = True
        body = self.wanted.edit_body(user)
        if self.module.check_mode:
            self.value = self.wanted.edited(user, changed)
            self.msg = "Would update %s of the subordinate user %s." % (", ".join(changed), partner_id)
            return
        self.write("edit", edit_user, "edit_user", body, user, changed)

    # ------------------------------------------------------------------ writing

    def write(self, kind, call, name, body, before, changed=None):
        """Send the create or edit request (``call``, the endpoint ``name``), then read the user again and decide from
        what the API shows (:func:`._subordinate.judge_write`)."""
        who = id_text(before.get("partnerId")) if before else self.yeastar_id
        doing = "Creating the subordinate user %s" % who if kind == "create" else \
            "Updating %s of the subordinate user %s" % (", ".join(changed), who)
        error = None
        try:
            answer = call(self.module.client, body)
        except PartnerAPIError as exc:
            error = exc
        else:
            reason = answer_failed(answer)
            if reason:
                error = PartnerAPIError("POST", name, status=200, code="success", reason=reason)
        try:
            user = self.find_user(self.module.client)
        except PartnerAPIError as read_error:
            verdict, took_effect = judge_unread_write(error)
            if verdict == UNREAD:
                self.module.fail("%s: the request succeeded, but reading the user back failed: %s" % (
                    doing, read_error.message), changed=took_effect, api_error=read_error.to_dict())
            if verdict == REFUSED:
                self.module.fail_api(error, doing=doing, changed=took_effect)
            self.module.fail("%s: %s. Reading the user afterwards failed too (%s), so whether the request took effect "
                             "is not known. Check the Partner Portal, or run the task again: it looks first and does "
                             "not create the user twice." % (doing, error.message.rstrip("."), read_error.message),
                             changed=took_effect, api_error=error.to_dict())
        differ = self.wanted.differences(user) if user is not None else None
        self.value = user
        verdict, took_effect = judge_write(error, user, differ, before)
        if verdict == VANISHED:
            self.module.fail("%s: the API answered success, but the user cannot be found afterwards." % doing,
                             changed=took_effect, partner=None)
        if verdict == NOT_KEPT:
            self.module.fail("%s: the API answered success, but the user it shows afterwards differs from the task "
                             "in %s (%s)." % (doing, ", ".join(differ), self.wanted.describe(user, differ)),
                             changed=took_effect, partner=user)
        if verdict == FAILED:
            if user is None:
                state = "the user does not exist"
            elif error.refused and kind == "create":
                state = ("the user exists now, created by another run or a person at the same time, but differs from "
                         "the task in %s (%s); this run changed nothing" % (
                             ", ".join(differ), self.wanted.describe(user, differ)))
            else:
                state = "the user differs from the task in %s (%s)" % (
                    ", ".join(differ), self.wanted.describe(user, differ))
            self.module.fail("%s: %s. Read again afterwards, %s. Running the task again is safe: it looks first." % (
                doing, error.message.rstrip("."), state), changed=took_effect, api_error=error.to_dict(), partner=user)
        self.changed = took_effect
        if verdict == WRITTEN:
            self.msg = "Created the subordinate user %s." % who if kind == "create" else \
                "Updated %s of the subordinate user %s." % (", ".join(changed), who)
        elif verdict == DONE_ELSEWHERE:
            # The API refused this run's request, and still the user is as wanted: someone else did it.
            self.msg = ("%s was refused (%s), but the user is as wanted now: another run or a person %s it at the "
                        "same time." % (doing, self.short(error), "created" if kind == "create" else "updated"))
        else:
            self.msg = ("%s: the answer was lost (%s); the user is as wanted now, so the request took effect, or "
                        "another run did the same at the same time." % (doing, self.short(error)))

    @staticmethod
    def short(error):
        parts = [error.reason] if error.reason else []
        if error.status is not None:
            parts.append("HTTP %s" % error.status)
        if error.code:
            parts.append("code %s" % error.code)
        if error.detail:
            parts.append("detailMessage '%s'" % error.detail)
        if error.request_id:
            parts.append("requestId %s" % error.request_id)
        return ", ".join(parts) or error.message


def main():
    YeastarPartner.main()


if __name__ == "__main__":
    main()
