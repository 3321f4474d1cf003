package simulate

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// lookAlikes plants the organic behaviour that resembles coordination:
// each leader's fans reposting within minutes, accounts posting through a
// scheduling tool at round times, and a live debate when hundreds post the
// same hashtag at once. Honest detection must not flag them; naive
// detection does.
func (g *gen) lookAlikes() {
	g.fans()
	g.schedulers()
	g.debate()
}

// recruit turns organic accounts of a platform into members of a look-alike
// group, preferring those not yet in one.
func (g *gen) recruit(p Platform, n int, id string, role Role) []int {
	pool := g.byPlatform[p]
	var out []int
	for tries := 0; len(out) < n && tries < 20*n && len(pool) > 0; tries++ {
		i := pick(g.r, pool)
		a := &g.w.Accounts[i]
		if a.LookAlike != "" || a.Role != RoleOrganic {
			continue
		}
		a.LookAlike = id
		if role != "" {
			a.Role = role
		}
		out = append(out, i)
	}
	return out
}

// fans: a leader's supporters repost the leader's posts, each with its own
// delay of minutes. Many fans react to every post, but two given fans
// rarely land within seconds of each other twice.
func (g *gen) fans() {
	if g.s.LookAlikes.Fans == 0 {
		return
	}
	for k, party := range g.s.Parties {
		// Bigger parties have bigger fan bases.
		size := float64(g.s.LookAlikes.Fans) * []float64{1, 0.8, 0.5, 0.3, 0.2}[min(k, 4)]
		id := fmt.Sprintf("fans-%s", asciiFold(party.Short))
		la := LookAlike{ID: id, Kind: "fan_community", Name: party.Leader + "'s fans",
			Note: "supporters who repost the leader within minutes"}
		for _, p := range []Platform{X, Bluesky} {
			n := int(math.Round(size * g.s.Population.Platforms[p] / 0.6))
			members := g.recruit(p, n, id, RoleFan)
			la.Accounts = append(la.Accounts, members...)
			leader := g.leader(k, p)
			var posts []int
			for i := range g.w.Posts {
				if g.w.Posts[i].Account == leader && g.w.Posts[i].RepostOf < 0 {
					posts = append(posts, i)
				}
			}
			for _, pi := range posts {
				for _, f := range members {
					if !g.r.chance(0.25) {
						continue
					}
					// Within minutes, each at its own pace: two given fans rarely
					// land within seconds of each other, and almost never twice.
					delay := time.Duration(g.r.logNormal(math.Log(900), 1.0) * float64(time.Second))
					ri := g.repost(f, pi, g.w.Posts[pi].Time.Add(delay))
					g.w.Posts[ri].LookAlike = id
				}
			}
		}
		g.w.LookAlikes = append(g.w.LookAlikes, la)
	}
}

// schedulers: accounts that queue posts in a scheduling tool, which
// publishes them at round times (on the hour or half hour), each with its
// own link and a popular hashtag. Unrelated accounts thus post the same
// hashtag in the same second.
func (g *gen) schedulers() {
	n := g.s.LookAlikes.Schedulers
	if n == 0 {
		return
	}
	la := LookAlike{ID: "scheduler", Kind: "scheduler", Name: "scheduling-tool users",
		Note: "posts published by a scheduling tool at hh:00:00 and hh:30:00"}
	la.Accounts = g.recruit(X, n, la.ID, RoleScheduler)
	for _, a := range la.Accounts {
		// Each writes in its own words and links its own site.
		h := strings.ToLower(asciiFold(g.w.Accounts[a].Handle))
		site := fmt.Sprintf("https://%s.%s", strings.ReplaceAll(h, "_", "-"), pick(g.r, []string{"ca", "com", "blog", "net"}))
		intro := pick(g.r, []string{"New post:", "On the blog today:", "Fresh take:", "Weekly notes:", "Just published:", "Read:"})
		for d := 0; d < g.days; d++ {
			if !g.r.chance(0.5) {
				continue
			}
			day := g.w.Start.AddDate(0, 0, d)
			slot := 8*2 + g.r.IntN(28) // 08:00 to 21:30 local time
			t := day.Add(time.Duration(slot)*30*time.Minute - time.Duration(g.tz[a])*time.Hour)
			tag := pick(g.r, hashtagsEN[:10])
			blog := fmt.Sprintf("%s/%d/%s", site, d, strings.ReplaceAll(pick(g.r, topicsEN), " ", "-"))
			pi := g.post(a, t, fmt.Sprintf("%s %s %s #%s", intro, pick(g.r, topicsEN), blog, tag))
			g.tagText(pi)
			g.w.Posts[pi].Source = "Buffer"
			g.w.Posts[pi].LookAlike = la.ID
		}
	}
	g.w.LookAlikes = append(g.w.LookAlikes, la)
}

// debate: during the leaders' debate, hundreds post the debate hashtag,
// most of them in bursts at the exchanges everyone reacts to.
func (g *gen) debate() {
	n := g.s.LookAlikes.Debate
	if n == 0 {
		return
	}
	pollDay := g.s.DaysBefore + g.s.WritDays
	day := g.w.Start.AddDate(0, 0, pollDay-g.s.LookAlikes.DebateDay)
	start := day.Add(24 * time.Hour) // 20:00 Eastern is 00:00 UTC the next day
	length := 2 * time.Hour
	moments := make([]time.Duration, 12)
	for i := range moments {
		moments[i] = time.Duration(g.r.Int64N(int64(length)))
	}
	la := LookAlike{ID: "debate", Kind: "live_event", Name: "leaders' debate",
		Note: "live posting of the debate hashtag, in bursts at the big exchanges"}
	var members []int
	for _, p := range Platforms {
		share := g.s.Population.Platforms[p]
		members = append(members, g.recruit(p, int(float64(n)*share), la.ID, "")...)
	}
	la.Accounts = members
	for _, a := range members {
		k := 1 + g.r.IntN(2)
		for j := 0; j < k; j++ {
			var t time.Time
			if g.r.chance(0.25) {
				// A reaction to a big moment: within a few minutes of it.
				m := pick(g.r, moments)
				t = start.Add(m + time.Duration(g.r.ExpFloat64()*240*float64(time.Second)))
			} else {
				t = start.Add(time.Duration(g.r.Int64N(int64(length))))
			}
			tag, text := "LeadersDebate", "Watching the debate."
			if g.w.Accounts[a].Lang == "fr" {
				tag, text = "DébatDesChefs", "On regarde le débat."
			}
			pi := g.post(a, t, fmt.Sprintf("%s %s #%s", text, pick(g.r, []string{"Wow.", "Ouch.", "Really?", "👀", "🔥", ""}), tag))
			g.tagText(pi)
			g.w.Posts[pi].LookAlike = la.ID
		}
	}
	g.w.LookAlikes = append(g.w.LookAlikes, la)
}
