// swift-tools-version: 6.1
//
// Access to Work contract performance engine.
//
// Dependency direction (bottom to top):
//   _ATWUtilities (package-internal helpers every module may import: parallel loop, the one number formatter,
//   JSON text and values, file writing, CSV text, seeded random numbers, civil-date arithmetic; no dependencies,
//   no domain types)
//   CBLAS, CLapacke (system shims) → LinearAlgebra (the only caller of BLAS/LAPACK)
//   Spreadsheets (xlsx and ods workbooks over ZIPFoundation: written, and xlsx read; no domain types)
//   WorkingDays (UK working-day calendar) → CaseData (ingest of CSV and workbooks, dataset descriptions, tables,
//   store, atomic writes; a contract's row rules are handed in, no contract id is known here)
//   KPIEngine (definitions, item statuses, month counts, windows, ratings)
//   → SyntheticData (the generator for tests, benchmarks and demonstrations; names the built-in contracts)
//   Assurance (SPC charts, funnel limits, the shortfall test over the month counts)
//   Forecasting (next-month risk over the month counts), PMIR (escalation levels under a policy as data; reads
//   Assurance), Returns (MI returns, the contract performance notice; reads Assurance)
//   Rendering (tables, CSV, JSON, workbooks of every result; the HTML pack)
//   AccessToWork (umbrella library + DocC catalog) → kpi (thin command-line layer)
//   _ATWFuzzing (the fuzz harnesses' bodies over CaseData, KPIEngine, PMIR, Spreadsheets, WorkingDays; driven by the
//   libFuzzer package in Tests/Fuzz and replayed by _ATWFuzzingTests)
import PackageDescription

let package = Package(
    name: "atw-performance",
    products: [
        .library(name: "AccessToWork", targets: ["AccessToWork"]),
        .executable(name: "kpi", targets: ["kpi"]),
        // The fuzz harnesses' bodies, for the fuzz package under Tests/Fuzz (not API).
        .library(name: "_ATWFuzzing", targets: ["_ATWFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The zip container of xlsx and ods workbooks (Debian: zlib1g-dev).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // System libraries (Debian: libopenblas-dev, liblapacke-dev, pkgconf).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLapacke", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),

        // Package-internal utilities (in the spirit of swift-collections' _CollectionsUtilities): no dependencies.
        .target(name: "_ATWUtilities"),

        // Kernels and calendar.
        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "CLapacke"]),
        .target(name: "WorkingDays", dependencies: ["_ATWUtilities"]),

        // Spreadsheet workbooks (xlsx, ods): typed cells written, xlsx sheets read; no domain types.
        .target(name: "Spreadsheets", dependencies: ["_ATWUtilities", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),

        // Data: CSV and workbook ingest through dataset descriptions, validation, columnar tables, store, atomic writes.
        .target(name: "CaseData", dependencies: ["_ATWUtilities", "WorkingDays", "Spreadsheets"]),

        // KPI evaluation: contract definitions (data files), item statuses, month counts, windows, ratings.
        .target(name: "KPIEngine", dependencies: ["_ATWUtilities", "WorkingDays", "CaseData", "LinearAlgebra"],
                resources: [.copy("Contracts")]),

        // The synthetic national dataset generator (tests, benchmarks, demonstrations); not used by the engine.
        .target(name: "SyntheticData", dependencies: ["_ATWUtilities", "CaseData", "KPIEngine", "WorkingDays"]),

        // Statistical assurance: control charts (Making Data Count), funnel over-dispersion, shortfall test.
        .target(name: "Assurance", dependencies: ["KPIEngine", "WorkingDays"]),

        // Next-month risk: batched trend (LAPACK), beta-binomial noise, known months.
        .target(name: "Forecasting", dependencies: ["_ATWUtilities", "CaseData", "KPIEngine", "LinearAlgebra", "WorkingDays"]),

        // The Performance Management and Intervention Regime: escalation levels month by month, policy as data.
        .target(name: "PMIR", dependencies: ["_ATWUtilities", "KPIEngine", "Assurance", "WorkingDays"], resources: [.copy("Policies")]),

        // Returns over the same counts: MI returns, the contract performance notice.
        .target(name: "Returns", dependencies: ["_ATWUtilities", "CaseData", "KPIEngine", "Assurance", "WorkingDays"]),

        // Presentation.
        .target(name: "Rendering", dependencies: ["_ATWUtilities", "CaseData", "KPIEngine", "Assurance", "Forecasting", "PMIR", "Returns", "Spreadsheets"]),

        // The library others import, and the command line on top of it.
        .target(name: "AccessToWork", dependencies: ["LinearAlgebra", "WorkingDays", "CaseData", "SyntheticData", "KPIEngine", "Assurance", "Forecasting", "PMIR", "Returns", "Spreadsheets", "Rendering"]),
        .executableTarget(
            name: "kpi",
            dependencies: [
                "AccessToWork",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The fuzz harnesses' bodies: every reader driven by arbitrary bytes. The libFuzzer executables (Tests/Fuzz, a
        // package of their own) and _ATWFuzzingTests (the corpus and every input that ever crashed) call them.
        .target(name: "_ATWFuzzing", dependencies: ["CaseData", "KPIEngine", "PMIR", "Spreadsheets", "WorkingDays"]),

        // Tests, one target per module.
        .target(name: "_TestSupport", path: "Tests/_TestSupport"),
        .testTarget(name: "_ATWUtilitiesTests", dependencies: ["_ATWUtilities"]),
        .testTarget(name: "_ATWFuzzingTests", dependencies: ["_ATWFuzzing"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "_TestSupport"]),
        .testTarget(name: "WorkingDaysTests", dependencies: ["WorkingDays", "_TestSupport"]),
        .testTarget(name: "CaseDataTests", dependencies: ["SyntheticData", "CaseData", "Spreadsheets", "WorkingDays", "_TestSupport"]),
        .testTarget(name: "KPIEngineTests", dependencies: ["SyntheticData", "KPIEngine", "CaseData", "LinearAlgebra", "_TestSupport"]),
        .testTarget(name: "AssuranceTests", dependencies: ["Assurance", "KPIEngine", "CaseData", "_TestSupport"]),
        .testTarget(name: "ForecastingTests", dependencies: ["SyntheticData", "Forecasting", "CaseData", "_TestSupport"]),
        .testTarget(name: "PMIRTests", dependencies: ["SyntheticData", "PMIR", "CaseData", "KPIEngine", "WorkingDays", "_TestSupport"]),
        .testTarget(name: "ReturnsTests", dependencies: ["SyntheticData", "Returns", "CaseData", "KPIEngine", "_TestSupport"]),
        .testTarget(name: "SpreadsheetsTests", dependencies: ["Spreadsheets", "_TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    exclude: ["Fixtures"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Spreadsheets", "KPIEngine", "_TestSupport"]),
        .testTarget(name: "KPICommandTests", dependencies: ["kpi", "_TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    exclude: ["Golden"]),
    ]
)
