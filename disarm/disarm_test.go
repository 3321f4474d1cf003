package disarm_test

import (
	"testing"

	"github.com/scrutineer/scrutineer/disarm"
)

func TestRed(t *testing.T) {
	f, err := disarm.Red()
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Techniques) < 300 || len(f.Tactics) < 15 {
		t.Fatalf("%d techniques, %d tactics", len(f.Techniques), len(f.Tactics))
	}
	tech, ok := f.Technique("T0049.003")
	if !ok || tech.Name != "Bots Amplify via Automated Forwarding and Reposting" || tech.Tactic != "TA17" {
		t.Fatalf("T0049.003 = %+v, %v", tech, ok)
	}
	if _, ok := f.Tactics[tech.Tactic]; !ok {
		t.Fatalf("tactic %s of T0049.003 missing", tech.Tactic)
	}
	if got := f.Search("copypasta"); len(got) != 1 || got[0].ID != "T0084.001" {
		t.Fatalf("Search(copypasta) = %+v", got)
	}
	if _, ok := f.Technique("T9999"); ok {
		t.Fatal("found a technique that does not exist")
	}
}
