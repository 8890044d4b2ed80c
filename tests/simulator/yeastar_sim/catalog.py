# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Seed data of the simulator: the product catalogue, users, billing contacts, countries, orders and instances.

Everything the simulator answers from a fresh state comes from this module.  The catalogue is static (it is not kept in the
state file); users, contacts, orders and instances are copied into the state when it is seeded.
"""

import copy

DEFAULT_CLIENT_ID = "sim-client-id"
DEFAULT_CLIENT_SECRET = "sim-client-secret"

PARTNER = {
    "partnerId": "partnerexample@outlook.com",
    "email": "partnerexample@outlook.com",
    "company": "Example Partner Ltd",
    "ucId": "3076915454468767744",
    "userId": "3076915454489739264",
    "userCode": "Partner",
}

OPERATION_TYPES = (
    "trial_plan", "trial_service", "purchase_plan", "purchase_service",
    "switch_plan", "switchTrial_plan", "renew_plan", "renew_service",
)
SERVICE_TYPES = ("plan", "service")
PURCHASE_TYPES = ("purchase", "trial", "renew", "switch")
BILLING_MODELS = ("recurring",)
BILLING_CYCLES = ("annually", "monthly", "once")
ORDER_STATUSES = ("succeed", "failed", "pending", "invalid", "cancelled", "refunded")

# operationType -> the purchaseType every line of that order must carry
PURCHASE_TYPE_FOR_OPERATION = {
    "purchase_plan": "purchase",
    "purchase_service": "purchase",
    "trial_plan": "trial",
    "trial_service": "trial",
    "renew_plan": "renew",
    "renew_service": "renew",
    "switch_plan": "switch",
    "switchTrial_plan": "switch",
}


# The rank of a purchasable plan by its name: switch_plan moves a device only to a plan of a higher rank. Plans of
# other names (trial plans, Linkus, Remote Management) have rank None.
PLAN_RANKS = {"Standard Plan": 1, "Enterprise Plan": 2, "Ultimate Plan": 3}


def _plan(plan_id, name, min_q, max_q, purchase_type="purchase", cycles=("annually",), multi=(0, 1, 2, 3, 4, 5)):
    return {
        "id": plan_id, "name": name, "purchaseType": purchase_type,
        "rank": PLAN_RANKS.get(name) if purchase_type == "purchase" else None,
        "billingModel": "recurring", "billingCycle": cycles[0], "billingCycles": list(cycles),
        "multiCycles": list(multi), "minQuantity": min_q, "maxQuantity": max_q,
    }


def _service(service_id, name, min_q, max_q, connection_plan_id=None, purchase_type="purchase", cycles=("annually",), multi=(0, 1, 2, 3, 4, 5)):
    return {
        "id": service_id, "name": name, "purchaseType": purchase_type, "connectionPlanId": connection_plan_id,
        "billingModel": "recurring", "billingCycle": cycles[0], "billingCycles": list(cycles),
        "multiCycles": list(multi), "minQuantity": min_q, "maxQuantity": max_q,
    }


# Product 14, P-Series Turnkey Package (the seed tutorial's product)
TURNKEY_STANDARD_PLAN = "3048941576353792000"
TURNKEY_ENTERPRISE_PLAN = "3048941892189077504"
TURNKEY_ULTIMATE_PLAN = "3048942210566111232"
TURNKEY_TRIAL_PLAN = "3048943012345679872"
TURNKEY_EXTENSION_EXPANSION = "3049031845627936768"
TURNKEY_RECORDING_MINUTES = "3049032352364388352"
TURNKEY_TRANSCRIPTION_MINUTES = "3049032768402337792"

PRODUCTS = {
    9: {
        "name": "Linkus Cloud Service", "offeringId": "3048918100000000009", "requiresProductNo": True,
        "plans": [
            _plan("3048918321840570368", "Linkus Cloud Service", 1, 1000, multi=(1, 2, 3, 4, 5)),
            _plan("3048918719332507648", "Linkus Cloud Service Pro", 1, 1000, multi=(1, 2, 3, 4, 5)),
        ],
        "services": [],
    },
    11: {
        "name": "P-Series Plan for Appliance Edition", "offeringId": "3048558700000000011", "requiresProductNo": True,
        "plans": [
            _plan("3048558946648207360", "Standard Plan", 1, 500, cycles=("annually", "monthly")),
            _plan("3048560232537899008", "Enterprise Plan", 1, 500, cycles=("annually", "monthly")),
            _plan("3048560606464323584", "Ultimate Plan", 1, 500, cycles=("annually", "monthly")),
        ],
        "services": [],
    },
    12: {
        "name": "Software PBX (PSE Self-hosted)", "offeringId": "3048600100000000012", "requiresProductNo": False,
        "plans": [
            _plan("3048600342133456896", "Standard Plan", 5, 10000),
            _plan("3048600587412258816", "Enterprise Plan", 5, 10000),
            _plan("3048600811736219648", "Ultimate Plan", 5, 10000),
            _plan("3048601024651673600", "Trial Plan", 5, 20, purchase_type="trial", multi=(0,)),
        ],
        "services": [
            _service("3048602218763665408", "Hot Standby", 1, 1),
            _service("3048602437903466496", "Disaster Recovery", 1, 1, connection_plan_id="3048600811736219648"),
            _service("3048602655176802304", "Hotel PMS Integration", 1, 1),
            _service("3048602893044170752", "Outbound Call Center", 1, 100),
            _service("3048603110128762880", "Extension Expansion", 1, 10000),
        ],
    },
    13: {
        "name": "Cloud PBX (PCE Instance)", "offeringId": "3048571500000000013", "requiresProductNo": False,
        "plans": [
            _plan("3048571730026938368", "Enterprise Plan", 5, 500, cycles=("annually", "monthly")),
            _plan("3048572026291630080", "Ultimate Plan", 5, 500, cycles=("annually", "monthly")),
        ],
        "services": [
            _service("3048573516041273344", "Extension Expansion", 1, 495),
            _service("3048573759449317376", "Recording Minutes", 100, 1000000),
            _service("3048573935752720384", "High Availability", 5, 500),
        ],
    },
    14: {
        "name": "P-Series Turnkey Package", "offeringId": "3048941600000000014", "requiresProductNo": False,
        "plans": [
            _plan(TURNKEY_STANDARD_PLAN, "Standard Plan", 5, 1000),
            _plan(TURNKEY_ENTERPRISE_PLAN, "Enterprise Plan", 5, 1000),
            _plan(TURNKEY_ULTIMATE_PLAN, "Ultimate Plan", 5, 1000),
            _plan(TURNKEY_TRIAL_PLAN, "Enterprise Plan Trial", 5, 20, purchase_type="trial", multi=(0,)),
        ],
        "services": [
            _service(TURNKEY_EXTENSION_EXPANSION, "Extension Expansion", 1, 1000),
            _service(TURNKEY_RECORDING_MINUTES, "Recording Minutes", 1000, 1000000, connection_plan_id=TURNKEY_ENTERPRISE_PLAN),
            _service(TURNKEY_TRANSCRIPTION_MINUTES, "Transcription Minutes", 1000, 1000000, connection_plan_id=TURNKEY_ENTERPRISE_PLAN),
        ],
    },
    15: {
        "name": "Remote Management", "offeringId": "3048700100000000015", "requiresProductNo": False,
        "plans": [
            _plan("3048700356418322432", "Remote Management", 1, 10000),
            _plan("3048700578993258496", "Remote Management Trial", 1, 5, purchase_type="trial", multi=(0,)),
        ],
        "services": [
            _service("3048700801660469248", "Additional Connections", 1, 10000, connection_plan_id="3048700356418322432",
                     cycles=("once",), multi=(0,)),
        ],
    },
    21: {
        "name": "RM Premium", "offeringId": "3048800100000000021", "requiresProductNo": False,
        "plans": [],
        "services": [
            _service("3048800367184216064", "RM Premium", 1, 10000),
            _service("3048800590149222400", "RM Premium Trial", 1, 5, purchase_type="trial", multi=(0,)),
        ],
    },
}

SUBORDINATES = [
    {"city": "Xiamen", "company": "Color Tech", "country": "China", "email": "color123@yeastar.com", "firstName": "Color",
     "lastName": "Lee", "partnerId": "color123@yeastar.com", "phoneNumber": "+86 592 5503301", "remark": "", "stateProvince": "Fujian",
     "street": "No. 1 Software Park", "taxNum": "", "userType": "Enduser", "zipCode": "361000"},
    {"city": "London", "company": "Acme Telecom Ltd", "country": "United Kingdom", "email": "it@acme-telecom.example",
     "firstName": "Alice", "lastName": "Smith", "partnerId": "it@acme-telecom.example", "phoneNumber": "+44 20 7946 0000",
     "remark": "key account", "stateProvince": "", "street": "1 High Street", "taxNum": "GB123456789", "userType": "Enduser",
     "zipCode": "EC1A 1AA"},
    {"city": "Berlin", "company": "Globex GmbH", "country": "Germany", "email": "admin@globex.example", "firstName": "Bernd",
     "lastName": "Meyer", "partnerId": "admin@globex.example", "phoneNumber": "+49 30 123456", "remark": "", "stateProvince": "Berlin",
     "street": "Unter den Linden 5", "taxNum": "DE123456789", "userType": "Enduser", "zipCode": "10117"},
    {"city": "Austin", "company": "Initech LLC", "country": "United States", "email": "ops@initech.example", "firstName": "Peter",
     "lastName": "Gibbons", "partnerId": "ops@initech.example", "phoneNumber": "+1 512 555 0100", "remark": "", "stateProvince": "Texas",
     "street": "4120 Freidrich Lane", "taxNum": "", "userType": "Enduser", "zipCode": "78744"},
]

BILLING_CONTACTS = [
    {"billingContactId": "3197218168379846218", "city": "Manchester", "company": "Example Partner Ltd", "country": "United Kingdom",
     "emailAddress": "billing@partner.example", "firstName": "Jane", "lastName": "Doe", "phoneNumber": "+44 161 496 0000",
     "remark": "default", "stateProvince": "", "street": "10 Deansgate", "taxNum": "GB987654321", "zipCode": "M3 1AZ"},
    {"billingContactId": "3197218168379846301", "city": "Leeds", "company": "Example Partner Ltd", "country": "United Kingdom",
     "emailAddress": "accounts@partner.example", "firstName": "John", "lastName": "Roe", "phoneNumber": "+44 113 496 0000",
     "remark": "", "stateProvince": "", "street": "2 Park Row", "taxNum": "GB987654321", "zipCode": "LS1 5HD"},
    {"billingContactId": "3197218168379846457", "city": "Dublin", "company": "Example Partner Ireland", "country": "Ireland",
     "emailAddress": "finance@partner-ie.example", "firstName": "Aoife", "lastName": "Byrne", "phoneNumber": "+353 1 555 0100",
     "remark": "EU invoices", "stateProvince": "Leinster", "street": "3 Grafton Street", "taxNum": "IE1234567T", "zipCode": "D02"},
]

REGIONS = [
    {"id": "1", "name": "Europe (Frankfurt)", "region": [{"pbxSubDomain": ["ras.yeastar.com", "eu.ras.yeastar.com"], "pbxSubDomainId": "11"}]},
    {"id": "2", "name": "United States (Virginia)", "region": [{"pbxSubDomain": ["us.ras.yeastar.com"], "pbxSubDomainId": "21"}]},
    {"id": "3", "name": "Asia Pacific (Singapore)", "region": [{"pbxSubDomain": ["sg.ras.yeastar.com"], "pbxSubDomainId": "31"}]},
]

TAX_TYPES = ("VAT_number", "Tax_ID", "TIN_number", "RUC", "CUIT")

COUNTRIES = [
    {"code": "AU", "id": 13, "name": "Australia"},
    {"code": "BR", "id": 30, "name": "Brazil"},
    {"code": "CA", "id": 38, "name": "Canada"},
    {"code": "CN", "id": 44, "name": "China"},
    {"code": "FR", "id": 73, "name": "France"},
    {"code": "DE", "id": 80, "name": "Germany"},
    {"code": "IN", "id": 99, "name": "India"},
    {"code": "IE", "id": 103, "name": "Ireland"},
    {"code": "IT", "id": 105, "name": "Italy"},
    {"code": "JP", "id": 107, "name": "Japan"},
    {"code": "MX", "id": 138, "name": "Mexico"},
    {"code": "NL", "id": 150, "name": "Netherlands"},
    {"code": "ES", "id": 195, "name": "Spain"},
    {"code": "AE", "id": 224, "name": "United Arab Emirates"},
    {"code": "GB", "id": 225, "name": "United Kingdom"},
    {"code": "US", "id": 226, "name": "United States"},
    {"code": "UM", "id": 227, "name": "United States Minor Outlying Islands"},
]

# Existing product instances and the orders that created them.
_DAY_MS = 86400 * 1000
_SEED_TIME_MS = 1767225600000  # 2026-01-01T00:00:00Z

SEED_INSTANCES = [
    {"instanceId": "1948801", "productNo": "3076913644890830001", "productId": 14, "partnerId": "color123@yeastar.com",
     "planId": TURNKEY_ENTERPRISE_PLAN, "quantity": 50, "services": {TURNKEY_RECORDING_MINUTES: 5000}, "trial": False,
     "billingCycle": "annually", "createTime": _SEED_TIME_MS, "expireTime": _SEED_TIME_MS + 365 * _DAY_MS,
     "activationCode": "TK-7Q2M-9XAB-41CD", "activationStatus": "activated", "comment": "Color Tech HQ"},
    {"instanceId": "1948802", "productNo": "3076913644890830002", "productId": 13, "partnerId": "partnerexample@outlook.com", "pbxUrl": "acme.ras.yeastar.com",
     "planId": "3048571730026938368", "quantity": 20, "services": {}, "trial": False,
     "billingCycle": "annually", "createTime": _SEED_TIME_MS + _DAY_MS, "expireTime": _SEED_TIME_MS + 366 * _DAY_MS,
     "activationCode": "", "activationStatus": "activated", "comment": ""},
    {"instanceId": "1948803", "productNo": "3631E3418911", "productId": 11, "partnerId": "it@acme-telecom.example",
     "planId": "3048560232537899008", "quantity": 1, "services": {}, "trial": False,
     "billingCycle": "monthly", "createTime": _SEED_TIME_MS + 2 * _DAY_MS, "expireTime": _SEED_TIME_MS + 32 * _DAY_MS,
     "activationCode": "", "activationStatus": "activated", "comment": "Acme London"},
]

SEED_ORDERS = [
    {"id": "1782001", "orderNo": "RV3401160000000000001", "transactionNo": "MI3401160000000000001", "orderStatus": "succeed",
     "createTime": _SEED_TIME_MS, "currencyCode": "USD", "invoiceNo": "INV1782001", "customReferenceNo": "PO-SEED-0001",
     "productId": 14, "productNo": "3076913644890830001", "instanceId": "1948801", "operationType": "purchase_plan",
     "assignId": "color123@yeastar.com", "billingId": "3197218168379846218", "pendingReads": 0,
     "lines": [
         {"serviceType": "plan", "serviceId": TURNKEY_ENTERPRISE_PLAN, "serviceName": "Enterprise Plan", "quantity": 50,
          "purchaseType": "purchase", "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0, "connectionPlanId": None},
         {"serviceType": "service", "serviceId": TURNKEY_RECORDING_MINUTES, "serviceName": "Recording Minutes", "quantity": 5000,
          "purchaseType": "purchase", "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0,
          "connectionPlanId": TURNKEY_ENTERPRISE_PLAN},
     ]},
    {"id": "1782002", "orderNo": "RV3401160000000000002", "transactionNo": "MI3401160000000000002", "orderStatus": "succeed",
     "createTime": _SEED_TIME_MS + _DAY_MS, "currencyCode": "USD", "invoiceNo": "INV1782002", "customReferenceNo": "",
     "productId": 13, "productNo": "3076913644890830002", "instanceId": "1948802", "operationType": "purchase_plan",
     "assignId": "", "billingId": "3197218168379846301", "pendingReads": 0,
     "lines": [
         {"serviceType": "plan", "serviceId": "3048571730026938368", "serviceName": "Enterprise Plan", "quantity": 20,
          "purchaseType": "purchase", "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 0, "connectionPlanId": None},
     ]},
    {"id": "1782003", "orderNo": "RV3401160000000000003", "transactionNo": "MI3401160000000000003", "orderStatus": "succeed",
     "createTime": _SEED_TIME_MS + 2 * _DAY_MS, "currencyCode": "USD", "invoiceNo": "INV1782003", "customReferenceNo": "PO-SEED-0003",
     "productId": 11, "productNo": "3631E3418911", "instanceId": "1948803", "operationType": "purchase_plan",
     "assignId": "it@acme-telecom.example", "billingId": "3197218168379846218", "pendingReads": 0,
     "lines": [
         {"serviceType": "plan", "serviceId": "3048560232537899008", "serviceName": "Enterprise Plan", "quantity": 1,
          "purchaseType": "purchase", "billingModel": "recurring", "billingCycle": "monthly", "multiCycle": 0, "connectionPlanId": None},
     ]},
]


def product(product_id):
    """The catalogue entry of a product, or None."""
    return PRODUCTS.get(product_id)


def find_plan(product_id, plan_id):
    entry = PRODUCTS.get(product_id)
    if entry is None:
        return None
    for plan in entry["plans"]:
        if plan["id"] == str(plan_id):
            return plan
    return None


def find_service(product_id, service_id):
    entry = PRODUCTS.get(product_id)
    if entry is None:
        return None
    for service in entry["services"]:
        if service["id"] == str(service_id):
            return service
    return None


def seed_data():
    """The mutable part of a fresh state (deep copies)."""
    return {
        "partner": copy.deepcopy(PARTNER),
        "subordinates": copy.deepcopy(SUBORDINATES),
        "billingContacts": copy.deepcopy(BILLING_CONTACTS),
        "orders": copy.deepcopy(SEED_ORDERS),
        "instances": copy.deepcopy(SEED_INSTANCES),
        "counters": {"order": 1782003, "instance": 1948803},
    }
