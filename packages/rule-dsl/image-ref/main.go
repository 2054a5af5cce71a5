// Command tollgate-image-ref reads image references as container runtimes do, with the
// reference grammar of github.com/distribution/reference (ParseNormalizedNamed: the implicit
// docker.io registry and library/ path), so that Tollgate's own reading can be compared with it.
//
// Input (standard input, JSON): ["ref", ...]. Output (standard output, JSON): one object per
// reference, in order: {"valid": true, "registry", "repository", "tag", "digest"} or
// {"valid": false, "error"}. An absent tag or digest is "".
package main

import (
	// The digest algorithms a runtime links in: go-digest accepts only algorithms whose hash is.
	_ "crypto/sha256"
	_ "crypto/sha512"
	"encoding/json"
	"fmt"
	"os"

	"github.com/distribution/reference"
)

// version is stamped by the build (-X main.version=...), and printed by --version.
var version = "dev"

type parsed struct {
	Valid      bool   `json:"valid"`
	Error      string `json:"error,omitempty"`
	Registry   string `json:"registry,omitempty"`
	Repository string `json:"repository,omitempty"`
	Tag        string `json:"tag"`
	Digest     string `json:"digest"`
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Printf("tollgate-image-ref %s\n", version)
		return
	}
	var refs []string
	if err := json.NewDecoder(os.Stdin).Decode(&refs); err != nil {
		fmt.Fprintf(os.Stderr, "reading the input: %v\n", err)
		os.Exit(1)
	}
	out := make([]parsed, 0, len(refs))
	for _, ref := range refs {
		named, err := reference.ParseNormalizedNamed(ref)
		if err != nil {
			out = append(out, parsed{Valid: false, Error: err.Error()})
			continue
		}
		p := parsed{Valid: true, Registry: reference.Domain(named), Repository: reference.Path(named)}
		if tagged, ok := named.(reference.Tagged); ok {
			p.Tag = tagged.Tag()
		}
		if digested, ok := named.(reference.Digested); ok {
			p.Digest = digested.Digest().String()
		}
		out = append(out, p)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
