"""`framesmith export --format terraform` read back by an independent HCL parser
(python-hcl2, installed by `make test-js`): the example's resources are all there, and
hostile names (quotes, new lines, ${...} and %{...}) add no resource, block or attribute."""

import json
import os
import subprocess
import sys
import tempfile

import hcl2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, "target", "debug", "framesmith")


def export(workspace: str, out: str) -> dict:
    subprocess.run([CLI, "export", workspace, "--format", "terraform", "--out", out],
                   check=True, capture_output=True)
    with open(os.path.join(out, "main.tf")) as f:
        return hcl2.load(f)


def shape(doc: dict) -> list:
    """Resource type, name and attribute names, in order."""
    out = []
    for r in doc["resource"]:
        for rtype, named in r.items():
            for name, body in named.items():
                out.append((rtype.strip('"'), name.strip('"'),
                            sorted(k for k in body if not k.startswith("__"))))
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        plain = shape(export(os.path.join(ROOT, "tests/fixtures/workspace.toml"), os.path.join(tmp, "a")))
        types = [t for t, _, _ in plain]
        assert types.count("genesyscloud_oauth_client") == 2, types
        assert types.count("genesyscloud_integration") == 1, types
        assert types.count("genesyscloud_integration_action") == 2, types

        # The same workspace with hostile names where names go.
        evil = 'x" }\nresource "null_resource" "pwn" { ${file("/etc/passwd")} %{ if true } y'
        src = os.path.join(ROOT, "tests/fixtures/workspace.toml")
        text = open(src).read()
        text = text.replace('name = "Acme Dynamics"', "name = " + json.dumps(evil))
        text = text.replace('name = "Lookup Account by Phone"', "name = " + json.dumps(evil))
        text = text.replace('displayName = "Lookup Account by Phone"', "displayName = " + json.dumps(evil))
        evil_toml = os.path.join(tmp, "evil.toml")
        with open(evil_toml, "w") as f:
            f.write(text)
        hostile = shape(export(evil_toml, os.path.join(tmp, "b")))
        assert [t for t, _, _ in hostile] == types, hostile
        assert [a for _, _, a in hostile] == [a for _, _, a in plain], hostile
    print("terraform export: valid HCL; hostile names add nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
