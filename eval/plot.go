package eval

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"time"
)

// WritePlot draws precision, recall and F1 against the time window as an
// SVG line chart, the window on a logarithmic axis.
func WritePlot(w io.Writer, title string, points []Point) error {
	if len(points) == 0 {
		return fmt.Errorf("plot: no points")
	}
	const (
		width, height          = 720, 420
		left, right, top, foot = 70, 170, 50, 60
	)
	pw, ph := float64(width-left-right), float64(height-top-foot)
	lo := math.Log10(points[0].Window.Seconds())
	hi := math.Log10(points[len(points)-1].Window.Seconds())
	if hi <= lo {
		hi = lo + 1
	}
	x := func(d time.Duration) float64 { return float64(left) + (math.Log10(d.Seconds())-lo)/(hi-lo)*pw }
	y := func(v float64) float64 { return float64(top) + (1-v)*ph }

	b := bufio.NewWriter(w)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="13">`+"\n", width, height, width, height)
	fmt.Fprintf(b, `<title>%s</title>`+"\n", html.EscapeString(title))
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", width, height)
	fmt.Fprintf(b, `<text x="%d" y="28" font-size="16" font-weight="bold">%s</text>`+"\n", left, html.EscapeString(title))
	// Grid and axes.
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", left, y(v), width-right, y(v))
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%.2f</text>`+"\n", left-8, y(v), v)
	}
	for _, p := range points {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", x(p.Window), top, x(p.Window), height-foot)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x(p.Window), height-foot+18, short(p.Window))
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">coordination window (log scale)</text>`+"\n", float64(left)+pw/2, height-14)
	fmt.Fprintf(b, `<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle">account-level score</text>`+"\n", float64(top)+ph/2)
	// One line per measure; dashes and markers as well as colours tell them
	// apart, for readers who cannot rely on colour.
	series := []struct {
		name, colour, dash, marker string
		value                      func(*Report) float64
	}{
		{"precision", "#1f5fbf", "", "circle", func(r *Report) float64 { return r.Precision }},
		{"recall", "#c0392b", "6 4", "square", func(r *Report) float64 { return r.Recall }},
		{"F1", "#2e7d32", "2 3", "diamond", func(r *Report) float64 { return r.F1 }},
		{"organic flagged", "#7f7f7f", "1 4", "cross", func(r *Report) float64 { return r.OrganicFlaggedRate }},
	}
	for k, s := range series {
		fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s" points="`, s.colour, s.dash)
		for _, p := range points {
			fmt.Fprintf(b, "%.1f,%.1f ", x(p.Window), y(s.value(p.Report)))
		}
		fmt.Fprintln(b, `"/>`)
		for _, p := range points {
			marker(b, s.marker, s.colour, x(p.Window), y(s.value(p.Report)))
		}
		ly := float64(top + 10 + 24*k)
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+"\n",
			width-right+15, ly, width-right+45, ly, s.colour, s.dash)
		marker(b, s.marker, s.colour, float64(width-right+30), ly)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" dominant-baseline="middle">%s</text>`+"\n", width-right+52, ly, s.name)
	}
	fmt.Fprintln(b, `</svg>`)
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write plot: %w", err)
	}
	return nil
}

func marker(b *bufio.Writer, kind, colour string, x, y float64) {
	switch kind {
	case "circle":
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`+"\n", x, y, colour)
	case "square":
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="7" height="7" fill="%s"/>`+"\n", x-3.5, y-3.5, colour)
	case "diamond":
		fmt.Fprintf(b, `<path d="M%.1f %.1f l4.5 4.5 l-4.5 4.5 l-4.5 -4.5 z" fill="%s"/>`+"\n", x, y-4.5, colour)
	default:
		fmt.Fprintf(b, `<path d="M%.1f %.1f l8 8 m0 -8 l-8 8" stroke="%s" stroke-width="2"/>`+"\n", x-4, y-4, colour)
	}
}

// short prints a window compactly: 5s, 2m.
func short(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%dm", int(d.Minutes()))
	}
	return fmt.Sprintf("%gs", d.Seconds())
}
