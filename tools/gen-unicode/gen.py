#!/usr/bin/env python3
"""Generate src/bytes/tables.rs: the Unicode tables behind authlens::bytes.

Inputs (all offline):
  * Unicode Character Database 15.0 from Debian's `unicode-data` package
    (/usr/share/unicode: PropList.txt, DerivedCoreProperties.txt, LineBreak.txt, UnicodeData.txt,
    NameAliases.txt). Override the folder with UCD_DIR=...
  * confusables.txt prototypes (UTS #39) as shipped in the source of the `unicode-security` crate
    (src/tables.rs, `confusable_detection::CONFUSABLES`), found in ~/.cargo/registry/src.
    Override with CONFUSABLES_RS=/path/to/tables.rs.

Usage:  apt-get install unicode-data
        (cd /tmp && cargo new --lib t && cd t && cargo add unicode-security@0.1.3 && cargo fetch)
        python3 tools/gen-unicode/gen.py > src/bytes/tables.rs
"""
import glob
import os
import re
import sys

UCD = os.environ.get("UCD_DIR", "/usr/share/unicode")

WHITE_SPACE, BIDI_CONTROL, IGNORABLE, QUOTE, LINE_BREAK, DASH, ELLIPSIS, PRIME = (1 << i for i in range(8))
FLAG_NAMES = {
    WHITE_SPACE: "WHITE_SPACE", BIDI_CONTROL: "BIDI_CONTROL", IGNORABLE: "DEFAULT_IGNORABLE",
    QUOTE: "QUOTATION_MARK", LINE_BREAK: "LINE_BREAK", DASH: "DASH", ELLIPSIS: "ELLIPSIS", PRIME: "PRIME",
}


def ucd_lines(name):
    with open(os.path.join(UCD, name), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [p.strip() for p in line.split(";")]


def code_range(field):
    if ".." in field:
        a, b = field.split("..")
        return int(a, 16), int(b, 16)
    return int(field, 16), int(field, 16)


def version_of(name):
    with open(os.path.join(UCD, name), encoding="utf-8") as f:
        return f.readline().strip("# \n")


flags = {}


def mark(lo, hi, flag):
    for cp in range(lo, hi + 1):
        flags[cp] = flags.get(cp, 0) | flag


for fields in ucd_lines("PropList.txt"):
    lo, hi = code_range(fields[0])
    prop = fields[1]
    if prop == "White_Space":
        mark(lo, hi, WHITE_SPACE)
    elif prop == "Bidi_Control":
        mark(lo, hi, BIDI_CONTROL)
    elif prop == "Quotation_Mark":
        mark(lo, hi, QUOTE)
    elif prop == "Dash":
        mark(lo, hi, DASH)
for fields in ucd_lines("DerivedCoreProperties.txt"):
    if fields[1] == "Default_Ignorable_Code_Point":
        lo, hi = code_range(fields[0])
        mark(lo, hi, IGNORABLE)
for fields in ucd_lines("LineBreak.txt"):
    # Mandatory breaks: BK (VT, FF, LS, PS), CR, LF, NL (NEL).
    if fields[1] in ("BK", "CR", "LF", "NL"):
        lo, hi = code_range(fields[0])
        mark(lo, hi, LINE_BREAK)

names = {}
categories = {}
with open(os.path.join(UCD, "UnicodeData.txt"), encoding="utf-8") as f:
    for line in f:
        p = line.split(";")
        cp = int(p[0], 16)
        names[cp] = p[1]
        categories[cp] = p[2]
# Controls are named "<control>" in UnicodeData.txt; their real names are aliases.
control_alias = {}
for fields in ucd_lines("NameAliases.txt"):
    cp = int(fields[0], 16)
    if fields[2] == "control" and cp not in control_alias:
        control_alias[cp] = fields[1]
for cp, alias in control_alias.items():
    names[cp] = alias

for cp, name in names.items():
    if name.startswith("<"):
        continue
    # Ellipses (U+2026 ...) and primes (U+2032 ...) are typography that smart editors insert.
    if "ELLIPSIS" in name and categories[cp].startswith("P"):
        mark(cp, cp, ELLIPSIS)
    if re.search(r"\bPRIME\b", name) and categories[cp] == "Po":
        mark(cp, cp, PRIME)
# ASCII punctuation stays out of the punctuation classes except the quotes themselves:
# `-` (Dash) is ordinary in keys, while `"`, `'` and the backtick wrap values by mistake.
for cp in list(flags):
    if cp < 0x80:
        flags[cp] &= ~(DASH)
mark(0x60, 0x60, QUOTE)  # GRAVE ACCENT: template-literal quote, not Quotation_Mark in the UCD.

# confusables.txt prototypes, kept when the prototype is one printable ASCII character.
tables_rs = os.environ.get("CONFUSABLES_RS")
if not tables_rs:
    found = sorted(glob.glob(os.path.expanduser("~/.cargo/registry/src/*/unicode-security-*/src/tables.rs")))
    if not found:
        sys.exit("unicode-security crate source not found: set CONFUSABLES_RS or cargo fetch it (see docstring)")
    tables_rs = found[-1]
src = open(tables_rs, encoding="utf-8").read()
m = re.search(r"pub const UNICODE_VERSION: \(u64, u64, u64\) = \((\d+), (\d+), (\d+)\)", src)
confusables_version = ".".join(m.groups()) if m else "unknown"
body = src[src.index("const CONFUSABLES: &'static [(char, &'static [char])]"):]
body = body[: body.index("];")]
confusables = {}
for src_cp, targets in re.findall(r"\('\\u\{([0-9a-f]+)\}',\s*&\[([^\]]*)\]\)", body):
    cps = [int(t, 16) for t in re.findall(r"\\u\{([0-9a-f]+)\}", targets)]
    cp = int(src_cp, 16)
    if cp >= 0x80 and len(cps) == 1 and 0x21 <= cps[0] <= 0x7E:
        confusables[cp] = cps[0]
if len(confusables) < 300:
    sys.exit(f"only {len(confusables)} confusables parsed: the crate's table format changed")

# Merge per-code-point flags into sorted, non-overlapping ranges of equal flags.
ranges = []
for cp in sorted(flags):
    fl = flags[cp]
    if fl == 0:
        continue
    if ranges and ranges[-1][1] == cp - 1 and ranges[-1][2] == fl:
        ranges[-1][1] = cp
    else:
        ranges.append([cp, cp, fl])

named = set()
for lo, hi, _ in ranges:
    named.update(range(lo, hi + 1))
named.update(confusables)
named.update(range(0x00, 0x20))
named.add(0x7F)
named.update(range(0x80, 0x100))
# Variation selectors 17-256 are named by code in `name_of`. The Mathematical Alphanumeric Symbols
# block (about 900 confusables, ~30 KB of names) is left unnamed to keep the wasm small: its labels
# fall back to U+XXXX, and the confusable kind still says which ASCII char it looks like.
name_rows = sorted(
    (cp, names[cp]) for cp in named
    if cp in names and not names[cp].startswith("<")
    and not (0xE0100 <= cp <= 0xE01EF) and not (0x1D400 <= cp <= 0x1D7FF)
)

def byte_literal(b):
    ch = chr(b)
    return "b'\\''" if ch == "'" else "b'\\\\'" if ch == "\\" else f"b'{ch}'"


out = []
w = out.append
w("// @generated by tools/gen-unicode/gen.py — do not edit by hand.")
w("// Regenerate: apt-get install unicode-data; cargo fetch a throwaway crate depending on")
w("// unicode-security 0.1.3; python3 tools/gen-unicode/gen.py > src/bytes/tables.rs")
w(f"// Sources: {version_of('PropList.txt')}, {version_of('DerivedCoreProperties.txt')},")
w(f"// {version_of('LineBreak.txt')}, UnicodeData.txt + NameAliases.txt (same UCD),")
w(f"// confusables.txt prototypes for Unicode {confusables_version} (unicode-security crate).")
w("")
for bit, nm in FLAG_NAMES.items():
    w(f"pub(crate) const {nm}: u16 = {bit};")
w("")
w("/// Sorted, non-overlapping `(first, last, flags)` code point ranges.")
w("pub(crate) static CLASS_RANGES: &[(u32, u32, u16)] = &[")
for lo, hi, fl in ranges:
    w(f"    (0x{lo:04X}, 0x{hi:04X}, {fl}),")
w("];")
w("")
w("/// Sorted code points whose confusables.txt prototype is one printable ASCII char...")
w("pub(crate) static CONFUSABLE_CODE_POINTS: &[u32] = &[")
items = sorted(confusables.items())
for i in range(0, len(items), 10):
    w("    " + " ".join(f"0x{cp:04X}," for cp, _ in items[i:i + 10]))
w("];")
w("")
w("/// ...and that ASCII char, at the same index.")
w("pub(crate) static CONFUSABLE_TARGETS: &[u8; %d] = b\"\\" % len(items))
for i in range(0, len(items), 80):
    chunk = "".join(chr(t) for _, t in items[i:i + 80]).replace("\\", "\\\\").replace('"', '\\"')
    w(f"    {chunk}\\")
w("\";")
w("")
text = "".join(nm for _, nm in name_rows)
ends = []
pos = 0
for _, nm in name_rows:
    pos += len(nm)
    ends.append(pos)
assert pos < 65536
w("/// Sorted code points that have a name in [`NAMES_TEXT`]...")
w("pub(crate) static NAME_CODE_POINTS: &[u32] = &[")
for i in range(0, len(name_rows), 10):
    w("    " + " ".join(f"0x{cp:04X}," for cp, _ in name_rows[i:i + 10]))
w("];")
w("")
w("/// ...where the name of `NAME_CODE_POINTS[i]` ends (it starts where the previous one ends).")
w("pub(crate) static NAME_ENDS: &[u16] = &[")
for i in range(0, len(ends), 12):
    w("    " + " ".join(f"{e}," for e in ends[i:i + 12]))
w("];")
w("")
w("/// Every name, concatenated.")
w("pub(crate) static NAMES_TEXT: &str = \"\\")
assert '"' not in text and "\\" not in text
for i in range(0, len(text), 96):
    chunk = text[i:i + 96]
    # A line continuation swallows the next line's leading spaces: escape a leading space.
    if chunk.startswith(" "):
        chunk = "\\x20" + chunk[1:]
    w(f"    {chunk}\\")
w("\";")
print("\n".join(out))
print(f"ranges={len(ranges)} confusables={len(confusables)} names={len(name_rows)} name_bytes={sum(len(n) for _, n in name_rows)}", file=sys.stderr)
