package coord_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain raises rapid's default number of cases: the property tests are
// the engine's main oracle and are cheap on small inputs. -rapid.checks on
// the command line still wins.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set && !testing.Short() {
		if err := flag.Set("rapid.checks", "2000"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
