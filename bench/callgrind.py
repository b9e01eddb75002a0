"""Reads `callgrind_annotate --inclusive=yes` output, for bench/profile.sh
and bench/stages.sh."""

import re


def table(path):
    """Inclusive instructions per function name, and the program total
    under "TOTAL". The largest entry wins: inlined copies are listed under
    the caller's name as well."""
    out = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        if "PROGRAM TOTALS" in line:
            out["TOTAL"] = int(line.split()[0].replace(",", ""))
            continue
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(?:=> )?(\S.*?)(?: \[[^]]*\])?(?: \(\d+x\))?$", line)
        if m:
            n, name = int(m.group(1).replace(",", "")), m.group(2)
            # file:function, the file ending .rs, .c, .h, .S or being ???
            f = re.match(r"(?:.*?\.(?:rs|c|h|S)|\?\?\?):(.*)$", name)
            name = f.group(1) if f else name
            out[name] = max(out.get(name, 0), n)
    return out
