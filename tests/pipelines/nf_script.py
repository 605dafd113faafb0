#!/usr/bin/env python3
"""Run a Nextflow module's command without Nextflow: extract, fill in, list outputs.

    nf_script.py MAIN_NF script|stub NAME=VALUE...   print the bash script of that block
    nf_script.py MAIN_NF outputs NAME=VALUE...       print the output path patterns, one a line
                                                     (optional ones prefixed with '?')
    nf_script.py MAIN_NF versions                    print the command of the `eval(...)` output

NAME=VALUE fill the Groovy variables the block uses: task.cpus=2, meta.id=S1, reads='a b' (a
list of paths is written space-separated, as Nextflow does), fasta= (empty = null/false).
`task.ext.*` default to null. The block's `def x = ...` / `x = ...` lines are evaluated (string
literals with ${...}, names, `a ?: b`, `c ? a : b`), then the triple-quoted command is filled in
the way Groovy does (`\\\\` -> `\\`, `\\$` -> `$`). A variable the caller did not give is an error
(exit 3), so a module that grows a new variable cannot pass unnoticed.
"""
import re
import sys


class Undefined(Exception):
    pass


def block(text, name):
    """Lines of the `name:` section of the process (up to the next section or the end)."""
    lines = text.splitlines()
    sections = ("input:", "output:", "when:", "script:", "stub:", "exec:", "shell:")
    start = None
    for i, line in enumerate(lines):
        if line.strip() == name + ":":
            start = i + 1
            break
    if start is None:
        raise SystemExit(f"nf_script: no '{name}:' section")
    out = []
    in_string = False
    for line in lines[start:]:
        if line.count('"""') % 2 == 1:
            in_string = not in_string
        elif not in_string and (line.strip() in sections or line.rstrip() == "}"):
            break
        out.append(line)
    return out


def lookup(name, env):
    if name in env:
        return env[name]
    if name.startswith("task.ext."):
        return None
    raise Undefined(name)


def interpolate(s, env):
    """A Groovy GString body: ${expr} and $name filled in, escapes resolved."""
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(s[i + 1])
            i += 2
        elif c == "$" and i + 1 < len(s) and s[i + 1] == "{":
            j = s.index("}", i)
            v = evaluate(s[i + 2:j], env)
            out.append("" if v is None else str(v))
            i = j + 1
        elif c == "$" and i + 1 < len(s) and (s[i + 1].isalpha() or s[i + 1] == "_"):
            m = re.match(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", s[i + 1:])
            v = lookup(m.group(0), env)
            out.append("" if v is None else str(v))
            i += 1 + len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_top(expr, sep):
    """Split expr at the first top-level `sep` (outside quotes and braces), or None."""
    depth = 0
    quote = None
    i = 0
    while i < len(expr):
        c = expr[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif depth == 0 and expr.startswith(sep, i):
            if sep == "?" and expr.startswith("?:", i):
                i += 2
                continue
            return expr[:i], expr[i + len(sep):]
        i += 1
    return None


def evaluate(expr, env):
    expr = expr.strip()
    parts = split_top(expr, "?:")
    if parts:
        v = evaluate(parts[0], env)
        return v if v not in (None, "", False) else evaluate(parts[1], env)
    parts = split_top(expr, "?")
    if parts:
        branches = split_top(parts[1], ":")
        if not branches:
            raise SystemExit(f"nf_script: cannot read '{expr}'")
        cond = evaluate(parts[0], env)
        return evaluate(branches[0] if cond not in (None, "", False) else branches[1], env)
    if len(expr) >= 2 and expr[0] == expr[-1] == "'":
        return expr[1:-1]
    if len(expr) >= 2 and expr[0] == expr[-1] == '"':
        return interpolate(expr[1:-1], env)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", expr):
        return lookup(expr, env)
    raise SystemExit(f"nf_script: cannot read '{expr}'")


def command(lines, env):
    """Evaluate the assignments, then fill in and return the first triple-quoted string."""
    body = "\n".join(lines)
    m = re.search(r'"""\n?(.*?)"""', body, re.S)
    if not m:
        raise SystemExit('nf_script: no """ command """ in the block')
    for line in body[: m.start()].splitlines():
        line = line.split("//")[0].strip()
        a = re.match(r"(?:def\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$", line)
        if a:
            env[a.group(1)] = evaluate(a.group(2), env)
        elif line:
            raise SystemExit(f"nf_script: cannot read '{line}'")
    text = m.group(1)
    # strip the common indentation, as Nextflow does with the script's stripIndent()
    rows = text.splitlines()
    indent = min((len(r) - len(r.lstrip()) for r in rows if r.strip()), default=0)
    return interpolate("\n".join(r[indent:] for r in rows), env) + "\n"


def outputs(lines, env):
    """Output path patterns; an optional one (`optional: true`) is prefixed with '?'."""
    pats = []
    for line in lines:
        optional = re.search(r"optional:\s*true", line.split("//")[0]) is not None
        for m in re.finditer(r'path\(\s*(["\'])(.*?)\1', line):
            pat = interpolate(m.group(2), env) if m.group(1) == '"' else m.group(2)
            pats.append(("?" if optional else "") + pat)
    return pats


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    text = open(argv[1]).read()
    env = {}
    for kv in argv[3:]:
        k, _, v = kv.partition("=")
        env[k] = v if v != "" else None
    try:
        if argv[2] in ("script", "stub"):
            sys.stdout.write(command(block(text, argv[2]), env))
        elif argv[2] == "outputs":
            # ${prefix} (and other script variables) come from the script block's assignments
            command(block(text, "script"), env)
            print("\n".join(outputs(block(text, "output"), env)))
        elif argv[2] == "versions":
            m = re.search(r"eval\('(.*?)'\)", "\n".join(block(text, "output")))
            if not m:
                raise SystemExit("nf_script: no eval('...') versions output")
            print(m.group(1))
        else:
            raise SystemExit(__doc__)
    except Undefined as e:
        sys.stderr.write(f"nf_script: {argv[1]}: variable '{e}' is not given\n")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
