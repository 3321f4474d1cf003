// Package ira538 reads FiveThirtyEight's Russian troll tweets
// (IRAhandle_tweets_N.csv): tweets of accounts tied to the Internet
// Research Agency, gathered by Clemson University researchers with
// Social Studio and published by FiveThirtyEight in 2018.
//
// Each row gives a post and its author's account; the account's
// account_category (RightTroll, LeftTroll, NewsFeed, HashtagGamer,
// Fearmonger, …) becomes Account.Category. Every account in the data was
// suspended, so accounts are marked Gone.
//
// The data does not give the id of a retweeted or quoted tweet. A retweet
// (post_type RETWEET, or retweet 1) keeps its text as given, "RT @user:
// …", with RepostOf empty; the original author's handle is the first of
// its Mentions. A quote tweet's QuoteOf is taken from its expanded links
// when one of them is a tweet's address (twitter.com/…/status/N), as
// quoted tweets are linked.
package ira538

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

// Format is a FiveThirtyEight IRA tweets file.
var Format = source.Format{
	Name:     "fivethirtyeight-ira",
	Platform: scrutineer.PlatformX,
	About:    "FiveThirtyEight's Russian troll tweets (IRAhandle_tweets_N.csv): IRA-linked accounts' tweets with account categories",
	Sniff:    sniff,
	Read:     read,
}

// The columns read, the account's first.
var columns = []string{
	"alt_external_id", "external_author_id", "author", "following", "followers", "account_category",
	"tweet_id", "article_url", "content", "language", "publish_date", "post_type", "retweet",
	"tco1_step1", "tco2_step1", "tco3_step1",
}

const (
	cAltID = iota
	cAuthorID
	cAuthor
	cFollowing
	cFollowers
	cCategory
	nAccount // the columns above are the account's

	cTweetID = iota - 1
	cURL
	cContent
	cLang
	cTime
	cPostType
	cRetweet
	cLink1
	cLink2
	cLink3
	nColumns
)

// accountRaw are the columns of an account's Raw: those about the account.
var accountRaw = []string{
	"external_author_id", "author", "region", "following", "followers", "updates",
	"account_type", "account_category", "new_june_2018", "alt_external_id",
}

func read(r io.Reader, file string, sink source.Sink) error {
	t, err := table.New(r, file, sink)
	if t == nil {
		return err
	}
	if !t.Require("author", "content", "publish_date") {
		return nil
	}
	if !t.Has("tweet_id") && !t.Has("article_url") {
		// Without either, a tweet has no id.
		t.Require("tweet_id")
		return nil
	}
	cols := t.Cols(columns...)
	rawCols := t.Mask(t.Cols(accountRaw...))
	var ends []int
	var v [nColumns]string
	for {
		rec, line, ok, err := t.Next()
		if err != nil || !ok {
			return err
		}
		// The Raws and the fields' copies share one allocation.
		raw, accRaw, e := t.RawFields(rec, rawCols, ends, cols, v[:], 1<<cContent)
		ends = e
		acc, field, err := account(&v)
		if err != nil {
			t.Reject(line, columns[field], err)
			continue
		}
		p, field, err := post(&v, acc)
		if err != nil {
			t.Reject(line, columns[field], err)
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

// account reads the account columns; on error it names the column. The
// id is alt_external_id (the user id as an integer), else
// external_author_id, else, when neither is a usable number, the handle.
func account(v *[nColumns]string) (*scrutineer.Account, int, error) {
	handle := strings.TrimPrefix(v[cAuthor], "@")
	if handle == "" {
		return nil, cAuthor, fmt.Errorf("empty author")
	}
	a := &scrutineer.Account{
		Platform: scrutineer.PlatformX,
		Handle:   handle,
		Category: v[cCategory],
		Gone:     true,
	}
	for _, c := range []int{cAltID, cAuthorID} {
		if id, ok := table.DecimalIDOK(v[c]); ok {
			a.ID = id
			break
		}
	}
	if a.ID == "" {
		a.ID = handle
	}
	var err error
	if a.Followers, err = table.ParseCount(v[cFollowers]); err != nil {
		return nil, cFollowers, err
	}
	if a.Following, err = table.ParseCount(v[cFollowing]); err != nil {
		return nil, cFollowing, err
	}
	return a, 0, nil
}

// post reads the tweet columns; on error it names the column.
func post(v *[nColumns]string, acc *scrutineer.Account) (*scrutineer.Post, int, error) {
	p := &scrutineer.Post{
		Platform: scrutineer.PlatformX,
		URL:      v[cURL],
		Account:  acc.ID,
		Handle:   acc.Handle,
		Text:     v[cContent],
		Lang:     langCode(v[cLang]),
	}
	switch {
	case v[cTweetID] != "":
		id, err := table.DecimalID(v[cTweetID])
		if err != nil {
			return nil, cTweetID, err
		}
		p.ID = id
	case v[cURL] != "":
		p.ID = statusID(v[cURL])
		if p.ID == "" {
			return nil, cURL, fmt.Errorf("no tweet id in %s", source.Quote(v[cURL]))
		}
	default:
		return nil, cTweetID, fmt.Errorf("no tweet id")
	}
	var err error
	if p.Time, err = parseTime(v[cTime]); err != nil {
		return nil, cTime, err
	}
	if _, err := table.ParseBool(v[cRetweet]); err != nil {
		return nil, cRetweet, err
	}
	for _, c := range []int{cLink1, cLink2, cLink3} {
		if v[c] != "" {
			p.URLs = append(p.URLs, v[c])
		}
	}
	if strings.EqualFold(v[cPostType], "QUOTE_TWEET") {
		for _, u := range p.URLs {
			if id := statusID(u); id != "" && id != p.ID {
				p.QuoteOf = id
				break
			}
		}
	}
	p.Hashtags = entities.XHashtags(p.Text)
	p.Mentions = entities.Handles(p.Text, 15, false)
	return p, 0, nil
}

// statusID returns the tweet id of a tweet's address
// (http://twitter.com/<user>/statuses/<id>, …/status/<id>), or "".
func statusID(u string) string {
	rest, ok := cutHost(u)
	if !ok {
		return ""
	}
	// <user>/status(es)/<id>[/…][?…]
	_, rest, ok1 := strings.Cut(rest, "/")
	kind, rest, ok2 := strings.Cut(rest, "/")
	if !ok1 || !ok2 || (kind != "status" && kind != "statuses") {
		return ""
	}
	id, _, _ := strings.Cut(rest, "/")
	if i := strings.IndexAny(id, "?#"); i >= 0 {
		id = id[:i]
	}
	if !table.IsDigits(id) || len(id) > 20 {
		return ""
	}
	return id
}

// cutHost returns what follows the host of an X address.
func cutHost(u string) (string, bool) {
	for _, scheme := range []string{"https://", "http://"} {
		if len(u) > len(scheme) && strings.EqualFold(u[:len(scheme)], scheme) {
			u = u[len(scheme):]
			break
		}
	}
	for _, host := range []string{"twitter.com/", "www.twitter.com/", "mobile.twitter.com/", "x.com/", "www.x.com/"} {
		if len(u) > len(host) && strings.EqualFold(u[:len(host)], host) {
			return u[len(host):], true
		}
	}
	return "", false
}

// parseTime reads publish_date, "10/1/2017 19:58" (month first, no
// seconds, read as UTC: the data does not give a zone); other forms go to
// source.ParseTime.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("empty time")
	}
	date, clock, _ := strings.Cut(s, " ")
	if mo, rest, ok := strings.Cut(date, "/"); ok {
		d, y, ok1 := strings.Cut(rest, "/")
		m, ok2 := table.ParseDigits(mo)
		dd, ok3 := table.ParseDigits(d)
		yy, ok4 := table.ParseDigits(y)
		h, mi, sec := 0, 0, 0
		ok5 := true
		if clock != "" {
			hh, rest, ok := strings.Cut(clock, ":")
			mm, ss, three := strings.Cut(rest, ":")
			var a, b bool
			h, a = table.ParseDigits(hh)
			mi, b = table.ParseDigits(mm)
			ok5 = ok && a && b
			if three {
				var c bool
				sec, c = table.ParseDigits(ss)
				ok5 = ok5 && c
			}
		}
		if !(ok1 && ok2 && ok3 && ok4 && ok5) || len(y) != 4 || m < 1 || m > 12 || dd < 1 || dd > 31 || h > 23 || mi > 59 || sec > 59 {
			return time.Time{}, fmt.Errorf("not a valid time (want M/D/YYYY H:MM): %s", source.Quote(s))
		}
		t := time.Date(yy, time.Month(m), dd, h, mi, sec, 0, time.UTC)
		if t.Day() != dd {
			return time.Time{}, fmt.Errorf("not a valid date: %s", source.Quote(s))
		}
		return t, nil
	}
	ns, err := source.ParseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}

// languages maps the language names of the data to ISO 639-1 codes.
var languages = map[string]string{
	"English": "en", "Russian": "ru", "German": "de", "Ukrainian": "uk", "Italian": "it",
	"Spanish": "es", "French": "fr", "Arabic": "ar", "Uzbek": "uz", "Bulgarian": "bg",
	"Serbian": "sr", "Macedonian": "mk", "Dutch": "nl", "Portuguese": "pt", "Polish": "pl",
	"Turkish": "tr", "Romanian": "ro", "Croatian": "hr", "Czech": "cs", "Swedish": "sv",
	"Norwegian": "no", "Finnish": "fi", "Danish": "da", "Estonian": "et", "Latvian": "lv",
	"Lithuanian": "lt", "Hungarian": "hu", "Slovak": "sk", "Slovenian": "sl", "Albanian": "sq",
	"Greek": "el", "Hebrew": "he", "Farsi (Persian)": "fa", "Persian": "fa", "Japanese": "ja",
	"Korean": "ko", "Vietnamese": "vi", "Thai": "th", "Indonesian": "id", "Malay": "ms",
	"Tagalog (Filipino)": "tl", "Hindi": "hi", "Urdu": "ur", "Pushto": "ps", "Kurdish": "ku",
	"Somali": "so", "Catalan": "ca", "Icelandic": "is", "Belarusian": "be", "Kazakh": "kk",
	"Chinese": "zh", "Simplified Chinese": "zh", "Traditional Chinese": "zh", "Georgian": "ka",
	"Armenian": "hy", "Azerbaijani": "az",
}

// langCode gives the code of a language name; "LANGUAGE UNDEFINED" gives
// "", and a name not known is kept as given.
func langCode(name string) string {
	if c, ok := languages[name]; ok {
		return c
	}
	if strings.EqualFold(name, "LANGUAGE UNDEFINED") {
		return ""
	}
	return name
}

func sniff(name string, head []byte) int {
	cols := table.HeaderNames(head)
	score := 0
	switch {
	case table.CountNames(cols, "external_author_id", "author", "content", "publish_date", "account_category") == 5:
		score = 95
	case table.CountNames(cols, "external_author_id", "author", "content") == 3:
		score = 80
	}
	if score > 0 && strings.HasPrefix(strings.ToLower(baseName(name)), "irahandle_tweets") {
		score = min(score+5, 100)
	}
	return score
}

// baseName is the last element of a slash-separated path.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}
