# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Prices, read tolerantly from the partner's price list (``my_price_info``), and what an order line costs.

The vendor guide names the price endpoint and its parameters, and says it answers an ``offeringId``, a ``planList``
and a ``serviceList``; it does not show the members of a price. So a row's price is looked for under the names a
service is likely to use (``price``, ``unitPrice``, ``salePrice``, ``amount``, possibly in a nested ``price`` or
``priceInfo`` object, with ``currency`` or ``currencyCode``), ids are compared as text, and the lists may be nested
anywhere in the answer. A price is never guessed: a row without an amount, or an amount without a currency, is
"price unknown", and so is a line whose plan or service the list does not show. Amounts are decimals, never floats,
and are returned as strings.

This is private to the collection: not a public API, it may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import decimal

from ansible_collections.yeastar.partner.plugins.module_utils._reader import (
    as_text,
    folded_view,
    id_text,
    pick,
    walk,
)

PRICE_UNKNOWN = "price unknown"
_AMOUNT_KEYS = ("unitPrice", "salePrice", "price", "amount", "price.unitPrice", "price.amount", "price.value",
                "priceInfo.unitPrice", "priceInfo.price", "priceInfo.amount")
_CURRENCY_KEYS = ("currency", "currencyCode", "price.currency", "price.currencyCode", "priceInfo.currency",
                  "priceInfo.currencyCode")
_UNIT_KEYS = ("unit", "priceUnit", "price.unit", "priceInfo.unit")
_CURRENCY_OF_ANSWER = ("currency", "currencyCode")


def _amount(value):
    """A decimal from a number or a numeric string ("12.50", "1,200.00"); None for anything else (an object, a bool,
    a negative or non-finite number)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
    else:
        return None
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None
    if not number.is_finite() or number < 0:
        return None
    return number


def _currency(value):
    text = as_text(value)
    text = text.strip().upper() if text else ""
    return text if len(text) == 3 and text.isalpha() else None


def read_prices(answer):
    """``{"plans": {id: price}, "services": {id: price}}`` from a price list answer; a price is ``{"unit_price":
    Decimal, "currency": "USD", "unit": text or None}``, or None when the row gives no usable price."""
    prices = {"plans": {}, "services": {}}
    answer_currency = None
    if isinstance(answer, dict):
        answer_currency = _currency(pick(folded_view(answer), _CURRENCY_OF_ANSWER))
    for node in walk(answer):
        for list_key, kind, id_keys in (("planList", "plans", ("planId", "pricingPlanId", "id")),
                                        ("serviceList", "services", ("serviceId", "pricingServiceId", "id"))):
            rows = node.get(list_key)
            if not isinstance(rows, list):
                continue
            for row in rows:
                if not isinstance(row, dict):
                    continue
                view = folded_view(row)
                ident = id_text(pick(view, id_keys))
                if ident is None or ident in prices[kind]:
                    continue
                amount = pick(view, _AMOUNT_KEYS, accept=_amount)
                currency = _currency(pick(view, _CURRENCY_KEYS)) or answer_currency
                prices[kind][ident] = None if amount is None or currency is None else {
                    "unit_price": amount, "currency": currency, "unit": as_text(pick(view, _UNIT_KEYS))}
    return prices


_CENT = decimal.Decimal("0.01")


def money(amount):
    """Decimal text of an amount, with at least two decimals ("2000.00", "0.125"), never in exponent form."""
    if amount.as_tuple().exponent > -2:
        amount = amount.quantize(_CENT)
    return "{0:f}".format(amount)


def line_price(prices, kind, ident, quantity):
    """What one order line costs: ``{"unit_price": "10.00", "amount": "100.00", "currency": "USD", "unit": ...}``,
    or ``{"price": "price unknown", "why": ...}`` when the price list does not give it."""
    found = (prices or {}).get(kind, {})
    key = id_text(ident)
    if key not in found:
        return {"price": PRICE_UNKNOWN, "why": "the price list does not show this %s" % kind[:-1]}
    price = found[key]
    if price is None:
        return {"price": PRICE_UNKNOWN, "why": "the price list shows this %s without an amount and a currency" % kind[:-1]}
    try:
        count = decimal.Decimal(int(quantity))
    except (TypeError, ValueError):
        return {"price": PRICE_UNKNOWN, "why": "the quantity is not a whole number"}
    unit_price = price["unit_price"]
    return {"unit_price": money(unit_price), "amount": money(unit_price * count), "currency": price["currency"],
            "unit": price["unit"]}


def totals_by_currency(line_prices):
    """The sum of priced lines per currency (``{"USD": "1200.00"}``), and how many lines had no price."""
    totals = {}
    unknown = 0
    for price in line_prices:
        if not price or price.get("price") == PRICE_UNKNOWN or "amount" not in price:
            unknown += 1
            continue
        totals[price["currency"]] = totals.get(price["currency"], decimal.Decimal(0)) + decimal.Decimal(price["amount"])
    return dict((currency, money(total)) for currency, total in sorted(totals.items())), unknown


def order_price(prices, body, why=None):
    """What an order request (its JSON ``body``) costs by the price list ``prices`` (:func:`read_prices`; None when
    it could not be read, ``why`` saying why): ``{"amount", "currency", "lines"}`` when every line has a price in one
    currency, else ``{"price": "price unknown", "why", "lines"}``. Each line is a :func:`line_price` with the line's
    ``kind``, ``id`` and ``quantity``. A plan switch is always "price unknown": it is charged for the rest of the term,
    which the price list does not say."""
    lines = []
    switch = (body.get("operationType") or "").startswith("switch")
    for line in body.get("serviceList") or []:
        kind = "plans" if line.get("serviceType") == "plan" else "services"
        if switch:
            price = {"price": PRICE_UNKNOWN,
                     "why": "a plan switch is charged for the rest of the term, which the price list does not say"}
        elif prices is None:
            price = {"price": PRICE_UNKNOWN, "why": why or "no price list was read"}
        else:
            price = line_price(prices, kind, line.get("serviceId"), line.get("quantity"))
        price.update(kind=line.get("serviceType"), id=id_text(line.get("serviceId")), quantity=line.get("quantity"))
        lines.append(price)
    totals, unknown = totals_by_currency(lines)
    if unknown or len(totals) != 1:
        reason = next((p.get("why") for p in lines if p.get("price") == PRICE_UNKNOWN), None) or \
            ("the lines are priced in several currencies" if totals else "the order has no lines")
        return {"price": PRICE_UNKNOWN, "why": reason, "lines": lines}
    currency, amount = list(totals.items())[0]
    return {"amount": amount, "currency": currency, "lines": lines}
