package eval_test

import (
	"testing"

	"github.com/scrutineer/scrutineer/coord"
	"github.com/scrutineer/scrutineer/object"
	"github.com/scrutineer/scrutineer/source/coortweet"
)

// sharesData reads a simulated shares.csv as scrutineer detect does.
func sharesData(t testing.TB, csv []byte) *coord.Data {
	t.Helper()
	b := coord.NewBuilder(0)
	opt := coortweet.Options{Columns: coortweet.DefaultColumns(), Normalize: func(kind, raw string) (string, error) {
		if kind == "" {
			return raw, nil
		}
		k, err := object.ParseKind(kind)
		if err != nil {
			return "", err
		}
		return object.Normalize(k, raw)
	}}
	opt.Columns.Kind = "object_kind"
	if _, err := coortweet.ReadBytes(csv, b, opt); err != nil {
		t.Fatal(err)
	}
	return b.Data()
}
