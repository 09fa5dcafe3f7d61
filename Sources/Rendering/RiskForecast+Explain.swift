import Forecasting
import KPIEngine

/// Why each series is forecast as it is (`kpi forecast --explain`): the method its inner backtest chose, the
/// series' own scored origins, and each candidate's score (mean n·(r − p)² / p(1−p) over the inner origins, shrunk
/// toward the family's; lower is better; empty when nothing was scored).
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
        ResultColumn("method", .text, "The candidate chosen for the series"),
        ResultColumn("scored_origins", .integer, "The series' own inner backtest origins", tableHeader: "origins"),
    ] + ForecastCandidate.allCases.map {
        ResultColumn("score_" + $0.rawValue.replacingOccurrences(of: "-", with: "_"), .decimal(4),
                     "The \($0.rawValue) candidate's shrunk mean inner score (squared error over binomial variance; lower is better)",
                     jsonKey: $0.rawValue, tableHeader: $0.rawValue)
    }

    public static let publishedExplanation = PublishedResult(title: "How each series' forecast method was chosen", rules: [
        ("Choice", "Each candidate forecasts the month after each of up to 12 inner origins from what was recorded by then; its score is the squared error over binomial variance, shrunk toward the KPI family's mean with 24 rows' weight; the simplest candidate within 5% of the best is chosen."),
    ])
}

extension ForecastExplanation: TabularResult {
    public static var published: PublishedResult { RiskForecast.publishedExplanation }

    /// Scores with 4 decimals; `method` is the candidate's name (``ForecastCandidate``).
    public var tables: [ResultTable] {
        [ResultTable(name: "methods", title: "The method chosen for each series and every candidate's inner backtest score",
                     columns: RiskForecast.explainColumns, rows: choices.map { series, kpi, choice in
                         [.text(series.providerID), .text(series.contract), .text(kpi), .text(choice.method.rawValue),
                          .integer(choice.scoredOrigins)]
                             + ForecastCandidate.allCases.map { candidate in
                                 decimalValue(choice.scores.first { $0.candidate == candidate }?.score, places: 4)
                             }
                     })]
    }

    /// The inner origins, then per series its method and every scored candidate's score.
    public func json() -> JSONValue {
        let table = tables[0], scores = 5..<table.columns.count
        return .object([
            ("as_of", .string(forecast.evaluation.asOf.iso)),
            ("inner_origins", .array(forecast.selectionOrigins.map { .string($0.description) })),
            ("series", .array(table.rows.map { row in
                guard case .object(let head) = table.jsonObject(row, columns: 0..<5),
                      case .object(let all) = table.jsonObject(row, columns: scores) else { return .null }
                return .object(head + [("scores", .object(all.filter { $0.1 != .null }))])
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
