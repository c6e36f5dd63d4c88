#!/usr/bin/env python3
"""Validates ISO 20022 payment files against the official XML schema.

The schema (e.g. pain.001.001.09, the SEPA credit transfer initiation that
Belgian banks accept) is the one PyPI's `sepaxml` ships in
sepaxml/schemas/ (see the licence notice in its package); lxml checks each
file given against it. Prints every schema error with its line; exits 1 when
any file is invalid, 2 on a usage or setup error.

    scripts/validate_xsd.py pain.001.001.09 payments.xml [more.xml ...]
"""
import os
import sys


def main(args):
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    message, paths = args[0], args[1:]
    try:
        import sepaxml
        from lxml import etree
    except ImportError as missing:
        print(f"validate_xsd: {missing.name} is not installed (scripts/setup.sh --test installs it)", file=sys.stderr)
        return 2
    xsd_path = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", f"{message}.xsd")
    if not os.path.exists(xsd_path):
        print(f"validate_xsd: no schema {message} in sepaxml", file=sys.stderr)
        return 2
    schema = etree.XMLSchema(etree.parse(xsd_path))
    invalid = 0
    for path in paths:
        try:
            document = etree.parse(path)
        except etree.XMLSyntaxError as error:
            print(f"{path}: not well-formed: {error}")
            invalid += 1
            continue
        if not schema.validate(document):
            invalid += 1
            for error in schema.error_log:
                print(f"{path}:{error.line}: {error.message}")
    if invalid:
        print(f"validate_xsd: {invalid} of {len(paths)} document(s) invalid against {message}")
        return 1
    print(f"validate_xsd: {len(paths)} document(s) valid against {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
