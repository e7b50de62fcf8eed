package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The browser tests drive a real Chromium (Debian's package) with chromedp.
// Without one they skip, loudly; with ACTORGRAPH_REQUIRE_BROWSER=1 (set by
// .ci/run, which installs Chromium) they fail instead.

// findBrowser is the path of a Chromium or Chrome, or "".
func findBrowser() string {
	if p := os.Getenv("ACTORGRAPH_BROWSER"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// needBrowser skips (or, when a browser is required, fails) without one.
func needBrowser(tb testing.TB) string {
	tb.Helper()
	path := findBrowser()
	if path == "" {
		msg := "*** NO BROWSER: the browser tests of GraphiQL and the explorer did NOT run. " +
			"Install Chromium (apt-get install chromium) or set ACTORGRAPH_BROWSER. ***"
		if os.Getenv("ACTORGRAPH_REQUIRE_BROWSER") == "1" {
			tb.Fatal(msg)
		}
		fmt.Fprintln(os.Stderr, msg)
		tb.Skip(msg)
	}
	return path
}

// newBrowser starts a headless Chromium at 1280×800 for the rest of ctx
// and returns the context of its first tab.
func newBrowser(ctx context.Context, tb testing.TB) context.Context {
	tb.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(needBrowser(tb)),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 800),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tab, cancelTab := chromedp.NewContext(alloc)
	tb.Cleanup(func() { cancelTab(); cancelAlloc() })
	if err := chromedp.Run(tab, chromedp.EmulateViewport(1280, 800)); err != nil {
		tb.Fatalf("starting the browser: %v", err)
	}
	return tab
}

// newTab opens another tab of the browser that tab belongs to.
func newTab(tb testing.TB, tab context.Context) context.Context {
	tb.Helper()
	other, cancel := chromedp.NewContext(tab)
	tb.Cleanup(cancel)
	if err := chromedp.Run(other); err != nil {
		tb.Fatal(err)
	}
	return other
}

// requestLog records the URL of every request a tab makes.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func logRequests(tab context.Context) *requestLog {
	l := &requestLog{}
	chromedp.ListenTarget(tab, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			l.mu.Lock()
			l.urls = append(l.urls, e.Request.URL)
			l.mu.Unlock()
		}
	})
	return l
}

// foreign lists the requests that did not go to origin (data: and blob:
// URLs are not network requests, and are not listed).
func (l *requestLog) foreign(origin string) (foreign []string, total int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, u := range l.urls {
		if strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "blob:") {
			continue
		}
		total++
		if u != origin && !strings.HasPrefix(u, origin+"/") {
			foreign = append(foreign, u)
		}
	}
	return foreign, total
}

// inBrowser runs browser actions and fails the test on an error, saying what was
// being done.
func inBrowser(tb testing.TB, tab context.Context, what string, actions ...chromedp.Action) {
	tb.Helper()
	if err := chromedp.Run(tab, actions...); err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

// waitJS waits until a JavaScript expression is true (polled on each
// animation frame, for as long as the test may run).
func waitJS(expr string) chromedp.Action {
	var truthy any
	return chromedp.Poll(expr, &truthy, chromedp.WithPollingTimeout(0))
}

// screenshot saves the tab's viewport as .screenshots/NAME.png (ignored by
// git), for people to look at.
func screenshot(tb testing.TB, tab context.Context, name string) {
	tb.Helper()
	var png []byte
	inBrowser(tb, tab, "screenshot "+name, chromedp.CaptureScreenshot(&png))
	if err := os.MkdirAll(".screenshots", 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(".screenshots", name+".png"), png, 0o644); err != nil {
		tb.Fatal(err)
	}
}
