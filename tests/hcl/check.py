"""`framesmith export --format terraform` read back by HashiCorp's own HCL library (the
fmtcheck tool beside this file, built by make from Debian's hcl v2): the files parse,
`terraform fmt` would not change them, the example's resources are all there, and hostile
names and header keys (quotes, new lines, ${...}, %{...}, HCL keywords) add no resource,
block or attribute and read back exactly as the workspace holds them."""

import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, "target", "debug", "framesmith")
FMTCHECK = os.path.join(ROOT, "target", "hcltools", "fmtcheck")
WORKSPACE = os.path.join(ROOT, "tests/fixtures/workspace.toml")


def fmtcheck(path: str) -> subprocess.CompletedProcess:
    return subprocess.run([FMTCHECK, path], capture_output=True, text=True)


def read(workspace: str, out: str) -> list:
    """Exports, checks with fmtcheck, and returns the blocks as HashiCorp's parser reads them."""
    subprocess.run([CLI, "export", workspace, "--format", "terraform", "--out", out],
                   check=True, capture_output=True)
    path = os.path.join(out, "main.tf")
    run = fmtcheck(path)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)[path]


def export(workspace: str, out: str) -> list:
    """(type, name, attributes, nested blocks) of each block."""
    return [(b["type"], b["labels"], b["attributes"], nested(b["blocks"])) for b in read(workspace, out)]


def nested(blocks: list) -> list:
    return [(b["type"], b["attributes"], nested(b["blocks"])) for b in blocks]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        plain = export(WORKSPACE, os.path.join(tmp, "a"))
        kinds = [labels[0] for kind, labels, _, _ in plain if kind == "resource"]
        assert len(kinds) == len(plain), plain
        assert kinds.count("genesyscloud_oauth_client") == 2, kinds
        assert kinds.count("genesyscloud_integration") == 1, kinds
        assert kinds.count("genesyscloud_integration_action") == 4, kinds  # phone lookup, email lookup (issue 23), call log and its update (issue 27)

        # The checker itself refuses what terraform fmt would change, so the test can fail.
        with open(os.path.join(tmp, "a", "main.tf")) as f:
            text = f.read()
        misaligned = os.path.join(tmp, "misaligned.tf")
        with open(misaligned, "w") as f:
            f.write(text.replace("  name                          =", "  name =", 1))
        assert fmtcheck(misaligned).returncode == 1, "fmtcheck accepted a misaligned file"
        wrapped = os.path.join(tmp, "wrapped.tf")
        with open(wrapped, "w") as f:
            f.write(text.replace('"$${input.rawRequest}"', '"${input.rawRequest}"', 1))
        assert fmtcheck(wrapped).returncode == 1, "fmtcheck accepted an interpolation-only string"

        # The same workspace with hostile names where names go, and header names that are
        # not identifiers, or are HCL's keywords (`{ for = ... }` would open a for expression).
        evil = 'x" }\nresource "null_resource" "pwn" { ${file("/etc/passwd")} %{ if true } y'
        headers = {"for": "q", "Accept": "application/json", "X Tenant": 'a"b', "1abc": "x",
                   "null": "n", "%{y}": "z", "${": "w", "a.b": "$ ~ %"}
        with open(WORKSPACE) as f:
            text = f.read()
        text = text.replace('name = "Acme Dynamics"', "name = " + json.dumps(evil))
        text = text.replace('name = "Lookup Account by Phone"', "name = " + json.dumps(evil))
        text = text.replace('displayName = "Lookup Account by Phone"', "displayName = " + json.dumps(evil))
        inline = ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in headers.items())
        text = text.replace('requestHeaders = { Accept = "application/json" }', "requestHeaders = { " + inline + " }", 1)
        evil_toml = os.path.join(tmp, "evil.toml")
        with open(evil_toml, "w") as f:
            f.write(text)
        blocks = read(evil_toml, os.path.join(tmp, "b"))
        hostile = [(b["type"], b["labels"], b["attributes"], nested(b["blocks"])) for b in blocks]
        strip = lambda doc: [(k, l[0], a, n) for k, l, a, n in doc]
        assert strip(hostile) == strip(plain), hostile
        # Terraform reads back exactly the names and headers the workspace holds.
        assert blocks[0]["values"]["name"] == evil, blocks[0]["values"]
        action = blocks[3]
        assert action["labels"][0] == "genesyscloud_integration_action", action
        assert action["values"]["name"] == evil, action["values"]
        request = [b for b in action["blocks"] if b["type"] == "config_request"][0]
        assert request["values"]["headers"] == headers, request["values"]["headers"]
    print("terraform export: valid HCL that terraform fmt leaves as it is; hostile names and keys add nothing and read back exactly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
