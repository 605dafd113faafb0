#!/usr/bin/env python3
"""Check the channel wiring of a Nextflow workflow script against its modules, without Nextflow.

    nf_wiring.py MAIN_NF

For every process included from a local module (include { A; B } from './path'), reads the
module's input: and output: sections; then in MAIN_NF checks that
  - every call `NAME(args)` of an included process passes as many channels as it has inputs;
  - every `NAME.out.EMIT` names an included process that has been called and one of its emits;
  - every included process is called, and no call names a process that is not included;
  - every `channel.topic('T')` names a topic some module emits on.
Prints one line per check, "ok ..." or "BAD ..."; exit 1 if any is BAD.
"""
import os
import re
import sys


def section(text, name):
    m = re.search(r"^\s*" + name + r":\s*\n(.*?)(?=^\s*(input|output|when|script|stub|exec):\s*$)",
                  text, re.S | re.M)
    return m.group(1) if m else ""


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?<![:'\"])//[^\n]*", "", text)


def call_args(text, start):
    """The top-level comma-separated arguments of the call whose '(' is at text[start]."""
    depth, args, cur, i, quote = 0, [], "", start, None
    while i < len(text):
        c = text[i]
        if quote:
            cur += c
            if c == "\\":
                cur += text[i + 1]
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
            cur += c
        elif c in "([{":
            depth += 1
            if depth > 1:
                cur += c
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                if cur.strip():
                    args.append(cur.strip())
                return args
            cur += c
        elif c == "," and depth == 1:
            args.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    raise SystemExit("nf_wiring: unbalanced call")


def main(path):
    base = os.path.dirname(os.path.abspath(path))
    text = strip_comments(open(path).read())
    procs = {}
    for names, inc in re.findall(r"include\s*\{([^}]*)\}\s*from\s*'([^']+)'", text):
        if inc.startswith("plugin/"):
            continue
        mod = open(os.path.join(base, inc + ".nf")).read()
        for n in [x.strip().split(" as ")[-1].strip() for x in names.split(";") if x.strip()]:
            if not re.search(r"^process\s+" + re.escape(n) + r"\b", mod, re.M):
                procs[n] = None
                continue
            out = section(mod, "output")
            inputs = [ln for ln in section(mod, "input").splitlines()
                      if re.match(r"\s*(tuple|path|val|each|env|stdin)\b", ln)]
            procs[n] = {
                "inputs": len(inputs),
                "emits": set(re.findall(r"emit:\s*(\w+)", out)),
                "topics": set(re.findall(r"topic:\s*(\w+)", out)),
            }
    bad = 0

    def report(ok, what):
        nonlocal bad
        print(("ok " if ok else "BAD ") + what)
        bad += not ok

    body = text[text.index("workflow {"):] if "workflow {" in text else text
    called = set()
    for m in re.finditer(r"\b([A-Z][A-Z0-9_]+)\s*\(", body):
        name = m.group(1)
        if name not in procs:
            report(False, f"call {name}(...): not an included process")
            continue
        if procs[name] is None:
            report(False, f"include {name}: no such process in its module")
            continue
        n = len(call_args(body, m.end() - 1))
        report(n == procs[name]["inputs"],
               f"call {name}: {n} channels for {procs[name]['inputs']} inputs")
        called.add(name)
    for name in procs:
        report(name in called, f"include {name} is called")
    for m in re.finditer(r"\b([A-Z][A-Z0-9_]+)\.out\.(\w+)", body):
        name, emit = m.groups()
        ok = name in procs and procs[name] is not None and emit in procs[name]["emits"]
        report(ok, f"{name}.out.{emit}: an emit of an included process")
        report(name in called, f"{name}.out.{emit}: {name} is called")
    topics = set().union(*[p["topics"] for p in procs.values() if p])
    for t in re.findall(r"channel\.topic\(\s*'(\w+)'\s*\)", body, re.I):
        report(t in topics, f"channel.topic('{t}'): a module emits on it")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1]))
