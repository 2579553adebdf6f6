"""Checks the checks (run.sh runs this first): hooks.py must still fail what it should.

Guards against a schemathesis upgrade, or an edit of hooks.py, quietly turning a check off.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from types import SimpleNamespace

_spec = importlib.util.spec_from_file_location(
    "gongzhi_fuzz_hooks", os.path.join(os.path.dirname(os.path.abspath(__file__)), "hooks.py")
)
hooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hooks)

from schemathesis.specs.graphql import schemas, validation  # noqa: E402

failures: list[str] = []


def expect(what: str, got, want) -> None:
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def err(message: str, code: str | None = None, path=("item",)) -> dict:
    e: dict = {"message": message, "locations": [{"line": 1, "column": 3}]}
    if path is not None:
        e["path"] = list(path)
    if code is not None:
        e["extensions"] = {"code": code}
    return e


# not_a_server_error's classification (client error = not a server failure)
for code in ("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION", "CONFLICT", "RATE_LIMITED"):
    expect(f"{code} is a client error", schemas.is_client_error({"data": None, "errors": [err("x", code)]}), True)
expect("INTERNAL is a server error", schemas.is_client_error({"data": None, "errors": [err("x", "INTERNAL")]}), False)
expect(
    "INTERNAL beside NOT_FOUND is a server error",
    validation.is_client_error({"data": None, "errors": [err("x", "NOT_FOUND"), err("y", "INTERNAL")]}),
    False,
)
expect("an uncoded resolver error is a server error", schemas.is_client_error({"data": None, "errors": [err("boom")]}), False)
coercion = 'Failed to parse "Int": Only integers from -2147483648 to 2147483647 are accepted.'
expect("input coercion is a client error", schemas.is_client_error({"data": None, "errors": [err(coercion)]}), True)
expect(
    "input coercion beside an uncoded error is a server error",
    schemas.is_client_error({"data": None, "errors": [err(coercion), err("boom")]}),
    False,
)
expect("validation without path is a client error", schemas.is_client_error({"errors": [err("Unknown field", path=None)]}), True)

# the leak check
check = hooks.gongzhi_no_internal_leak


def leaks(payload, query: str = "{ item(id: \"x\") { id } }") -> bool:
    body = json.dumps(payload) if not isinstance(payload, str) else payload

    def as_json():
        return json.loads(body)

    response = SimpleNamespace(json=as_json, text=body)
    try:
        check(None, response, SimpleNamespace(body=query))
    except AssertionError:
        return True
    return False


for msg in [
    "error returned from database: (code: 1) near \"SELECT \": syntax error",
    "Query Error: SELECT \"item\".\"id\" FROM \"item\"",
    "INSERT INTO account VALUES",
    "UPDATE item SET status = 1",
    "sqlx::Error RowNotFound",
    "Custom Error: sea_orm error",
    "DbErr(RecordNotFound)",
    "thread 'actix-rt' panicked at api/src/intake/act.rs:42:5",
    "called `Option::unwrap()` on a `None` value",
    "at /src/lib.rs",
    "stack backtrace:",
    "chrono::format::ParseError",
]:
    expect(f"leak caught in errors[]: {msg!r}", leaks({"data": None, "errors": [err(msg, "VALIDATION")]}), True)
expect("leak caught in userErrors", leaks({"data": {"x": {"userErrors": [{"field": "a", "message": "DbErr"}]}}}), True)
expect("leak caught in a plain-text body", leaks("thread panicked at src/main.rs:1"), True)
for msg in ["Not found.", "未找到。", "The page cursor is not valid.", coercion, "At most 100 items per page."]:
    expect(f"no leak in {msg!r}", leaks({"data": None, "errors": [err(msg, "VALIDATION")]}), False)
expect(
    "an echo of the client's own string is no leak",
    leaks({"data": None, "errors": [err('Unknown matter "SELECT a::b"', "VALIDATION")]}, '{ x(code: "SELECT a::b") }'),
    False,
)

if failures:
    print("selftest: FAILED\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
print("selftest: the checks still catch what they should")
