#!/usr/bin/env python3
"""Print the fenced code blocks of a Markdown file, one per NUL-terminated record.

    doc_blocks.py FILE.md LANG [SECTION...]

LANG: the info string of the blocks wanted (sh, console, ...). With SECTIONs, only blocks under
those `## ` headings (exact heading text after '## ').
"""
import re
import sys


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    path, lang, sections = argv[1], argv[2], set(argv[3:])
    text = open(path).read().splitlines()
    section, inside, keep, cur = None, False, False, []
    for line in text:
        if inside:
            if line.strip() == "```":
                if keep:
                    sys.stdout.write("\n".join(cur) + "\n\0")
                inside, keep, cur = False, False, []
            elif keep:
                cur.append(line)
            continue
        m = re.match(r"^## (.*)$", line)
        if m:
            section = m.group(1).strip()
            continue
        m = re.match(r"^```(\S*)\s*$", line)
        if m:
            inside = True
            keep = m.group(1) == lang and (not sections or section in sections)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
