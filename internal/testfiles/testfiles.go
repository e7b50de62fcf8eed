// Package testfiles writes the files that tests read: archives made from
// fixtures, so that no binary fixture needs to be committed.
package testfiles

import (
	"archive/zip"
	"os"
	"testing"
)

// Zip writes an archive at path holding the file from as member.
func Zip(t testing.TB, path, member, from string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	w, err := z.Create(member)
	if err == nil {
		_, err = w.Write(data)
	}
	if err == nil {
		err = z.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}
