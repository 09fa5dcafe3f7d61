import AccessToWork
import ArgumentParser
import Foundation

/// `kpi report`: the KPI table, or the CPR pack.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report",
        abstract: "KPI figures per provider (and NATIONAL, REGION:<r>), contract, KPI, month and window, with ratings.",
        discussion: """
            Windows: in_month, rolling_3, rolling_12, cumulative (quarter for HA-6). Without --month: every month from each \
            provider's service start through the as-of month (the table shows the as-of month). The table marks figures \
            below target with * and partial rolling windows with (p). --format html writes the Contract Performance Review \
            pack for the month (default: the as-of month): national league tables and funnel plots, then per provider its \
            PMIR level, KPI table, trend charts with next month's forecast, worst items and MI summary; one self-contained \
            file for a browser or print.

            """ + KPIReport.columns.help)

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption
    @OptionGroup var filter: SeriesFilter
    @Option(help: "HTML pack: the PMIR policy, default, strict-contract or a policy file (JSON).") var policy: String?
    @Option(name: .customLong("worst-items"), help: "HTML pack: missed items listed per provider.") var worstItems = 10
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard worstItems >= 0 else { throw ValidationError("--worst-items must be 0 or more, got \(worstItems)") }
    }

    func run() throws {
        guard output.format != .html else { return try writePack() }
        let evaluated = try evaluation.evaluate(source, counts)
        try filter.selection.check(evaluated)
        try output.emit(KPIReportResult(KPIReport(evaluated), selection: filter.selection)) {
            try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract))
        }
    }

    /// The CPR pack (``PerformancePack/assemble(_:dataset:policy:options:notes:)``): one HTML file.
    func writePack() throws {
        guard counts.files.isEmpty else { throw ValidationError("--format html: the pack needs the dataset (--data or --store), not --counts") }
        let dataset = try source.load()
        let rules = try DataInputError.wrapping { try PMIRPolicy.chosen(policy) }
        let evaluated = try evaluation.evaluate(dataset, collectingPipeline: true)
        var notes: [String] = []
        var pack = try PerformancePack.assemble(evaluated, dataset: dataset, policy: rules, options: PerformancePack.Options(
            month: filter.month, contract: filter.contract, provider: filter.provider, worstItems: worstItems), notes: &notes)
        standardError(notes.map { $0 + "\n" }.joined())
        pack.provenance = try DataOptions.provenance(asOf: evaluated.asOf)
        try output.write(pack.html())
    }
}

/// `kpi forecast`: next-month KPI risk for every series.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forecast",
        abstract: "Next-month KPI risk: expected rate, 80% interval and probability of falling below target.",
        discussion: """
            For every provider (and NATIONAL, REGION:<r>) × contract × KPI, on the in_month, rolling_3 and rolling_12 windows: \
            the month after the as-of month, and the as-of month itself while it is in progress. The table is risk-ranked \
            (likeliest breaches first). HA-6 (quarterly FTE ratio) is not forecast. Each series is forecast by the method \
            that scored best on the 12 months before the as-of month; --explain shows every candidate's score per series.

            """ + RiskForecast.columns.help + "\nWith --explain:\n" + RiskForecast.explainColumns.help)

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption
    @OptionGroup var filter: SeriesFilter
    @Option(help: "Rows in the table (risk-ranked); 0 for all.") var limit: Int = 40
    @Option(help: "Forecast every series (with three months of data or more) by this method instead of the one its backtest chose.")
    var method: ForecastCandidate?
    @Flag(help: "Show the method chosen for each series and every candidate's backtest score instead of the forecast.") var explain = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        let evaluated = try evaluation.evaluate(source, counts, collectingPipeline: true)
        let forecast: RiskForecast
        do throws(LinearAlgebraError) { forecast = try RiskForecast(evaluated, method: method) } catch {
            throw DataInputError(description: "the trend fit failed: \(error)")
        }
        try filter.selection.check(evaluated)
        let context = { try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract)) }
        if explain { return try output.emit(ForecastExplanation(forecast, selection: filter.selection), context) }
        try output.emit(ForecastResult(forecast, selection: filter.selection, limit: limit == 0 ? nil : limit), context)
    }
}

/// `kpi backtest`: the forecast scored against what happened, origin by origin.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backtest",
        abstract: "Rolling-origin backtest of the forecast: Brier score, rate error and calibration against two baselines.",
        discussion: """
            For each origin month from --from to --to: evaluate as of its last day (later data invisible), forecast the next \
            month, and score against that month's figures as of the latest recorded day (or --as-of, the actuals' date). \
            Forecasters: the forecast (each series by its chosen method), every candidate method, the baselines (last month's \
            value, the series' long-run rate) and a reference smoother (EWMA of the monthly counts, 0.4 on the past). A \
            table, JSON or a workbook, not CSV.

            Sheet scores:
            """ + ForecastBacktest.scoreColumns.helpText + "\nSheet calibration:\n" + ForecastBacktest.calibrationColumns.helpText)

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @Option(help: "First origin month (YYYY-MM).") var from: Month
    @Option(help: "Last origin month (YYYY-MM); origins whose next month is not over by the actuals date are skipped.") var to: Month
    @Option(help: ArgumentHelp("Also backtest the month in progress: forecast each month from --from to --to on this day of it (1-28), beside the naive forecast from the items decided so far.", valueName: "day"))
    var day: Int?
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard from <= to else { throw ValidationError("--from \(from) is after --to \(to)") }
        if let day, !(1...28).contains(day) { throw ValidationError("--day \(day): expected a day of the month from 1 to 28") }
        try output.check(BacktestResult.self)
        let dataset = try source.load()
        let catalog = try evaluation.catalog()
        if let asOf = evaluation.asOf { try UserInputError.checkSupported(asOf) }
        let fitFailed = { (error: LinearAlgebraError) in DataInputError(description: "the trend fit failed: \(error)") }
        let backtest: ForecastBacktest
        do throws(LinearAlgebraError) {
            backtest = try ForecastBacktest(dataset: dataset, catalog: catalog, from: from, to: to, actualAsOf: evaluation.asOf)
        } catch { throw fitFailed(error) }
        guard !backtest.origins.isEmpty else {
            throw DataInputError(description: "no origin month in \(from)...\(to) has its next month over by \(backtest.actualAsOf)")
        }
        var inProgress: InProgressBacktest?
        do throws(LinearAlgebraError) {
            if let day { inProgress = try InProgressBacktest(dataset: dataset, catalog: catalog, from: from, to: to, day: day, actualAsOf: evaluation.asOf) }
        } catch { throw fitFailed(error) }
        try output.emit(BacktestResult(backtest, inProgress: inProgress)) {
            try source.context(asOf: backtest.actualAsOf, contracts: catalog.definitions.map(\.contract))
        }
    }
}

/// `kpi spc`: statistical process control of every KPI series.
struct SPCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "spc",
        abstract: "Statistical process control per series and month: centre, limits, special causes, variation and assurance.",
        discussion: """
            Charts the in-month rates of every provider (and NATIONAL, REGION:<r>) × contract × KPI, from its first month \
            through the as-of month (HA-6, an FTE share, is not charted). The default chart is Laney's p′ (a p-chart widened \
            by the months' own over-dispersion, never narrower); p or xmr (Making Data Count's individuals chart) instead. \
            Special causes: trend (7 rising or falling), shift (7 on one side of the centre), two_of_three (beyond 2σ on one \
            side), outside_limits. Series with fewer than 12 points or with gaps are warned about on standard error (and in JSON).

            """ + SPCAnalysis.columns.help)

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption
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
        let evaluated = try evaluation.evaluate(source, counts)
        try filter.selection.check(evaluated)
        try output.emit(SPCResult(SPCAnalysis(KPIReport(evaluated), options: options), selection: filter.selection)) {
            try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract))
        }
    }
}

/// `kpi pmir`: PMIR escalation levels month by month.
struct PMIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pmir",
        abstract: "PMIR escalation level (1 Standard … 4 Formal) per provider, contract and month, with the reason.",
        discussion: """
            Two policies ship: `default`, in which a KPI below target counts against a provider only with statistical evidence \
            (a one-sided test on the rolling 3-month rate, or control limits wholly below target; an SPC concern too when a \
            policy turns it on), and `strict-contract`, the literal reading in which any month below target counts. Both are \
            data: print one with `kpi pmir-policy [--name NAME]`, edit a copy and pass --policy FILE. Every reason names the \
            KPI, window, months, figures and evidence. The table shows one month (default: the as-of month).

            """ + PMIRTimeline.columns.help)

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption
    @Option(help: "A shipped policy (default, strict-contract) or a PMIR policy file (JSON).") var policy: String?
    @OptionGroup var filter: SeriesFilter
    @OptionGroup var output: OutputOptions

    func run() throws {
        let rules = try DataInputError.wrapping { try PMIRPolicy.chosen(policy) }
        let evaluated = try evaluation.evaluate(source, counts)
        try filter.selection.check(evaluated, pooled: false)
        let report = KPIReport(evaluated)
        try output.emit(PMIRResult(PMIRTimeline(report, policy: rules), selection: filter.selection, tableMonth: filter.month ?? report.asOfMonth)) {
            try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract))
        }
    }
}

/// A period of months, `YYYY-MM..YYYY-MM`.
struct MonthPeriod: ExpressibleByArgument {
    var months: ClosedRange<Month>

    init?(argument: String) {
        let parts = argument.components(separatedBy: "..")
        guard parts.count == 2, let from = Month(parts[0]), let to = Month(parts[1]), from <= to else { return nil }
        months = from...to
    }
}

/// `kpi notice`: the Procurement Act 2023 contract performance notice.
struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notice",
        abstract: "Contract performance notice (Procurement Act 2023 s.52, s.71): each KPI rated Good, Approaching target, Requires improvement, Inadequate or Other over a period.",
        discussion: """
            Per provider and contract: each KPI the contract's definition publishes (notice.kpis; all by default) with the \
            period's pooled items, rate, target and rating, then an overall line (the lowest rating and the count of each). \
            The mapping from tiers or RAG bands to the five ratings, the lower bound for Inadequate and the fewest items a \
            rating needs (notice.minimum_items, 30 by default; fewer is Other) are data in the contract definition.

            """ + PerformanceNotice.columns.help)

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption
    @OptionGroup var filter: SeriesFilter
    @Option(help: "The months rated, YYYY-MM..YYYY-MM (default: the 12 months to --month, or to the as-of month).") var period: MonthPeriod?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let evaluated = try evaluation.evaluate(source, counts)
        let notice = try PerformanceNotice(checking: evaluated, selection: filter.selection, period: period?.months)
        try output.emit(notice) { try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract)) }
    }
}

/// `kpi mi`: management-information returns for a month.
struct MICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mi",
        abstract: "Management-information returns for a month: MMIR, MHSS monthly and yearly MI, customer insight, due dates.",
        discussion: """
            Long form, one row per provider, return, measure and period; without --return, every return that applies to each \
            provider's contract. A workbook has a sheet per return, measures down and periods across.

            """ + MIReturns.columns.help)

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @Option(name: .customLong("return"), help: "One return.") var returnKind: MIReturn?
    @Option(name: .customLong("year-start"), help: "First month of the reporting year, 1-12 (default 4: April).") var yearStart: Int = 4
    @OptionGroup var filter: SeriesFilter
    @OptionGroup var output: OutputOptions

    func run() throws {
        let dataset = try source.load()
        let (day, catalog) = (try evaluation.day(dataset), try evaluation.catalog())
        let chosen = returnKind.map { [$0] } ?? MIReturn.allCases
        // MHSS MI's late returns and the Cabinet Office return read the KPI figures.
        let evaluated = chosen.contains(where: \.readsKPIFigures) ? try evaluation.evaluate(dataset) : nil
        let returns = try MIReturns(checking: dataset, selection: filter.selection, asOf: day, returns: chosen, yearStart: yearStart,
                                    evaluation: evaluated, catalog: catalog, warn: { standardError("warning: \($0)\n") })
        try output.emit(returns) { try source.context(asOf: day, contracts: dataset.providers.contracts) }
    }
}

/// `kpi cases`: the items behind a figure.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cases",
        abstract: "The items behind a KPI figure: dates, deadline, status and working days taken (for action plans).",
        discussion: "The items of a month add up to the report's counts for that provider, KPI and month (in_month).\n\n" + ItemListing.columns.help)

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @Option(help: "The KPI (e.g. HA-3, MH-9a).") var kpi: String
    @Option(help: "The provider id.") var provider: String
    @Option(help: "The contract, when the provider holds more than one.") var contract: String?
    @Option(help: "Only items counted in this month (YYYY-MM).") var month: Month?
    @Option(help: "Only items with this status: met, missed, pending or excluded.") var status: ItemStatus?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let dataset = try source.load()
        let evaluated = try evaluation.evaluate(dataset)
        let selection = ReportSelection(month: month, contract: contract, provider: provider, kpi: kpi)
        let listing = try ItemListing(evaluated, dataset: dataset, selection: selection, status: status)
        try output.emit(listing) { try source.context(asOf: evaluated.asOf, contracts: [listing.contract]) }
    }
}
