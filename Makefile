# The two commands of the README are `make report` and `make test`; both install the system packages
# (libopenblas-dev, liblapacke-dev, pkgconf) first when they are missing.
.PHONY: setup report test bench

setup:
	@bash .ci/install-system-packages

# The main job: the KPI report (every provider, NATIONAL and REGION rows) for the bundled sample dataset,
# as a table for the latest month, then the full CSV to .build/sample-report.csv; then next month's
# likeliest breaches and each provider's PMIR level.
report: setup
	swift build -c release --product kpi
	.build/release/kpi report --data Datasets/sample --format table
	.build/release/kpi report --data Datasets/sample --format csv --out .build/sample-report.csv
	@echo "Full report (every month and window): .build/sample-report.csv"
	.build/release/kpi forecast --data Datasets/sample --format table --limit 15 2>/dev/null
	.build/release/kpi pmir --data Datasets/sample --format table 2>/dev/null

test: setup
	swift test

# A short benchmark run (few iterations); run `cd Benchmarks && swift package benchmark` for the full one.
bench: setup
	cd Benchmarks && BENCHMARK_SHORT=1 swift package benchmark --no-progress
