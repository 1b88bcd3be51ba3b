#!/usr/bin/env python3
"""Makes the pinned fonts' subsets (run by scripts/install-tools.sh; docs/pdf.md, "Font subsets").

    subset-fonts.py CHARS OUT FACE...     FACE = "SOURCE|INDEX|FAMILY|FILE"

Each face INDEX of SOURCE (a .ttf/.otf, or a face of a .ttc) is cut down to the characters of
CHARS (tools/font-subset.txt) and written to OUT/FILE under the family name FAMILY (its PostScript
name: FAMILY without spaces, "-", the source's style, e.g. JixiaoSerifCommon-Bold). The family is
renamed so that typst, given the subset's family first and the full face's after it, falls back to
the full face per character; and because the OFL reserves some of the sources' names for unmodified
fonts. Everything else is kept: every glyph of those characters with its outline and hints, every
OpenType layout feature (vertical forms, punctuation widths, kerning), the metrics, the licence and
copyright names. The output depends only on the inputs and fontTools' version (no timestamp is
recalculated), so the same pins give the same bytes; install-tools.sh checks them against
FONT_SUBSET_SHA256.

Needs fontTools (install-tools.sh puts Debian's python3-fonttools on PYTHONPATH).
"""
import os
import sys
from concurrent.futures import ProcessPoolExecutor


def read_chars(path):
    """The characters of a tools/font-subset.txt file, sorted."""
    chars = set()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            item = line.split("#", 1)[0].strip()
            if not item:
                continue
            if item == "gb2312":
                # Every two-byte code of GB 2312's rows (0xA1-0xF7, 0xA1-0xFE) that decodes.
                for hi in range(0xA1, 0xF8):
                    for lo in range(0xA1, 0xFF):
                        try:
                            chars.add(bytes([hi, lo]).decode("gb2312"))
                        except UnicodeDecodeError:
                            pass
            elif item.startswith("U+"):
                first, _, last = item.partition("-")
                try:
                    lo = int(first[2:], 16)
                    hi = int(last.removeprefix("U+"), 16) if last.startswith("U+") else lo
                except ValueError:
                    lo, hi = 0, -1
                if (last and not last.startswith("U+")) or hi < lo:
                    sys.exit(f"{path}:{number}: not a range: {item}")
                chars.update(chr(c) for c in range(lo, hi + 1))
            else:
                sys.exit(f"{path}:{number}: expected gb2312, U+XXXX or U+XXXX-U+YYYY, found {item}")
    return "".join(sorted(chars))


def subset_face(job):
    from fontTools import subset

    chars, out, source, index, family, file = job
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.hinting = True
    opts.recalc_timestamp = False
    opts.font_number = int(index)
    font = subset.load_font(source, opts, dontLoadGlyphNames=True)
    subsetter = subset.Subsetter(opts)
    subsetter.populate(text=chars)
    subsetter.subset(font)

    name = font["name"]
    style = name.getDebugName(2) or "Regular"
    postscript = family.replace(" ", "") + "-" + style.replace(" ", "")
    full = family if style == "Regular" else f"{family} {style}"
    # Family, unique id, full name, PostScript name and the typographic/WWS names, in every
    # language: replaced by the new family's (English, Windows and Mac records).
    for name_id in (1, 3, 4, 6, 16, 17, 21, 22):
        name.removeNames(nameID=name_id)
    for platform, encoding, language in ((3, 1, 0x409), (1, 0, 0)):
        name.setName(family, 1, platform, encoding, language)
        name.setName(style, 2, platform, encoding, language)
        name.setName(postscript, 3, platform, encoding, language)
        name.setName(full, 4, platform, encoding, language)
        name.setName(postscript, 6, platform, encoding, language)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key in ("FullName", "FamilyName"):
            if hasattr(top, key):
                setattr(top, key, full if key == "FullName" else family)
    path = os.path.join(out, file)
    subset.save_font(font, path, opts)
    return path


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    chars = read_chars(sys.argv[1])
    out = sys.argv[2]
    jobs = []
    for face in sys.argv[3:]:
        parts = face.split("|")
        if len(parts) != 4:
            sys.exit(f"subset-fonts: expected SOURCE|INDEX|FAMILY|FILE, found {face}")
        jobs.append((chars, out, *parts))
    os.makedirs(out, exist_ok=True)
    # The faces on every core (the two Noto serif faces take ~12 s each).
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        for path in pool.map(subset_face, jobs):
            print(f"subset-fonts: {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
