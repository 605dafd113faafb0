#!/usr/bin/env python3
"""Validate a sample sheet against a JSON schema the way its workflow engine does.

    sheet_schema.py snakemake SHEET.tsv SCHEMA.yaml    each row (a dict of strings, empty cells
                                                        as "") against the row schema (Snakemake's
                                                        validate() in rules/common.smk)
    sheet_schema.py nextflow SHEET.csv SCHEMA.json ROOT
                                                        the sheet as nf-schema reads it: empty
                                                        cells left out, values cast to the
                                                        property's type, then the array against
                                                        the schema; plus nf-schema's own keywords
                                                        (uniqueEntries, exists: paths relative to
                                                        ROOT, the launch directory)
    sheet_schema.py config FILE.yaml SCHEMA.yaml        a config (YAML) against its schema

Prints "PASS<TAB>what" or "FAIL<TAB>what: why" lines (tests/lib.sh check_verdicts); exit 1 if the
sheet is invalid. Uses python3-jsonschema (Debian), draft 7 and 2020-12.
"""
import csv
import json
import os
import sys

import jsonschema
import yaml


def verdict(ok, what, why=""):
    print(("PASS" if ok else "FAIL") + "\t" + what + ("" if ok else f": {why}"))
    return ok


def errors(validator, instance):
    return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))


def describe(e):
    where = "/".join(str(p) for p in e.absolute_path)
    if e.validator in ("oneOf", "anyOf"):
        msg = f"the row is not valid under any of the given schemas ({e.validator}: " + \
            "; ".join(s.get("description", "?") if isinstance(s, dict) else "?"
                      for s in e.validator_value) + ")"
    else:
        msg = e.message if len(e.message) < 120 else e.message[:117] + "..."
    return f"{where}: {msg}" if where else msg


def snakemake(sheet, schema_path):
    schema = yaml.safe_load(open(schema_path))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    v = cls(schema)
    rows = list(csv.DictReader(open(sheet, newline=""), delimiter="\t"))
    ok = verdict(bool(rows), f"{os.path.basename(sheet)}: has rows", "empty")
    for i, row in enumerate(rows, start=2):
        row = {k.strip(): (x or "").strip() for k, x in row.items() if k}
        errs = errors(v, row)
        ok &= verdict(not errs, f"{os.path.basename(sheet)} line {i} ({row.get('sample')})",
                      "; ".join(describe(e) for e in errs))
    return ok


def cast(value, prop):
    t = prop.get("type")
    try:
        if t == "integer":
            return int(value)
        if t == "number":
            return float(value) if any(c in value for c in ".eE") else int(value)
        if t == "boolean" and value.lower() in ("true", "false"):
            return value.lower() == "true"
    except ValueError:
        pass
    return value


def nextflow(sheet, schema_path, root):
    schema = json.load(open(schema_path))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    props = schema["items"]["properties"]
    rows = []
    for row in csv.DictReader(open(sheet, newline="")):
        rows.append({k.strip(): cast(x.strip(), props.get(k.strip(), {}))
                     for k, x in row.items() if k and x is not None and x.strip() != ""})
    name = os.path.basename(sheet)
    errs = errors(v, rows)
    ok = verdict(not errs, f"{name}: {len(rows)} rows valid against {os.path.basename(schema_path)}",
                 "; ".join(describe(e) for e in errs))
    for key in schema.get("uniqueEntries", []):
        vals = [r.get(key) for r in rows]
        dup = sorted({x for x in vals if vals.count(x) > 1})
        ok &= verdict(not dup, f"{name}: '{key}' unique (nf-schema uniqueEntries)", f"repeated {dup}")
    for i, r in enumerate(rows, start=2):
        for k, x in r.items():
            if props.get(k, {}).get("exists"):
                ok &= verdict(os.path.exists(os.path.join(root, x)),
                              f"{name} line {i}: {k} exists (nf-schema exists)", f"no {x}")
    return ok


def config(path, schema_path):
    schema = yaml.safe_load(open(schema_path))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errs = errors(cls(schema), yaml.safe_load(open(path)))
    return verdict(not errs, f"{os.path.basename(path)} valid against {os.path.basename(schema_path)}",
                   "; ".join(describe(e) for e in errs))


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "snakemake" and len(sys.argv) == 4:
        sys.exit(0 if snakemake(*sys.argv[2:]) else 1)
    if mode == "nextflow" and len(sys.argv) == 5:
        sys.exit(0 if nextflow(*sys.argv[2:]) else 1)
    if mode == "config" and len(sys.argv) == 4:
        sys.exit(0 if config(*sys.argv[2:]) else 1)
    raise SystemExit(__doc__)
