# The two commands a fresh machine needs: `make run` and `make test`.
# Both install the Debian packages that are missing, configure and build into
# build/, and then run. Everything else is a convenience around CMake.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)

# Debian 12 packages the project builds and runs with (Qt 6.4 for the desktop client;
# Xvfb and a font for its screenshots and offscreen tests).
DEBIAN_PACKAGES := cmake ninja-build g++ make pkg-config git \
	libsodium-dev libsqlcipher-dev libssl-dev libgfshare-dev \
	libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc \
	libspdlog-dev catch2 libcli11-dev libtomlplusplus-dev nlohmann-json3-dev tzdata libutf8proc-dev \
	libsystemd-dev \
	qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n libgl-dev \
	fonts-dejavu-core xvfb xauth libcairo2-dev \
	clang libclang-rt-14-dev llvm

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: fuzz fuzz-build soak deb deb-test all deps configure build test test-fast bench bench-login bench-server bench-desktop bench-research bench-research-org bench-backup screenshots run clean format tidy

all: build

deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:" $$missing; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The whole suite, end-to-end tests included, then a short run of every fuzz target.
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_TEST_SECONDS)

# Fuzzing (docs/testing.md, "Fuzzing"): every libFuzzer target in tests/fuzz/targets,
# built by clang with ASan and UBSan in $(FUZZ_DIR), run FUZZ_SECONDS each (two at a
# time on two cores) on its seeds, its saved crashes and the corpus earlier runs grew.
# The table lands in $(FUZZ_DIR)/fuzz/fuzz.md; a crash fails the run and leaves its
# input in $(FUZZ_DIR)/fuzz/crashes/<target>/. `make fuzz FUZZ_TARGETS="record audit"`
# runs only those; `make test` runs each for FUZZ_TEST_SECONDS.
FUZZ_DIR          ?= build-fuzz
FUZZ_SECONDS      ?= 180
FUZZ_TEST_SECONDS ?= 5
FUZZ_TARGETS      ?=
FUZZ_FLAGS := -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer

$(FUZZ_DIR)/build.ninja: | deps
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DWEERBAAR_FUZZ=ON -DWEERBAAR_BUILD_TESTS=OFF \
	  -DCMAKE_CXX_FLAGS="$(FUZZ_FLAGS)" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"

fuzz-build: deps $(FUZZ_DIR)/build.ninja
	cmake --build $(FUZZ_DIR) --target fuzzers -j $(JOBS)

fuzz: fuzz-build
	scripts/run-fuzzers.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Everything but the end-to-end scenarios.
test-fast: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -LE e2e

# Benchmarks, kept out of `make test` (docs/benchmarks.md): the cost of a key
# rotation on a case of 1,000 records and 20 members, against reading that case,
# in the same run; then the client figures (case list cold and warm, sync, opening
# a case) against the fixed cost of a command, after the harness's own checks.
# The table lands in $(BUILD_DIR)/bench/client.md.
# `make bench BENCH_SIZES=100,1000` measures only those sizes.
BENCH_SIZES ?= 100,1000,10000,100000

bench: build
	$(BUILD_DIR)/bin/e2e_tests "[bench]" --durations yes
	$(BUILD_DIR)/bin/bench_client "[bench-selftest]"
	BENCH_SIZES=$(BENCH_SIZES) BENCH_OUT=$(BUILD_DIR)/bench/client.md \
	  $(BUILD_DIR)/bin/bench_client "[client]" --durations yes
	$(MAKE) bench-desktop
	$(MAKE) bench-research
	$(MAKE) bench-research-org

# A member's login latency (p50, p99) idle and while a stranger floods the server
# from 1..8 connections with challenges, made-up logins and forged logins, each set
# against the idle baseline of the same run (docs/server.md, "Limits").
# BENCH_LOGIN_SAMPLES=100 takes more logins per level.
bench-login: build
	$(BUILD_DIR)/bin/e2e_tests "[bench-login]" --durations yes

# The server's throughput (docs/benchmarks.md, "Server throughput"): durable appends/s
# of ~1 KiB records with 1, 4, 16, 64 and 256 calls in flight, p50/p99 latency, next
# to ListRevocations (the cheapest authenticated call) in the same run; the table
# lands in $(BUILD_DIR)/bench/server-load.md. BENCH_SERVER_SECONDS=10 (the window,
# default 5), BENCH_SERVER_REPEATS (default 3), BENCH_SERVER_WRITERS=16,64 (the levels).
# Then the storage alone (bench_storage): the server's append code over SQLCipher next
# to plain SQLite and the SQLite settings tried, in $(BUILD_DIR)/bench/server-storage.md.
bench-server: build
	BENCH_OUT=$(BUILD_DIR)/bench/server-load.md \
	  $(BUILD_DIR)/bin/e2e_tests "[bench-server]" --durations yes
	$(BUILD_DIR)/bin/bench_storage --dir $(BUILD_DIR)/bench/storage-databases \
	  --out $(BUILD_DIR)/bench/server-storage.md

# The desktop client's figures (docs/benchmarks.md, "Desktop client"): the case list
# at 10,000 cases (fill, filter, scroll) and first paint of a 1,000-record case from
# the local store, each next to a small baseline measured in the same run, offscreen.
bench-desktop: build
	QT_QPA_PLATFORM=offscreen $(BUILD_DIR)/bin/bench_desktop --out $(BUILD_DIR)/bench/desktop.md

# The research export's figures (docs/benchmarks.md, "Research export"): build_research_export
# on 10,000 synthetic cases (min / median / max of 3 runs) and the suppression rate at k = 5.
bench-research: build
	$(BUILD_DIR)/bin/bench_research --out $(BUILD_DIR)/bench/research.md

# The research export of a generated organisation through the real server and CLI: a
# confidant's client opens RESEARCH_ORG_CASES synthetic cases (default 2,000), then a
# coordinator exports three times and a researcher opens the package.
RESEARCH_ORG_CASES ?= 2000
bench-research-org: build
	RESEARCH_ORG_CASES=$(RESEARCH_ORG_CASES) BENCH_OUT=$(BUILD_DIR)/bench/research-org.md \
	  $(BUILD_DIR)/bin/bench_research_org "[research-org]" --durations yes

# The operator's backup figures (docs/benchmarks.md, "Backup and restore"): backup,
# verify-backup and restore through the real weerbaar-server while it runs, on the
# demo organisation (20 cases) and on 10,000 cases; the table lands in
# $(BUILD_DIR)/bench/backup.md. BENCH_BACKUP_CASES=20,10000 sets the sizes.
BENCH_BACKUP_CASES ?= 20,10000
bench-backup: build
	BENCH_BACKUP_CASES=$(BENCH_BACKUP_CASES) BENCH_OUT=$(BUILD_DIR)/bench/backup.md \
	  $(BUILD_DIR)/bin/bench_backup "[bench-backup]" --durations yes

# The crash-kill soak (docs/testing.md, "Crash-kill soak"), kept out of `make test`, which runs a
# short one with 3 kills: writers append notes and upload attachments to shared cases
# while the real server is killed with SIGKILL at random moments and restarted on the
# same data, WEERBAAR_SOAK_KILLS times (default 25); then every acknowledged write must
# verify, no cut-off write may be half-stored, the audit chain must verify and PRAGMA
# integrity_check must say ok. The figures land in $(BUILD_DIR)/soak/soak.md.
# Settings come from the environment or the make command line:
# `make soak WEERBAAR_SOAK_KILLS=100 WEERBAAR_SOAK_SEED=N` (each run prints its seed;
# the same seed replays its kill moments), WEERBAAR_SOAK_WRITERS (1..8, default 4),
# WEERBAAR_SOAK_MAX_DELAY_MS (default 1500).
soak: build
	WEERBAAR_SOAK_OUT=$(BUILD_DIR)/soak/soak.md \
	  $(BUILD_DIR)/bin/e2e_tests "[soak-long]" --durations yes

# The desktop client's screenshots in docs/screenshots/ (Dutch, 1366x900, under Xvfb
# with the real X11 platform): the end-to-end first session saves each main window
# as it passes it; the accessibility test adds the case list at 200% in high contrast.
screenshots: build
	rm -f docs/screenshots/*.png
	WEERBAAR_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots QT_QPA_PLATFORM=xcb \
	  xvfb-run -a -s "-screen 0 1366x900x24" $(BUILD_DIR)/bin/desktop_first_session_e2e_test
	WEERBAAR_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots QT_QPA_PLATFORM=xcb WEERBAAR_LANGUAGE=nl \
	  xvfb-run -a -s "-screen 0 1366x900x24" $(BUILD_DIR)/bin/desktop_research_e2e_test
	WEERBAAR_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=2 \
	  WEERBAAR_HIGH_CONTRAST=1 WEERBAAR_LANGUAGE=nl \
	  xvfb-run -a -s "-screen 0 2732x1800x24" $(BUILD_DIR)/bin/desktop_accessibility_e2e_test

# The Debian packages weerbaar-server, weerbaar and weerbaar-desktop (debian/,
# docs/operations.md "Install"), built with debhelper from a copy of the tree in
# $(DEB_DIR)/src (so dpkg-buildpackage writes nothing here), versioned from the
# CMake project version. The .debs land in $(DEB_DIR); lintian checks them.
# A second run rebuilds only what changed (its build tree stays; -nc).
DEB_DIR     ?= $(BUILD_DIR)/deb
DEB_VERSION ?= $(shell sed -n 's/^project.weerbaar VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
DEB_PACKAGES := debhelper dpkg-dev fakeroot lintian
deb: deps
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	scripts/build-deb.sh "$(DEB_DIR)" "$(DEB_VERSION)"

# Install, upgrade over a running older version, remove and purge, on a bare Debian 12
# system the test makes (debootstrap) and boots (systemd-nspawn), so that systemd
# runs the unit; not part of make test. docs/operations.md, "What make deb-test proves".
deb-test: deb
	@for p in debootstrap systemd-container; do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$p; \
	done
	$(SUDO) scripts/deb-test.sh "$(DEB_DIR)" "$(DEB_VERSION)"

# Start the server on ./var; on the first run, create a demo organisation.
run: build
	scripts/run-demo.sh $(BUILD_DIR)/bin

format:
	find crypto durable_file server client tests -name '*.cpp' -o -name '*.h' | xargs clang-format -i

tidy: configure
	find crypto durable_file server client -name '*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf $(BUILD_DIR)
