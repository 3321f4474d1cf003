// Package ioarchive reads X's (Twitter's) Information Operations archive:
// the CSV files of the "Elections integrity" datasets of accounts and
// tweets that the platform removed as state-backed operations, with the
// user ids of small accounts hashed.
//
// Every account in the archive was suspended before the archive was made,
// so accounts are marked Gone. Mentions are the @handles of the tweet's
// text: the archive's user_mentions column lists user ids, not handles.
package ioarchive

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

// FormatTweets is a tweets file of the archive (*_tweets_csv_hashed.csv):
// each row gives a post and its author's account.
var FormatTweets = source.Format{
	Name:     "x-ioarchive-tweets",
	Platform: scrutineer.PlatformX,
	About:    "X (Twitter) Information Operations archive: tweets CSV (tweetid, userid, tweet_text, tweet_time, …)",
	Sniff:    sniffTweets,
	Read:     readTweets,
}

// FormatUsers is a users file of the archive (*_users_csv_hashed.csv):
// each row gives an account.
var FormatUsers = source.Format{
	Name:     "x-ioarchive-users",
	Platform: scrutineer.PlatformX,
	About:    "X (Twitter) Information Operations archive: users CSV (userid, user_screen_name, follower_count, …)",
	Sniff:    sniffUsers,
	Read:     readUsers,
}

// The columns read, accounts' first: both files have those.
var columns = []string{
	"userid", "user_display_name", "user_screen_name", "user_reported_location",
	"user_profile_description", "user_profile_url", "follower_count", "following_count",
	"account_creation_date", "account_language",
	"tweetid", "tweet_language", "tweet_text", "tweet_time", "tweet_client_name",
	"in_reply_to_userid", "in_reply_to_tweetid", "quoted_tweet_tweetid", "is_retweet",
	"retweet_userid", "retweet_tweetid", "quote_count", "reply_count", "like_count",
	"retweet_count", "hashtags", "urls",
}

const (
	cUserID = iota
	cName
	cHandle
	cLocation
	cDescription
	cWebsite
	cFollowers
	cFollowing
	cCreated
	cAccountLang
	nAccount // the columns above are the account's

	cTweetID = iota - 1
	cLang
	cText
	cTime
	cClient
	cReplyUser
	cReplyTweet
	cQuoted
	cIsRetweet
	cRetweetUser
	cRetweetTweet
	cQuotes
	cReplies
	cLikes
	cRetweets
	cHashtags
	cURLs
	nColumns
)

// verbatim marks the texts, kept with their surrounding spaces.
const verbatim = 1<<cName | 1<<cDescription | 1<<cLocation | 1<<cText

func readTweets(r io.Reader, file string, sink source.Sink) error {
	return read(r, file, sink, true)
}

func readUsers(r io.Reader, file string, sink source.Sink) error {
	return read(r, file, sink, false)
}

func read(r io.Reader, file string, sink source.Sink, tweets bool) error {
	t, err := table.New(r, file, sink)
	if t == nil {
		return err
	}
	if tweets && !t.Require("tweetid", "userid", "tweet_time") || !tweets && !t.Require("userid") {
		return nil
	}
	cols := t.Cols(columns...)
	if !tweets {
		for i := nAccount; i < nColumns; i++ {
			cols[i] = -1 // a users file has no tweet: tweet columns are not read
		}
	}
	// Hashtags come from the text only when the file has no hashtags column.
	hashtagsFromText := cols[cHashtags] < 0
	accountCols := t.Mask(cols[:nAccount])
	var ends []int
	var v [nColumns]string
	for {
		rec, line, ok, err := t.Next()
		if err != nil || !ok {
			return err
		}
		// The Raws and the fields' copies share one allocation.
		var raw, accRaw []byte
		if tweets {
			raw, accRaw, ends = t.RawFields(rec, accountCols, ends, cols, v[:], verbatim)
		} else {
			raw, _, _ = t.RawFields(rec, nil, nil, cols, v[:], verbatim)
		}
		acc, field, err := account(&v)
		if err != nil {
			t.Reject(line, columns[field], err)
			continue
		}
		if !tweets {
			acc.Raw = raw
			if err := sink.Record(scrutineer.Record{Account: acc}); err != nil {
				return err
			}
			continue
		}
		p, field, err := post(&v, hashtagsFromText)
		if err != nil {
			t.Reject(line, columns[field], err)
			continue
		}
		p.Account = acc.ID // as userID read it
		p.Raw, acc.Raw = raw, accRaw
		if err := sink.Record(scrutineer.Record{Account: acc}); err != nil {
			return err
		}
		if err := sink.Record(scrutineer.Record{Post: p}); err != nil {
			return err
		}
	}
}

// account reads the account columns; on error it names the column.
func account(v *[nColumns]string) (*scrutineer.Account, int, error) {
	id, err := userID(v[cUserID])
	if err != nil {
		return nil, cUserID, err
	}
	a := &scrutineer.Account{
		Platform:    scrutineer.PlatformX,
		ID:          id,
		Handle:      strings.TrimPrefix(v[cHandle], "@"),
		Name:        v[cName],
		Description: v[cDescription],
		Location:    v[cLocation],
		Website:     v[cWebsite],
		Lang:        v[cAccountLang],
		Gone:        true,
	}
	if a.Followers, err = table.ParseCount(v[cFollowers]); err != nil {
		return nil, cFollowers, err
	}
	if a.Following, err = table.ParseCount(v[cFollowing]); err != nil {
		return nil, cFollowing, err
	}
	if v[cCreated] != "" {
		if a.Created, err = parseTime(v[cCreated]); err != nil {
			return nil, cCreated, err
		}
	}
	return a, 0, nil
}

// post reads the tweet columns; on error it names the column.
func post(v *[nColumns]string, hashtagsFromText bool) (*scrutineer.Post, int, error) {
	id, err := table.DecimalID(v[cTweetID])
	if err != nil {
		return nil, cTweetID, err
	}
	p := &scrutineer.Post{
		Platform: scrutineer.PlatformX,
		ID:       id,
		Handle:   strings.TrimPrefix(v[cHandle], "@"),
		Text:     v[cText],
		Lang:     v[cLang],
		Source:   v[cClient],
	}
	if v[cTime] == "" {
		return nil, cTime, errEmptyTime
	}
	if p.Time, err = parseTime(v[cTime]); err != nil {
		return nil, cTime, err
	}
	for _, ref := range []struct {
		col int
		to  *string
	}{{cReplyTweet, &p.ReplyTo}, {cQuoted, &p.QuoteOf}, {cRetweetTweet, &p.RepostOf}} {
		if v[ref.col] != "" {
			if *ref.to, err = table.DecimalID(v[ref.col]); err != nil {
				return nil, ref.col, err
			}
		}
	}
	if v[cReplyUser] != "" {
		if p.ReplyToAccount, err = userID(v[cReplyUser]); err != nil {
			return nil, cReplyUser, err
		}
	}
	if v[cRetweetUser] != "" {
		if _, err = userID(v[cRetweetUser]); err != nil {
			return nil, cRetweetUser, err
		}
	}
	if _, err := table.ParseBool(v[cIsRetweet]); err != nil {
		return nil, cIsRetweet, err
	}
	for _, c := range []struct {
		col int
		to  *scrutineer.Count
	}{{cLikes, &p.Likes}, {cRetweets, &p.Reposts}, {cReplies, &p.Replies}, {cQuotes, &p.Quotes}} {
		if *c.to, err = table.ParseCount(v[c.col]); err != nil {
			return nil, c.col, err
		}
	}
	if hashtagsFromText {
		p.Hashtags = entities.XHashtags(p.Text)
	} else {
		p.Hashtags = table.HashtagList(v[cHashtags])
	}
	p.URLs = table.ParseList(v[cURLs])
	p.Mentions = entities.Handles(p.Text, 15, false)
	return p, 0, nil
}

var errEmptyTime = fmt.Errorf("empty time")

// userID checks a user id: decimal, or the archive's hash of it (a hex
// digest) for accounts it does not name.
func userID(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("empty user id")
	}
	if table.IsDigits(s) {
		return s, nil
	}
	if strings.Trim(s, "0123456789.eE+-") == "" {
		return table.DecimalID(s) // a number gone through a float column
	}
	return s, nil
}

// parseTime reads the archive's times, "2018-03-21 14:05" (UTC, without
// seconds), and account creation dates, "2014-03-15"; other forms go to
// source.ParseTime.
func parseTime(s string) (time.Time, error) {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		y, ok1 := table.ParseDigits(s[:4])
		mo, ok2 := table.ParseDigits(s[5:7])
		d, ok3 := table.ParseDigits(s[8:10])
		h, mi, sec, ok4 := 0, 0, 0, true
		switch {
		case len(s) == 10:
		case len(s) == 16 && (s[10] == ' ' || s[10] == 'T') && s[13] == ':':
			var ok5, ok6 bool
			h, ok5 = table.ParseDigits(s[11:13])
			mi, ok6 = table.ParseDigits(s[14:16])
			ok4 = ok5 && ok6
		case len(s) == 19 && (s[10] == ' ' || s[10] == 'T') && s[13] == ':' && s[16] == ':':
			var ok5, ok6, ok7 bool
			h, ok5 = table.ParseDigits(s[11:13])
			mi, ok6 = table.ParseDigits(s[14:16])
			sec, ok7 = table.ParseDigits(s[17:19])
			ok4 = ok5 && ok6 && ok7
		default:
			ok4 = false
		}
		if ok1 && ok2 && ok3 && ok4 {
			if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 {
				return time.Time{}, fmt.Errorf("not a valid time: %s", source.Quote(s))
			}
			t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
			if t.Day() != d {
				return time.Time{}, fmt.Errorf("not a valid date: %s", source.Quote(s))
			}
			return t, nil
		}
	}
	ns, err := source.ParseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}

func sniffTweets(name string, head []byte) int {
	cols := table.HeaderNames(head)
	score := 0
	switch {
	case table.CountNames(cols, "tweetid", "userid", "tweet_time", "tweet_text", "is_retweet", "user_screen_name") == 6:
		score = 95
	case table.CountNames(cols, "tweetid", "userid", "tweet_time") == 3:
		score = 85
	case strings.Contains(name, "_tweets_csv_") && table.CountNames(cols, "tweetid", "userid") == 2:
		score = 70 // the head cuts the header short
	}
	if score > 0 && strings.Contains(name, "tweets_csv") {
		score = min(score+5, 100)
	}
	return score
}

func sniffUsers(name string, head []byte) int {
	cols := table.HeaderNames(head)
	if table.CountNames(cols, "tweetid", "tweet_time", "tweet_text") > 0 {
		return 0
	}
	score := 0
	switch {
	case table.CountNames(cols, "userid", "user_screen_name", "account_creation_date", "follower_count", "following_count") == 5:
		score = 90
	case table.CountNames(cols, "userid", "user_screen_name", "account_creation_date") == 3:
		score = 75
	}
	if score > 0 && strings.Contains(name, "users_csv") {
		score = min(score+5, 100)
	}
	return score
}
