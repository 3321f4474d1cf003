package simulate

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// gen holds the world under construction.
type gen struct {
	s    Scenario
	seed uint64
	w    *World
	r    rng // the main stream; parallel parts use their own
	days int
	// dayWeight is each day's share of organic activity; hourWeight the
	// daily rhythm.
	dayWeight  weighted
	hourWeight weighted
	// Per platform: organic accounts, and the follower graph as lists of
	// followers.
	byPlatform map[Platform][]int
	followers  [][]int32
	handles    map[string]bool
	leaders    []int // per party, per platform: leaders[p*3+k]
	partyAcc   []int
	body       []int
	articles   []article // news links, in time order
	tz         []int     // per account: UTC offset in hours
	influence  []float64 // per account: how widely its posts travel
	// extra holds posts made after the last that World.Posts holds (the
	// cascades, in chunks); their indexes continue World.Posts's.
	extra [][]Post
	seq   uint64
}

// article is a news link with its time, for organic sharing.
type article struct {
	url    string
	t      time.Time
	outlet int
	lang   string
	title  string
}

// Generate builds the world a scenario describes. The same scenario and
// seed always give the same world.
func Generate(s Scenario, seed uint64) (*World, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	poll := s.Poll.Time
	writ := poll.AddDate(0, 0, -s.WritDays)
	g := &gen{
		s:    s,
		seed: seed,
		r:    newRNG(seed, 0),
		w: &World{
			Name:  s.Name,
			Seed:  seed,
			Writ:  writ,
			Poll:  poll,
			Start: writ.AddDate(0, 0, -s.DaysBefore),
			End:   poll.AddDate(0, 0, s.DaysAfter+1),
		},
		byPlatform: map[Platform][]int{},
		handles:    make(map[string]bool, s.Population.Accounts),
	}
	g.days = int(g.w.End.Sub(g.w.Start).Hours() / 24)
	g.calendar()
	g.officials()
	g.newsOutlets()
	g.population()
	g.followGraph()
	g.officialPosts()
	g.newsPosts()
	g.lookAlikes()
	if err := g.operations(); err != nil {
		return nil, err
	}
	g.organicPosts()
	g.cascades()
	g.ads()
	g.finish()
	return g.w, nil
}

// calendar sets the campaign's rhythm: activity grows toward polling day,
// jumps on the debate and the poll, and fades after.
func (g *gen) calendar() {
	w := make([]float64, g.days)
	writDay := g.s.DaysBefore
	pollDay := writDay + g.s.WritDays
	debate := pollDay - g.s.LookAlikes.DebateDay
	for d := range w {
		switch {
		case d < writDay:
			w[d] = 0.6
		case d <= pollDay:
			x := float64(d-writDay) / float64(max(1, pollDay-writDay))
			w[d] = 1 + 1.5*x*x
		default:
			w[d] = 2 * math.Exp(-float64(d-pollDay)/2)
		}
		if d == debate {
			w[d] *= 1.8
		}
		if d == pollDay {
			w[d] *= 2
		}
	}
	g.dayWeight = newWeighted(w)
	g.hourWeight = newWeighted([]float64{0.3, 0.2, 0.1, 0.08, 0.08, 0.15, 0.4, 0.8, 1.1, 1.2, 1.1, 1.1,
		1.2, 1.1, 1.0, 1.0, 1.1, 1.2, 1.4, 1.6, 1.7, 1.6, 1.2, 0.7})
}

// randomTime draws a moment of ordinary activity for an account.
func (g *gen) randomTime(r rng, acc int) time.Time {
	day := g.dayWeight.draw(r)
	hour := g.hourWeight.draw(r)
	local := g.w.Start.AddDate(0, 0, day).Add(time.Duration(hour)*time.Hour +
		time.Duration(r.Int64N(int64(time.Hour))))
	return local.Add(-time.Duration(g.tz[acc]) * time.Hour)
}

// timeIn draws a moment between from and to.
func (g *gen) timeIn(r rng, from, to time.Time) time.Time {
	if !to.After(from) {
		return from
	}
	return from.Add(time.Duration(r.Int64N(int64(to.Sub(from)))))
}

// newAccount adds an account and returns its index.
func (g *gen) newAccount(p Platform, role Role, name, handle, lang string, created time.Time) int {
	i := len(g.w.Accounts)
	handle = g.uniqueHandle(p, handle)
	a := Account{
		Index:       i,
		Platform:    p,
		Handle:      handle,
		DisplayName: name,
		Lang:        lang,
		Created:     created,
		Role:        role,
		Community:   -1,
	}
	g.seq++
	switch p {
	case X:
		a.ID = xSnowflake(created, g.seq)
		a.ProfileImage = "https://pbs.twimg.com/profile_images/" + a.ID + "/avatar_normal.jpg"
	case Mastodon:
		a.ID = mastodonID(created, g.seq)
		inst := strings.SplitN(handle, "@", 2)[1]
		a.ProfileImage = "https://" + inst + "/system/accounts/avatars/" + a.ID + "/original.png"
	case Bluesky:
		a.ID = plcDID(g.seed ^ g.seq*0x51ed27)
		a.ProfileImage = "https://cdn.bsky.app/img/avatar/plain/" + a.ID + "/bafk" + hash(g.seq, "img")[:24] + "@jpeg"
	}
	a.ImageHash = hash(g.seed, "avatar", a.Key())
	g.w.Accounts = append(g.w.Accounts, a)
	g.tz = append(g.tz, -5)
	g.influence = append(g.influence, 1)
	return i
}

var mastodonInstances = []string{"mastodon.social", "mstdn.ca", "mastodon.online", "toot.community",
	"mas.to", "piaille.fr", "mastodon.quebec", "sfba.social", "mastodon.nl"}

// uniqueHandle fits a handle to the platform and makes it unique there.
func (g *gen) uniqueHandle(p Platform, h string) string {
	base := h
	switch p {
	case X:
		base = limitHandle(h)
	case Bluesky:
		if !strings.Contains(h, ".") {
			base = strings.ToLower(h) + ".bsky.social"
		}
	case Mastodon:
		if !strings.Contains(h, "@") {
			base = strings.ToLower(h) + "@" + pick(g.r, mastodonInstances)
		}
	}
	cand := base
	for n := 2; g.handles[string(p)+cand]; n++ {
		suffix := fmt.Sprint(n)
		switch p {
		case X:
			cand = limitHandle(base[:min(len(base), 15-len(suffix))] + suffix)
		case Bluesky:
			cand = strings.Replace(base, ".", suffix+".", 1)
		case Mastodon:
			cand = strings.Replace(base, "@", suffix+"@", 1)
		}
	}
	g.handles[string(p)+cand] = true
	return cand
}

// officials creates the election body and, for every party, the party's and
// the leader's accounts on each platform.
func (g *gen) officials() {
	old := time.Date(2010, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range Platforms {
		i := g.newAccount(p, RoleElectionBody, "Elections Canada", "ElectionsCan_E", "en", old)
		a := &g.w.Accounts[i]
		a.Description = "Official account of Elections Canada, the independent agency that runs federal elections. En français : @ElectionsCan_F"
		a.Verified, a.Followers, a.Following = true, 310000, 120
		g.body = append(g.body, i)
		g.influence[i] = 30
	}
	for k, party := range g.s.Parties {
		c := Candidate{Name: party.Leader, Party: party.Name, Riding: fmt.Sprintf("Riding %d", k+1)}
		for _, p := range Platforms {
			pi := g.newAccount(p, RoleParty, party.Name, asciiFold(party.Short)+"_HQ", "en", old.AddDate(0, k, 0))
			pa := &g.w.Accounts[pi]
			pa.Description = "Official account of the " + party.Name + "."
			pa.Verified, pa.Followers, pa.Following = true, 150000+int(g.r.pareto(10000, 1.5)), 800
			g.partyAcc = append(g.partyAcc, pi)
			g.influence[pi] = 20

			li := g.newAccount(p, RoleCandidate, party.Leader, party.Handle, "en", old.AddDate(1, k, 0))
			la := &g.w.Accounts[li]
			la.Description = "Leader of the " + party.Name + ". Authorized by the official agent."
			la.Verified, la.Followers, la.Following = true, 400000+int(g.r.pareto(50000, 1.2)), 900
			g.leaders = append(g.leaders, li)
			g.influence[li] = 60
			c.Accounts = append(c.Accounts, li)
		}
		g.w.Parties = append(g.w.Parties, party.Name)
		g.w.Candidates = append(g.w.Candidates, c)
	}
}

// leader returns party k's leader account on platform p.
func (g *gen) leader(k int, p Platform) int {
	return g.leaders[k*len(Platforms)+slices.Index(Platforms, p)]
}

// newsOutlets creates outlets (on X and Bluesky) with their syndication
// accounts, as a look-alike group each.
func (g *gen) newsOutlets() {
	for k := 0; k < g.s.News.Outlets; k++ {
		o := newsOutlets[k%len(newsOutlets)]
		name := o.name
		if k >= len(newsOutlets) {
			name = fmt.Sprintf("%s %d", o.name, k/len(newsOutlets)+1)
		}
		la := LookAlike{ID: fmt.Sprintf("news-%02d", k+1), Kind: "news_syndication", Name: name,
			Note: "an outlet and the accounts that repost each of its articles through a feed tool, minutes apart"}
		for _, p := range []Platform{X, Bluesky} {
			i := g.newAccount(p, RoleNews, name, o.handle, o.lang, time.Date(2009, 6, 1, 0, 0, 0, 0, time.UTC))
			a := &g.w.Accounts[i]
			a.Description = "News from " + name + " · " + o.domain
			a.Verified, a.Followers, a.Following = true, 200000+int(g.r.pareto(20000, 1.3)), 1500
			a.LookAlike = la.ID
			g.influence[i] = 15
			la.Accounts = append(la.Accounts, i)
			for s := 0; s < g.s.News.Syndication; s++ {
				section := []string{"Politics", "Canada", "Live", "Local", "Opinion", "Business"}[s%6]
				si := g.newAccount(p, RoleSyndication, name+" "+section, o.handle+section, o.lang, time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC))
				sa := &g.w.Accounts[si]
				sa.Description = name + " — " + section + " headlines, automatically posted."
				sa.Followers, sa.Following = 20000+int(g.r.pareto(2000, 1.5)), 20
				sa.LookAlike = la.ID
				g.influence[si] = 3
				la.Accounts = append(la.Accounts, si)
			}
		}
		g.w.LookAlikes = append(g.w.LookAlikes, la)
	}
}

// population creates the organic accounts with their metadata.
func (g *gen) population() {
	pop := g.s.Population
	var plats []Platform
	var shares []float64
	for _, p := range Platforms {
		if pop.Platforms[p] > 0 {
			plats = append(plats, p)
			shares = append(shares, pop.Platforms[p])
		}
	}
	plat := newWeighted(shares)
	comm := newWeighted(zipf(pop.Communities, 0.7))
	tzs := newWeighted([]float64{0.55, 0.08, 0.12, 0.2, 0.05}) // ET, CT, MT, PT, AT
	tzOff := []int{-5, -6, -7, -8, -4}
	for n := 0; n < pop.Accounts; n++ {
		p := plats[plat.draw(g.r)]
		fr := g.r.chance(pop.French)
		first, last, about, place, lang := pick(g.r, firstEN), pick(g.r, lastEN), pick(g.r, aboutEN), pick(g.r, placesEN), "en"
		if fr {
			first, last, about, place, lang = pick(g.r, firstFR), pick(g.r, lastFR), pick(g.r, aboutFR), pick(g.r, placesFR), "fr"
		}
		// Accounts were created over the years, more of them recently.
		age := time.Duration(g.r.pareto(1, 0.9)*90*24) * time.Hour
		created := g.w.Writ.Add(-min(age, 17*365*24*time.Hour) - 30*24*time.Hour)
		i := g.newAccount(p, RoleOrganic, first+" "+last, handleFor(g.r, first, last), lang, created)
		a := &g.w.Accounts[i]
		a.Description, a.Location = about, place
		a.Community = comm.draw(g.r)
		a.Followers = int(g.r.pareto(20, 1.1))
		a.Following = int(g.r.logNormal(math.Log(float64(pop.MeanFollowing)*2), 0.9))
		if fr {
			g.tz[i] = -5
		} else {
			g.tz[i] = tzOff[tzs.draw(g.r)]
		}
		g.influence[i] = math.Min(50, math.Pow(float64(a.Followers)/40, 0.6))
		g.byPlatform[p] = append(g.byPlatform[p], i)
	}
}

// followGraph links accounts within each platform: mostly inside one's
// community, toward popular accounts (preferential attachment), so degrees
// are heavy-tailed and communities visible.
func (g *gen) followGraph() {
	n := len(g.w.Accounts)
	for pi, p := range Platforms {
		members := g.byPlatform[p]
		if len(members) == 0 {
			continue
		}
		comms := 0
		for _, i := range members {
			comms = max(comms, g.w.Accounts[i].Community+1)
		}
		byComm := make([][]int32, comms)
		pop := make([]float64, len(members))
		for k, i := range members {
			c := g.w.Accounts[i].Community
			byComm[c] = append(byComm[c], int32(k))
			pop[k] = float64(g.w.Accounts[i].Followers) + 1
		}
		all := newWeighted(pop)
		commW := make([]weighted, comms)
		for c, ks := range byComm {
			w := make([]float64, len(ks))
			for j, k := range ks {
				w[j] = pop[k]
			}
			commW[c] = newWeighted(w)
		}
		// Everyone on the platform may follow its officials and outlets.
		var famous []int
		for i := range g.w.Accounts {
			if a := &g.w.Accounts[i]; a.Platform == p && a.Role != RoleOrganic && a.Role != RoleSyndication {
				famous = append(famous, i)
			}
		}
		parts := make([][]Follow, (len(members)+chunkSize-1)/chunkSize)
		inChunks(len(members), func(c, lo, hi int) {
			r := newRNG(g.seed, streamFollows+uint64(pi)<<24+uint64(c))
			var seen smallSet
			room := 0
			for _, i := range members[lo:hi] {
				room += min(g.w.Accounts[i].Following, g.s.Population.MeanFollowing*4) + 1
			}
			out := make([]Follow, 0, room)
			for _, i := range members[lo:hi] {
				a := &g.w.Accounts[i]
				k := min(a.Following, g.s.Population.MeanFollowing*4, len(members)-1)
				me := int32(i)
				seen.reset(k + 1)
				seen.add(me)
				for f := 0; f < k; f++ {
					var j int32
					if r.chance(0.8) {
						ks := byComm[a.Community]
						j = int32(members[ks[commW[a.Community].draw(r)]])
					} else {
						j = int32(members[all.draw(r)])
					}
					if !seen.add(j) {
						continue
					}
					out = append(out, Follow{From: me, To: j})
				}
				if len(famous) > 0 && r.chance(0.6) {
					out = append(out, Follow{From: me, To: int32(pick(r, famous))})
				}
			}
			parts[c] = out
		})
		g.w.Follows = append(g.w.Follows, concat(parts)...)
	}
	// Followers lists, all in one array, in the order of the follows.
	counts := make([]int32, n+1)
	for _, f := range g.w.Follows {
		counts[f.To+1]++
	}
	for i := 1; i <= n; i++ {
		counts[i] += counts[i-1]
	}
	all := make([]int32, len(g.w.Follows))
	fill := slices.Clone(counts[:n])
	for _, f := range g.w.Follows {
		all[fill[f.To]] = f.From
		fill[f.To]++
	}
	g.followers = make([][]int32, n)
	for i := range n {
		g.followers[i] = all[counts[i]:counts[i+1]:counts[i+1]]
		a := &g.w.Accounts[i]
		a.Followers = max(a.Followers, len(g.followers[i]))
	}
}

// post appends a post and returns its index (before the final sort).
func (g *gen) post(acc int, t time.Time, text string) int {
	i := len(g.w.Posts)
	g.w.Posts = append(g.w.Posts, g.newPost(acc, t, text))
	g.w.Posts[i].Index = i
	return i
}

// newPost makes a post without placing it.
func (g *gen) newPost(acc int, t time.Time, text string) Post {
	a := &g.w.Accounts[acc]
	return Post{Platform: a.Platform, Account: acc, Time: t, Text: text,
		Lang: a.Lang, RepostOf: -1, ReplyTo: -1, QuoteOf: -1, Source: defaultSource(a.Platform)}
}

func defaultSource(p Platform) string {
	switch p {
	case X:
		return "Twitter for iPhone"
	case Mastodon:
		return "Mastodon for iOS"
	}
	return "bluesky"
}

// repost appends a repost of post orig by acc.
func (g *gen) repost(acc, orig int, t time.Time) int {
	i := g.post(acc, t, "")
	g.w.Posts[i].RepostOf = orig
	g.w.Posts[i].Lang = g.w.Posts[orig].Lang
	return i
}

// perDay is how often officials post on each platform: most on X.
var perDay = map[Platform]float64{X: 1, Bluesky: 0.5, Mastodon: 0.3}

// officialPosts: leaders, parties and the election body post through the
// campaign; leaders mention their party and the campaign hashtags.
func (g *gen) officialPosts() {
	count := func(rate float64) int { return g.r.poisson(rate * float64(g.days)) }
	for k, party := range g.s.Parties {
		for _, p := range Platforms {
			li := g.leader(k, p)
			for j, n := 0, count(perDay[p]); j < n; j++ {
				t := g.randomTime(g.r, li)
				text := fmt.Sprintf("On %s, our plan is clear. Join us: #%s #%s", pick(g.r, topicsEN), asciiFold(party.Short), pick(g.r, hashtagsEN[:4]))
				if g.r.chance(0.4) {
					text = fmt.Sprintf("Sur %s, notre plan est clair. #%s #%s", pick(g.r, topicsFR), asciiFold(party.Short), pick(g.r, hashtagsFR[:3]))
				}
				g.tagText(g.post(li, t, text))
			}
			pa := g.partyAcc[k*len(Platforms)+slices.Index(Platforms, p)]
			for j, n := 0, count(perDay[p]/2); j < n; j++ {
				t := g.randomTime(g.r, pa)
				g.tagText(g.post(pa, t, fmt.Sprintf("%s on %s: https://www.%s.ca/plan/%s #%s",
					party.Leader, pick(g.r, topicsEN), strings.ToLower(asciiFold(party.Short)), strings.ReplaceAll(pick(g.r, topicsEN), " ", "-"),
					pick(g.r, hashtagsEN[:4]))))
			}
		}
	}
	for _, b := range g.body {
		for j, n := 0, count(0.3); j < n; j++ {
			t := g.randomTime(g.r, b)
			g.tagText(g.post(b, t, pick(g.r, []string{
				"Find your polling station at https://www.elections.ca/vote #elxn45",
				"Advance polls are open. Bring ID. https://www.elections.ca/ID #CanadaVotes",
				"Watch out for false information about voting. Check https://www.elections.ca #elxn45",
				"Voting by mail? Apply by the deadline: https://www.elections.ca/mail #elxn45"})))
		}
	}
}

// newsPosts: outlets post their articles; each syndication account
// reposts most articles through a feed tool that batches them, so its
// copies trail the outlet by minutes to hours, not seconds.
func (g *gen) newsPosts() {
	for _, la := range g.w.LookAlikes {
		if la.Kind != "news_syndication" {
			continue
		}
		outlet := la.Accounts[0]
		o := newsOutlets[slices.IndexFunc(newsOutlets, func(n struct{ name, handle, domain, lang string }) bool {
			return strings.HasPrefix(g.w.Accounts[outlet].DisplayName, n.name)
		})]
		var mains, synd []int
		for _, i := range la.Accounts {
			if g.w.Accounts[i].Role == RoleNews {
				mains = append(mains, i)
			} else {
				synd = append(synd, i)
			}
		}
		n := g.days * g.s.News.ArticlesPerDay
		for j := 0; j < n; j++ {
			t := g.randomTime(g.r, outlet)
			topic := pick(g.r, topicsEN)
			if o.lang == "fr" {
				topic = pick(g.r, topicsFR)
			}
			slug := slug(topic)
			url := fmt.Sprintf("https://www.%s/news/politics/%s-1.%d", o.domain, slug, 7000000+g.r.IntN(999999))
			title := "Campaign: what the parties promise on " + topic
			if o.lang == "fr" {
				title = "Campagne : ce que promettent les partis sur " + topic
			}
			g.articles = append(g.articles, article{url: url, t: t, lang: o.lang, title: title})
			for mi, m := range mains {
				at := t
				if mi > 0 {
					if !g.r.chance(0.5) {
						continue
					}
					// The outlet copies some links to Bluesky by hand, later.
					at = t.Add(time.Duration(300+g.r.IntN(3000)) * time.Second)
				}
				pi := g.post(m, at, title+" "+url)
				g.w.Posts[pi].URLs = []string{url}
				g.w.Posts[pi].Source = "SocialFlow"
				g.w.Posts[pi].LookAlike = la.ID
			}
			for _, s := range synd {
				if !g.r.chance(0.7) {
					continue
				}
				delay := time.Duration(120+g.r.IntN(3*3600)) * time.Second
				pi := g.post(s, t.Add(delay), title+" "+url+"?utm_source=feed&utm_medium=social")
				g.w.Posts[pi].URLs = []string{url + "?utm_source=feed&utm_medium=social"}
				g.w.Posts[pi].Source = "dlvr.it"
				g.w.Posts[pi].LookAlike = la.ID
			}
		}
	}
	slices.SortFunc(g.articles, func(a, b article) int { return a.t.Compare(b.t) })
}

// tagText fills a post's entities (hashtags, URLs, mentions) from its text,
// as platforms do.
func (g *gen) tagText(pi int) {
	p := &g.w.Posts[pi]
	for _, f := range strings.Fields(p.Text) {
		switch {
		case strings.HasPrefix(f, "#") && len(f) > 1:
			p.Hashtags = append(p.Hashtags, strings.TrimRight(f[1:], ".,!?:;"))
		case strings.HasPrefix(f, "https://") || strings.HasPrefix(f, "http://"):
			p.URLs = append(p.URLs, strings.TrimRight(f, ".,!?;"))
		}
	}
}
