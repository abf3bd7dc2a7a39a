#!/usr/bin/env python3
"""What the first load's main WASM module holds, by name: its largest functions and data, and
totals by crate. Reads the module the splitter writes before wasm-bindgen and wasm-opt
(`frontend_split.wasm` beside `frontend.wasm`, with its name section), so sizes are before
wasm-opt (about 0.7 of them remain, and 0.3 of that after brotli). docs/first-load.md.

usage: scripts/main-module.py [--top N] [--grep REGEX] [path/to/frontend_split.wasm]
"""
import argparse
import collections
import os
import re
import sys


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def name(b, i):
    n, i = leb(b, i)
    return b[i:i + n].decode("utf8", "replace"), i + n


def symbols(path):
    """(size, kind, name) of every defined function ('f') and data segment ('d')."""
    b = open(path, "rb").read()
    i, imported, bodies, datas, fnames, dnames = 8, 0, [], [], {}, {}
    while i < len(b):
        sid = b[i]
        size, i = leb(b, i + 1)
        end = i + size
        if sid == 2:  # imports: count the functions, skip the rest
            n, j = leb(b, i)
            for _ in range(n):
                _, j = name(b, j)
                _, j = name(b, j)
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imported += 1
                elif kind == 1:
                    j += 1
                    flags = b[j]
                    _, j = leb(b, j + 1)
                    j = leb(b, j)[1] if flags & 1 else j
                elif kind == 2:
                    flags = b[j]
                    _, j = leb(b, j + 1)
                    j = leb(b, j)[1] if flags & 1 else j
                elif kind == 3:
                    j += 2
                elif kind == 4:
                    _, j = leb(b, j + 1)
        elif sid == 10:
            n, j = leb(b, i)
            for _ in range(n):
                sz, j = leb(b, j)
                bodies.append(sz)
                j += sz
        elif sid == 11:
            n, j = leb(b, i)
            for _ in range(n):
                flags, j = leb(b, j)
                if flags != 1:
                    if flags == 2:
                        _, j = leb(b, j)
                    while b[j] != 0x0B:
                        j += 1
                    j += 1
                sz, j = leb(b, j)
                datas.append(sz)
                j += sz
        elif sid == 0:
            custom, j = name(b, i)
            if custom == "name":
                while j < end:
                    sub = b[j]
                    ssz, j = leb(b, j + 1)
                    if sub in (1, 9):
                        n, k = leb(b, j)
                        for _ in range(n):
                            idx, k = leb(b, k)
                            s, k = name(b, k)
                            (fnames if sub == 1 else dnames)[idx] = s
                    j += ssz
        i = end
    rows = [(sz, "f", fnames.get(imported + k, f"func{imported + k}")) for k, sz in enumerate(bodies)]
    rows += [(sz, "d", dnames.get(k, f"data{k}")) for k, sz in enumerate(datas)]
    return rows


def legacy(n):
    """`_ZN<len><part>…E` (rustc's legacy mangling) as `part::part`, without the hash."""
    if not n.startswith("_ZN"):
        return n
    parts, i = [], 3
    while i < len(n) and n[i].isdigit():
        j = i
        while n[j].isdigit():
            j += 1
        length = int(n[i:j])
        parts.append(n[j:j + length])
        i = j + length
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    return "::".join(parts) if parts else n


def readable(n):
    n = legacy(n)
    for a, b in [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ","),
                 ("$u7b$", "{"), ("$u7d$", "}"), ("$LP$", "("), ("$RP$", ")"), ("..", "::")]:
        n = n.replace(a, b)
    return n


def crate(kind, n):
    if kind == "d":
        return "data"
    if n.startswith("_R"):  # v0 mangling: the first identifier is the crate
        m = re.findall(r"\d+([A-Za-z_][A-Za-z0-9_]*)", n[2:])
        return "app" if "app" in m else (m[1] if len(m) > 1 else "?")
    text = readable(n)
    if "app::" in text:
        return "app"
    if text.startswith("__wbindgen_describe"):
        return "wasm-bindgen descriptors (removed by wasm-bindgen)"
    found = re.findall(r"([a-z_][a-z0-9_]*)::", text.lstrip("_<"))
    return found[0] if found else "?"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--grep")
    args = parser.parse_args()
    path = args.path or os.path.join(
        os.environ.get("CARGO_TARGET_DIR", "target"),
        "front/wasm32-unknown-unknown/wasm-release/frontend_split.wasm")
    rows = symbols(path)
    if args.grep:
        rows = [r for r in rows if re.search(args.grep, readable(r[2]))]
    rows.sort(reverse=True)
    print(f"{sum(r[0] for r in rows):,} bytes in {len(rows):,} symbols ({path})")
    print("\nlargest:")
    for sz, kind, n in rows[:args.top]:
        print(f"{sz:8,} {kind} {readable(n)[:160]}")
    totals = collections.Counter()
    for sz, kind, n in rows:
        totals[crate(kind, n)] += sz
    print("\nby crate:")
    for key, sz in totals.most_common(args.top):
        print(f"{sz:9,} {key}")


if __name__ == "__main__":
    sys.exit(main())
