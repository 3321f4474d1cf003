package simulate

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// cascadeRate is the mean number of reposts and replies an ordinary post
// draws; a post's own count scales with its author's influence.
const cascadeRate = 0.8

// organicPosts gives ordinary accounts their own posts: opinions on the
// campaign, everyday life, and news links, with hashtags and mentions of
// the leaders. Activity is heavy-tailed: a few accounts post a lot.
func (g *gen) organicPosts() {
	var accounts []int
	var activity []float64
	for i := range g.w.Accounts {
		a := &g.w.Accounts[i]
		if a.Role == RoleOrganic || a.Role == RoleFan || a.Role == RoleScheduler {
			accounts = append(accounts, i)
			activity = append(activity, g.r.logNormal(0, 1.3))
		}
	}
	if len(accounts) == 0 {
		return
	}
	// Originals are what is left of the target once the others' posts and
	// the reposts and replies that originals draw are counted.
	have, officials := len(g.w.Posts), 0
	for i := range g.w.Posts {
		if p := &g.w.Posts[i]; p.RepostOf < 0 && p.Operation == "" && p.LookAlike == "" {
			officials++
		}
	}
	originals := max(0, int((float64(g.s.Population.Posts-have)-cascadeRate*float64(officials))/(1+cascadeRate)))
	who := newWeighted(activity)
	tagsEN, tagsFR := newWeighted(zipf(len(hashtagsEN), 1.1)), newWeighted(zipf(len(hashtagsFR), 1.1))
	articleTimes := make([]int64, len(g.articles))
	for k, a := range g.articles {
		articleTimes[k] = a.t.Unix()
	}
	base := len(g.w.Posts)
	g.w.Posts = slices.Grow(g.w.Posts, originals)[:base+originals]
	inChunks(originals, func(c, lo, hi int) {
		r := newRNG(g.seed, streamOrganic+uint64(c))
		for n := lo; n < hi; n++ {
			g.w.Posts[base+n] = g.organicPost(r, accounts, who, tagsEN, tagsFR, n)
			g.w.Posts[base+n].Index = base + n
		}
	})
}

// organicPost makes the n-th original post of an ordinary account.
func (g *gen) organicPost(r rng, accounts []int, who, tagsEN, tagsFR weighted, n int) Post {
	{
		acc := accounts[who.draw(r)]
		a := &g.w.Accounts[acc]
		t := g.randomTime(r, acc)
		fr := a.Lang == "fr"
		var text string
		var urls []string
		var mentions []int
		switch x := r.Float64(); {
		case x < 0.45:
			k := r.IntN(len(g.s.Parties))
			leader := g.leader(k, a.Platform)
			who := g.s.Parties[k].Leader
			if r.chance(0.3) {
				who = "@" + g.w.Accounts[leader].Handle
				mentions = append(mentions, leader)
			}
			if fr {
				text = fmt.Sprintf(pick(r, opinionsFR), who, pick(r, topicsFR))
			} else {
				text = fmt.Sprintf(pick(r, opinionsEN), who, pick(r, topicsEN))
			}
		case x < 0.7:
			if fr {
				text = pick(r, everydayFR) + pick(r, tailsFR)
			} else {
				text = pick(r, everydayEN) + pick(r, tailsEN)
			}
		default:
			url, title := g.linkFor(r, t)
			if fr {
				text = pick(r, []string{"À lire : ", "Intéressant : ", "", "Voilà : "}) + title
			} else {
				text = pick(r, []string{"Worth reading: ", "Interesting: ", "", "This: "}) + title
			}
			if r.chance(0.25) {
				url += pick(r, []string{"?utm_source=twitter&utm_medium=social", "?fbclid=IwAR" + fmt.Sprint(r.IntN(1e9)), "#comments"})
			}
			text += " " + url
			urls = append(urls, url)
		}
		var tags []string
		if r.chance(0.4) {
			pool, pop := hashtagsEN, tagsEN
			if fr {
				pool, pop = hashtagsFR, tagsFR
			}
			for j, k := 0, 1+r.IntN(2); j < k; j++ {
				tag := pool[pop.draw(r)]
				if r.chance(0.3) {
					tag = strings.ToLower(tag) // people spell tags as they like
				}
				tags = append(tags, tag)
				text += " #" + tag
			}
		}
		p := g.newPost(acc, t, text)
		p.URLs, p.Hashtags, p.Mentions = urls, tags, mentions
		if r.chance(0.05) {
			p.Media = []string{hash(g.seed, "media", strconv.Itoa(n))}
		}
		if r.chance(0.3) {
			p.Source = pick(r, []string{"Twitter Web App", "Twitter for Android", "Bluesky Social", "Ivory for iOS", "Elk"})
		}
		return p
	}
}

// linkFor picks a link someone would share at time t: mostly a recent news
// article (popular ones more often), sometimes another site.
func (g *gen) linkFor(r rng, t time.Time) (url, title string) {
	if len(g.articles) > 0 && r.chance(0.75) {
		// Articles from the last two days, the newest and the luckiest first.
		hi := sort.Search(len(g.articles), func(i int) bool { return g.articles[i].t.After(t) })
		lo := sort.Search(len(g.articles), func(i int) bool { return g.articles[i].t.After(t.Add(-48 * time.Hour)) })
		if hi > lo {
			k := hi - 1 - int(math.Min(float64(hi-lo-1), r.ExpFloat64()*float64(hi-lo)/6))
			return g.articles[k].url, g.articles[k].title
		}
	}
	d := pick(r, otherDomains)
	switch d {
	case "youtube.com":
		return fmt.Sprintf("https://www.youtube.com/watch?v=%s", hash(g.seed, "yt", fmt.Sprint(r.IntN(5000)))[:11]), "Video"
	case "youtu.be":
		return fmt.Sprintf("https://youtu.be/%s", hash(g.seed, "yt", fmt.Sprint(r.IntN(5000)))[:11]), "Video"
	}
	return fmt.Sprintf("https://www.%s/%s/%d", d, pick(r, []string{"post", "news", "p", "article"}), r.IntN(20000)), "A link"
}

// cascades: posts travel through followers as reposts and replies. Each
// original draws a number of them that grows with its author's influence;
// the reposters are the author's followers (or its community), each after
// a delay of minutes to hours.
func (g *gen) cascades() {
	n := len(g.w.Posts)
	var mean float64
	var originals []int
	for i := 0; i < n; i++ {
		if p := &g.w.Posts[i]; p.RepostOf < 0 && p.Operation == "" && p.LookAlike == "" {
			originals = append(originals, i)
			mean += math.Min(g.influence[p.Account], 10)
		}
	}
	if len(originals) == 0 {
		return
	}
	mean /= float64(len(originals))
	byComm := map[[2]int][]int{}
	for _, p := range Platforms {
		for _, i := range g.byPlatform[p] {
			c := g.w.Accounts[i].Community
			byComm[[2]int{int(platformIndex(p)), c}] = append(byComm[[2]int{int(platformIndex(p)), c}], i)
		}
	}
	parts := make([][]Post, (len(originals)+chunkSize-1)/chunkSize)
	inChunks(len(originals), func(c, lo, hi int) {
		r := newRNG(g.seed, streamCascades+uint64(c))
		var seen smallSet
		out := make([]Post, 0, int(float64(hi-lo)*cascadeRate*1.3)+64)
		for _, o := range originals[lo:hi] {
			src := &g.w.Posts[o]
			author := src.Account
			lambda := cascadeRate * math.Min(g.influence[author], 10) / mean
			k := r.poisson(lambda)
			if k == 0 {
				continue
			}
			fol := g.followers[author]
			comm := byComm[[2]int{platformIndex(src.Platform), g.w.Accounts[author].Community}]
			seen.reset(k + 1)
			seen.add(int32(author))
			for j := 0; j < k; j++ {
				var who int
				switch {
				case len(fol) > 0 && r.chance(0.8):
					who = int(pick(r, fol))
				case len(comm) > 0:
					who = pick(r, comm)
				default:
					continue
				}
				if g.w.Accounts[who].Operation != "" || !seen.add(int32(who)) {
					continue
				}
				t := src.Time
				if r.chance(0.8) {
					t = t.Add(time.Duration(r.logNormal(math.Log(1800), 1.4) * float64(time.Second)))
					if t.After(g.w.End) {
						continue
					}
					p := g.newPost(who, t, "")
					p.RepostOf, p.Lang = o, src.Lang
					out = append(out, p)
					continue
				}
				t = t.Add(time.Duration(r.logNormal(math.Log(1200), 1.2) * float64(time.Second)))
				if t.After(g.w.End) {
					continue
				}
				text := pick(r, repliesEN)
				if g.w.Accounts[who].Lang == "fr" {
					text = pick(r, repliesFR)
				}
				p := g.newPost(who, t, "@"+g.w.Accounts[author].Handle+" "+text)
				p.ReplyTo, p.Mentions = o, []int{author}
				out = append(out, p)
			}
		}
		parts[c] = out
	})
	// The parts join the posts only when finish puts everything in order:
	// appending them here would copy gigabytes for nothing.
	g.extra = parts
}

var (
	repliesEN = []string{"Exactly.", "This.", "No way.", "Source?", "Agreed 100%", "Not true.", "Well said."}
	repliesFR = []string{"Exactement.", "Tout à fait.", "Voyons donc.", "Source?", "D'accord à 100 %", "Faux."}
)

func platformIndex(p Platform) int {
	for i, q := range Platforms {
		if q == p {
			return i
		}
	}
	return -1
}
