package main

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// BenchmarkExplorer measures, in Chromium against the seed, the explorer's
// own timings (explorer.timings, taken with performance.now in the page):
// from picking a search result to the drawn depth-2 neighbourhood of Russia
// (100 nodes, the API's default limit), and expanding one of its nodes.
// A benchmark, not a test: run it by hand (see BENCHMARKS.md).
func BenchmarkExplorer(b *testing.B) {
	needBrowser(b)
	s := neo4jtest.Open(b)
	neo4jtest.LoadSeed(b, s)
	srv := httptest.NewServer(newTestServer(s, ""))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tab := newBrowser(ctx, b)
	base := srv.URL
	b.ResetTimer()
	var render, expand, nodes float64
	for i := 0; i < b.N; i++ {
		var r struct{ Render, Expand, Nodes float64 }
		inBrowser(b, tab, "render and expand",
			chromedp.Navigate(base+"/explore?depth=2"),
			waitJS(idle),
			chromedp.SendKeys("#search", "Russia\r"),
			chromedp.WaitVisible(`#results button[data-pick="russia"]`),
			chromedp.Click(`#results button[data-pick="russia"]`),
			waitJS(idle+` && explorer.timings.length === 1`),
			chromedp.Evaluate(`explorer.expand('ukraine')`, nil),
			waitJS(idle+` && explorer.timings.length === 2`),
			chromedp.Evaluate(`({render: explorer.timings[0].ms, nodes: explorer.timings[0].nodes, expand: explorer.timings[1].ms})`, &r),
		)
		render += r.Render
		expand += r.Expand
		nodes += r.Nodes
	}
	n := float64(b.N)
	b.ReportMetric(render/n, "ms/render")
	b.ReportMetric(expand/n, "ms/expand")
	b.ReportMetric(nodes/n, "nodes")
}
