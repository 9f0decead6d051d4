# The hall queue appliance.
#   make demo     installs missing Debian packages, builds, and runs the whole hall on the sample hall
#   make city-demo  the same for the city: PostgreSQL, queue-city and three halls forwarding to it
#   make test     installs missing Debian packages and runs every test
#   make install  release build, then binaries, units and a sample config under $(DESTDIR)$(PREFIX)
#   make deb      a Debian package of the same, in .build/

SWIFT ?= swift
# What building and running need; the tests also need a browser and its driver (Tests/browser),
# and PostgreSQL, whose clusters the city's tests start themselves (Tests/CityTests).
BUILD_PACKAGES = tzdata libsqlite3-dev libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libqrencode-dev espeak-ng fonts-noto-core fonts-dejavu-core
TEST_PACKAGES = chromium chromium-driver python3-selenium postgresql zbar-tools
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The one version, from the Swift source that --version prints.
VERSION := $(shell sed -n 's/.*static let number = "\(.*\)".*/\1/p' Sources/AppVersion/AppVersion.swift)

# Install layout; `make deb` sets the Debian one.
PREFIX ?= /usr/local
DESTDIR ?=
BUILT ?= .build/release
UNITDIR ?= /etc/systemd/system
SYSUSERSDIR ?= /etc/sysusers.d
TMPFILESDIR ?= /etc/tmpfiles.d
BINARIES = queue-coordinator queuectl queue-display queue-kiosk queue-city

.PHONY: deps test-deps build run demo city-demo test bench release install install-files deb version clean

# Installs whichever of the packages given are missing.
define install-missing
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install-missing,$(BUILD_PACKAGES))

test-deps:
	$(call install-missing,$(BUILD_PACKAGES) $(TEST_PACKAGES))

build: deps
	$(SWIFT) build

# Release binaries carry the Swift runtime, so a box needs only the Debian libraries.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

# The coordinator alone on the sample hall, on this machine's clock (ports 5740/tcp, 5741/udp).
run: build
	.build/debug/queue-coordinator

# Coordinator (virtual clock), hall traffic, a board and a kiosk; Ctrl-C stops all.
demo: build
	scripts/demo.sh

# A throwaway PostgreSQL cluster, queue-city and three simulated halls forwarding to it (docs/CITY.md).
city-demo: build
	$(call install-missing,postgresql)
	scripts/city-demo.sh

test: test-deps
	$(SWIFT) test

# Figures for docs/BENCHMARKS.md (release build, real binaries on loopback).
bench: release
	.build/release/queue-bench coordinator && .build/release/queue-bench board && .build/release/queue-bench kiosk && .build/release/queue-bench reports

install: release install-files

# Copies what is built in $(BUILT); tests call it with the debug build and a temporary DESTDIR.
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) \
		$(DESTDIR)/etc/queue-appliance $(DESTDIR)$(PREFIX)/share/queue-appliance $(DESTDIR)$(PREFIX)/share/doc/queue-appliance
	for b in $(BINARIES); do install -s -m 0755 $(BUILT)/$$b $(DESTDIR)$(PREFIX)/bin/$$b; done
	for u in systemd/*.service; do sed 's|/usr/local/bin/|$(PREFIX)/bin/|; s|/usr/local/share/|$(PREFIX)/share/|' $$u > $(DESTDIR)$(UNITDIR)/$$(basename $$u); chmod 0644 $(DESTDIR)$(UNITDIR)/$$(basename $$u); done
	install -m 0644 systemd/queue-appliance.sysusers $(DESTDIR)$(SYSUSERSDIR)/queue-appliance.conf
	install -m 0644 systemd/queue-appliance.tmpfiles $(DESTDIR)$(TMPFILESDIR)/queue-appliance.conf
	[ -e $(DESTDIR)/etc/queue-appliance/hall.toml ] || $(BUILT)/queue-coordinator --print-default-config > $(DESTDIR)/etc/queue-appliance/hall.toml
	cp -r Assets/. $(DESTDIR)$(PREFIX)/share/queue-appliance/
	cp -r README.md docs $(DESTDIR)$(PREFIX)/share/doc/queue-appliance/

deb: release
	rm -rf .build/deb
	$(MAKE) install-files DESTDIR=.build/deb/root PREFIX=/usr UNITDIR=/lib/systemd/system SYSUSERSDIR=/usr/lib/sysusers.d TMPFILESDIR=/usr/lib/tmpfiles.d
	install -d .build/deb/root/DEBIAN
	sed 's/@VERSION@/$(VERSION)/; s/@ARCH@/$(shell dpkg --print-architecture)/' scripts/debian/control > .build/deb/root/DEBIAN/control
	install -m 0755 scripts/debian/postinst .build/deb/root/DEBIAN/postinst
	echo /etc/queue-appliance/hall.toml > .build/deb/root/DEBIAN/conffiles
	dpkg-deb --build --root-owner-group .build/deb/root .build/queue-appliance_$(VERSION)_$(shell dpkg --print-architecture).deb

version:
	@echo $(VERSION)

clean:
	rm -rf .build
