# The hall queue appliance. `make run` sets up and runs the coordinator on the embedded sample hall;
# `make test` runs every test. Both install missing Debian packages first.

SWIFT ?= swift
DEBIAN_PACKAGES = tzdata libsqlite3-dev libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libqrencode-dev espeak-ng fonts-noto-core fonts-dejavu-core
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test bench release clean

deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The coordinator on the embedded sample hall, on this machine's clock, ports 5740/tcp and 5741/udp.
# In another terminal: .build/debug/queuectl status
run: build
	.build/debug/queue-coordinator

test: deps
	$(SWIFT) test

# Figures for docs/BENCHMARKS.md (release build, real coordinator on loopback).
bench: release
	.build/release/queue-bench coordinator && .build/release/queue-bench board && .build/release/queue-bench kiosk && .build/release/queue-bench reports

clean:
	rm -rf .build
