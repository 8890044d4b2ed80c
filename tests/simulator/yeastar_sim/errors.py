# Copyright (c) 2026 yeastar.partner contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The API's error answers, shared by the routing (api.py) and the order rules it calls (orders.py), so that orders.py
needs nothing from api.py: an ApiError is answered with its status in the envelope of docs/api-contract.md §3 (api.py
makes the envelope); invalid() and not_found() make the two kinds that most checks raise."""


class ApiError(Exception):
    """An error answer: HTTP status, envelope code, detailMessage and result."""

    def __init__(self, status, code, detail, result=None):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.result = result


def invalid(field, tag, detail):
    return ApiError(400, "parameter_validation_failed", detail, {field: tag})


def not_found(field, detail):
    return ApiError(404, "resource_not_found", detail, {field: "not_found"} if field else None)
