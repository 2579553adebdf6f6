#!/usr/bin/env python3
"""Searches the logs of a test run for secrets (ASVS 16.2.5, issue #10).

Usage: check-logs.py LOG_FILE_OR_DIR...

The logs are what the servers of the whole suite wrote: the Rust tests' in-process servers
(GONGZHI_TEST_LOG_DIR), the browser tests' real binary, the fault harness's servers and the
fuzzing server. None may hold:
  - an access token (a JWT),
  - a refresh token or any other 32-byte random token (43 base64url characters),
  - a password the tests typed (read from the test sources, so new tests are covered),
  - the test JWT secret,
  - a full mainland mobile number (11 digits starting 13-19; a masked 139****0001 is fine).

Prints what it searched and every finding; exits 1 on any finding, and also when there is
nothing to search (a check that reads no logs proves nothing).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
# random_token(32): 43 base64url characters, alone (not part of a longer word).
TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
JWT_SECRET = "test-secret-test-secret-test-secret-0123"
# The demo district's banner names its shared password on purpose (SPEC §13; the README
# prints it too): that one console line, word for word, is not a leak.
DEMO_BANNER = 'Demo district (长宁区) — logins, password "gongzhi-demo":'


def passwords_typed_by_tests():
    """Every password literal in the Rust and browser tests."""
    found = set()
    patterns = [
        re.compile(r'"password"\s*:\s*"([^"{}]{6,})"'),
        re.compile(r'password:\s*\\"([^"\\{}]{6,})\\"'),
        re.compile(r"password\w*['\"]?\s*[:=,]\s*'([^'{}]{6,})'"),
        re.compile(r'DEMO_PASSWORD:\s*&str\s*=\s*"([^"]+)"'),
    ]
    sources = list((ROOT / "tests").rglob("*.rs")) + list((ROOT / "pwa" / "e2e").glob("*.ts"))
    sources.append(ROOT / "api" / "src" / "demo.rs")
    for src in sources:
        text = src.read_text(encoding="utf-8", errors="replace")
        for p in patterns:
            found.update(m.group(1) for m in p.finditer(text))
    return sorted(found)


def is_token(s):
    # 43 characters of base64url from random bytes mix cases and digits; a word, a uuid
    # without dashes (32 hex) or a hex digest does not match both.
    return bool(re.search(r"[a-z]", s) and re.search(r"[A-Z]", s) and re.search(r"\d", s))


def main(args):
    files = []
    for a in args:
        p = pathlib.Path(a)
        if p.is_dir():
            files += [f for f in sorted(p.rglob("*")) if f.is_file()]
        elif p.is_file():
            files.append(p)
        else:
            print(f"check-logs: {p} does not exist (a log the run should have written)")
            return 1
    lines = 0
    findings = []
    passwords = passwords_typed_by_tests()
    if len(passwords) < 5:
        print(f"check-logs: found only {len(passwords)} test passwords: is the pattern stale?")
        return 1
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            lines += 1
            if line.strip() == DEMO_BANNER:
                continue
            where = f"{f}:{n}"
            for m in JWT.finditer(line):
                findings.append((where, "access token", m.group(0)[:24] + "…"))
            for m in TOKEN.finditer(line):
                if is_token(m.group(0)):
                    findings.append((where, "random token", m.group(0)[:12] + "…"))
            for m in PHONE.finditer(line):
                findings.append((where, "phone number", m.group(0)[:3] + "…"))
            if JWT_SECRET in line:
                findings.append((where, "JWT secret", "…"))
            for pw in passwords:
                if pw in line:
                    findings.append((where, "password", pw[:3] + "…"))
    print(
        f"check-logs: {len(files)} files, {lines} lines, searched for tokens, phone numbers, "
        f"the JWT secret and {len(passwords)} passwords the tests type"
    )
    for where, what, sample in findings[:50]:
        print(f"  {what}: {where}: {sample}")
    if lines == 0:
        print("check-logs: no log lines to search")
        return 1
    print(f"logs: {1 if not findings else 0} passed, {1 if findings else 0} failed")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
