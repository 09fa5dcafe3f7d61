// swift-tools-version: 6.1
//
// Benchmarks for the Access to Work performance engine, a package of their own so the root's
// `swift test` stays quick. Run from this folder: `swift package benchmark`.
// Set BENCHMARK_SHORT=1 for the few-iteration run that CI uses.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones: read it.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
let rootIdentity = root.lastPathComponent

/// A benchmark executable in the folder of the same name.
func benchmarkTarget(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            .product(name: "AccessToWork", package: rootIdentity),
            .product(name: "Benchmark", package: "benchmark"),
            "BenchmarkSupport",
        ],
        path: name,
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "atw-performance-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [.target(name: "BenchmarkSupport", dependencies: [.product(name: "Benchmark", package: "benchmark")],
                      path: "BenchmarkSupport"),
              benchmarkTarget("CalendarBenchmarks"), benchmarkTarget("DataBenchmarks"), benchmarkTarget("KPIBenchmarks"),
              benchmarkTarget("ScaleBenchmarks"),
              // The instruction-count gate's workload: every hot phase once, run under callgrind; under Tools/, so the benchmark
              // plugin (which runs every executable directly under Benchmarks/) leaves it alone.
              .executableTarget(name: "InstructionCounts", dependencies: [.product(name: "AccessToWork", package: rootIdentity)],
                                path: "Tools/InstructionCounts")]
)
