# Sundown. `make run` builds and serves; `make test` runs every test.

GO        ?= go
ADDR      ?= $(or $(SUNDOWN_ADDR),127.0.0.1:8000)
BUILD     := .build
SERVER    := $(BUILD)/sundown
WASM      := web/app.wasm
KDF_WASM  := web/kdf.wasm
CAL_WASM  := web/calendar.wasm
WEB_EXEC  := web/wasm_exec.js
GO_FILES  := $(shell find app cmd -name '*.go') go.mod go.sum
GOROOT_WASM := $(shell $(GO) env GOROOT)/lib/wasm
# The build's name, shown by sundown version and in Settings → About.
VERSION   ?= $(or $(shell git describe --tags --always --dirty 2>/dev/null),unknown)
STAMP     := -X github.com/remoteml/sundown/app/release.version=$(VERSION)
GOROOT_WASM_EXEC := $(GOROOT_WASM)/wasm_exec.js

.PHONY: all build run test vet unit unit-wasm fuzz e2e audit audit-deps bench soak screenshots browsers chromium postgresql wasm-exec clean help

all: build

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# What the server binary embeds beside the committed files of web/.
WEB_BUILT := $(WASM) $(WASM).gz $(WASM).br $(KDF_WASM) $(KDF_WASM).gz $(KDF_WASM).br $(CAL_WASM) $(CAL_WASM).gz $(CAL_WASM).br $(WEB_EXEC)

build: $(SERVER) ## Build the app (web/app.wasm, the key worker web/kdf.wasm and the calendar reader web/calendar.wasm, compressed) and the server, one binary with all of web/ in it.

run: build ## Build everything and serve on http://$(ADDR) (make run ADDR=host:port, or SUNDOWN_ADDR), with sync and its data in ./data.
	$(SERVER) serve --addr $(ADDR) --sync --data data

# The server embeds web/ (package web), so it is built after everything in it.
$(SERVER): $(GO_FILES) $(WEB_BUILT) $(wildcard web/*.*)
	$(GO) build -trimpath -ldflags='$(STAMP)' -o $@ ./cmd/sundown

# The loader, beside the app in web/, so that it is embedded with it.
$(WEB_EXEC): wasm_exec.js
	cp $< $@

# Sundown's own packages are compiled without inlining: they are UI and
# bookkeeping code where inlining buys nothing measurable, and it costs 17 KB
# of download. Benchmarks build the hello world with the same flags.
WASM_FLAGS := -trimpath -gcflags='github.com/remoteml/sundown/...=-l' -ldflags='-s -w $(STAMP)'

$(WASM): $(GO_FILES)
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $@ ./cmd/sundown

# The key worker: Argon2 alone, run in a Web Worker while sync is set up.
$(KDF_WASM): $(GO_FILES)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./cmd/sundown-kdf

# The calendar reader: the meetings of a day out of the user's .ics file,
# in a Web Worker, loaded only by those who chose a calendar.
$(CAL_WASM): $(GO_FILES)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./cmd/sundown-calendar

web/%.wasm.gz: web/%.wasm
	gzip -9 -n -k -f $<

# Brotli makes a wasm file about a fifth smaller than gzip. Without the tool
# the server serves the gzip file, so the build still works. brotli gives
# the file its source's time cut to the second, which make would take for
# out of date: touch it.
web/%.wasm.br: web/%.wasm
	@if command -v brotli >/dev/null 2>&1; then brotli -q 11 -f -o $@ $< && touch $@; \
	else echo "brotli not found: serving gzip only (apt-get install brotli for a smaller download)"; rm -f $@; fi

wasm-exec: ## Refresh wasm_exec.js from the Go toolchain in use.
	cp $(GOROOT_WASM_EXEC) wasm_exec.js

test: vet unit unit-wasm fuzz e2e audit ## Every test: vet, unit, component, handler, sync, the same in WebAssembly, fuzz (briefly), end-to-end in Chromium, Firefox and WebKit, and Lighthouse.

vet: ## go vet, for the server, for the browser build and for the end-to-end tests.
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	$(GO) vet -tags e2e ./app/e2e/

unit: postgresql ## Unit, component (go-app client tester) and handler tests; the sync storage on SQLite and on PostgreSQL.
	$(GO) test -race ./...
	$(GO) test -count=1 -run 'Simulation' ./app/server/ # every seed of the simulations, which run a fifth of them under -race

# The packages that run in the browser but touch no DOM, compiled to
# WebAssembly and run by Node.js with the toolchain's runner: what differs
# there (32-bit ints, a time zone fixed when the program starts) is caught
# here. TZ is a zone with summer time, so a fixed offset shows.
WASM_UNIT_PACKAGES := ./app/ritual/ ./app/store/ ./app/protocol/ ./app/seal/ ./app/syncengine/

unit-wasm: ## The domain, storage and sync packages compiled to WebAssembly, run by Node.js.
	@command -v node >/dev/null 2>&1 || { echo "node is missing: install Node.js (Debian: apt-get install nodejs)"; exit 1; }
	TZ=Europe/Berlin GOOS=js GOARCH=wasm PATH="$$PATH:$(GOROOT_WASM)" $(GO) test $(WASM_UNIT_PACKAGES)

fuzz: ## A short run of the fuzz target of the sync API's request decoder.
	$(GO) test -run '^$$' -fuzz FuzzPushBody -fuzztime 10s ./app/server/

soak: ## The long runs: thousands of sync simulation seeds and 50 crash cycles.
	SUNDOWN_SEEDS=3000 SUNDOWN_CRASH_CYCLES=50 $(GO) test -count=1 -timeout 60m -run 'Simulation|Crash' ./app/server/ ./cmd/sundown/

# Each test has its own server and browser profiles, and a browser test
# spends most of its time waiting for the page, so two run at once (more
# would only share the same two cores).
e2e: build browsers audit-deps ## End-to-end tests in Chromium, Firefox and WebKit, axe-core on every page and step included.
	$(GO) test -tags e2e -count=1 -parallel 2 -timeout 15m -skip '^TestLighthouse$$' ./app/e2e/

audit: build browsers audit-deps ## Lighthouse (desktop) on every page: accessibility 100, best practices 100, SEO 90 (its performance score is in make bench).
	$(GO) test -tags e2e -count=1 -timeout 10m -v -run '^TestLighthouse$$' ./app/e2e/

AUDIT := app/e2e/testdata/audit

# The audits' npm packages (axe-core, Lighthouse), exactly as the committed
# lock file says. Needs Node.js and npm (Debian: apt-get install nodejs npm).
audit-deps: $(AUDIT)/node_modules/.installed
$(AUDIT)/node_modules/.installed: $(AUDIT)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --prefix $(AUDIT) --no-audit --no-fund
	touch $@

screenshots: build browsers ## PNGs of the main screens, light, dark and on a phone, with a demo history, in web/screenshots/.
	mkdir -p web/screenshots
	SUNDOWN_SCREENSHOTS=$(CURDIR)/web/screenshots $(GO) test -tags e2e -count=1 -run 'TestScreenshots' ./app/e2e/

bench: build browsers audit-deps ## Every benchmark, printed as one table (figure, floor, ratio, budget); QUICK=1 for a fast look.
	$(GO) run ./cmd/sundown-bench $(if $(QUICK),--quick)

# The browsers and the display the end-to-end tests run in, as Debian
# packages: Chromium (chromedp), Firefox ESR (puppeteer-core over WebDriver
# BiDi), WebKitGTK's WebDriver and MiniBrowser, and Xvfb for MiniBrowser,
# which has no headless mode.
BROWSER_PACKAGES := chromium:chromium firefox-esr:firefox-esr WebKitWebDriver:webkit2gtk-driver xvfb-run:xvfb

browsers: ## Install the browsers the tests need when missing (needs root), or say how.
	@missing=""; for p in $(BROWSER_PACKAGES); do command -v $${p%%:*} >/dev/null 2>&1 || missing="$$missing $${p##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing$$missing for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The browser tests need:$$missing. Install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

chromium: browsers ## The same as browsers (an older name).

# The tests of the PostgreSQL storage start a cluster of their own with
# Debian's server programs (/usr/lib/postgresql/*/bin), as an unprivileged
# user; nothing of the machine's own PostgreSQL service is used.
postgresql: ## Install PostgreSQL's server programs when missing (needs root), or say how.
	@if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && ! command -v postgres >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing postgresql for the storage tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else \
	    echo "The storage tests need PostgreSQL's server. Install it with: sudo apt-get install postgresql"; exit 1; \
	  fi; \
	fi

clean: ## Remove build outputs.
	rm -rf $(BUILD) $(WEB_BUILT)
