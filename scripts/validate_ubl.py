#!/usr/bin/env python3
"""Validates UBL invoices and credit notes against the official rules.

Runs the CEN EN16931 UBL validation XSLT and the Peppol BIS Billing 3.0 UBL
rules (both vendored in server/tests/peppol/, see NOTICE.md there) over each
XML file given, with Saxon (PyPI's saxonche). Prints every failed assertion;
exits 1 when any assertion flagged "fatal" failed, 2 on a usage or setup error.
`--allow RULE` accepts a known failure of that rule (reported, not counted),
e.g. PEPPOL-EN16931-R010 for a customer without a Peppol address.

    scripts/validate_ubl.py [--allow RULE ...] invoice.xml [more.xml ...]
"""
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "..", "server", "tests", "peppol")
STYLESHEETS = ["EN16931-UBL-validation.xslt", "PEPPOL-EN16931-UBL.xslt"]
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def main(args):
    allowed, paths = set(), []
    while args:
        arg = args.pop(0)
        if arg == "--allow" and args:
            allowed.add(args.pop(0))
        else:
            paths.append(arg)
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        from saxonche import PySaxonProcessor
    except ImportError:
        print("validate_ubl: saxonche is not installed (scripts/setup.sh --test installs it)", file=sys.stderr)
        return 2
    fatal = 0
    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor()
        executables = []
        for name in STYLESHEETS:
            exe = xslt.compile_stylesheet(stylesheet_file=os.path.join(RULES, name))
            if exe is None:
                print(f"validate_ubl: cannot compile {name}", file=sys.stderr)
                return 2
            executables.append((name, exe))
        for path in paths:
            for name, exe in executables:
                report = exe.transform_to_string(source_file=os.path.abspath(path))
                if report is None:
                    print(f"{path}: {name} could not run (is it well-formed XML?)")
                    fatal += 1
                    continue
                root = ET.fromstring(report)
                for failed in root.iter(SVRL + "failed-assert"):
                    flag = failed.get("flag", "fatal")
                    if failed.get("id") in allowed:
                        flag = "allowed"
                    text = " ".join("".join(failed.find(SVRL + "text").itertext()).split())
                    print(f"{path}: {flag} {failed.get('id')}: {text} (at {failed.get('location')})")
                    if flag == "fatal":
                        fatal += 1
    if fatal:
        print(f"validate_ubl: {fatal} fatal rule violation(s)")
        return 1
    print(f"validate_ubl: {len(paths)} document(s) valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
