# The two commands of the README are `make report` and `make test`; both install the system packages
# (libopenblas-dev, liblapacke-dev, pkgconf) first when they are missing.
.PHONY: setup report test bench

setup:
	@bash .ci/install-system-packages

# The main job: for now the working-day calendar (bank holidays of every division for the current year).
report: setup
	swift build -c release --product kpi
	@for division in england-and-wales scotland northern-ireland; do \
	    echo "== $$division"; \
	    .build/release/kpi calendar --division $$division --from 2026-01-01 --to 2026-12-31 --format table; \
	done

test: setup
	swift test

# A short benchmark run (few iterations); run `cd Benchmarks && swift package benchmark` for the full one.
bench: setup
	cd Benchmarks && BENCHMARK_SHORT=1 swift package benchmark --no-progress
