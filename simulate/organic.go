package simulate

import (
	"fmt"
	"math"
	"sort"
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
	for n := 0; n < originals; n++ {
		acc := accounts[who.draw(g.r)]
		a := &g.w.Accounts[acc]
		t := g.randomTime(g.r, acc)
		fr := a.Lang == "fr"
		var text string
		var urls []string
		var mentions []int
		switch x := g.r.Float64(); {
		case x < 0.45:
			k := g.r.IntN(len(g.s.Parties))
			leader := g.leader(k, a.Platform)
			who := g.s.Parties[k].Leader
			if g.r.chance(0.3) {
				who = "@" + g.w.Accounts[leader].Handle
				mentions = append(mentions, leader)
			}
			if fr {
				text = fmt.Sprintf(pick(g.r, opinionsFR), who, pick(g.r, topicsFR))
			} else {
				text = fmt.Sprintf(pick(g.r, opinionsEN), who, pick(g.r, topicsEN))
			}
		case x < 0.7:
			if fr {
				text = pick(g.r, everydayFR) + pick(g.r, tailsFR)
			} else {
				text = pick(g.r, everydayEN) + pick(g.r, tailsEN)
			}
		default:
			url, title := g.linkFor(t)
			if fr {
				text = pick(g.r, []string{"À lire : ", "Intéressant : ", "", "Voilà : "}) + title
			} else {
				text = pick(g.r, []string{"Worth reading: ", "Interesting: ", "", "This: "}) + title
			}
			if g.r.chance(0.25) {
				url += pick(g.r, []string{"?utm_source=twitter&utm_medium=social", "?fbclid=IwAR" + fmt.Sprint(g.r.IntN(1e9)), "#comments"})
			}
			text += " " + url
			urls = append(urls, url)
		}
		var tags []string
		if g.r.chance(0.4) {
			pool, pop := hashtagsEN, tagsEN
			if fr {
				pool, pop = hashtagsFR, tagsFR
			}
			for j, k := 0, 1+g.r.IntN(2); j < k; j++ {
				tag := pool[pop.draw(g.r)]
				if g.r.chance(0.3) {
					tag = strings.ToLower(tag) // people spell tags as they like
				}
				tags = append(tags, tag)
				text += " #" + tag
			}
		}
		pi := g.post(acc, t, text)
		p := &g.w.Posts[pi]
		p.URLs, p.Hashtags, p.Mentions = urls, tags, mentions
		if g.r.chance(0.05) {
			p.Media = []string{hash(g.seed, "media", fmt.Sprint(pi))}
		}
		if g.r.chance(0.3) {
			p.Source = pick(g.r, []string{"Twitter Web App", "Twitter for Android", "Bluesky Social", "Ivory for iOS", "Elk"})
		}
	}
}

// linkFor picks a link someone would share at time t: mostly a recent news
// article (popular ones more often), sometimes another site.
func (g *gen) linkFor(t time.Time) (url, title string) {
	if len(g.articles) > 0 && g.r.chance(0.75) {
		// Articles from the last two days, the newest and the luckiest first.
		hi := sort.Search(len(g.articles), func(i int) bool { return g.articles[i].t.After(t) })
		lo := sort.Search(len(g.articles), func(i int) bool { return g.articles[i].t.After(t.Add(-48 * time.Hour)) })
		if hi > lo {
			k := hi - 1 - int(math.Min(float64(hi-lo-1), g.r.ExpFloat64()*float64(hi-lo)/6))
			return g.articles[k].url, g.articles[k].title
		}
	}
	d := pick(g.r, otherDomains)
	switch d {
	case "youtube.com":
		return fmt.Sprintf("https://www.youtube.com/watch?v=%s", hash(g.seed, "yt", fmt.Sprint(g.r.IntN(5000)))[:11]), "Video"
	case "youtu.be":
		return fmt.Sprintf("https://youtu.be/%s", hash(g.seed, "yt", fmt.Sprint(g.r.IntN(5000)))[:11]), "Video"
	}
	return fmt.Sprintf("https://www.%s/%s/%d", d, pick(g.r, []string{"post", "news", "p", "article"}), g.r.IntN(20000)), "A link"
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
	for _, o := range originals {
		src := &g.w.Posts[o]
		author := src.Account
		lambda := cascadeRate * math.Min(g.influence[author], 10) / mean
		k := g.r.poisson(lambda)
		fol := g.followers[author]
		comm := byComm[[2]int{platformIndex(src.Platform), g.w.Accounts[author].Community}]
		seen := map[int]bool{author: true}
		for j := 0; j < k; j++ {
			var who int
			switch {
			case len(fol) > 0 && g.r.chance(0.8):
				who = int(pick(g.r, fol))
			case len(comm) > 0:
				who = pick(g.r, comm)
			default:
				continue
			}
			if seen[who] || g.w.Accounts[who].Operation != "" {
				continue
			}
			seen[who] = true
			t := src.Time
			if g.r.chance(0.8) {
				t = t.Add(time.Duration(g.r.logNormal(math.Log(1800), 1.4) * float64(time.Second)))
				if t.After(g.w.End) {
					continue
				}
				g.repost(who, o, t)
				continue
			}
			t = t.Add(time.Duration(g.r.logNormal(math.Log(1200), 1.2) * float64(time.Second)))
			if t.After(g.w.End) {
				continue
			}
			a := &g.w.Accounts[who]
			text := pick(g.r, []string{"Exactly.", "This.", "No way.", "Source?", "Agreed 100%", "Not true.", "Well said."})
			if a.Lang == "fr" {
				text = pick(g.r, []string{"Exactement.", "Tout à fait.", "Voyons donc.", "Source?", "D'accord à 100 %", "Faux."})
			}
			ri := g.post(who, t, "@"+g.w.Accounts[author].Handle+" "+text)
			g.w.Posts[ri].ReplyTo = o
			g.w.Posts[ri].Mentions = []int{author}
		}
	}
}

func platformIndex(p Platform) int {
	for i, q := range Platforms {
		if q == p {
			return i
		}
	}
	return -1
}
