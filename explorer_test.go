package main

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/internal/testwait"
)

// Browser tests of GraphiQL at / and of the explorer at /explore, against
// the real server and Neo4j with the seed. They wait for DOM conditions,
// never for a time. Screenshots go to .screenshots/.

// browserAgainstSeed starts the server on the seed and a browser tab.
func browserAgainstSeed(t *testing.T) (srv *runningServer, tab context.Context) {
	t.Helper()
	needBrowser(t)
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	srv = launch(t, nil)
	ctx, cancel := testwait.Context(t)
	t.Cleanup(cancel)
	return srv, newBrowser(ctx, t)
}

// idle waits until the explorer has drawn what it was asked for.
const idle = `document.body.dataset.state === 'idle'`

func TestGraphiQLRunsTheExampleWithoutLeavingTheServer(t *testing.T) {
	srv, tab := browserAgainstSeed(t)
	requests := logRequests(tab)
	inBrowser(t, tab, "open GraphiQL",
		network.Enable(),
		chromedp.Navigate(srv.url+"/"),
		chromedp.WaitVisible(".graphiql-execute-button"),
		waitJS(`document.querySelector('.graphiql-query-editor').innerText.includes('RussiaPartners')`),
		chromedp.Click(".graphiql-execute-button"),
		waitJS(`(document.querySelector('.result-window') || {innerText: ''}).innerText.includes('Russia maintains a strategic partnership with Iran')`),
	)
	screenshot(t, tab, "graphiql")
	foreign, total := requests.foreign(srv.url)
	if total == 0 {
		t.Fatal("no request was recorded: the log does not work")
	}
	if len(foreign) > 0 {
		t.Errorf("GraphiQL made requests outside the server %s: %v", srv.url, foreign)
	}
}

// visibleIDs are the ids of the nodes and edges drawn, sorted.
func visibleIDs(t *testing.T, tab context.Context) []string {
	t.Helper()
	var ids []string
	inBrowser(t, tab, "read the drawn ids", chromedp.Evaluate(`explorer.cy.elements().map(e => e.id()).sort()`, &ids))
	return ids
}

func count(t *testing.T, tab context.Context, expr string) int {
	t.Helper()
	var n int
	inBrowser(t, tab, "evaluate "+expr, chromedp.Evaluate(expr, &n))
	return n
}

func TestExplorer(t *testing.T) {
	srv, tab := browserAgainstSeed(t)
	requests := logRequests(tab)
	inBrowser(t, tab, "open the explorer", network.Enable(), chromedp.Navigate(srv.url+"/explore"), waitJS(idle))

	t.Run("search with the keyboard", func(t *testing.T) {
		inBrowser(t, tab, "search Putin and pick him",
			chromedp.Focus("#search"),
			chromedp.SendKeys("#search", "Putin\r"),
			chromedp.WaitVisible(`#results button[data-pick="vladimir-putin"]`),
			waitJS(`document.activeElement.dataset.pick === 'vladimir-putin'`),
			chromedp.KeyEvent("\r"),
			waitJS(idle+` && explorer.cy.getElementById('vladimir-putin').nonempty()`),
			waitJS(`document.getElementById('panel').innerText.includes('Vladimir Putin')`),
		)
		screenshot(t, tab, "explorer-search")
	})

	t.Run("expand a node by clicking it", func(t *testing.T) {
		before := count(t, tab, `explorer.cy.nodes().length`)
		var pos struct {
			X, Y     float64
			OnCanvas bool
		}
		inBrowser(t, tab, "find Russia on the canvas", chromedp.Evaluate(`(() => {
			const p = explorer.cy.getElementById('russia').renderedPosition();
			const r = document.getElementById('cy').getBoundingClientRect();
			const x = r.left + p.x, y = r.top + p.y;
			return {x, y, onCanvas: document.elementFromPoint(x, y).closest('#cy') !== null}; })()`, &pos))
		if !pos.OnCanvas {
			t.Fatalf("Russia, at %v,%v, is hidden under something else", pos.X, pos.Y)
		}
		inBrowser(t, tab, "click Russia",
			chromedp.MouseClickXY(pos.X, pos.Y),
			waitJS(idle+` && explorer.state.expanded.includes('russia')`),
		)
		if after := count(t, tab, `explorer.cy.nodes().length`); after <= before {
			t.Errorf("expanding Russia left %d nodes (before: %d)", after, before)
		}
		screenshot(t, tab, "explorer-expanded")
	})

	t.Run("click the Russia–Iran partnership", func(t *testing.T) {
		inBrowser(t, tab, "open it from the list",
			chromedp.Click(`#list-box summary`),
			chromedp.Click(`#list button[data-edge="iran:PARTNERS_WITH:russia"]`),
			waitJS(`document.getElementById('panel').innerText.includes('Russia maintains a strategic partnership with Iran')`),
		)
		var panel string
		inBrowser(t, tab, "read the panel", chromedp.Text("#panel", &panel))
		for _, want := range []string{"PARTNERS_WITH", "Iran", "Russia", "ASSERTED", "Russian-US Relations"} {
			if !strings.Contains(panel, want) {
				t.Errorf("the side panel lacks %q:\n%s", want, panel)
			}
		}
		screenshot(t, tab, "explorer-edge")
	})

	t.Run("a copied link reproduces the view", func(t *testing.T) {
		var link string
		inBrowser(t, tab, "read the link", chromedp.Location(&link))
		want := visibleIDs(t, tab)
		other := newTab(t, tab)
		inBrowser(t, other, "open the link", chromedp.Navigate(link), waitJS(idle),
			waitJS(`document.getElementById('panel').innerText.includes('Russia maintains a strategic partnership with Iran')`))
		if got := visibleIDs(t, other); !slices.Equal(got, want) {
			t.Errorf("the link %s shows %d elements, the view had %d", link, len(got), len(want))
		}
	})

	t.Run("the slider hides relations that began later", func(t *testing.T) {
		later := `[...explorer.graph.edges.values()].filter(r => r.since && r.since.slice(0, 4) > '2016').length`
		if count(t, tab, later) == 0 {
			t.Fatal("no relation drawn begins after 2016: the test proves nothing")
		}
		inBrowser(t, tab, "move the slider to 2016",
			chromedp.SetValue("#asof", "2016"),
			chromedp.Evaluate(`document.getElementById('asof').dispatchEvent(new Event('change'))`, nil),
			waitJS(idle+` && explorer.state.asOf === '2016' && `+later+` === 0`),
		)
		if n := count(t, tab, `explorer.cy.edges().length`); n == 0 {
			t.Error("nothing drawn as of 2016")
		}
		var link string
		inBrowser(t, tab, "read the link", chromedp.Location(&link))
		if u, _ := url.Parse(link); u.Query().Get("asOf") != "2016" {
			t.Errorf("the link does not keep the date: %s", link)
		}
		screenshot(t, tab, "explorer-2016")
	})

	t.Run("the shortest paths from Putin to Iran", func(t *testing.T) {
		inBrowser(t, tab, "ask for them",
			chromedp.Click(`#paths-box summary`),
			chromedp.SetValue("#path-from", "vladimir-putin"),
			chromedp.SetValue("#path-to", "iran"),
			chromedp.Click(`#paths-form button[type="submit"]`),
			waitJS(idle+` && document.getElementById('panel-title').innerText.startsWith('Shortest paths')`),
		)
		if n := count(t, tab, `explorer.graph.paths.length`); n == 0 || count(t, tab, `explorer.cy.edges('.path').length`) == 0 {
			t.Fatalf("%d paths found, none drawn as a path", n)
		}
		if count(t, tab, `explorer.graph.pathSearch.complete ? 1 : 0`) != 1 || count(t, tab, `document.querySelectorAll('#paths-incomplete').length`) != 0 {
			t.Error("the search within the default budget is not complete, or says it is not")
		}
		screenshot(t, tab, "explorer-paths")
	})

	t.Run("at a phone's width", func(t *testing.T) {
		inBrowser(t, tab, "narrow the window",
			chromedp.EmulateViewport(390, 844),
			waitJS(`document.getElementById('panel').getBoundingClientRect().width <= 390`),
			chromedp.Evaluate(`explorer.cy.resize(); explorer.cy.fit(undefined, 20); true`, nil),
		)
		screenshot(t, tab, "explorer-phone")
		inBrowser(t, tab, "widen it again", chromedp.EmulateViewport(1280, 800))
	})

	if foreign, _ := requests.foreign(srv.url); len(foreign) > 0 {
		t.Errorf("the explorer made requests outside the server: %v", foreign)
	}
}

func TestExplorerDrawsAPredictionUnlikeAFact(t *testing.T) {
	srv, tab := browserAgainstSeed(t)
	inBrowser(t, tab, "open Trump's threats, counterfactuals included",
		chromedp.Navigate(srv.url+"/explore?focus=donald-trump&mod=ASSERTED,REPORTED,COUNTERFACTUAL&types=THREATENS"),
		waitJS(idle+` && explorer.cy.getElementById('donald-trump:THREATENS:china').nonempty()`),
	)
	var styles struct{ Counterfactual, Asserted string }
	inBrowser(t, tab, "read the line styles", chromedp.Evaluate(`({
		counterfactual: explorer.cy.getElementById('donald-trump:THREATENS:china').style('line-style'),
		asserted: explorer.cy.getElementById('donald-trump:THREATENS:china:2024-02').style('line-style') })`, &styles))
	if styles.Asserted != "solid" || styles.Counterfactual == styles.Asserted {
		t.Errorf("line styles: counterfactual %q, asserted %q: want solid for the fact and another for the counterfactual", styles.Counterfactual, styles.Asserted)
	}
	screenshot(t, tab, "explorer-modalities")
}

func TestExplorerShowsErrors(t *testing.T) {
	srv, tab := browserAgainstSeed(t)
	inBrowser(t, tab, "ask the API for a depth it refuses",
		chromedp.Navigate(srv.url+"/explore?focus=russia&depth=9"),
		chromedp.WaitVisible("#error"),
	)
	var msg string
	inBrowser(t, tab, "read the message", chromedp.Text("#error-text", &msg))
	if !strings.Contains(msg, "LIMIT_EXCEEDED") {
		t.Errorf("the error message is %q, want the API's LIMIT_EXCEEDED", msg)
	}
	screenshot(t, tab, "explorer-api-error")

	srv.stop()
	<-srv.done
	inBrowser(t, tab, "search with the server down",
		chromedp.Click("#error-close"),
		chromedp.SendKeys("#search", "Iran\r"),
		chromedp.WaitVisible("#error"),
		waitJS(`document.getElementById('error-text').innerText.includes('Cannot reach')`),
	)
	screenshot(t, tab, "explorer-server-down")
}
