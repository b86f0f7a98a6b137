#!/usr/bin/python3
"""Checks manifests/schema/edgecert.schema.json with a real JSON Schema validator (Debian's
python3-jsonschema, draft 2020-12): every example document validates, and on the malformed-manifest
corpus the schema flags exactly the documents the loader flags (expected.txt), except in the cases listed
in CANNOT_TELL, where the loader's error needs what a schema cannot see. Usage:
schema_check.py SCHEMA EXAMPLES_DIR CORPUS_DIR"""
import os
import re
import sys

import jsonschema
import yaml

# Why a schema cannot tell, per corpus case. The schema must accept every document it does not flag in
# agreement with the loader, and each case listed here must really be one the schema misses.
CANNOT_TELL = {
    "15-pack-missing-apex": "the zone apex must be among the hosts: needs the Zone object",
    "16-pack-host-outside-zone": "a host must be inside its zone: needs the Zone object",
    "17-pack-invalid-host": "hostname syntax (labels, lengths, wildcards) is a rule, not a pattern here",
    "18-pack-duplicate-host": "hosts are compared in lowercase; uniqueItems compares exactly",
    "25-duplicate-name-across-files": "names must be unique across documents and files",
    "26-duplicate-zone-apex": "zone apexes must be unique across documents",
    "27-zone-dangling-account": "a reference to another object",
    "28-pack-dangling-zone": "a reference to another object",
    "29-association-dangling-certificate": "a reference to another object",
    "30-association-host-outside-zone": "a host must be inside its zone: needs the Zone object",
    "31-association-to-leaf": "the referenced certificate must be a CA: needs that object",
    "32-association-hostname-twice": "a hostname may be associated with one CA only, across documents",
    "33-mtls-ca-flag-missing": "the PEM's Basic Constraints (OpenSSL)",
    "34-mtls-expired": "the PEM's validity period (OpenSSL)",
    "35-mtls-signature-algorithm": "the PEM's signature algorithm (OpenSSL)",
    "36-mtls-garbage-pem": "the PEM must parse (OpenSSL)",
    "41-mtls-leaf-without-key": "privateKey is required when ca is false: depends on another field",
    "42-mtls-six-cas": "at most five CAs per account, across documents",
    "43-mtls-certificate-file-missing": "a referenced file must exist and be readable",
    "45-csr-sans-miss-common-name": "the SANs must include the common name: compares two fields",
    "50-custom-hostname-dangling-csr": "a reference to another object",
    "51-custom-hostname-not-in-sans": "the hostname must be one of the CSR's SANs: needs that object",
    "52-custom-hostname-self-signed": "the certificate must not be self-signed (OpenSSL)",
    "56-client-certificate-bad-renew-before": "renewBefore must be shorter than validityDays: compares two fields",
    "57-client-certificate-csr-missing": "a referenced file must exist and be readable",
    "58-client-certificate-csr-not-pem": "a referenced file's content (OpenSSL)",
    "59-universal-ssl-disable-guard": "enabled: false needs a CertificatePack of the zone, across documents",
    "70-pack-wildcard-http": "http validation is refused for a wildcard host: compares two fields",
    "72-custom-hostname-twice-in-zone": "a hostname may appear once per zone, across documents",
    "75-custom-hostname-invalid-hostname": "hostname syntax (labels, lengths) is a rule, not a pattern here",
    "69-many-errors-one-file": "the schema finds two of its three documents; the third names an undefined Account",
}
# Files that are not YAML text at all: the loader refuses them before any document is read, and so does
# a YAML reader before any schema is applied; both sides reject the whole file.
NOT_YAML = {"61-yaml-syntax-error", "62-yaml-duplicate-key", "66-invalid-utf8", "67-binary-file", "68-alias-bomb"}


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1 (on/off/yes/no are booleans, 2024-01-01 is a date); editors and edgecert
    read YAML 1.2, where those are strings. Resolve booleans the 1.2 way and keep dates as text."""


def _construct_mapping_refusing_duplicates(loader, node, deep=False):
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        keys.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


# Duplicate keys are an error for edgecert and for the YAML language server; PyYAML keeps the last one.
Yaml12Loader.add_constructor("tag:yaml.org,2002:map",
                             lambda loader, node: _construct_mapping_refusing_duplicates(loader, node, True))
Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def yaml_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                yield os.path.join(dirpath, name)


def documents(path):
    """[(first line (1-based), document)] of a file; raises on anything that is not YAML."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    out = []
    loader = Yaml12Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            out.append((node.start_mark.line + 1, loader.construct_document(node)))
    finally:
        loader.dispose()
    return out


def schema_flags(validator, root):
    """{(file, first line of a flagged document)}, or (file, "*") when the file is not YAML."""
    flagged = set()
    for path in yaml_files(root):
        rel = os.path.relpath(path, root)
        try:
            docs = documents(path)
        except (yaml.YAMLError, UnicodeDecodeError, ValueError):
            flagged.add((rel, "*"))
            continue
        for start, doc in docs:
            if doc is None:
                continue  # an empty document, ignored by the loader too
            if any(True for _ in validator.iter_errors(doc)):
                flagged.add((rel, start))
    return flagged


def loader_flags(case_dir):
    """The documents expected.txt's errors point into, as (file, first line of the document)."""
    flagged = set()
    starts = {}
    for path in yaml_files(case_dir):
        rel = os.path.relpath(path, case_dir)
        try:
            starts[rel] = [start for start, doc in documents(path) if doc is not None]
        except (yaml.YAMLError, UnicodeDecodeError, ValueError):
            starts[rel] = None
    with open(os.path.join(case_dir, "expected.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(.+?):(\d+):(\d+): ", line)
            if not m:
                continue
            rel, at = m.group(1), int(m.group(2))
            if starts.get(rel) is None:
                flagged.add((rel, "*"))
                continue
            inside = [s for s in starts[rel] if s <= at]
            flagged.add((rel, inside[-1] if inside else starts[rel][0]))
    return flagged


def main():
    schema_path, examples, corpus = sys.argv[1:4]
    with open(schema_path, encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []

    checked = 0
    for path in yaml_files(examples):
        for start, doc in documents(path):
            if doc is None:
                continue
            checked += 1
            for error in validator.iter_errors(doc):
                failures.append(f"example {os.path.relpath(path, examples)}:{start}: {error.message}")
    print(f"examples: {checked} documents checked against the schema")

    cases = sorted(d for d in os.listdir(corpus) if os.path.isdir(os.path.join(corpus, d)))
    agree = 0
    for case in cases:
        case_dir = os.path.join(corpus, case)
        by_schema, by_loader = schema_flags(validator, case_dir), loader_flags(case_dir)
        if case in NOT_YAML:
            if by_schema != by_loader:
                failures.append(f"{case}: not YAML, yet schema {sorted(map(str, by_schema))} "
                                f"!= loader {sorted(map(str, by_loader))}")
            continue
        if case in CANNOT_TELL:
            if not by_schema <= by_loader:
                failures.append(f"{case}: the schema flags documents the loader accepts: {by_schema - by_loader}")
            if by_schema == by_loader:
                failures.append(f"{case}: listed as one a schema cannot tell, but the schema does: "
                                "remove it from CANNOT_TELL")
            continue
        if by_schema != by_loader:
            failures.append(f"{case}: schema flags {sorted(map(str, by_schema))}, "
                            f"loader flags {sorted(map(str, by_loader))}")
        else:
            agree += 1
    print(f"corpus: {len(cases)} cases; schema and loader agree on {agree}; {len(NOT_YAML)} are not YAML; "
          f"{len(CANNOT_TELL)} need what a schema cannot see")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
