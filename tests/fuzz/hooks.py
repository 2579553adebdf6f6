"""Schemathesis hooks for fuzzing Gongzhi's GraphQL API (loaded by run.sh via SCHEMATHESIS_HOOKS).

1. Strategies for the schema's custom scalars, so that a generated query is refused only when
   the server really refuses it, not because the tool sent `0` for a date (a false positive):
   - DateTime  (chrono DateTime<Utc>): RFC 3339 strings with an offset;
   - NaiveDate (chrono NaiveDate):     `YYYY-MM-DD`;
   - Upload    (GraphQL multipart):    always `null` — a JSON request cannot carry a file, and
     every Upload argument of the schema is optional (`photo: Upload`, `photos: [Upload!]`).
     In `[Upload!]` a null item is refused by validation before execution: harmless;
   - ID: UUIDs of real rows (harvested by prepare.py into $GONGZHI_FUZZ_IDS) mixed with random
     UUIDs and random strings, so that resolvers get past "not found" and their logic runs.
   Both realistic values and the whole representable range (years 0001-9999) are drawn: an
   extreme date that makes the server fail is a finding, not a false positive.

2. The server's error contract (api/src/error.rs): every error a resolver returns carries
   `extensions.code`; `INTERNAL` is the server failing, the others are the server refusing the
   request (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION, CONFLICT, RATE_LIMITED).
   Schemathesis's `not_a_server_error` classes any error that has a `path` as a server error
   unless its code is one it knows (Apollo's names), so it would report "not found" or
   "forbidden" as server errors. We teach it Gongzhi's codes; an error with code INTERNAL, with
   no code from a resolver, or any HTTP 5xx still fails the check. One more refusal without a
   code is async-graphql's own input coercion (`Failed to parse "Int": ...`), see below.
   selftest.py checks that these rules still hold.

3. A custom check, `gongzhi_no_internal_leak`: no error message (top-level `errors[].message`,
   any `userErrors[].message` in `data`, or a non-JSON body) may reveal internals: SQL text,
   driver / ORM names, panics, source paths, Rust type paths.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime

import graphql
import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes
from schemathesis.specs.graphql import schemas as _st_graphql_schemas
from schemathesis.specs.graphql import validation as _st_graphql_validation

# --- 2. the server's error codes --------------------------------------------------------------

# BAD_REQUEST: the server's code for a request refused as malformed, and for async-graphql's own
# refusals of a document or value, which http/graphql.rs gives that code.
GONGZHI_CLIENT_CODES = frozenset(
    {"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION", "CONFLICT", "RATE_LIMITED",
     "BAD_REQUEST"}
)
# The database could not serve, a commit lost its answer, the request timed out: on a quiet
# test server each of these is a fault worth failing on.
GONGZHI_SERVER_CODES = frozenset({"INTERNAL", "UNAVAILABLE", "OUTCOME_UNKNOWN", "TIMEOUT"})

# schemathesis is pinned (requirements.txt); fail loudly rather than silently misclassify if a
# later version moves these.
assert isinstance(_st_graphql_validation.CLIENT_ERROR_MARKERS, frozenset)
assert isinstance(_st_graphql_validation.SERVER_ERROR_MARKERS, frozenset)
_st_graphql_validation.CLIENT_ERROR_MARKERS = (
    _st_graphql_validation.CLIENT_ERROR_MARKERS | GONGZHI_CLIENT_CODES
)
_st_graphql_validation.SERVER_ERROR_MARKERS = (
    _st_graphql_validation.SERVER_ERROR_MARKERS | GONGZHI_SERVER_CODES
)

# async-graphql checks an argument literal against its scalar (e.g. `Int` beyond 32 bits, which
# the negative mode sends) only when the field executes, so the refusal carries a `path` and no
# code: `Failed to parse "Int": Only integers from -2147483648 to 2147483647 are accepted.`
# It is the library refusing the client's input (GraphQL's "Values of Correct Type"), produced
# only by its InputValueError, never by a failure of ours (ours all carry `code`). Such an error
# is a client error when it is the only kind in the response.
INPUT_COERCION = re.compile(r'^Failed to parse "[A-Za-z_][A-Za-z0-9_]*"(: |$)')

_is_client_error = _st_graphql_validation.is_client_error


def _gongzhi_is_client_error(payload: dict) -> bool:
    if _is_client_error(payload):
        return True
    errors = payload.get("errors") or []
    return bool(errors) and all(
        isinstance(e, dict)
        and not (e.get("extensions") or {}).get("code")
        and INPUT_COERCION.match(str(e.get("message", "")))
        for e in errors
    )


_st_graphql_validation.is_client_error = _gongzhi_is_client_error
assert _st_graphql_schemas.is_client_error is _is_client_error
_st_graphql_schemas.is_client_error = _gongzhi_is_client_error

# --- 1. scalar strategies ---------------------------------------------------------------------

_RECENT_DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31))
_ANY_DAY = st.dates()  # 0001-01-01 .. 9999-12-31


def _naive_date():
    # date.isoformat() always zero-pads the year to four digits.
    return st.one_of(_RECENT_DAYS, _RECENT_DAYS, _ANY_DAY).map(lambda d: d.isoformat())


def _offset(minutes: int) -> str:
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h:02d}:{m:02d}"


def _date_time():
    recent = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2028, 12, 31))
    anywhen = st.datetimes()  # naive, 0001..9999
    offsets = st.one_of(
        st.sampled_from([0, 0, 8 * 60, -5 * 60]),  # UTC, Beijing, a western zone
        st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59),
    )
    precision = st.sampled_from(["seconds", "milliseconds", "microseconds"])
    return st.builds(
        lambda dt, off, p: dt.isoformat(timespec=p) + _offset(off),
        st.one_of(recent, recent, anywhen),
        offsets,
        precision,
    )


def _known_ids() -> list[str]:
    path = os.environ.get("GONGZHI_FUZZ_IDS")
    if not path or not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return sorted(set(data.get("ids", [])))


def _ids():
    known = _known_ids()
    random_ids = st.one_of(
        st.uuids().map(str),
        st.text(max_size=40),
    ).map(nodes.String)
    ints = st.integers(min_value=-(2**31), max_value=2**31 - 1).map(nodes.Int)
    if known:
        real = st.sampled_from(known).map(nodes.String)
        # Mostly real rows: that is where the logic is.
        return st.one_of(real, real, real, random_ids, ints)
    return st.one_of(random_ids, ints)


schemathesis.graphql.scalar("DateTime", _date_time().map(nodes.String))
schemathesis.graphql.scalar("NaiveDate", _naive_date().map(nodes.String))
schemathesis.graphql.scalar("Upload", st.just(nodes.Null))
schemathesis.graphql.scalar("ID", _ids())

# --- 3. the leak check ------------------------------------------------------------------------

LEAK_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("SQL SELECT", re.compile(r"\bSELECT ")),
    ("SQL INSERT", re.compile(r"\bINSERT INTO\b")),
    ("SQL UPDATE", re.compile(r"\bUPDATE ")),
    ("SQL syntax error", re.compile(r"syntax error", re.IGNORECASE)),
    ("sqlx", re.compile(r"sqlx", re.IGNORECASE)),
    ("sea_orm", re.compile(r"sea_orm|sea-orm|SeaORM", re.IGNORECASE)),
    ("DbErr", re.compile(r"DbErr")),
    ("SQLite/PostgreSQL error", re.compile(r"SQLITE_|sqlite3?:|error returned from database")),
    ("panic", re.compile(r"panicked")),
    ("source location", re.compile(r"\.rs:\d*")),
    ("source path", re.compile(r"/src/")),
    ("backtrace", re.compile(r"stack backtrace", re.IGNORECASE)),
    ("Rust type path", re.compile(r"[A-Za-z_][A-Za-z0-9_]*::[A-Za-z_<]")),
]


def _request_strings(case) -> list[str]:
    """String literals the client itself sent: a message that echoes them is not a leak."""
    body = case.body
    if not isinstance(body, str):
        return []
    try:
        doc = graphql.parse(body)
    except graphql.GraphQLError:
        return [body]
    found: list[str] = []

    class _V(graphql.Visitor):
        def enter_string_value(self, node, *_):
            if len(node.value) >= 2:
                found.append(node.value)

    graphql.visit(doc, _V())
    # Longest first, so that a literal containing a shorter one is removed whole.
    return sorted(found, key=len, reverse=True)


def _messages(payload) -> list[str]:
    out: list[str] = []
    if not isinstance(payload, dict):
        return out
    for err in payload.get("errors") or []:
        if isinstance(err, dict):
            if isinstance(err.get("message"), str):
                out.append(err["message"])
            ext = err.get("extensions")
            if isinstance(ext, dict):
                out.extend(v for k, v in ext.items() if isinstance(v, str) and k != "code")

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "userErrors" and isinstance(v, list):
                    for ue in v:
                        if isinstance(ue, dict) and isinstance(ue.get("message"), str):
                            out.append(ue["message"])
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(payload.get("data"))
    return out


def find_leaks(messages: list[str], echoed: list[str]) -> list[str]:
    problems = []
    for msg in messages:
        scrubbed = msg
        for s in echoed:
            scrubbed = scrubbed.replace(s, "")
        for label, rx in LEAK_PATTERNS:
            if rx.search(scrubbed):
                problems.append(f"{label}: {msg[:500]!r}")
                break
    return problems


@schemathesis.check
def gongzhi_no_internal_leak(ctx, response, case):
    """Error messages must not reveal SQL, driver/ORM names, panics, source paths or Rust types."""
    try:
        payload = response.json()
        messages = _messages(payload)
    except (ValueError, LookupError):
        messages = [response.text] if response.text else []
    problems = find_leaks(messages, _request_strings(case))
    if problems:
        raise AssertionError("Error message leaks internals:\n" + "\n".join(problems))
    return None
