# -*- coding: utf-8 -*-
# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Prices (plugins/module_utils/_pricing.py): the simulator's price list over loopback, in each of its shapes, and the
ways a real answer may differ (other nesting, ids as numbers, amounts as text, the currency elsewhere, members
missing). A price is never guessed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import decimal

import pytest

pytest.importorskip("requests")

# pylint: disable=wrong-import-position
from ansible_collections.yeastar.partner.plugins.module_utils._client import PartnerClient  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._endpoints import price_list  # noqa: E402
from ansible_collections.yeastar.partner.plugins.module_utils._pricing import (  # noqa: E402
    PRICE_UNKNOWN,
    line_price,
    read_prices,
    totals_by_currency,
)

ENTERPRISE = "3048941892189077504"


def client_of(sim):
    return PartnerClient(api_url=sim.base_url, client_id=sim.client_id, client_secret=sim.client_secret, retries=0)


def test_the_simulator_prices_in_the_customers_currency(simulator_session):
    simulator_session.reset()
    client = client_of(simulator_session)
    usd = read_prices(price_list(client, 14))
    eur = read_prices(price_list(client, 14, partner_id="it@acme.de", billing_cycle="annually"))
    assert usd["plans"][ENTERPRISE]["currency"] == "USD" and eur["plans"][ENTERPRISE]["currency"] == "EUR"
    assert usd["services"] and all(price is not None for price in usd["services"].values())
    line = line_price(usd, "plans", int(ENTERPRISE), 20)
    assert decimal.Decimal(line["amount"]) == decimal.Decimal(line["unit_price"]) * 20 and line["currency"] == "USD"


@pytest.mark.parametrize("style", ["flat", "none"])
def test_the_other_shapes_of_the_simulator(simulator_session, style):
    simulator_session.reset()
    simulator_session.configure(prices=style)
    prices = read_prices(price_list(client_of(simulator_session), 14, billing_cycle="monthly"))
    price = prices["plans"][ENTERPRISE]
    if style == "flat":
        assert price["currency"] == "USD" and price["unit_price"] == decimal.Decimal("10.00")
    else:
        assert price is None
        assert line_price(prices, "plans", ENTERPRISE, 1)["price"] == PRICE_UNKNOWN


@pytest.mark.parametrize("answer, unit_price, currency", [
    ({"data": {"planList": [{"planId": 7, "price": {"amount": "1,200.50", "currencyCode": "usd"}}]}}, "1200.50", "USD"),
    ({"currency": "GBP", "planList": [{"pricingPlanId": "7", "unitPrice": 3}]}, "3", "GBP"),
    ({"planList": [{"id": "7", "priceInfo": {"price": 4.25, "currency": "EUR"}}]}, "4.25", "EUR"),
])
def test_prices_are_read_tolerantly(answer, unit_price, currency):
    price = read_prices(answer)["plans"]["7"]
    assert price["unit_price"] == decimal.Decimal(unit_price) and price["currency"] == currency


@pytest.mark.parametrize("row", [
    {"planId": "7", "unitPrice": "12.00"},                        # no currency anywhere
    {"planId": "7", "currency": "USD"},                           # no amount
    {"planId": "7", "unitPrice": "free", "currency": "USD"},      # not a number
    {"planId": "7", "unitPrice": -1, "currency": "USD"},          # not a price
    {"planId": "7", "unitPrice": True, "currency": "USD"},
    {"planId": "7", "unitPrice": "12", "currency": "dollars"},    # not a currency code
])
def test_a_price_is_never_guessed(row):
    prices = read_prices({"planList": [row]})
    assert prices["plans"]["7"] is None
    assert line_price(prices, "plans", "7", 3)["price"] == PRICE_UNKNOWN
    assert line_price(prices, "plans", "8", 3)["why"] == "the price list does not show this plan"


def test_totals_are_per_currency_and_count_what_is_unknown():
    prices = read_prices({"planList": [{"planId": "1", "unitPrice": "0.10", "currency": "USD"},
                                       {"planId": "2", "unitPrice": "2", "currency": "EUR"}],
                          "serviceList": [{"serviceId": "3", "unitPrice": "0.20", "currency": "USD"}]})
    lines = [line_price(prices, "plans", "1", 3), line_price(prices, "plans", "2", 5),
             line_price(prices, "services", "3", 1), line_price(prices, "services", "9", 1)]
    assert totals_by_currency(lines) == ({"EUR": "10.00", "USD": "0.50"}, 1)
    assert line_price(prices, "plans", "2", 5)["amount"] == "10.00"
