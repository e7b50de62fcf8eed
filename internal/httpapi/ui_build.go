package httpapi

import (
	"encoding/json"
	"io/fs"
)

// uiBuild is ui/BUILD.json: the digest of web/'s inputs the assets were
// built from, and the sha256 of each output file.
type uiBuild struct {
	Inputs  string            `json:"inputs"`
	Outputs map[string]string `json:"outputs"`
}

func readUIBuild() (uiBuild, error) {
	var b uiBuild
	data, err := fs.ReadFile(uiFS, "BUILD.json")
	if err != nil {
		return b, err
	}
	return b, json.Unmarshal(data, &b)
}

// buildDigests maps each built file to its sha256, for ETags; empty if
// BUILD.json cannot be read (TestUIAssetsAreFresh fails then).
func buildDigests() map[string]string {
	b, err := readUIBuild()
	if err != nil {
		return map[string]string{}
	}
	return b.Outputs
}
