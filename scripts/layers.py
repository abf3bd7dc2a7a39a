#!/usr/bin/env python3
"""Checks the layers of app/src (ARCHITECTURE.md): foundations import no domain; a domain's core
(everything but its pages) imports only the cores of domains below it in DOMAINS; and nothing
imports the frame (layout.rs, routes.rs) but the frame itself. Prints what each module imports;
exits 1 when a rule is broken."""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "app", "src")
TOPS = ["accounts", "organizations", "catalogue", "bookings", "notifications", "inbox", "session", "mail", "admin",
        "layout", "routes", "ui", "shared", "time", "home", "i18n", "error", "db", "state", "files",
        "cookies", "live"]
FOUNDATIONS = ["shared", "time", "ui", "i18n", "error", "db", "cookies", "mail", "state", "files", "live"]
# Lowest first: a domain's core may import the cores of the domains before it, never after.
DOMAINS = ["accounts", "organizations", "notifications", "inbox", "session", "catalogue", "bookings",
           "admin", "home"]
FRAME = ["layout", "routes"]


def imports(path):
    text = open(path, encoding="utf-8").read()
    found = set(re.findall(r"crate::(\w+)", text))
    for m in re.finditer(r"use crate::\{", text):
        depth, i, top = 0, m.end() - 1, ""
        while True:
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    break
            if depth == 1 and c != "{":
                top += c
            elif depth > 1:
                top += " "
            i += 1
        for part in top.split(","):
            name = part.strip().split("::")[0].strip()
            if name:
                found.add(name)
    return found


def module_files(name):
    path = os.path.join(ROOT, name)
    if os.path.isdir(path):
        return glob.glob(os.path.join(path, "**", "*.rs"), recursive=True)
    return [path + ".rs"] if os.path.exists(path + ".rs") else []


def is_page(path):
    """A domain's pages: its ui.rs or anything under a ui/ folder (and home.rs)."""
    rel = os.path.relpath(path, ROOT)
    return rel == "home.rs" or os.path.basename(rel) == "ui.rs" or "/ui/" in f"/{rel}"


broken = []
for name in TOPS:
    used = set()
    for f in module_files(name):
        used |= imports(f)
    used = sorted(x for x in used if x in TOPS and x != name)
    print(f"{name:14} -> {', '.join(used) or '—'}")
    if name in FOUNDATIONS:
        broken += [f"{name} (a foundation) imports the domain {d}" for d in used if d in DOMAINS]
    if name not in FRAME:
        broken += [f"{name} imports the frame ({f})" for f in used if f in FRAME]
    if name in DOMAINS:
        rank = DOMAINS.index(name)
        for f in module_files(name):
            if is_page(f):
                continue
            for d in sorted(imports(f)):
                if d in DOMAINS and d != name and DOMAINS.index(d) > rank:
                    rel = os.path.relpath(f, ROOT)
                    broken.append(f"{rel} (core of {name}) imports {d}, a domain above it")
for line in broken:
    print("layer rule broken:", line, file=sys.stderr)
sys.exit(1 if broken else 0)
