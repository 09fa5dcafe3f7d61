import AccessToWork
import ArgumentParser
import Foundation

/// `kpi forecast`: next-month KPI risk for every series.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Next-month KPI risk: expected rate, 80% interval and probability of falling below target.",
        discussion: """
            For every provider (and NATIONAL, REGION:<r>) × contract × KPI, on the in_month, rolling_3 and rolling_12 \
            windows: the month after the as-of month, and the as-of month itself while it is in progress. \
            CSV columns: provider_id,contract,kpi,month,window,expected_rate,lower,upper,p_below_target,\
            expected_volume,headroom,method. The table is risk-ranked (likeliest breaches first). \
            HA-6 (quarterly FTE ratio) is not forecast. Each series is forecast by the method (model, local-level, \
            damped-trend, long-run, last-month, blend) that scored best on the 12 months before the as-of month; \
            --explain shows every candidate's score per series instead of the forecast.
            """
    )

    @OptionGroup var source: DataOptions
    @OptionGroup var evaluation: EvaluationOptions
    @OptionGroup var counts: CountsOption

    @OptionGroup var filter: SeriesFilter

    @Option(help: "Rows in the table (risk-ranked); 0 for all.")
    var limit: Int = 40

    @Option(help: "Forecast every series (with three months of data or more) by this method instead of the one its backtest chose: model, local-level, damped-trend, long-run, last-month or blend.")
    var method: ForecastCandidate?

    @Flag(help: "Show the method chosen for each series and every candidate's backtest score instead of the forecast.")
    var explain = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let evaluated = try evaluation.evaluate(source, counts, collectingPipeline: true).0
        let forecast: RiskForecast
        do throws(LinearAlgebraError) {
            forecast = try RiskForecast(evaluated, method: method)
        } catch {
            throw DataInputError(description: "the trend fit failed: \(error)")
        }
        try filter.check(forecast.evaluation.series)
        let (contract, provider) = (filter.contract, filter.provider)
        if explain {
            switch output.resolvedFormat {
            case .html: throw OutputOptions.htmlOnlyForReport
            case .table: try output.write(forecast.explainTable(provider: provider, contract: contract))
            case .csv: try output.write(forecast.explainCSV(provider: provider, contract: contract))
            case .json: try output.write(forecast.explainJSON(provider: provider, contract: contract).adding(DataOptions.provenance(asOf: evaluated.asOf)).rendered())
            case .xlsx, .ods:
                try output.write(RiskForecast.publishedExplanation, try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract)), tables: [
                    OutputOptions.table("methods", "The method chosen for each series and every candidate's inner backtest score",
                                        RiskForecast.explainColumns, csv: forecast.explainCSV(provider: provider, contract: contract)),
                ])
            }
            return
        }
        switch output.resolvedFormat {
        case .html: throw OutputOptions.htmlOnlyForReport
        case .table:
            try output.write(forecast.table(provider: provider, contract: contract, limit: limit == 0 ? nil : limit))
        case .csv:
            try output.write(forecast.csv(provider: provider, contract: contract))
        case .json:
            try output.write(forecast.json(provider: provider, contract: contract).adding(DataOptions.provenance(asOf: evaluated.asOf)).rendered())
        case .xlsx, .ods:
            try output.write(RiskForecast.published, try source.context(counts: counts.files, asOf: evaluated.asOf, contracts: evaluated.series.map(\.contract)), tables: [
                OutputOptions.table("forecast", "Expected rate, 80% interval and probability of falling below target per series and window",
                                    RiskForecast.columns, csv: forecast.csv(provider: provider, contract: contract)),
            ])
        }
    }
}

/// `kpi backtest`: the forecast scored against what happened, origin by origin.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Rolling-origin backtest of the forecast: Brier score, rate error and calibration against two baselines.",
        discussion: """
            For each origin month from --from to --to: evaluate as of its last day (later data invisible), forecast \
            the next month, and score against that month's figures as of the latest recorded day (or --as-of). \
            Forecasters: the forecast (each series by its chosen method), every candidate method for all series, \
            the baselines (last month's value, the series' long-run rate) and a reference smoother (EWMA of the \
            monthly counts, 0.4 on the past). Scores overall, per window and per KPI family, and calibration.
            """
    )

    @OptionGroup var source: DataOptions

    @Option(help: "Folder of contract definition files (*.json) that add to or replace the built-in ones.")
    var contracts: String?

    @Option(help: "First origin month (YYYY-MM).")
    var from: Month

    @Option(help: "Last origin month (YYYY-MM); origins whose next month is not over by the actuals date are skipped.")
    var to: Month

    @Option(name: .customLong("as-of"), help: "Date of the actuals (default: the latest recorded date).")
    var asOf: Day?

    @Option(help: ArgumentHelp("Also backtest the month in progress: forecast each month from --from to --to on this day of it (1-28), beside the naive forecast from the items decided so far.", valueName: "day"))
    var day: Int?

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard from <= to else { throw ValidationError("--from \(from) is after --to \(to)") }
        if let day, !(1...28).contains(day) { throw ValidationError("--day \(day): expected a day of the month from 1 to 28") }
        guard output.format != .csv else { throw ValidationError("backtest writes a table or JSON, not CSV") }
        let dataset = try source.load()
        let catalog = try EvaluationOptions.catalog(contracts)
        let backtest: ForecastBacktest
        do throws(LinearAlgebraError) {
            backtest = try ForecastBacktest(dataset: dataset, catalog: catalog, from: from, to: to, actualAsOf: asOf)
        } catch {
            throw DataInputError(description: "the trend fit failed: \(error)")
        }
        guard !backtest.origins.isEmpty else {
            throw DataInputError(description: "no origin month in \(from)...\(to) has its next month over by \(backtest.actualAsOf)")
        }
        var inProgress: InProgressBacktest?
        if let day {
            do throws(LinearAlgebraError) {
                inProgress = try InProgressBacktest(dataset: dataset, catalog: catalog, from: from, to: to, day: day, actualAsOf: asOf)
            } catch {
                throw DataInputError(description: "the trend fit failed: \(error)")
            }
        }
        if output.resolvedFormat.isWorkbook {
            return try output.write(ForecastBacktest.published, try source.context(asOf: backtest.actualAsOf, contracts: catalog.definitions.map(\.contract)),
                                    tables: backtest.workbookTables(inProgress: inProgress))
        }
        if output.format == .json {
            var json = backtest.json()
            if let inProgress, case .object(let members) = json { json = .object(members + [("month_in_progress", inProgress.json())]) }
            try output.write(json.adding(DataOptions.provenance(asOf: backtest.actualAsOf)).rendered())
        } else {
            try output.write(backtest.table() + (inProgress.map { "\n" + $0.table() } ?? ""))
        }
    }
}

extension ForecastCandidate: ExpressibleByArgument {}
