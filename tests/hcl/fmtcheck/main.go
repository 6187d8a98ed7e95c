// fmtcheck reads Terraform files with HashiCorp's own HCL library (the one Terraform is
// built on) and fails unless each file parses and `terraform fmt` would leave it as it is:
// hclwrite.Format is the layout terraform fmt applies, and an interpolation-only string
// ("${x}") is the one expression it rewrites in resources. On success it prints each
// file's shape as JSON (blocks, labels, attribute names, and the value of every attribute
// that is a constant, as Terraform would read it), for tests/hcl/check.py.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

type block struct {
	Type       string   `json:"type"`
	Labels     []string `json:"labels"`
	Attributes []string                   `json:"attributes"`
	Values     map[string]json.RawMessage `json:"values"`
	Blocks     []block                    `json:"blocks"`
}

func shape(body *hclsyntax.Body) []block {
	out := []block{}
	for _, b := range body.Blocks {
		attrs := []string{}
		values := map[string]json.RawMessage{}
		for name, a := range b.Body.Attributes {
			attrs = append(attrs, name)
			// References (integration_id) need Terraform's state; constants evaluate alone.
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
				if raw, err := ctyjson.Marshal(v, v.Type()); err == nil {
					values[name] = raw
				}
			}
		}
		sort.Strings(attrs)
		out = append(out, block{Type: b.Type, Labels: b.Labels, Attributes: attrs, Values: values, Blocks: shape(b.Body)})
	}
	return out
}

// firstDifference names the first line where want (the formatted text) and got differ.
func firstDifference(got, want []byte) string {
	g := strings.Split(string(got), "\n")
	w := strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n  is:        %q\n  fmt wants: %q", i+1, gl, wl)
		}
	}
	return "line endings differ"
}

func check(path string) ([]block, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("not valid HCL: %s", diags.Error())
	}
	if formatted := hclwrite.Format(src); !bytes.Equal(formatted, src) {
		return nil, fmt.Errorf("%s: terraform fmt would change it, first at %s", path, firstDifference(src, formatted))
	}
	var wrapped []string
	hclsyntax.VisitAll(file.Body.(*hclsyntax.Body), func(n hclsyntax.Node) hcl.Diagnostics {
		if w, ok := n.(*hclsyntax.TemplateWrapExpr); ok {
			wrapped = append(wrapped, w.SrcRange.String())
		}
		return nil
	})
	if len(wrapped) > 0 {
		return nil, fmt.Errorf("%s: terraform fmt would unwrap the interpolation-only strings at %s", path, strings.Join(wrapped, ", "))
	}
	return shape(file.Body.(*hclsyntax.Body)), nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: fmtcheck FILE.tf...")
		os.Exit(2)
	}
	shapes := map[string][]block{}
	for _, path := range os.Args[1:] {
		s, err := check(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		shapes[path] = s
	}
	if err := json.NewEncoder(os.Stdout).Encode(shapes); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
