package simulate

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// opKind is what the generator knows about each kind of operation: the
// DISARM techniques it uses, whether coordination detection is meant to
// find it, and which detectors should.
var opKinds = map[string]struct {
	name         string
	techniques   []string
	coordination bool
	detectors    []string
}{
	OpLinkNetwork:   {"coordinated link-sharing network", []string{"T0098.001", "T0049.005", "T0118"}, true, []string{"coordination"}},
	OpRetweetBotnet: {"retweet amplification botnet", []string{"T0049.003", "T0093.002", "T0146.007"}, true, []string{"coordination", "authenticity"}},
	OpCopypasta:     {"copypasta with paraphrase and typos", []string{"T0084.001", "T0049.001"}, false, []string{"narrative"}},
	OpHashtagHijack: {"hashtag hijacking", []string{"T0049.002", "T0015.001"}, true, []string{"coordination"}},
	OpFakeCohort:    {"cohort of fake accounts created in a burst", []string{"T0143.002", "T0144.002", "T0145.001", "T0146.001"}, false, []string{"authenticity"}},
	OpSleepers:      {"sleeper accounts that activate late", []string{"T0059", "T0049.005", "T0129.002"}, true, []string{"coordination"}},
	OpImpersonation: {"impersonation of a candidate", []string{"T0143.003", "T0146.005", "T0145.001", "T0097.110"}, false, []string{"impersonation"}},
	OpLaundering:    {"cross-platform laundering of one narrative", []string{"T0119.002", "T0144.001", "T0098.001"}, true, []string{"coordination"}},
	OpAds:           {"regulated ads without authorization or paid from abroad", []string{"T0018", "T0114.001", "T0130.001"}, false, []string{"ads"}},
}

var opDomains = []string{"truenorthdaily.news", "canadianvoicereport.com", "lavoixdupeuple.info", "maplefreedompost.net",
	"northernsentinel.org", "quebecdebout.info"}

var opClaims = []string{"leaked memo shows %s plans to cut %s", "%s caught lying about %s", "what the media won't tell you about %s and %s",
	"insiders say %s will raise taxes to pay for %s", "%s's secret deal on %s", "%s hiding the truth about %s"}

// operations plants every operation of the scenario.
func (g *gen) operations() error {
	counts := map[string]int{}
	for k, spec := range g.s.Operations {
		counts[spec.Kind]++
		id := spec.ID
		if id == "" {
			id = fmt.Sprintf("%s-%d", strings.ReplaceAll(spec.Kind, "_", "-"), counts[spec.Kind])
		}
		kind, ok := opKinds[spec.Kind]
		if !ok {
			return fmt.Errorf("operations[%d]: unknown kind %q", k, spec.Kind)
		}
		op := Operation{
			ID:           id,
			Kind:         spec.Kind,
			Name:         kind.name,
			Techniques:   append(append([]string(nil), kind.techniques...), spec.Techniques...),
			Platforms:    spec.Platforms,
			Coordination: kind.coordination,
			Detectors:    kind.detectors,
			Start:        g.w.Writ.AddDate(0, 0, spec.Start),
			Params:       OperationParams{Size: spec.Size, Jitter: spec.Jitter.Duration, Camouflage: spec.Camouflage},
		}
		op.End = op.Start.AddDate(0, 0, max(1, spec.Days))
		if op.End.After(g.w.End) {
			op.End = g.w.End
		}
		if len(op.Platforms) == 0 {
			op.Platforms = []Platform{X}
		}
		target := g.targetParty(spec.Target)
		o := &opGen{g: g, op: &op, spec: spec, r: newRNG(g.seed, uint64(1000+k)), target: target}
		switch spec.Kind {
		case OpLinkNetwork:
			o.linkNetwork()
		case OpRetweetBotnet:
			o.botnet()
		case OpCopypasta:
			o.copypasta()
		case OpHashtagHijack:
			o.hashtagHijack()
		case OpFakeCohort:
			o.fakeCohort()
		case OpSleepers:
			o.sleepers()
		case OpImpersonation:
			o.impersonation()
		case OpLaundering:
			o.laundering()
		case OpAds:
			o.adsOp()
		}
		for _, i := range op.Accounts {
			g.w.Accounts[i].Operation = op.ID
		}
		for _, i := range op.Posts {
			g.w.Posts[i].Operation = op.ID
		}
		g.w.Operations = append(g.w.Operations, op)
	}
	return nil
}

func (g *gen) targetParty(name string) int {
	for k, p := range g.s.Parties {
		if strings.EqualFold(p.Name, name) || strings.EqualFold(p.Short, name) {
			return k
		}
	}
	return 0
}

// opGen plants one operation.
type opGen struct {
	g      *gen
	op     *Operation
	spec   OperationSpec
	r      rng
	target int
}

func (o *opGen) event(t time.Time, format string, a ...any) {
	o.op.Timeline = append(o.op.Timeline, Event{Time: t, What: fmt.Sprintf(format, a...)})
}

// account creates an operation account on platform p, created at created.
func (o *opGen) account(p Platform, created time.Time, first, last, handle string) int {
	g := o.g
	lang := "en"
	if o.r.chance(0.2) {
		lang = "fr"
	}
	i := g.newAccount(p, RoleOperation, first+" "+last, handle, lang, created)
	a := &g.w.Accounts[i]
	a.Description = pick(o.r, aboutEN)
	a.Location = pick(o.r, placesEN)
	a.Followers = int(o.r.pareto(15, 1.5))
	a.Following = 50 + o.r.IntN(400)
	g.tz[i] = -5
	o.op.Accounts = append(o.op.Accounts, i)
	return i
}

// members creates size ordinary-looking accounts spread over the
// operation's platforms, created between from and to.
func (o *opGen) members(size int, from, to time.Time) []int {
	var out []int
	for n := 0; n < size; n++ {
		p := o.op.Platforms[n%len(o.op.Platforms)]
		first, last := pick(o.r, firstEN), pick(o.r, lastEN)
		out = append(out, o.account(p, o.g.timeIn(o.r, from, to), first, last, handleFor(o.r, first, last)))
	}
	return out
}

// itemTimes spreads n items over the operation's period, in waking hours.
func (o *opGen) itemTimes(n int) []time.Time {
	out := make([]time.Time, n)
	days := max(1, int(o.op.End.Sub(o.op.Start).Hours()/24))
	for k := range out {
		day := o.op.Start.AddDate(0, 0, o.r.IntN(days))
		out[k] = day.Add(time.Duration(13+o.r.IntN(11))*time.Hour + time.Duration(o.r.Int64N(int64(time.Hour))))
	}
	return out
}

// act is when a member acts on an item: within the operation's jitter.
func (o *opGen) act(base time.Time) time.Time {
	j := int64(o.spec.Jitter.Duration)
	if j <= 0 {
		return base
	}
	return base.Add(time.Duration(o.r.Int64N(j + 1)))
}

// camouflage gives members organic-looking posts, so that a camouflage
// share c of their posts is unrelated to the operation.
func (o *opGen) camouflage(members []int, opPosts int) {
	c := o.spec.Camouflage
	if c <= 0 || c >= 1 {
		return
	}
	per := int(math.Round(float64(opPosts) / float64(max(1, len(members))) * c / (1 - c)))
	for _, m := range members {
		for j := 0; j < per; j++ {
			t := o.g.timeIn(o.r, o.g.w.Start, o.g.w.End)
			text := pick(o.r, everydayEN)
			if o.r.chance(0.5) {
				text = fmt.Sprintf(pick(o.r, opinionsEN), o.g.s.Parties[o.r.IntN(len(o.g.s.Parties))].Leader, pick(o.r, topicsEN))
			}
			pi := o.g.post(m, t, text)
			o.op.Posts = append(o.op.Posts, pi)
		}
	}
}

func (o *opGen) claim() string {
	leader := o.g.s.Parties[o.target].Leader
	return fmt.Sprintf(pick(o.r, opClaims), leader, pick(o.r, topicsEN))
}

// linkNetwork: accounts push articles of a few inauthentic sites, each
// article posted by most members within seconds of each other.
func (o *opGen) linkNetwork() {
	g := o.g
	members := o.members(o.spec.Size, g.w.Writ.AddDate(-1, 0, 0), g.w.Writ.AddDate(0, -3, 0))
	o.event(o.op.Start, "%d accounts begin pushing links to %d sites", len(members), 3)
	posts := 0
	for k, t := range o.itemTimes(o.spec.Items) {
		domain := opDomains[k%3]
		url := fmt.Sprintf("https://%s/%d/%s", domain, 2025, slug(o.claim()))
		o.event(t, "article %d pushed: %s", k+1, url)
		for _, m := range members {
			if !o.r.chance(0.9) {
				continue
			}
			u := url
			if o.r.chance(0.3) {
				u += fmt.Sprintf("?utm_source=share&utm_campaign=%d", o.r.IntN(100))
			}
			text := pick(o.r, []string{"BREAKING: ", "Must read: ", "Share before it's deleted: ", ""}) + o.claim() + " " + u + " #cdnpoli"
			pi := g.post(m, o.act(t), text)
			g.tagText(pi)
			o.op.Posts = append(o.op.Posts, pi)
			posts++
		}
	}
	o.camouflage(members, posts)
}

// botnet: freshly made bots with patterned handles and default avatars
// repost a source account's attacks within seconds.
func (o *opGen) botnet() {
	g := o.g
	p := o.op.Platforms[0]
	burst := g.w.Writ.AddDate(0, -2, 0)
	source := o.account(p, g.w.Writ.AddDate(-2, 0, 0), "Patriot", "Voice", "TruthNorth"+fmt.Sprint(o.r.IntN(99)))
	g.w.Accounts[source].Followers = 8000 + o.r.IntN(4000)
	var bots []int
	for n := 0; n < o.spec.Size; n++ {
		first := pick(o.r, firstEN)
		handle := fmt.Sprintf("%s%08d", first, o.r.IntN(1e8))
		b := o.account(p, burst.Add(time.Duration(o.r.Int64N(int64(14*24*time.Hour)))), first, "", handle)
		a := &g.w.Accounts[b]
		a.DisplayName = first
		a.Description = ""
		a.ImageHash = hash(g.seed, "default-avatar", string(p))
		a.Followers = o.r.IntN(12)
		bots = append(bots, b)
	}
	o.event(burst, "%d bots created within two weeks", len(bots))
	posts := 0
	for k, t := range o.itemTimes(o.spec.Items) {
		si := g.post(source, t, o.claim()+" #"+pick(o.r, hashtagsEN[:3]))
		g.tagText(si)
		o.op.Posts = append(o.op.Posts, si)
		o.event(t, "source post %d amplified", k+1)
		for _, b := range bots {
			if !o.r.chance(0.9) {
				continue
			}
			ri := g.repost(b, si, o.act(t.Add(time.Second)))
			g.w.Posts[ri].Source = "autopost"
			o.op.Posts = append(o.op.Posts, ri)
			posts++
		}
	}
	o.camouflage(bots, posts)
}

// copypasta: the same message, reworded and misspelled a little by each
// account, posted over an hour or so: exact matching misses it.
func (o *opGen) copypasta() {
	g := o.g
	members := o.members(o.spec.Size, g.w.Writ.AddDate(-3, 0, 0), g.w.Writ.AddDate(0, -1, 0))
	for k, t := range o.itemTimes(o.spec.Items) {
		msg := fmt.Sprintf("I've voted for them for years but after %s I'm done. Anyone else feel the same? Share if you agree.", o.claim())
		o.event(t, "message %d spread", k+1)
		for _, m := range members {
			pi := g.post(m, o.act(t), paraphrase(o.r, msg))
			o.op.Posts = append(o.op.Posts, pi)
		}
	}
	o.camouflage(members, len(o.op.Posts))
}

// paraphrase swaps a few words for synonyms and adds a typo or two.
func paraphrase(r rng, s string) string {
	swaps := [][2]string{{"I've voted for them", "I voted for them"}, {"for years", "for a long time"},
		{"I'm done", "I am done"}, {"Anyone else", "Does anyone else"}, {"feel the same", "feel this way"},
		{"Share if you agree", "RT if you agree"}, {"after", "since"}}
	for _, sw := range swaps {
		if r.chance(0.4) {
			s = strings.Replace(s, sw[0], sw[1], 1)
		}
	}
	b := []byte(s)
	for t := r.IntN(3); t > 0 && len(b) > 4; t-- {
		i := 1 + r.IntN(len(b)-3)
		if b[i] < 0x80 && b[i+1] < 0x80 {
			b[i], b[i+1] = b[i+1], b[i]
		}
	}
	return string(b)
}

// hashtagHijack: accounts flood a candidate's campaign hashtag with attacks
// in bursts, all within seconds, often with the same meme.
func (o *opGen) hashtagHijack() {
	g := o.g
	members := o.members(o.spec.Size, g.w.Writ.AddDate(-2, 0, 0), g.w.Writ.AddDate(0, -1, 0))
	tag := asciiFold(g.s.Parties[o.target].Short) + "Forward"
	meme := hash(g.seed, "meme", o.op.ID)
	posts := 0
	for k, t := range o.itemTimes(o.spec.Items) {
		o.event(t, "burst %d on #%s", k+1, tag)
		for _, m := range members {
			if !o.r.chance(0.9) {
				continue
			}
			pi := g.post(m, o.act(t), o.claim()+" #"+tag)
			g.tagText(pi)
			if o.r.chance(0.5) {
				g.w.Posts[pi].Media = []string{meme}
			}
			o.op.Posts = append(o.op.Posts, pi)
			posts++
		}
	}
	o.camouflage(members, posts)
}

// fakeCohort: accounts created within an hour, patterned handles, three
// recycled profile pictures; they post little, and not together.
func (o *opGen) fakeCohort() {
	g := o.g
	p := o.op.Platforms[0]
	at := o.op.Start.Add(time.Duration(10+o.r.IntN(8)) * time.Hour)
	o.event(at, "%d accounts created within an hour", o.spec.Size)
	pics := []string{hash(g.seed, "pic", o.op.ID, "1"), hash(g.seed, "pic", o.op.ID, "2"), hash(g.seed, "pic", o.op.ID, "3")}
	for n := 0; n < o.spec.Size; n++ {
		first, last := pick(o.r, firstEN), pick(o.r, lastEN)
		handle := fmt.Sprintf("%s%s%04d", first, last[:1], 1000+o.r.IntN(9000))
		i := o.account(p, at.Add(time.Duration(o.r.Int64N(int64(time.Hour)))), first, last, handle)
		a := &g.w.Accounts[i]
		a.ImageHash = pics[n%len(pics)]
		a.Description = "Proud Canadian. Family first. #" + pick(o.r, hashtagsEN[:3])
		a.Followers = o.r.IntN(30)
		for j := 0; j < 2+o.r.IntN(3); j++ {
			t := g.timeIn(o.r, a.Created, g.w.End)
			pi := g.post(i, t, fmt.Sprintf(pick(o.r, opinionsEN), g.s.Parties[o.target].Leader, pick(o.r, topicsEN)))
			o.op.Posts = append(o.op.Posts, pi)
		}
	}
}

// sleepers: old accounts that post like anyone else for weeks, then wake
// up together and push links within seconds.
func (o *opGen) sleepers() {
	g := o.g
	members := o.members(o.spec.Size, g.w.Writ.AddDate(-6, 0, 0), g.w.Writ.AddDate(-2, 0, 0))
	for _, m := range members {
		for j := 0; j < 6+o.r.IntN(8); j++ {
			t := g.timeIn(o.r, g.w.Start, o.op.Start)
			pi := g.post(m, t, pick(o.r, everydayEN))
			o.op.Posts = append(o.op.Posts, pi)
		}
	}
	o.event(o.op.Start, "%d dormant accounts activate", len(members))
	posts := 0
	for k, t := range o.itemTimes(o.spec.Items) {
		url := fmt.Sprintf("https://%s/exclusive/%d", opDomains[3+k%3], 40000+o.r.IntN(9999))
		for _, m := range members {
			if !o.r.chance(0.9) {
				continue
			}
			pi := g.post(m, o.act(t), o.claim()+" "+url)
			g.tagText(pi)
			o.op.Posts = append(o.op.Posts, pi)
			posts++
		}
	}
	_ = posts
}

// impersonation: accounts that pass for a candidate: a lookalike handle
// (swapped letters, I for l, an extra underscore), the display name with a
// Cyrillic letter, and the candidate's own photo.
func (o *opGen) impersonation() {
	g := o.g
	party := g.s.Parties[o.target]
	for n := 0; n < o.spec.Size; n++ {
		p := o.op.Platforms[n%len(o.op.Platforms)]
		real := &g.w.Accounts[g.leader(o.target, p)]
		handle := lookalikeHandle(o.r, party.Handle, n)
		created := g.timeIn(o.r, o.op.Start.AddDate(0, 0, -10), o.op.Start)
		i := o.account(p, created, "", "", handle)
		a := &g.w.Accounts[i]
		a.DisplayName = homoglyph(real.DisplayName)
		a.Description = real.Description
		a.ImageHash = real.ImageHash
		a.Lang = "en"
		o.op.Targets = append(o.op.Targets, real.Index)
		o.event(created, "impersonator @%s of @%s created", a.Handle, real.Handle)
		for j := 0; j < 3+o.r.IntN(4); j++ {
			t := g.timeIn(o.r, created, o.op.End)
			pi := g.post(i, t, fmt.Sprintf("I have decided to withdraw my support for %s. %s", pick(o.r, topicsEN), pick(o.r, []string{"More soon.", "Vote accordingly.", ""})))
			o.op.Posts = append(o.op.Posts, pi)
		}
	}
}

func lookalikeHandle(r rng, h string, n int) string {
	switch n % 4 {
	case 0:
		if i := strings.IndexAny(h, "l"); i >= 0 {
			return h[:i] + "I" + h[i+1:]
		}
	case 1:
		if len(h) > 3 {
			i := 1 + r.IntN(len(h)-2)
			return h[:i] + h[i+1:i+2] + h[i:i+1] + h[i+2:]
		}
	case 2:
		return h + "_"
	}
	return strings.Replace(h, "o", "0", 1) + "Official"
}

// homoglyph swaps a Latin letter for its Cyrillic twin.
func homoglyph(s string) string {
	for _, pair := range [][2]string{{"a", "а"}, {"e", "е"}, {"o", "о"}, {"i", "і"}} {
		if strings.Contains(s, pair[0]) {
			return strings.Replace(s, pair[0], pair[1], 1)
		}
	}
	return s
}

// laundering: one story moved across platforms at once: the same link and
// words on X, Bluesky and Mastodon within seconds.
func (o *opGen) laundering() {
	g := o.g
	members := o.members(o.spec.Size, g.w.Writ.AddDate(-1, 0, 0), g.w.Writ.AddDate(0, -2, 0))
	story := o.claim()
	posts := 0
	for k, t := range o.itemTimes(o.spec.Items) {
		url := fmt.Sprintf("https://%s/story/%d", opDomains[k%len(opDomains)], 500+k)
		o.event(t, "story relayed across %d platforms: %s", len(o.op.Platforms), url)
		for _, m := range members {
			if !o.r.chance(0.9) {
				continue
			}
			pi := g.post(m, o.act(t), story+" "+url+" #elxn45")
			g.tagText(pi)
			o.op.Posts = append(o.op.Posts, pi)
			posts++
		}
	}
	o.camouflage(members, posts)
}
