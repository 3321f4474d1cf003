package simulate

import (
	"fmt"
	"strings"
	"time"
)

var thirdParties = []string{"Canadians for Affordable Housing", "Working Families Coalition", "Prairie Taxpayers Alliance",
	"Climate Action Now Canada", "Engage Canada", "Canada Proud", "Friends of Medicare"}

var regions = []string{"ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE"}

// ads makes the regulated ads of parties and registered third parties,
// each with its authorization statement.
func (g *gen) ads() {
	for n := 0; n < g.s.Ads; n++ {
		var advertiser string
		acc := -1
		if g.r.chance(0.6) {
			k := g.r.IntN(len(g.s.Parties))
			advertiser = g.s.Parties[k].Name
			acc = g.partyAcc[k*len(Platforms)]
		} else {
			advertiser = pick(g.r, thirdParties)
		}
		start := g.timeIn(g.r, g.w.Writ, g.w.Poll.Add(-48*time.Hour))
		g.w.Ads = append(g.w.Ads, g.ad(len(g.w.Ads), advertiser, advertiser, "CA", true, acc, start))
	}
}

func (g *gen) ad(n int, advertiser, payer, country string, authorized bool, acc int, start time.Time) Ad {
	spend := 100 * (1 + g.r.IntN(50))
	a := Ad{
		ID:           fmt.Sprintf("ad-%06d", n+1),
		Platform:     X,
		Account:      acc,
		Advertiser:   advertiser,
		Payer:        payer,
		PayerCountry: country,
		Authorized:   authorized,
		Regulated:    true,
		Text:         fmt.Sprintf("On %s, %s has a plan. Learn more.", pick(g.r, topicsEN), advertiser),
		URL:          "https://www." + strings.ToLower(asciiFold(strings.ReplaceAll(advertiser, " ", ""))) + ".ca/",
		Start:        start,
		End:          start.Add(time.Duration(2+g.r.IntN(12)) * 24 * time.Hour),
		SpendMin:     spend,
		SpendMax:     spend * 2,
		Impressions:  spend * (80 + g.r.IntN(120)),
		Regions:      []string{pick(g.r, regions), pick(g.r, regions)},
	}
	if authorized {
		a.Text += " Authorized by the official agent of " + advertiser + "."
	}
	if a.End.After(g.w.Poll) {
		a.End = g.w.Poll
	}
	return a
}

// adsOp: regulated ads that break the rules, half without an authorization
// statement, half paid from abroad through a front.
func (o *opGen) adsOp() {
	g := o.g
	front := pick(o.r, []string{"Concerned Citizens of Canada", "Canada First Voices", "True North Future"})
	for n := 0; n < o.spec.Size; n++ {
		start := g.timeIn(o.r, o.op.Start, o.op.End)
		authorized, country, payer := true, "CA", front
		if n%2 == 0 {
			authorized = false
		} else {
			country, payer = pick(o.r, []string{"RU", "CN", "IR", "US"}), "Northbridge Media Holdings Ltd."
		}
		ad := g.ad(len(g.w.Ads), front, payer, country, authorized, -1, start)
		ad.Text = fmt.Sprintf("Don't trust %s on %s.", g.s.Parties[o.target].Leader, pick(o.r, topicsEN))
		if authorized {
			ad.Text += " Authorized by " + front + "."
		}
		ad.Operation = o.op.ID
		o.op.Ads = append(o.op.Ads, len(g.w.Ads))
		g.w.Ads = append(g.w.Ads, ad)
		o.event(start, "ad %s by %s (paid from %s)", ad.ID, payer, country)
	}
}
