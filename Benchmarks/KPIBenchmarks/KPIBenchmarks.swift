import AccessToWork
import Benchmark
import BenchmarkSupport
import Foundation

// The KPI report on the same synthetic national dataset as DataBenchmarks (fixed seed; 200,000 cases with
// BENCHMARK_SHORT=1, 2,000,000 otherwise): full report from the store and from CSV, and its phases.

let caseCount = short ? 200_000 : 2_000_000
let configuration = SyntheticDatasetConfiguration(providers: 40, months: 36, cases: caseCount, seed: 1)
// The same folder and store as DataBenchmarks (same configuration), so a full run generates them once.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atw-bench-\(caseCount)-\(configuration.drift)").path
let storePath = folder + ".store"

/// The full report as `kpi report --format csv` writes it.
func reportCSV(_ dataset: Dataset, catalog: ContractCatalog) -> (String, KPIEvaluation) {
    let evaluation = KPIEvaluation(dataset: dataset, catalog: catalog, asOf: dataset.latestRecordedDay!)
    let report = KPIReport(evaluation)
    return (report.csv(), evaluation)
}

/// Dataset, store and the expected report, made once per process; the report is checked against sums taken
/// straight from the month counts, and every benchmark checks it gets the same bytes.
let prepared: (dataset: Dataset, catalog: ContractCatalog, csv: String, evaluation: KPIEvaluation) = {
    do {
        if !FileManager.default.fileExists(atPath: storePath) || !FileManager.default.fileExists(atPath: folder) {
            try? FileManager.default.removeItem(atPath: folder)
            try SyntheticDataset.write(configuration, to: folder)
            try DatasetStore.write(try Dataset.load(folder: folder, rules: .builtIn), to: storePath)
        }
        let dataset = try DatasetStore.load(storePath)
        let catalog = try ContractCatalog.builtIn
        let (csv, evaluation) = reportCSV(dataset, catalog: catalog)
        // Self-check: the cumulative rows of the as-of month hold every met item of the provider series.
        let asOfMonth = Month(containing: evaluation.asOf)
        let report = KPIReport(evaluation)
        var cumulativeMet = 0.0, monthlyMet = 0.0
        for (s, series) in evaluation.series.enumerated() where !series.isPooled {
            let kpi = catalog.definitions[series.contractIndex].kpis[series.kpiIndex]
            guard !kpi.isQuarterly, series.firstMonth <= asOfMonth else { continue }
            cumulativeMet += report.windows.count(series: s, window: .cumulative, month: asOfMonth, status: .met)
            for month in series.firstMonth...asOfMonth { monthlyMet += evaluation.counts[series: s, status: .met, month: month] }
        }
        guard cumulativeMet == monthlyMet, monthlyMet > Double(caseCount) else {
            fatalError("cumulative windows (\(cumulativeMet)) disagree with the month counts (\(monthlyMet))")
        }
        print("report: \(evaluation.series.count) series, \(csv.utf8.count) bytes of CSV, \(Int(monthlyMet)) met items")
        return (dataset, catalog, csv, evaluation)
    } catch {
        fatalError("benchmark set-up failed: \(error)")
    }
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = standardConfiguration(maxIterations: (5, 20))
    let expected = prepared

    // The whole job of `kpi report --store`: load, evaluate, windows, ratings, CSV text.
    Benchmark("report-from-store-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let (csv, _) = reportCSV(try DatasetStore.load(storePath), catalog: expected.catalog)
            guard csv == expected.csv else { fatalError("report changed") }
            blackHole(csv)
        }
    }

    // The same from the CSV folder.
    Benchmark("report-from-csv-\(caseCount / 1000)k", configuration: .init(maxIterations: short ? 3 : 5)) { benchmark in
        for _ in benchmark.scaledIterations {
            let (csv, _) = reportCSV(try Dataset.load(folder: folder, rules: .builtIn), catalog: expected.catalog)
            guard csv == expected.csv else { fatalError("report changed") }
            blackHole(csv)
        }
    }

    // Phases: item evaluation (one pass per table, both cores), the window product, CSV rendering.
    Benchmark("evaluate-items-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let evaluation = KPIEvaluation(dataset: expected.dataset, catalog: expected.catalog, asOf: expected.evaluation.asOf)
            guard evaluation.counts == expected.evaluation.counts else { fatalError("counts changed") }
            blackHole(evaluation)
        }
    }

    Benchmark("window-product-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(WindowCounts(expected.evaluation))
        }
    }

    // Next-month forecast of every series once the counts (and the pipeline) exist (issue 5: ≤ 100 ms at 2M).
    Benchmark("forecast-all-series-\(caseCount / 1000)k") { benchmark in
        let evaluation = KPIEvaluation(dataset: expected.dataset, catalog: expected.catalog,
                                       asOf: expected.evaluation.asOf, collectingPipeline: true)
        guard evaluation.counts == expected.evaluation.counts else { fatalError("the pipeline changed the counts") }
        let reference = try RiskForecast(evaluation)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let forecast = try RiskForecast(evaluation)
            guard forecast.rows == reference.rows, !forecast.rows.isEmpty else { fatalError("forecast changed") }
            blackHole(forecast)
        }
    }

    // Item evaluation with the forecast's pipeline collected in the same pass.
    Benchmark("evaluate-items-with-pipeline-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let evaluation = KPIEvaluation(dataset: expected.dataset, catalog: expected.catalog,
                                           asOf: expected.evaluation.asOf, collectingPipeline: true)
            guard evaluation.counts == expected.evaluation.counts else { fatalError("counts changed") }
            blackHole(evaluation)
        }
    }

    // A 24-origin rolling backtest (issue 5: ≤ 10 s at 2M cases): 24 evaluations with the pipeline, forecasts,
    // scores. One iteration is enough to see it.
    Benchmark("backtest-24-origins-\(caseCount / 1000)k", configuration: .init(maxDuration: .seconds(30), maxIterations: short ? 1 : 3)) { benchmark in
        let last = Month(containing: expected.evaluation.asOf).advanced(by: -2)
        for _ in benchmark.scaledIterations {
            let backtest = try ForecastBacktest(dataset: expected.dataset, catalog: expected.catalog,
                                                from: last.advanced(by: -23), to: last)
            guard backtest.origins.count == 24, backtest.model.rows > 0 else { fatalError("backtest scored nothing") }
            blackHole(backtest)
        }
    }

    // The daily questions as `kpi due`, `kpi changes --since` (60 days back) and `kpi compare` run them from the
    // store (issue 33, at 2M: ≤ 0.5 s, ≤ 1 s, ≤ 0.5 s): load, evaluate, the result and its CSV text.
    Benchmark("due-from-store-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try DatasetStore.load(storePath)
            let evaluation = KPIEvaluation(dataset: dataset, catalog: expected.catalog, asOf: expected.evaluation.asOf)
            let due = DueItems(evaluation: evaluation, dataset: dataset, within: 2)
            guard !due.items.isEmpty else { fatalError("nothing due") }
            blackHole(due.csv())
        }
    }

    Benchmark("changes-from-store-\(caseCount / 1000)k") { benchmark in
        let since = expected.evaluation.asOf.advanced(by: -60).iso
        for _ in benchmark.scaledIterations {
            let dataset = try DatasetStore.load(storePath)
            let evaluation = KPIEvaluation(dataset: dataset, catalog: expected.catalog, asOf: expected.evaluation.asOf)
            let changes = try Restatements(checking: since, after: evaluation, dataset: dataset, selection: ReportSelection(), window: nil)
            guard !changes.rows.isEmpty, !changes.items.isEmpty else { fatalError("nothing changed") }
            blackHole(changes.csv())
        }
    }

    Benchmark("compare-from-store-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try DatasetStore.load(storePath)
            let evaluation = KPIEvaluation(dataset: dataset, catalog: expected.catalog, asOf: expected.evaluation.asOf)
            let comparison = try ProviderComparison(KPIReport(evaluation), provider: "P001")
            guard !comparison.rows.isEmpty else { fatalError("nothing compared") }
            blackHole(comparison.csv())
        }
    }

    // The pack as `kpi report --format html --store` writes it (issue 34, at 40 providers and 2M cases: ≤ 2 MB in
    // ≤ 1.5 s): load, evaluate with the pipeline, forecast, control charts, PMIR, MI returns, the items behind every
    // figure below target, the HTML text. (The provenance's SHA-256 of the input files is left out: it reads files
    // the store replaces.)
    Benchmark("pack-html-from-store-\(caseCount / 1000)k", configuration: .init(maxIterations: short ? 3 : 5)) { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try DatasetStore.load(storePath)
            let evaluation = KPIEvaluation(dataset: dataset, catalog: expected.catalog, asOf: expected.evaluation.asOf,
                                           collectingPipeline: true)
            let pack = try PerformancePack.assemble(evaluation, dataset: dataset, policy: try PMIRPolicy.default,
                                                    options: PerformancePack.Options())
            let html = pack.html()
            guard html.contains("id=\"attention\""), html.utf8.count <= 2_000_000 else {
                fatalError("pack without its first screen, or over 2 MB (\(html.utf8.count) bytes)")
            }
            blackHole(html)
        }
    }

    Benchmark("report-csv-text-\(caseCount / 1000)k") { benchmark in
        let report = KPIReport(expected.evaluation)
        for _ in benchmark.scaledIterations {
            let csv = report.csv()
            guard csv.utf8.count == expected.csv.utf8.count else { fatalError("CSV changed") }
            blackHole(csv)
        }
    }
}
