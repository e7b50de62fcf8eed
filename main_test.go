package main

import (
	"os"
	"testing"
)

// TestMain lets a test run the real command in a child process (to kill
// it, for one): the test binary runs main() when the variable is set.
func TestMain(m *testing.M) {
	if os.Getenv("ACTORGRAPH_TEST_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}
