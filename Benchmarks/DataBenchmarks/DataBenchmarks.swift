import AccessToWork
import Benchmark
import BenchmarkSupport
import Foundation

// Ingest, store load and generation on a synthetic national dataset made with a fixed seed.
// BENCHMARK_SHORT=1 (CI) uses 200,000 cases; the full run uses 2,000,000 (about 450 MB of CSV).

let caseCount = short ? 200_000 : 2_000_000
let configuration = SyntheticDatasetConfiguration(providers: 40, months: 36, cases: caseCount, seed: 1)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atw-bench-\(caseCount)-\(configuration.drift)").path
let storePath = folder + ".store"

/// Makes the dataset and store once per process and checks they hold what was generated.
let prepared: (csvBytes: Int, expected: Dataset) = {
    do {
        try? FileManager.default.removeItem(atPath: folder)
        try SyntheticDataset.write(configuration, to: folder)
        let dataset = try Dataset.load(folder: folder)
        guard dataset.rejections.isEmpty, dataset.cases.count == caseCount else {
            fatalError("generated dataset did not load cleanly: \(dataset.rejections.prefix(3))")
        }
        try DatasetStore.write(dataset, to: storePath)
        guard try DatasetStore.load(storePath) == dataset else { fatalError("store round trip changed the dataset") }
        let bytes = try FileManager.default.contentsOfDirectory(atPath: folder).reduce(0) { total, name in
            total + ((try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? 0)
        }
        print("dataset: \(caseCount) cases, \(bytes) bytes of CSV, \(dataset.cases.bytesPerCase) bytes per case")
        return (bytes, dataset)
    } catch {
        fatalError("benchmark set-up failed: \(error)")
    }
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = standardConfiguration(maxIterations: (3, 10))
    let expected = prepared.expected

    // CSV folder → validated columnar tables (all ten files).
    Benchmark("ingest-csv-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try Dataset.load(folder: folder)
            guard dataset.cases.count == expected.cases.count, dataset.reports == expected.reports else {
                fatalError("ingest result changed")
            }
            blackHole(dataset)
        }
    }

    // Binary store → the same tables.
    Benchmark("store-load-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try DatasetStore.load(storePath)
            guard dataset.cases.count == expected.cases.count, dataset.reports.count == expected.reports.count else {
                fatalError("store load returned other tables")
            }
            blackHole(dataset)
        }
    }

    // Synthetic generation of the whole dataset.
    Benchmark("generate-\(caseCount / 1000)k") { benchmark in
        let out = folder + "-generated"
        for _ in benchmark.scaledIterations {
            let summary = try SyntheticDataset.write(configuration, to: out)
            guard summary.rows[.cases] == caseCount else { fatalError("generator wrote \(summary.rows[.cases] ?? 0) cases") }
        }
        try? FileManager.default.removeItem(atPath: out)
    }
}
