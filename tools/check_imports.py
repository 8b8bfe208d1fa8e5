#!/usr/bin/env python3
"""Checks that Package.swift declares exactly what each target imports (issue 15), and that every
folder under Sources/ and Tests/ is a target.

For every target, the set of modules its sources import (`import X`, `@testable import X`,
`import struct X.Y`, ...) must equal the set of dependencies it declares: an undeclared import
builds only by accident (through another target's dependency) and a declared dependency nobody
imports links code for nothing. Toolchain modules (Foundation, Testing, Glibc, ...) are ignored.
Exit 1 and one line per mismatch otherwise. Usage: tools/check_imports.py [PACKAGE_DIR]
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
manifest = open(os.path.join(root, "Package.swift"), encoding="utf-8").read()

TOOLCHAIN = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Musl", "Darwin",
             "Dispatch", "Testing", "XCTest", "Synchronization", "PackageDescription", "_Concurrency", "os"}
# Product name -> module name, where they differ.
PRODUCT_MODULES = {}

def split_top(s):
    """Splits a comma-separated list at depth 0 of (), [] and strings."""
    parts, depth, cur, in_str = [], 0, "", False
    for ch in s:
        if ch == '"':
            in_str = not in_str
        if not in_str:
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
                continue
        cur += ch
    if cur.strip():
        parts.append(cur)
    return parts

def balanced(s, start, opening="(", closing=")"):
    """The text inside the bracket opening at s[start]."""
    depth = 0
    for i in range(start, len(s)):
        if s[i] == opening:
            depth += 1
        elif s[i] == closing:
            depth -= 1
            if depth == 0:
                return s[start + 1:i]
    raise ValueError("unbalanced")

targets = []
for m in re.finditer(r"\.(target|executableTarget|testTarget|systemLibrary)\(", manifest):
    body = balanced(manifest, m.end() - 1)
    kind = m.group(1)
    name = re.search(r'name:\s*"([^"]+)"', body).group(1)
    path = re.search(r'path:\s*"([^"]+)"', body)
    deps = set()
    d = re.search(r"dependencies:\s*\[", body)
    if d:
        for item in split_top(balanced(body, d.end() - 1, "[", "]")):
            item = item.strip()
            if not item:
                continue
            p = re.match(r'\.product\(\s*name:\s*"([^"]+)"', item)
            if p:
                deps.add(PRODUCT_MODULES.get(p.group(1), p.group(1)))
            else:
                deps.add(item.strip('"'))
    default_dir = "Tests" if kind == "testTarget" else "Sources"
    targets.append((kind, name, path.group(1) if path else os.path.join(default_dir, name), deps))

IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)
problems = []
for kind, name, path, deps in targets:
    if kind == "systemLibrary":
        continue
    imported = set()
    for dirpath, _, files in os.walk(os.path.join(root, path)):
        for f in files:
            if f.endswith(".swift"):
                text = open(os.path.join(dirpath, f), encoding="utf-8").read()
                text = re.sub(r'"""[\s\S]*?"""', '', text)  # multi-line string literals (e.g. Python snippets)
                imported |= set(IMPORT.findall(text))
    imported -= TOOLCHAIN
    imported.discard(name)
    for missing in sorted(imported - deps):
        problems.append(f"{name}: imports {missing} without declaring it")
    for unused in sorted(deps - imported):
        problems.append(f"{name}: declares {unused} but never imports it")
# Every source and test folder must be a target: a folder nobody declared is never built, so
# its tests silently never run (Tests/GenkiCoreTests once sat undeclared for a session).
declared = {os.path.normpath(t[2]) for t in targets}
for top in ("Sources", "Tests"):
    base = os.path.join(root, top)
    for entry in sorted(os.listdir(base)):
        if os.path.isdir(os.path.join(base, entry)) and os.path.normpath(os.path.join(top, entry)) not in declared:
            problems.append(f"{top}/{entry}: a folder no target in Package.swift builds")
for p in problems:
    print(p)
if problems:
    print(f"check_imports: {len(problems)} mismatches between Package.swift and the imports", file=sys.stderr)
    sys.exit(1)
print(f"check_imports: {sum(1 for t in targets if t[0] != 'systemLibrary')} targets declare exactly what they import")
