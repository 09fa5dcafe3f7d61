import CaseData
import Forecasting
import KPIEngine
import LinearAlgebra
import Spreadsheets
import WorkingDays

/// The backtest as `kpi backtest` writes it: the rolling-origin backtest and, with `--day`, the month-in-progress
/// backtest (its rows the group `in_progress_day_D`). A table or JSON, or a workbook of two sheets; not CSV.
public struct BacktestResult: Sendable {
    public var backtest: ForecastBacktest
    public var inProgress: InProgressBacktest?

    public init(_ backtest: ForecastBacktest, inProgress: InProgressBacktest? = nil) {
        self.backtest = backtest
        self.inProgress = inProgress
    }

    /// The backtest of origins `from` through `to` against the actuals as of `actualAsOf` (default: the latest
    /// recorded day), with the month in progress forecast on `day` of each month when given.
    ///
    /// Throws ``UserInputError`` for options ``check(from:to:day:)`` refuses, ``ResultError`` when the trend fit fails
    /// or no origin's next month is over by the actuals date.
    public init(dataset: Dataset, catalog: ContractCatalog, from: Month, to: Month, day: Int? = nil, actualAsOf: Day? = nil) throws {
        try Self.check(from: from, to: to, day: day)
        do throws(LinearAlgebraError) {
            backtest = try ForecastBacktest(dataset: dataset, catalog: catalog, from: from, to: to, actualAsOf: actualAsOf)
            inProgress = backtest.origins.isEmpty ? nil : try day.map { day throws(LinearAlgebraError) in
                try InProgressBacktest(dataset: dataset, catalog: catalog, from: from, to: to, day: day, actualAsOf: actualAsOf)
            }
        } catch {
            throw ResultError("the trend fit failed: \(error)")
        }
        guard !backtest.origins.isEmpty else {
            throw ResultError("no origin month in \(from)...\(to) has its next month over by \(backtest.actualAsOf)")
        }
    }

    /// Refuses origins in the wrong order and a day of the month outside 1-28.
    public static func check(from: Month, to: Month, day: Int?) throws(UserInputError) {
        guard from <= to else { throw UserInputError("--from \(from) is after --to \(to)") }
        if let day, !(1...28).contains(day) { throw UserInputError("--day \(day): expected a day of the month from 1 to 28") }
    }
}

extension RiskForecast {
    /// The forecast of an evaluation (every series by the blend, or by `method`); ``ResultError`` when the
    /// trend fit fails.
    public static func fitted(_ evaluation: KPIEvaluation, method: ForecastCandidate? = nil) throws(ResultError) -> RiskForecast {
        do throws(LinearAlgebraError) { return try RiskForecast(evaluation, method: method) } catch {
            throw ResultError("the trend fit failed: \(error)")
        }
    }
}

extension ForecastBacktest {
    /// The scores' columns: every forecaster's Brier score, rate error and bias per group.
    public static let scoreColumns = [
        ResultColumn("group", .text, "all, a window (in_month, rolling_3, rolling_12), a KPI family (contract and KPI), or in_progress_day_D (the month in progress forecast on its day D: the forecast and the so-far forecast)", [.csv]),
        ResultColumn("forecaster", .text, "forecast (the blend, with the leading indicators that earned their place), a candidate method (model, local-level, damped-trend, long-run, last-month, blend), the forecast without its leading indicators (forecast-without-indicators), without one of them (forecast-without-referrals, forecast-without-referrals-last-month, forecast-without-open-items) or with the one it leaves out (forecast-with-completion-time), a baseline at binomial noise (last-month-binomial, long-run-binomial) or the ewma-reference"),
        ResultColumn("rows", .integer, "Series x window x origin rows scored"),
        ResultColumn("brier", .decimal(6), "Mean squared error of p_below_target against whether the rate fell below target (0 best)"),
        ResultColumn("mae_points", .decimal(4), "Mean absolute error of the expected rate, percentage points"),
        ResultColumn("bias_points", .decimal(4), "Mean of expected minus actual rate, percentage points"),
    ]

    /// The calibration's columns: per decile of p_below_target (JSON: under each score's `calibration`).
    public static let calibrationColumns = [
        ResultColumn("group", .text, "As in scores", [.csv]),
        ResultColumn("forecaster", .text, "As in scores", [.csv]),
        ResultColumn("from", .decimal(1), "The decile's lower bound of p_below_target"),
        ResultColumn("to", .decimal(1), "The decile's upper bound"),
        ResultColumn("rows", .integer, "Rows whose probability fell in the decile"),
        ResultColumn("mean_probability", .decimal(4), "Their mean p_below_target; empty without rows"),
        ResultColumn("observed", .decimal(4), "The share of them that fell below target; empty without rows"),
    ]

    static func scoreValues(_ group: String, _ s: Score) -> [ResultValue] {
        [.text(group), .text(s.name), .integer(s.rows), decimalValue(s.brier, places: 6),
         decimalValue(s.meanAbsoluteError, places: 4), decimalValue(s.bias, places: 4)]
    }

    static func calibrationValues(_ group: String, _ s: Score) -> [[ResultValue]] {
        (0..<10).map { d in
            let c = s.calibration[d]
            return [.text(group), .text(s.name), decimalValue(Double(d) / 10, places: 1), decimalValue(Double(d + 1) / 10, places: 1),
                    .integer(c.rows), c.rows == 0 ? .empty : decimalValue(c.meanProbability, places: 4),
                    c.rows == 0 ? .empty : decimalValue(c.observed, places: 4)]
        }
    }

    /// One forecaster's score as JSON: its score columns, then its calibration deciles.
    static func scoreJSON(_ s: Score) -> JSONValue {
        let scores = ResultTable(name: "", title: "", columns: scoreColumns)
        let calibration = ResultTable(name: "", title: "", columns: calibrationColumns, rows: calibrationValues("", s))
        guard case .object(let members) = scores.jsonObject(scoreValues("", s)) else { return .null }
        return .object(members + [("calibration", .array(calibration.jsonRows()))])
    }

    /// A ratio as `12.3% lower` or `4.0% higher`.
    static func comparison(_ ratio: Double) -> String {
        // A ratio that is not finite (a baseline scoring 0) is written as Swift writes it: `inf`, `nan`.
        (formattedDecimal(abs(1 - ratio), places: 1, percent: true) ?? "\(abs(1 - ratio) * 100)") + "% " + (ratio <= 1 ? "lower" : "higher")
    }

    /// Each forecaster's rows, Brier score, MAE, bias and widest calibration gap, one line each.
    static func summaryTable(_ scores: [Score]) -> TextTable {
        var summary = TextTable(columns: [
            .init("forecaster"), .init("rows", alignment: .right), .init("Brier", alignment: .right),
            .init("MAE (points)", alignment: .right), .init("bias (points)", alignment: .right),
            .init("widest calibration gap", alignment: .right),
        ])
        for s in scores {
            summary.append([s.name, String(s.rows), formattedDecimal(s.brier, places: 4) ?? "", formattedDecimal(s.meanAbsoluteError, places: 2) ?? "",
                            formattedDecimal(s.bias, places: 2, signed: true) ?? "", formattedDecimal(s.widestCalibrationGap, places: 3) ?? ""])
        }
        return summary
    }

    public static let published = PublishedResult(title: "Rolling-origin backtest of the forecast", rules: [
        ("Origins", "For each origin month the dataset is evaluated as of its last day (later data invisible), the next month is forecast, and each series and window is scored against that month's figures as of the actuals date."),
        ("Scores", "Brier score of p_below_target (0 best), mean absolute error and bias of the expected rate in percentage points, calibration by decile; the baselines are last month's rate and the long-run rate at binomial noise, the reference an EWMA of the monthly counts."),
    ])
}

extension BacktestResult: TabularResult {
    public static var published: PublishedResult { ForecastBacktest.published }
    public static var defaultFormat: ResultFormat? { .table }

    public static func refusal(_ format: ResultFormat) -> String? {
        format == .csv ? "backtest writes a table or JSON, not CSV" : format == .html ? "--format html: only kpi report writes HTML (the CPR pack); use table, csv or json here" : nil
    }

    /// Every forecaster's scores per group, and their calibration deciles.
    public var tables: [ResultTable] {
        var scores = ResultTable(name: "scores", title: "Brier score, rate error and bias of every forecaster, overall, per window and per KPI family",
                                 columns: ForecastBacktest.scoreColumns)
        var calibration = ResultTable(name: "calibration", title: "Calibration: per decile of p_below_target, the mean probability and the observed breach frequency",
                                      columns: ForecastBacktest.calibrationColumns)
        var named = backtest.groups.enumerated().map { (g, group) in (g == 0 ? "all" : group.name, group.scores) }
        if let inProgress { named.append(("in_progress_day_\(inProgress.day)", inProgress.scores)) }
        for (name, groupScores) in named {
            for s in groupScores {
                scores.append(ForecastBacktest.scoreValues(name, s))
                calibration.rows += ForecastBacktest.calibrationValues(name, s)
            }
        }
        return [scores, calibration]
    }

    /// Origins, and per group (all, each window, each KPI family) every forecaster's scores and calibration; the
    /// month in progress under `month_in_progress`.
    public func json() -> JSONValue {
        let b = backtest
        var members: [(String, JSONValue)] = [
            ("origins", .array(b.origins.map { .string($0.description) })),
            ("actuals_as_of", .string(b.actualAsOf.iso)),
            ("brier_ratio_to_better_baseline", decimalValue(b.brierRatio, places: 4).json),
            ("brier_ratio_to_ewma_reference", decimalValue(b.model.brier / max(b.ewmaReference.brier, 1e-12), places: 4).json),
            ("scores", .array(b.groups[0].scores.map(ForecastBacktest.scoreJSON))),
            ("groups", .array(b.groups.dropFirst().map { group in
                .object([("group", .string(group.name)), ("scores", .array(group.scores.map(ForecastBacktest.scoreJSON)))])
            })),
        ]
        if let p = inProgress {
            members.append(("month_in_progress", .object([
                ("day", .int(p.day)), ("months", .array(p.origins.map { .string($0.description) })),
                ("brier_ratio_to_so_far", decimalValue(p.forecast.brier / max(p.soFar.brier, 1e-12), places: 4).json),
                ("scores", .array(p.scores.map(ForecastBacktest.scoreJSON))),
            ])))
        }
        return .object(members)
    }

    /// Every forecaster over all rows (rows, Brier, MAE, bias, widest calibration gap), the Brier score of each per
    /// window and per KPI family, then the forecast's and the baselines' calibration; the month in progress below.
    ///
    /// Rule: Brier to 4 decimals, MAE and bias in percentage points to 2; calibration per decile of
    /// p_below_target: rows, mean probability and observed breach frequency (empty deciles show `–`).
    public func text() -> String {
        let b = backtest
        let all = b.groups[0].scores
        // The indicators' ablations have a table of their own, below.
        let ablations = Set(ForecastBacktest.indicatorAblations.map(\.name))
        let columns = ForecastBacktest.forecasters.indices.filter { !ablations.contains(ForecastBacktest.forecasters[$0]) }
        var byGroup = TextTable(columns: [.init("rows"), .init("n", alignment: .right)]
            + columns.map { TextTable.Column(ForecastBacktest.forecasters[$0], alignment: .right) } + [.init("vs better baseline", alignment: .right)])
        for group in b.groups.dropFirst() {
            let f = group.scores
            let better = min(f[f.count - 3].brier, f[f.count - 2].brier)
            byGroup.append([group.name, String(f[0].rows)] + columns.map { formattedDecimal(f[$0].brier, places: 4) ?? "" }
                           + [better > 0 ? ForecastBacktest.comparison(f[0].brier / better) : "–"])
        }
        var indicators = TextTable(columns: [.init("leading indicators"), .init("in-month Brier", alignment: .right),
                                             .init("vs the forecast", alignment: .right)])
        if let inMonth = b.group(ReportWindow.inMonth.rawValue) {
            let forecast = inMonth.scores[0].brier
            for ablation in ForecastBacktest.indicatorAblations {
                let score = inMonth.scores[ForecastBacktest.forecasters.firstIndex(of: ablation.name)!].brier
                indicators.append([ablation.change, formattedDecimal(score, places: 4) ?? "",
                                   forecast > 0 ? ForecastBacktest.comparison(score / forecast) : "–"])
            }
        }
        let shown = [all[0], b.lastMonth, b.longRun, b.ewmaReference]
        var calibration = TextTable(columns: [.init("p_below_target")] + shown.flatMap { s in
            [TextTable.Column("\(s.name) rows", alignment: .right), .init("mean p", alignment: .right), .init("observed", alignment: .right)]
        })
        for d in 0..<10 {
            var cells = [formattedDecimal(Double(d) / 10, places: 1)! + "–" + formattedDecimal(Double(d + 1) / 10, places: 1)!]
            for s in shown {
                let c = s.calibration[d]
                cells += c.rows == 0 ? ["0", "–", "–"]
                    : [String(c.rows), formattedDecimal(c.meanProbability, places: 3) ?? "", formattedDecimal(c.observed, places: 3) ?? ""]
            }
            calibration.append(cells)
        }
        let range = b.origins.isEmpty ? "no origin" : "\(b.origins.first!) to \(b.origins.last!) (\(b.origins.count) origins)"
        var out = "Rolling-origin backtest, origins \(range); actuals as of \(b.actualAsOf.iso)\n"
            + ForecastBacktest.summaryTable(all).rendered()
            + "Brier vs the better baseline: \(b.brierRatio.isFinite ? ForecastBacktest.comparison(b.brierRatio) : "–"); vs the ewma reference: "
            + (b.ewmaReference.brier > 0 ? ForecastBacktest.comparison(b.model.brier / b.ewmaReference.brier) : "–") + "\n"
            + "\nBrier score by window and KPI family\n" + byGroup.rendered()
            + "\nLeading indicators: the forecast without them (all, then each in turn) and with the one it leaves out, in-month rows\n" + indicators.rendered()
            + "\nCalibration\n" + calibration.rendered()
        if let p = inProgress {
            let months = p.origins.isEmpty ? "no month" : "\(p.origins.first!) to \(p.origins.last!) (\(p.origins.count) months)"
            out += "\nMonth in progress, forecast on day \(p.day) of each month, \(months); in-month rows\n"
                + ForecastBacktest.summaryTable(p.scores).rendered()
                + "Brier vs the so-far forecast: \(ForecastBacktest.comparison(p.forecast.brier / max(p.soFar.brier, 1e-12)))\n"
        }
        return out
    }
}

extension BacktestResult {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "Rolling-origin backtest of the forecast: Brier score, rate error and calibration against two baselines."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        For each origin month from --from to --to: evaluate as of its last day (later data invisible), forecast the next \
        month, and score against that month's figures as of the latest recorded day (or --as-of, the actuals' date). \
        Forecasters: the forecast (the blend, moved by the leading indicators where they earn their place), every \
        candidate method, the forecast without its leading indicators (all, then each in turn: what each contributes) and \
        with the one it leaves out (completion time), the \
        baselines (last month's value, the series' long-run rate) and a reference smoother (EWMA of the monthly counts, \
        0.4 on the past). A table, JSON or a workbook, not CSV.
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("Sheet scores", ForecastBacktest.scoreColumns), ("Sheet calibration", ForecastBacktest.calibrationColumns)] }
}
