import AccessToWork
import ArgumentParser
import Foundation

/// `kpi report`: the KPI table, or the CPR pack.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "KPI figures per provider (and NATIONAL, REGION:<r>), contract, KPI, month and window, with ratings.",
        discussion: """
            Windows: in_month, rolling_3, rolling_12, cumulative (quarter for HA-6). Without --month: every month \
            from each provider's service start through the as-of month (the table shows the as-of month). \
            The table marks figures below target with * and partial rolling windows with (p). \
            --format html writes the Contract Performance Review pack for the month (default: the as-of month): \
            national league tables and funnel plots, then per provider its PMIR level, KPI table, trend charts \
            with next month's forecast, worst items and MI summary; one self-contained file for a browser or print.

            """ + KPIReport.columns.help
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption
    @OptionGroup var filter: SeriesFilter

    @Option(help: "HTML pack: the PMIR policy, default, strict-contract or a policy file (JSON).")
    var policy: String?

    @Option(name: .customLong("worst-items"), help: "HTML pack: missed items listed per provider.")
    var worstItems = 10

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

    /// The CPR pack: the report with the forecast, PMIR levels and MI returns of the same evaluation.
    func writePack() throws {
        guard counts.files.isEmpty else { throw ValidationError("--format html: the pack needs the dataset (--data or --store), not --counts") }
        let dataset = try source.load()
        let rules = try DataInputError.wrapping { try PMIRPolicy.chosen(policy) }
        let evaluated = try evaluation.evaluate(dataset, collectingPipeline: true)
        var notes: [String] = []
        var pack = try PerformancePack.assemble(evaluated, dataset: dataset, policy: rules, options: PerformancePack.Options(
            month: filter.month, contract: filter.contract, provider: filter.provider, worstItems: worstItems), notes: &notes)
        FileHandle.standardError.write(Data(notes.map { $0 + "\n" }.joined().utf8))
        pack.provenance = try DataOptions.provenance(asOf: evaluated.asOf)
        try output.write(pack.html())
    }
}

/// `kpi forecast`: next-month KPI risk for every series.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Next-month KPI risk: expected rate, 80% interval and probability of falling below target.",
        discussion: """
            For every provider (and NATIONAL, REGION:<r>) × contract × KPI, on the in_month, rolling_3 and rolling_12 \
            windows: the month after the as-of month, and the as-of month itself while it is in progress. \
            The table is risk-ranked (likeliest breaches first). \
            HA-6 (quarterly FTE ratio) is not forecast. Each series is forecast by the method (model, local-level, \
            damped-trend, long-run, last-month, blend) that scored best on the 12 months before the as-of month; \
            --explain shows every candidate's score per series instead of the forecast.

            """ + RiskForecast.columns.help + "\n--explain " + RiskForecast.explainColumns.help
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption
    @OptionGroup var filter: SeriesFilter

    @Option(help: "Rows in the table (risk-ranked); 0 for all.")
    var limit: Int = 40

    @Option(help: "Forecast every series (with three months of data or more) by this method instead of the one its backtest chose.")
    var method: ForecastCandidate?

    @Flag(help: "Show the method chosen for each series and every candidate's backtest score instead of the forecast.")
    var explain = false

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
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Rolling-origin backtest of the forecast: Brier score, rate error and calibration against two baselines.",
        discussion: """
            For each origin month from --from to --to: evaluate as of its last day (later data invisible), forecast \
            the next month, and score against that month's figures as of the latest recorded day (or --as-of, the \
            date of the actuals). Forecasters: the forecast (each series by its chosen method), every candidate \
            method for all series, the baselines (last month's value, the series' long-run rate) and a reference \
            smoother (EWMA of the monthly counts, 0.4 on the past). Scores overall, per window and per KPI family, \
            and calibration. A table, JSON or a workbook (not CSV).

            Workbook sheet scores:
            """ + ForecastBacktest.scoreColumns.helpText + "\nWorkbook sheet calibration:\n" + ForecastBacktest.calibrationColumns.helpText
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions

    @Option(help: "First origin month (YYYY-MM).")
    var from: Month

    @Option(help: "Last origin month (YYYY-MM); origins whose next month is not over by the actuals date are skipped.")
    var to: Month

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
        let result = BacktestResult(backtest, inProgress: inProgress)
        try output.emit(result) { try source.context(asOf: result.backtest.actualAsOf, contracts: catalog.definitions.map(\.contract)) }
    }
}
