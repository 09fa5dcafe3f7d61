import Forecasting
import KPIEngine

/// Why each series is forecast as it is (`kpi forecast --explain`): its method, the series' own scored origins, each
/// candidate's score (mean n·(r − p)² / p(1−p) over the inner origins, shrunk toward the family's; lower is better;
/// empty when nothing was scored), and what the leading indicators add to its rate, with their values.
public struct ForecastExplanation: Sendable {
    public var forecast: RiskForecast
    public var selection: ReportSelection

    public init(_ forecast: RiskForecast, selection: ReportSelection = ReportSelection()) {
        self.forecast = forecast
        self.selection = selection
    }

    /// The selected series' choices, in the forecast's row order.
    var choices: [(series: KPISeries, kpi: String, choice: MethodChoice)] {
        var seen = Set<Int>(), ordered: [(KPISeries, String, MethodChoice)] = []
        let bySeries = Dictionary(uniqueKeysWithValues: forecast.choices.map { ($0.seriesIndex, $0) })
        for row in forecast.selected(provider: selection.provider, contract: selection.contract, kpi: selection.kpi) where seen.insert(row.seriesIndex).inserted {
            if let choice = bySeries[row.seriesIndex] { ordered.append((forecast.evaluation.series[row.seriesIndex], row.kpi, choice)) }
        }
        return ordered
    }
}

extension RiskForecast {
    /// The `--explain` columns: the choice and every candidate's backtest score (JSON: the scores under `scores`,
    /// keyed by the candidate's name, only those scored).
    public static let explainColumns = _seriesColumns + [
        ResultColumn("method", .text, "The series' method: the blend (the model for a series with fewer than three months of data)"),
        ResultColumn("scored_origins", .integer, "The series' own inner backtest origins", tableHeader: "origins"),
    ] + ForecastCandidate.allCases.map {
        ResultColumn("score_" + $0.rawValue.replacingOccurrences(of: "-", with: "_"), .decimal(4),
                     "The \($0.rawValue) candidate's shrunk mean inner score (squared error over binomial variance; lower is better)",
                     jsonKey: $0.rawValue, tableHeader: $0.rawValue)
    } + [ResultColumn("indicator_shift", .decimal(2), "Percentage points the leading indicators and the level correction add to the series' rate in the forecast months (0: neither used)",
                      tableHeader: "indicators (points)")]
        + LeadingIndicator.forecastSet.map {
            ResultColumn($0.rawValue.replacingOccurrences(of: "-", with: "_"), .decimal(3),
                         "The \($0.rawValue) indicator at the last complete month (a log ratio; empty when the contract uses no indicators)",
                         tableHeader: $0.rawValue)
        }

    /// Where the scores end and the indicators begin in ``explainColumns``.
    static let explainScoreColumns = 5..<(5 + ForecastCandidate.allCases.count)

    public static let publishedExplanation = PublishedResult(title: "How each series is forecast", rules: [
        ("Method", "Each candidate forecasts the month after each of up to 12 inner origins from what was recorded by then; its score is the squared error over binomial variance, shrunk toward the KPI family's mean with 24 rows' weight. Every series with three months of data is forecast by the blend whatever the scores: choosing by them scored worse on the backtests."),
        ("Leading indicators", "A provider's referrals this month and last against the three months before, each series' open items against its throughput, and the blend's mean error on the KPI (the level correction) move the blend's rate by effects fitted on the inner origins, in the contracts where they saved at least 2% of the error out of sample."),
    ])
}

extension ForecastExplanation: TabularResult {
    public static var published: PublishedResult { RiskForecast.publishedExplanation }

    /// Scores with 4 decimals; `method` is the candidate's name (``ForecastCandidate``).
    public var tables: [ResultTable] {
        [ResultTable(name: "methods", title: "Each series' method, every candidate's inner backtest score and the leading indicators",
                     columns: RiskForecast.explainColumns, rows: choices.map { series, kpi, choice in
                         [.text(series.providerID), .text(series.contract), .text(kpi), .text(choice.method.rawValue),
                          .integer(choice.scoredOrigins)]
                             + ForecastCandidate.allCases.map { candidate in
                                 decimalValue(choice.scores.first { $0.candidate == candidate }?.score, places: 4)
                             }
                             + [decimalValue(choice.indicatorShift * 100, places: 2)]
                             + LeadingIndicator.forecastSet.map { indicator in
                                 decimalValue(choice.indicators.first { $0.indicator == indicator }?.value, places: 3)
                             }
                     })]
    }

    /// The inner origins, then per series its method and every scored candidate's score.
    public func json() -> JSONValue {
        let table = tables[0], scores = RiskForecast.explainScoreColumns
        let indicators = scores.upperBound..<table.columns.count
        return .object([
            ("as_of", .string(forecast.evaluation.asOf.iso)),
            ("inner_origins", .array(forecast.selectionOrigins.map { .string($0.description) })),
            ("series", .array(table.rows.map { row in
                guard case .object(let head) = table.jsonObject(row, columns: 0..<5),
                      case .object(let all) = table.jsonObject(row, columns: scores),
                      case .object(let moved) = table.jsonObject(row, columns: indicators) else { return .null }
                return .object(head + [("scores", .object(all.filter { $0.1 != .null }))] + moved)
            })),
        ])
    }

    /// The table with the inner origins named above it.
    public func text() -> String {
        let origins = forecast.selectionOrigins
        let range = origins.isEmpty ? "no inner origin" : "inner origins \(origins.first!) to \(origins.last!) (\(origins.count))"
        return "Method chosen per series by its own backtest as of \(forecast.evaluation.asOf.iso), \(range); "
            + "score: mean n·(r − p)²/p(1−p), lower is better\n" + tables[0].textTable().rendered()
    }
}

extension ForecastExplanation {
    public static let about = "Why each series is forecast as it is: the method its own inner backtest chose and every candidate's score."
    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", RiskForecast.explainColumns)] }
}
