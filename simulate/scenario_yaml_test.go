package simulate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func parseFile(t *testing.T, name string) (Scenario, error) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ParseScenario(f, filepath.Base(name))
}

// checkErrors wants err to hold exactly one line per entry of want, in
// order, each starting with that entry.
func checkErrors(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want\n%s", strings.Join(want, "\n"))
	}
	got := strings.Split(err.Error(), "\n")
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(want):
			t.Errorf("unexpected error %q", got[i])
		case i >= len(got):
			t.Errorf("missing error %q", want[i])
		case !strings.HasPrefix(got[i], want[i]):
			t.Errorf("error %d:\n got %q\nwant %q…", i, got[i], want[i])
		}
	}
}

func TestParseScenarioErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"syntax.yaml", []string{
			"syntax.yaml:4: mapping values are not allowed in this context",
		}},
		{"unknown_keys.yaml", []string{
			`unknown_keys.yaml:3:1: unknown field "popluation" (did you mean "population"?); known fields: preset, name, poll, writ_days,`,
			`unknown_keys.yaml:6:3: news: unknown field "outlet" (did you mean "outlets"?); known fields: outlets, syndication_per_outlet, articles_per_day`,
			`unknown_keys.yaml:14:5: operations[1]: unknown field "sise" (did you mean "size"?); known fields: kind, id, size,`,
			`unknown_keys.yaml:15:5: operations[1]: unknown field "colour"; known fields: kind, id, size,`,
		}},
		{"wrong_types.yaml", []string{
			`wrong_types.yaml:3:7: poll: want a date like 2025-10-20, got "20 October 2025"`,
			`wrong_types.yaml:7:21: population.platforms: unknown platform "twitter" (Twitter is "x"); want one of x, bluesky, mastodon`,
			`wrong_types.yaml:8:11: population.french: want a number, got "lots"`,
			`wrong_types.yaml:9:16: population.communities: want a whole number, got 2.5`,
			`wrong_types.yaml:10:19: population.mean_following: 99999999999999999999 is out of range`,
			`wrong_types.yaml:11:7: news: want a mapping of fields, got 5`,
			`wrong_types.yaml:12:10: parties: want a list, got "LPC"`,
			`wrong_types.yaml:15:11: operations[0].size: want a whole number, got a list`,
			`wrong_types.yaml:16:13: operations[0].jitter: want a duration like "8s" or "2m30s", or whole seconds, got "soon"`,
			`wrong_types.yaml:17:16: operations[0].platforms: want a list, got "x"`,
			`wrong_types.yaml:19:20: operations[1].platforms[1]: unknown platform "X" (did you mean "x"?)`,
			`wrong_types.yaml:19:23: operations[1].platforms[2]: unknown platform "myspace"; want one of x, bluesky, mastodon`,
			`wrong_types.yaml:20:16: operations[1].start_day: want a whole number, got ~`,
			`wrong_types.yaml:21:6: ads: want a whole number, got "12"`,
		}},
		{"structure.yaml", []string{
			`structure.yaml:1:9: preset: unknown preset "huge"; want one of small, medium, large`,
			`structure.yaml:3:1: field "writ_days" given twice (first on line 2)`,
			`structure.yaml:6:3: look_alikes: field "fans" given twice (first on line 5)`,
			`structure.yaml:8:21: population.platforms: key "x" given twice (first on line 8)`,
			`structure.yaml:10:5: operations[0]: merge keys (<<) are not supported`,
			`structure.yaml:12:5: operations[1]: want a mapping of fields, got a list`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := parseFile(t, filepath.Join("testdata", "scenarios", tt.file))
			checkErrors(t, err, tt.want)
		})
	}
}

func TestParseScenarioDocumentErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "s.yaml: empty scenario"},
		{"comments only", "# nothing yet\n", "s.yaml: empty scenario"},
		{"null", "~\n", "s.yaml: empty scenario"},
		{"list", "- preset: small\n", "s.yaml:1:1: want a mapping of scenario fields, got a list"},
		{"scalar", "small\n", `s.yaml:1:1: want a mapping of scenario fields, got "small"`},
		{"two documents", "preset: small\n---\npreset: large\n", "s.yaml:2: a second YAML document"},
		{"syntax in second document", "preset: small\n---\n[\n", "s.yaml:3: did not find expected node content"},
		{"tab", "population:\n\taccounts: 5\n", "s.yaml:2: found character that cannot start any token"},
		{"preset not text", "preset: [small]\n", "s.yaml:1:9: preset: want one of small, medium, large, got a list"},
		{"unknown key without suggestion", "colour: red\n", `s.yaml:1:1: unknown field "colour"; known fields: preset, name,`},
		{"field name not text", "{a: 1}: 2\n", "s.yaml:1:1: want a field name, got a mapping"},
		{"null number", "ads:\n", "s.yaml:1:5: ads: want a whole number, got nothing"},
		{"null text", "name:\n", "s.yaml:1:6: name: want text, got nothing"},
		{"bare integer duration too long", "operations:\n  - kind: ads\n    jitter: 10000000000\n", "s.yaml:3:13: operations[0].jitter: want a duration"},
		{"float duration", "operations:\n  - kind: ads\n    jitter: 1.5\n", "s.yaml:3:13: operations[0].jitter: want a duration"},
		{"date with time", "poll: 2025-10-20T09:00:00Z\n", "s.yaml:1:7: poll: want a date like 2025-10-20"},
		{"impossible date", "poll: 2025-02-30\n", "s.yaml:1:7: poll: want a date like 2025-10-20"},
		{"alias of wrong type", "name: &n many\nads: *n\n", `s.yaml:2:6: ads: want a whole number, got "many"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScenario(strings.NewReader(tt.in), "s.yaml")
			checkErrors(t, err, []string{tt.want})
		})
	}
}

func TestValidateErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"dates.yaml", []string{
			"dates.yaml:2:1: writ_days: want 1 to 120, got 0",
			"dates.yaml:3:1: days_before: want 0 to 60, got 61",
			"dates.yaml:4:1: days_after: want 0 to 60, got -1",
		}},
		{"population.yaml", []string{
			"population.yaml:2:3: population.accounts: want 10 to 5,000,000, got 5",
			"population.yaml:3:3: population.posts: want 0 to 50,000,000, got 60,000,000",
			"population.yaml:4:3: population.platforms: want a share above 0 for at least one of x, bluesky, mastodon",
			"population.yaml:5:5: population.platforms.x: want a share of 0 or more, got -0.5",
			"population.yaml:7:5: population.platforms.mastodon: want a share of 0 or more, got NaN",
			"population.yaml:8:3: population.french: want a share from 0 to 1, got 1.5",
			"population.yaml:9:3: population.communities: want 1 to 1,000, got 1,001",
			"population.yaml:10:3: population.mean_following: want 1 to 5,000, got 0",
		}},
		{"population_shares.yaml", []string{
			// posts comes from the medium preset: the error points at the
			// accounts that outgrew it.
			"population_shares.yaml:3:3: population.posts: want at least as many posts as accounts (200,000), got 100,000",
			"population_shares.yaml:4:3: population.platforms: want a share above 0",
		}},
		{"parties.yaml", []string{
			`parties.yaml:5:5: parties[0].handle: want up to 15 letters, digits and underscores, as on X, got "MarieTremblayLPC"`,
			`parties.yaml:6:5: parties[1].name: "liberal party" is also the name of parties[0]`,
			`parties.yaml:9:5: parties[1].handle: write the handle "@LucRoy" without the @`,
			`parties.yaml:10:5: parties[2].name: want the party's name`,
			`parties.yaml:11:5: parties[2].short: "lpc" is also the short name of parties[0]`,
			`parties.yaml:12:5: parties[2].leader: want the leader's name`,
			`parties.yaml:13:5: parties[2].handle: want up to 15 letters, digits and underscores, as on X, got "luc roy"`,
			`parties.yaml:17:5: parties[3].handle: want the leader's handle`,
			`parties.yaml:25:5: parties[5].handle: "SebastienRhino" is also the handle of parties[4]`,
		}},
		{"news_lookalikes.yaml", []string{
			"news_lookalikes.yaml:3:3: news.outlets: want 0 to 1,000, got -1",
			"news_lookalikes.yaml:4:3: news.syndication_per_outlet: want 0 to 20, got 21",
			"news_lookalikes.yaml:5:3: news.articles_per_day: want 0 to 200, got 201",
			"news_lookalikes.yaml:7:3: look_alikes.fans: want at least 0, got -1",
			"news_lookalikes.yaml:8:3: look_alikes.schedulers: want at least 0, got -2",
			"news_lookalikes.yaml:9:3: look_alikes.debate: want at least 0, got -3",
			"news_lookalikes.yaml:10:3: look_alikes.debate_days_before_poll: want 0 to 30, got 31",
			"news_lookalikes.yaml:11:1: ads: want at least 0, got -4",
		}},
		{"operations.yaml", []string{
			`operations.yaml:5:5: operations[0].kind: unknown kind "link_netwrok" (did you mean "link_network"?); want one of link_network, retweet_botnet,`,
			"operations.yaml:11:5: operations[1].size: want 2 to 100,000, got 1",
			"operations.yaml:12:5: operations[1].items: want at least 1, got 0",
			"operations.yaml:13:5: operations[1].jitter: want 0s to 1h, got 2h0m0s",
			"operations.yaml:14:5: operations[1].camouflage: want a share from 0 to 1, got 1.5",
			"operations.yaml:15:5: operations[1].start_day: day 50 after the writ is past the simulation's last day, 41",
			`operations.yaml:18:5: operations[2].id: "net" is also the id of operations[1]`,
			"operations.yaml:19:5: operations[2].size: want 1 to 100,000, got 0",
			"operations.yaml:20:5: operations[2].jitter: want 0s to 1h, got -1s",
			"operations.yaml:22:5: operations[2].days: the operation runs to day 49 after the writ, past the simulation's last day, 41",
			`operations.yaml:23:5: operations[2].target: no party is named "ndp"`,
			"operations.yaml:25:5: operations[3].size: want 2 to 100,000, got 100,001",
			"operations.yaml:27:5: operations[3].camouflage: want a share from 0 to 1, got -0.1",
			"operations.yaml:28:5: operations[3].start_day: want day -372 or later",
			"operations.yaml:30:5: operations[3].platforms: want at least one of x, bluesky, mastodon",
			"operations.yaml:34:5: operations[4].platforms: laundering needs at least 2 platforms, got 1",
			"operations.yaml:34:26: operations[4].platforms[1]: bluesky is listed twice",
			"operations.yaml:35:5: operations[4].start_day: the operation ends on day -18 after the writ, before the simulation's first day, -7",
			`operations.yaml:38:29: operations[4].techniques[1]: want a DISARM technique id like T0049 or T0049.003, got "t49"`,
			"operations.yaml:38:34: operations[4].techniques[2]: T0049.999 is not a DISARM Red technique",
			"operations.yaml:38:45: operations[4].techniques[3]: T9999 is not a DISARM Red technique",
			"operations.yaml:41:5: operations[5].days: want at least 1, got 0",
			`operations.yaml:42:5: operations[5].target: no party is named "Liberal" (did you mean "Liberal Party"?)`,
		}},
		{"operation_ids.yaml", []string{
			`operation_ids.yaml:7:5: operations[1].id: "sleepers-1" is also the id of operations[0]`,
			`operation_ids.yaml:15:5: operations[3]: has no id, so Generate names it "fake-cohort-2", the id of operations[2]; give it an id`,
		}},
		{"period_from_preset.yaml", []string{
			// The operations come from the preset: the errors point at the
			// field that shortened the campaign.
			"period_from_preset.yaml:2:1: operations[0].days: the operation runs to day 29 after the writ, past the simulation's last day, 22",
			"period_from_preset.yaml:2:1: operations[1].days:",
			"period_from_preset.yaml:2:1: operations[3].days:",
			"period_from_preset.yaml:2:1: operations[4].days:",
			"period_from_preset.yaml:2:1: operations[5].start_day: day 26 after the writ is past the simulation's last day, 22",
			"period_from_preset.yaml:2:1: operations[6].days:",
			"period_from_preset.yaml:2:1: operations[7].days:",
			"period_from_preset.yaml:2:1: operations[8].days:",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s, err := parseFile(t, filepath.Join("testdata", "scenarios", tt.file))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			checkErrors(t, s.Validate(), tt.want)
		})
	}
}

func TestValidatePartyCount(t *testing.T) {
	var b strings.Builder
	b.WriteString("operations: []\nparties:\n")
	for i := range 21 {
		b.WriteString("  - {name: P" + string(rune('a'+i)) + ", leader: L, handle: h" + string(rune('a'+i)) + "}\n")
	}
	for _, tt := range []struct{ in, want string }{
		{"operations: []\nparties: []\n", "s.yaml:2:1: parties: want 1 to 20 parties, got 0"},
		{b.String(), "s.yaml:2:1: parties: want 1 to 20 parties, got 21"},
	} {
		s, err := ParseScenario(strings.NewReader(tt.in), "s.yaml")
		if err != nil {
			t.Fatal(err)
		}
		checkErrors(t, s.Validate(), []string{tt.want})
	}
}

// A scenario built in Go has no file to point at: errors name the field.
func TestValidateWithoutFile(t *testing.T) {
	s, _ := Preset("small")
	s.Poll = Date{}
	s.Population.Platforms = map[Platform]float64{"myspace": 1}
	s.Operations = s.Operations[:1]
	s.Operations[0].Platforms = []Platform{"x", "vine"}
	s.Operations[0].Target = "BQ"
	checkErrors(t, s.Validate(), []string{
		"poll: want polling day, like 2025-10-20",
		`population.platforms: unknown platform "myspace"; want one of x, bluesky, mastodon`,
		"population.platforms: want a share above 0",
		`operations[0].platforms[1]: unknown platform "vine"`,
	})
}

// Validate finds the file's lines through copies of a parsed scenario.
func TestValidateRemembersFile(t *testing.T) {
	s, err := parseFile(t, "example-scenario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := s
	c.Population.French = 2
	checkErrors(t, c.Validate(), []string{"example-scenario.yaml:28:3: population.french: want a share from 0 to 1, got 2"})
}

func TestPresetsValidate(t *testing.T) {
	for _, name := range PresetNames {
		s, err := Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("preset %s:\n%v", name, err)
		}
	}
	if len(Presets) != len(PresetNames) {
		t.Errorf("%d presets, %d preset names", len(Presets), len(PresetNames))
	}
}

func TestExampleScenario(t *testing.T) {
	s, err := parseFile(t, "example-scenario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Population.French != 0.4 || len(s.Operations) != 2 || s.LookAlikes.Debate == 0 {
		t.Errorf("french %v, %d operations, debate %d; want 0.4, 2 and a debate",
			s.Population.French, len(s.Operations), s.LookAlikes.Debate)
	}
	if got := s.Poll.Format(time.DateOnly); got != "2026-03-16" {
		t.Errorf("poll %s", got)
	}
	if got := s.Operations[0].Jitter.Duration; got != 8*time.Second {
		t.Errorf("jitter %v", got)
	}
	if got := s.Operations[1].Platforms; len(got) != 1 || got[0] != X {
		t.Errorf("impersonation platforms %v, want the default [x]", got)
	}
}

func TestParseScenarioOverrides(t *testing.T) {
	in := `
preset: medium
population:
  accounts: 1e5          # a whole float is a whole number
  posts: 1_000_000
  platforms: {bluesky: 1}
operations:
  - kind: copypasta
    size: 5
    items: 2
    jitter: 90             # seconds
    days: 3
`
	s, err := ParseScenario(strings.NewReader(in), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	medium, _ := Preset("medium")
	if s.Name != "medium" || s.Population.Accounts != 100_000 || s.Population.Posts != 1_000_000 {
		t.Errorf("name %q accounts %d posts %d", s.Name, s.Population.Accounts, s.Population.Posts)
	}
	if s.Population.Communities != medium.Population.Communities || s.Population.French != medium.Population.French {
		t.Error("fields the file leaves out should keep the preset's values")
	}
	if len(s.Population.Platforms) != 1 || s.Population.Platforms[Bluesky] != 1 {
		t.Errorf("platforms %v; want the file's shares only", s.Population.Platforms)
	}
	if len(s.Operations) != 1 || s.Operations[0].Jitter.Duration != 90*time.Second || s.Operations[0].Platforms[0] != X {
		t.Errorf("operations %+v", s.Operations)
	}
	if len(s.Parties) != len(medium.Parties) {
		t.Errorf("%d parties; want the preset's %d", len(s.Parties), len(medium.Parties))
	}
	if err := s.Validate(); err != nil {
		t.Error(err)
	}

	// Without a preset, the small one's values are the defaults.
	s, err = ParseScenario(strings.NewReader("name: mine\n"), "s.yaml")
	small, _ := Preset("small")
	if err != nil || s.Name != "mine" || s.Population.Accounts != small.Population.Accounts {
		t.Errorf("name %q accounts %d err %v", s.Name, s.Population.Accounts, err)
	}
}

func TestUnmarshalYAML(t *testing.T) {
	var v struct {
		D Date     `yaml:"d"`
		J Duration `yaml:"j"`
		P Platform `yaml:"p"`
	}
	if err := yaml.Unmarshal([]byte("d: 2025-10-20\nj: 2m30s\np: mastodon\n"), &v); err != nil {
		t.Fatal(err)
	}
	if v.D.Format(time.DateOnly) != "2025-10-20" || v.J.Duration != 150*time.Second || v.P != Mastodon {
		t.Errorf("%+v", v)
	}
	if err := yaml.Unmarshal([]byte("j: 12\n"), &v); err != nil || v.J.Duration != 12*time.Second {
		t.Errorf("bare integer: %v, %v", v.J, err)
	}
	for _, in := range []string{"d: 20/10/2025", "j: 1.5", "p: facebook", "p: [x]"} {
		if err := yaml.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}

// A scenario written out reads back the same, so that a run can record
// the scenario it used.
func TestScenarioRoundTrip(t *testing.T) {
	example, err := parseFile(t, "example-scenario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	scenarios := []Scenario{example}
	for _, name := range PresetNames {
		s, _ := Preset(name)
		scenarios = append(scenarios, s)
	}
	for _, s := range scenarios {
		out, err := yaml.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseScenario(bytes.NewReader(out), s.Name+".yaml")
		if err != nil {
			t.Fatalf("%s:\n%v\n%s", s.Name, err, out)
		}
		again, _ := yaml.Marshal(back)
		if !bytes.Equal(out, again) {
			t.Errorf("%s: written\n%s\nread back and written\n%s", s.Name, out, again)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	known := []string{"size", "items", "syndication_per_outlet", "debate_days_before_poll"}
	for _, tt := range []struct{ got, want string }{
		{"sise", ` (did you mean "size"?)`},
		{"Size", ` (did you mean "size"?)`},
		{"itmes", ` (did you mean "items"?)`},
		{"syndication", ` (did you mean "syndication_per_outlet"?)`},
		{"debate_day", ` (did you mean "debate_days_before_poll"?)`},
		{"colour", ""},
		{"x", ""},
	} {
		if got := didYouMean(tt.got, known); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.got, got, tt.want)
		}
	}
}

// FuzzParseScenario feeds arbitrary YAML to the parser and the validator:
// neither may panic, and every problem they report names the file.
func FuzzParseScenario(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "scenarios", "*.yaml"))
	files = append(files, "example-scenario.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"", "preset: large\n", "a: &a [*a]\n", "operations: [{<<: *x}]\n", "poll: !!binary aGVsbG8=\n",
		"population: {platforms: {x: .inf}}\n", "operations: [{kind: ads, jitter: -9223372036}]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseScenario(bytes.NewReader(data), "fuzz.yaml")
		if err == nil {
			err = s.Validate()
		}
		if err == nil {
			return
		}
		for line := range strings.SplitSeq(err.Error(), "\n") {
			if !strings.HasPrefix(line, "fuzz.yaml") {
				t.Errorf("error without the file name: %q", line)
			}
		}
	})
}
