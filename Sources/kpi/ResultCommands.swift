import AccessToWork
import ArgumentParser
import Foundation

/// `kpi report`: the KPI table, or the CPR pack.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("report", KPIReportResult.self)
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var filter: SeriesFilter
    @Option(help: "HTML pack: the PMIR policy, default, strict-contract or a policy file (JSON).") var policy: String?
    @Option(name: .customLong("worst-items"), help: "HTML pack: missed items listed per provider.") var worstItems = 10
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard output.format != .html else { return try writePack() }
        let evaluated = try evaluation.evaluate(filter)
        try output.emit(KPIReportResult(KPIReport(evaluated), selection: filter.selection), evaluation.context(evaluated))
    }

    /// The CPR pack (``PerformancePack/assemble(_:dataset:policy:options:note:)``): one HTML file.
    func writePack() throws {
        guard evaluation.counts.isEmpty else { throw ValidationError("--format html: the pack needs the dataset (--data or --store), not --counts") }
        let dataset = try evaluation.load()
        let rules = try DataInputError.wrapping { try PMIRPolicy.chosen(policy) }
        let evaluated = try evaluation.evaluate(dataset, collectingPipeline: true)
        let pack = try PerformancePack.assemble(evaluated, dataset: dataset, policy: rules, options: PerformancePack.Options(
            month: filter.month, contract: filter.contract, provider: filter.provider, worstItems: worstItems), note: { standardError($0 + "\n") })
        try output.write(pack.html())
    }
}

/// `kpi forecast`: next-month KPI risk for every series.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("forecast", ForecastResult.self)
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var filter: SeriesFilter
    @Option(help: "Rows in the table (risk-ranked); 0 for all.") var limit: Int = 40
    @Option(help: "Forecast every series (with three months of data or more) by this method instead of the blend, without leading indicators.")
    var method: ForecastCandidate?
    @Flag(help: "Show each series' method, every candidate's backtest score and the leading indicators' shift instead of the forecast.") var explain = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        let evaluated = try evaluation.evaluate(filter, collectingPipeline: true)
        let forecast = try DataInputError.wrapping { try RiskForecast.fitted(evaluated, method: method) }
        if explain { return try output.emit(ForecastExplanation(forecast, selection: filter.selection), evaluation.context(evaluated)) }
        try output.emit(ForecastResult(forecast, selection: filter.selection, limit: limit == 0 ? nil : limit), evaluation.context(evaluated))
    }
}

/// `kpi backtest`: the forecast scored against what happened, origin by origin.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("backtest", BacktestResult.self)
    @OptionGroup var evaluation: EvaluationOptions
    @Option(help: "First origin month (YYYY-MM).") var from: Month
    @Option(help: "Last origin month (YYYY-MM); origins whose next month is not over by the actuals date are skipped.") var to: Month
    @Option(help: ArgumentHelp("Also backtest the month in progress: forecast each month from --from to --to on this day of it (1-28), beside the naive forecast from the items decided so far.", valueName: "day"))
    var day: Int?
    @OptionGroup var output: OutputOptions

    func validate() throws { try usage { try BacktestResult.check(from: from, to: to, day: day) } }

    func run() throws {
        try output.check(BacktestResult.self)
        let (dataset, catalog) = (try evaluation.load(), try evaluation.catalog())
        if let asOf = evaluation.asOf { try UserInputError.checkSupported(asOf) }
        let result = try DataInputError.wrapping {
            try BacktestResult(dataset: dataset, catalog: catalog, from: from, to: to, day: day, actualAsOf: evaluation.asOf)
        }
        try output.emit(result) { try evaluation.source.context(asOf: result.backtest.actualAsOf, contracts: catalog.definitions.map(\.contract)) }
    }
}

/// `kpi spc`: statistical process control of every KPI series.
struct SPCCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("spc", SPCResult.self)
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var filter: SeriesFilter
    @Option(help: "The chart.") var chart: ControlChartKind = .laney
    @Option(help: "Points of each segment the centre and limits are computed from (1-120).") var baselineMonths: Int = 12
    @Option(help: "Recalculate the centre and limits from this month (YYYY-MM); repeatable.") var rebase: [Month] = []
    @Option(help: "Points on one side of the centre that make a shift (2-60).") var runLength: Int = 7
    @Option(help: "Rising or falling points that make a trend (2-60).") var trendLength: Int = 7
    @OptionGroup var output: OutputOptions

    var options: SPCOptions {
        get throws { try SPCOptions(checking: chart, baselinePoints: baselineMonths, rebases: rebase, runLength: runLength, trendLength: trendLength) }
    }

    func validate() throws { try usage { _ = try options } }

    func run() throws {
        let evaluated = try evaluation.evaluate(filter)
        try output.emit(SPCResult(SPCAnalysis(KPIReport(evaluated), options: options), selection: filter.selection), evaluation.context(evaluated))
    }
}

/// `kpi pmir`: PMIR escalation levels month by month.
struct PMIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("pmir", PMIRResult.self)
    @OptionGroup var evaluation: EvaluationOptions
    @Option(help: "A shipped policy (default, strict-contract) or a PMIR policy file (JSON).") var policy: String?
    @OptionGroup var filter: SeriesFilter
    @OptionGroup var output: OutputOptions

    func validate() throws { try usage { try filter.selection.checkNoKPI("a provider's PMIR level rates all its KPIs together") } }
    func run() throws {
        let rules = try DataInputError.wrapping { try PMIRPolicy.chosen(policy) }
        let evaluated = try evaluation.evaluate(filter, pooled: false)
        let report = KPIReport(evaluated)
        try output.emit(PMIRResult(PMIRTimeline(report, policy: rules), selection: filter.selection, tableMonth: filter.month ?? report.asOfMonth), evaluation.context(evaluated))
    }
}

/// `kpi notice`: the Procurement Act 2023 contract performance notice.
struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("notice", PerformanceNotice.self)
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var filter: SeriesFilter
    @Option(help: "The months rated, YYYY-MM..YYYY-MM (default: the 12 months to --month, or to the as-of month).") var period: ClosedRange<Month>?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let evaluated = try evaluation.evaluate()
        let notice = try PerformanceNotice(checking: evaluated, selection: filter.selection, period: period)
        try output.emit(notice, evaluation.context(evaluated))
    }
}

/// `kpi mi`: management-information returns for a month.
struct MICommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("mi", MIReturns.self)
    @OptionGroup var evaluation: EvaluationOptions
    @Option(name: .customLong("return"), help: "One return.") var returnKind: MIReturn?
    @Option(name: .customLong("year-start"), help: "First month of the reporting year, 1-12 (default 4: April).") var yearStart: Int = 4
    @OptionGroup var filter: SeriesFilter
    @OptionGroup var output: OutputOptions

    func run() throws {
        let dataset = try evaluation.load()
        let (day, catalog) = (try evaluation.day(dataset), try evaluation.catalog())
        let chosen = returnKind.map { [$0] } ?? MIReturn.allCases
        // MHSS MI's late returns and the Cabinet Office return read the KPI figures.
        let evaluated = chosen.contains(where: \.readsKPIFigures) ? try evaluation.evaluate(dataset) : nil
        let returns = try MIReturns(checking: dataset, selection: filter.selection, asOf: day, returns: chosen, yearStart: yearStart,
                                    evaluation: evaluated, catalog: catalog, warn: { standardError("warning: \($0)\n") })
        try output.emit(returns) { try evaluation.source.context(asOf: day, contracts: dataset.providers.contracts) }
    }
}

/// `kpi cases`: the items behind any figure.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("cases", ItemListing.self)
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var filter: SeriesFilter
    @Option(help: "With --month: the window ending in it whose items to list.") var window: ReportWindow?
    @Option(help: "Only items with this status.") var status: ItemStatus?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let (dataset, evaluated) = try evaluation.loadAndEvaluate()
        try output.emit(try ItemListing(evaluated, dataset: dataset, selection: filter.selection, window: window, status: status), evaluation.context(evaluated))
    }
}

/// `kpi due`: open items due in the next working days.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("due", DueItems.self)
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var filter: SeriesFilter
    @Option(help: "Working days ahead of the as-of date (1-60).") var within = 2
    @OptionGroup var output: OutputOptions
    func validate() throws { try usage { try DueItems.check(within: within) } }

    func run() throws {
        let (dataset, evaluated) = try evaluation.loadAndEvaluate()
        try output.emit(try DueItems(checking: evaluated, dataset: dataset, selection: filter.selection, within: within), evaluation.context(evaluated))
    }
}

/// `kpi changes`: restated figures since an earlier report.
struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("changes", Restatements.self)
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var filter: SeriesFilter
    @Option(help: "The earlier report: a date (YYYY-MM-DD, the same data as of then) or a store written then by kpi ingest.") var since: String
    @Option(help: "Only this window (default: every window).") var window: ReportWindow?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let (dataset, evaluated) = try evaluation.loadAndEvaluate()
        let changes = try DataInputError.wrapping { try Restatements(checking: since, after: evaluated, dataset: dataset, selection: filter.selection, window: window) }
        try output.emit(changes, evaluation.context(evaluated))
    }
}

/// `kpi compare`: a provider beside its contract.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration.result("compare", ProviderComparison.self)
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var filter: SeriesFilter
    @OptionGroup var output: OutputOptions

    func run() throws {
        let evaluated = try evaluation.evaluate(filter)
        try output.emit(try ProviderComparison(checking: KPIReport(evaluated), selection: filter.selection), evaluation.context(evaluated))
    }
}
