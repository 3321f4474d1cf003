package recordfile_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/recordfile"
)

func post(id string) scrutineer.Record {
	return scrutineer.Record{Post: &scrutineer.Post{Platform: scrutineer.PlatformX, ID: id, Account: "1",
		Time: time.Unix(1700000000, 0).UTC(), Text: strings.Repeat("<long> & ", 1+len(id)*20000)}}
}

func TestWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "records.jsonl")
	w, err := recordfile.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	acc := scrutineer.Record{Account: &scrutineer.Account{Platform: scrutineer.PlatformX, ID: "1"}}
	got, err := w.PutRecords(ctx, []scrutineer.Record{post("1"), acc, post("1"), post("22")})
	if err != nil || fmt.Sprint(got) != "[true true false true]" {
		t.Fatalf("%v %v", got, err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// A crash left half a line: reopening cuts it and keeps the rest.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"record":"post","platform":"x","id":"3","acc`)
	f.Close()
	w, err = recordfile.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if w.Len() != 3 {
		t.Errorf("reopened with %d records, want 3", w.Len())
	}
	got, err = w.PutRecords(ctx, []scrutineer.Record{post("22"), post("3")})
	if err != nil || fmt.Sprint(got) != "[false true]" {
		t.Fatalf("%v %v", got, err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); n != 4 || !strings.HasSuffix(string(b), "\n") {
		t.Errorf("%d lines", n)
	}

	other := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(other, []byte("hello\n"), 0o644)
	if _, err := recordfile.Open(other); err == nil || !strings.Contains(err.Error(), "line 1: not a record") {
		t.Errorf("opening a file of something else: %v", err)
	}
}

func TestDiscard(t *testing.T) {
	var d recordfile.Discard
	got, _ := d.PutRecords(context.Background(), []scrutineer.Record{post("1"), post("1"), post("2")})
	if fmt.Sprint(got) != "[true false true]" {
		t.Errorf("%v", got)
	}
}
