# The inspector page (www/): a static site built from the npm package's browser entry.
# Included by the top-level Makefile.
#
#   make demo        the native example (make demo-native), then set up what is missing, build
#                    the site and serve it
#                    until Ctrl-C (port $(SITE_PORT), or a free one when taken; the URL is printed)
#   make site        target/site/: www/ + pkg/dist browser files + examples.json (from tests/vectors)
#   make serve-site  build, then serve target/site on 127.0.0.1 (prints the URL; Ctrl-C stops)
#   make test-site   the Playwright suite (playwright-core + Debian /usr/bin/chromium) against it;
#                    screenshots in tests/browser/artifacts/
#
# Needs `make pkg` (wasm32 target, wasm-bindgen CLI, npm ci) and chromium for the test.

SITE_ROOT  := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
SITE_DIR   ?= $(SITE_ROOT)/target/site
SITE_NODE  ?= node
SITE_PORT  ?= 8377

.PHONY: demo demo-native site serve-site test-site

demo:
	@$(MAKE) --no-print-directory demo-native
	@TWH_NO_BROWSER=1 $(SITE_ROOT)/scripts/setup.sh
	@$(MAKE) --no-print-directory serve-site

site: pkg
	PKG_DIR=$(JS_PKG_DIR) $(SITE_NODE) $(SITE_ROOT)/scripts/build-site.mjs $(SITE_DIR)

serve-site: site
	@echo "Serving the inspector page; Ctrl-C stops it."
	$(SITE_NODE) $(SITE_ROOT)/scripts/serve-site.mjs $(SITE_DIR) --port $(SITE_PORT)

test-site: site
	cd $(SITE_ROOT) && SITE_DIR=$(SITE_DIR) $(SITE_NODE) --test tests/browser/inspector.test.mjs
