package meta

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/entities"
	"github.com/scrutineer/scrutineer/source/table"
)

// FormatCrowdTangle is a CrowdTangle historical-data CSV export, of
// Facebook pages and groups (Page Name, User Name, Facebook Id, …) or of
// Instagram accounts (Account, User Name, …). Its rows have no post id:
// a post's ID is its URL.
var FormatCrowdTangle = source.Format{
	Name:  "crowdtangle",
	About: "CrowdTangle historical-data CSV export of Facebook or Instagram posts (Page Name/Account, User Name, Post Created, URL, Message, …)",
	Sniff: sniffCrowdTangle,
	Read:  readCrowdTangle,
}

// The columns read, the account's first.
var ctColumns = []string{
	"Facebook Id", "User Name", "Page Name", "Account", "Page Category", "Page Admin Top Country",
	"Page Description", "Page Created", "Followers at Posting",

	"URL", "Post Created", "Type", "Message", "Description", "Title", "Link Text", "Link", "Final Link", "Photo",
	"Likes", "Love", "Wow", "Haha", "Sad", "Angry", "Care", "Comments", "Shares",
	"Post Views", "Total Views", "Views",
}

const (
	tFBID = iota
	tHandle
	tPageName
	tAccount
	tCategory
	tCountry
	tPageDesc
	tPageCreated
	tFollowers
	nCTAccount // the columns above are the account's

	tURL = iota - 1
	tTime
	tType
	tMessage
	tDescription
	tTitle
	tLinkText
	tLink
	tFinalLink
	tPhoto
	tLikes
	tLove
	tWow
	tHaha
	tSad
	tAngry
	tCare
	tComments
	tShares
	tPostViews
	tTotalViews
	tViews
	nCT
)

const ctVerbatim = 1<<tPageName | 1<<tAccount | 1<<tPageDesc | 1<<tMessage | 1<<tDescription | 1<<tTitle | 1<<tLinkText

func readCrowdTangle(r io.Reader, file string, sink source.Sink) error {
	t, err := table.New(r, file, sink)
	if t == nil {
		return err
	}
	// Older Instagram exports name the time column "Created".
	timeCol := "Post Created"
	if !t.Has(timeCol) && t.Has("Created") {
		timeCol = "Created"
	}
	if !t.Require("URL", timeCol) {
		return nil
	}
	if !t.Has("Facebook Id") && !t.Has("User Name") && !t.Has("Page Name") && !t.Has("Account") {
		t.Require("User Name")
		return nil
	}
	// The file's platform: Facebook exports name pages, Instagram ones
	// accounts; else each row's URL says.
	var platform scrutineer.Platform
	switch {
	case t.Has("Page Name") || t.Has("Facebook Id"):
		platform = scrutineer.PlatformFacebook
	case t.Has("Account"):
		platform = scrutineer.PlatformInstagram
	}
	cols := t.Cols(ctColumns...)
	cols[tTime] = t.Col(timeCol)
	accountCols := t.Mask(cols[:nCTAccount])
	var ends []int
	var v [nCT]string
	for {
		rec, line, ok, err := t.Next()
		if err != nil || !ok {
			return err
		}
		// The Raws and the fields' copies share one allocation.
		raw, accRaw, e := t.RawFields(rec, accountCols, ends, cols, v[:], ctVerbatim)
		ends = e
		pl := platform
		if pl == "" {
			if pl = hostPlatform(v[tURL]); pl == "" {
				pl = scrutineer.PlatformFacebook
			}
		}
		acc, field, err := ctAccount(&v, pl)
		if err != nil {
			t.Reject(line, ctColumns[field], err)
			continue
		}
		p, field, err := ctPost(&v, acc)
		if err != nil {
			t.Reject(line, ctColumns[field], err)
			continue
		}
		p.Raw, acc.Raw = raw, accRaw
		if err := sink.Record(scrutineer.Record{Account: acc}); err != nil {
			return err
		}
		if err := sink.Record(scrutineer.Record{Post: p}); err != nil {
			return err
		}
	}
}

// ctAccount reads the account columns; on error it names the column. A
// Facebook account's ID is its Facebook Id; an Instagram export gives no
// id, so there it is the user name.
func ctAccount(v *[nCT]string, pl scrutineer.Platform) (*scrutineer.Account, int, error) {
	a := &scrutineer.Account{
		Platform:    pl,
		Handle:      strings.TrimPrefix(v[tHandle], "@"),
		Name:        first(v[tPageName], v[tAccount]),
		Description: v[tPageDesc],
		Location:    v[tCountry],
		Category:    v[tCategory],
	}
	if v[tFBID] != "" {
		id, err := table.DecimalID(v[tFBID])
		if err != nil {
			return nil, tFBID, err
		}
		a.ID = id
	}
	if a.ID == "" {
		a.ID = first(a.Handle, a.Name)
	}
	if a.ID == "" {
		return nil, tHandle, fmt.Errorf("no account id, user name or name")
	}
	var err error
	if a.Followers, err = table.ParseCount(v[tFollowers]); err != nil {
		return nil, tFollowers, err
	}
	if v[tPageCreated] != "" {
		if a.Created, err = parseTime(v[tPageCreated]); err != nil {
			return nil, tPageCreated, err
		}
	}
	return a, 0, nil
}

// ctPost reads the post columns; on error it names the column.
func ctPost(v *[nCT]string, acc *scrutineer.Account) (*scrutineer.Post, int, error) {
	if v[tURL] == "" {
		return nil, tURL, fmt.Errorf("empty URL: the post has no id")
	}
	ig := acc.Platform == scrutineer.PlatformInstagram
	p := &scrutineer.Post{
		Platform: acc.Platform,
		ID:       v[tURL],
		URL:      v[tURL],
		Account:  acc.ID,
		Handle:   acc.Handle,
		Text:     v[tMessage],
		Title:    v[tLinkText],
	}
	if ig {
		// Instagram exports give the caption as Description and an IGTV
		// video's title as Title.
		p.Text = first(v[tMessage], v[tDescription])
		p.Title = v[tTitle]
	}
	if v[tTime] == "" {
		return nil, tTime, fmt.Errorf("empty time")
	}
	var err error
	if p.Time, err = parseTime(v[tTime]); err != nil {
		return nil, tTime, err
	}
	var reactions [7]scrutineer.Count
	for i, c := range []int{tLikes, tLove, tWow, tHaha, tSad, tAngry, tCare} {
		if reactions[i], err = table.ParseCount(v[c]); err != nil {
			return nil, c, err
		}
	}
	p.Likes = sumCounts(reactions[:]...)
	if p.Replies, err = table.ParseCount(v[tComments]); err != nil {
		return nil, tComments, err
	}
	if p.Reposts, err = table.ParseCount(v[tShares]); err != nil {
		return nil, tShares, err
	}
	for _, c := range []int{tPostViews, tTotalViews, tViews} {
		n, err := table.ParseCount(v[c])
		if err != nil {
			return nil, c, err
		}
		if p.Views.IsZero() {
			p.Views = n
		}
	}
	// The link is the post's own media when it is on the platform;
	// otherwise it is what the post shares.
	if link := first(v[tFinalLink], v[tLink]); link != "" && hostPlatform(link) == "" {
		p.URLs = []string{link}
	}
	if typ := mediaType(v[tType]); typ != "" {
		md := scrutineer.Media{Type: typ}
		switch {
		case typ == "photo":
			md.URL = v[tPhoto]
		case hostPlatform(v[tLink]) == "":
			md.URL = v[tLink] // a YouTube or other video played in the post
		}
		// A video's Photo is its thumbnail, not the video: left in Raw.
		p.Media = []scrutineer.Media{md}
	}
	p.Hashtags = entities.XHashtags(p.Text)
	if ig {
		p.Mentions = entities.Handles(p.Text, 30, true)
	}
	return p, 0, nil
}

// zones are the abbreviations CrowdTangle writes after its times, with
// their offsets from UTC in minutes; the export's times are in the zone
// of the dashboard that made it.
var zones = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0,
	"EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
	"AKST": -540, "AKDT": -480, "HST": -600, "AST": -240, "ADT": -180,
	"BST": 60, "WET": 0, "WEST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
	"IST": 330, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660,
}

// parseTime reads the times of both exports: "2020-11-03 18:45:12 EST"
// (CrowdTangle: a zone abbreviation or a numeric offset, or none for
// UTC) and "2024-10-28T14:03:22+0000" (Content Library), with or without
// a fraction of a second; other forms (Unix seconds among them) go to
// source.ParseTime.
func parseTime(s string) (time.Time, error) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		ns, err := source.ParseTime(s)
		if err != nil {
			return time.Time{}, err
		}
		return unixUTC(ns), nil
	}
	y, ok1 := table.ParseDigits(s[:4])
	mo, ok2 := table.ParseDigits(s[5:7])
	d, ok3 := table.ParseDigits(s[8:10])
	h, ok4 := table.ParseDigits(s[11:13])
	mi, ok5 := table.ParseDigits(s[14:16])
	sec, ok6 := table.ParseDigits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, fmt.Errorf("not a valid time: %s", source.Quote(s))
	}
	rest, nsec := s[19:], 0
	if rest != "" && rest[0] == '.' {
		j := 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			if j <= 9 {
				nsec = nsec*10 + int(rest[j]-'0')
			}
			j++
		}
		if j == 1 {
			return time.Time{}, fmt.Errorf("not a valid time: %s", source.Quote(s))
		}
		for k := j; k <= 9; k++ {
			nsec *= 10
		}
		rest = rest[j:]
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, time.UTC)
	if t.Day() != d {
		return time.Time{}, fmt.Errorf("not a valid date: %s", source.Quote(s))
	}
	zone := strings.TrimSpace(rest)
	if zone == "" || zone == "Z" {
		return t, nil
	}
	if m, ok := zones[strings.ToUpper(zone)]; ok {
		return t.Add(-time.Duration(m) * time.Minute), nil
	}
	if m, ok := offset(zone); ok {
		return t.Add(-time.Duration(m) * time.Minute), nil
	}
	return time.Time{}, fmt.Errorf("unknown time zone %s in %s", source.Quote(zone), source.Quote(s))
}

// offset reads a numeric zone, +HHMM, +HH:MM or +HH, in minutes.
func offset(z string) (int, bool) {
	if len(z) < 3 || (z[0] != '+' && z[0] != '-') {
		return 0, false
	}
	sign, z := z[0], z[1:]
	hh, mm := z, ""
	switch {
	case len(z) == 4:
		hh, mm = z[:2], z[2:]
	case len(z) == 5 && z[2] == ':':
		hh, mm = z[:2], z[3:]
	case len(z) != 2:
		return 0, false
	}
	h, ok := table.ParseDigits(hh)
	m, ok2 := 0, true
	if mm != "" {
		m, ok2 = table.ParseDigits(mm)
	}
	if !ok || !ok2 || h > 14 || m > 59 {
		return 0, false
	}
	if sign == '-' {
		return -(h*60 + m), true
	}
	return h*60 + m, true
}

func unixUTC(ns int64) time.Time { return time.Unix(0, ns).UTC() }

func sniffCrowdTangle(name string, head []byte) int {
	cols := table.HeaderNames(head)
	score := 0
	switch {
	case table.CountNames(cols, "Page Name", "User Name", "Facebook Id", "Post Created") == 4:
		score = 95
	case table.CountNames(cols, "Account", "User Name", "Followers at Posting", "Post Created") == 4:
		score = 95
	case table.CountNames(cols, "Account", "User Name", "Followers at Posting", "Created") == 4:
		score = 90 // an older Instagram export
	case table.CountNames(cols, "Page Name", "User Name") == 2 && strings.HasPrefix(strings.ToLower(baseName(name)), "crowdtangle"):
		score = 70 // the head cuts the header short
	case table.CountNames(cols, "Post Created", "URL", "Type") == 3:
		score = 60
	}
	return score
}
