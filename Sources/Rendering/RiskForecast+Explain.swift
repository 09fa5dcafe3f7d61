import Forecasting
import Foundation
import KPIEngine

extension RiskForecast {
    /// The `--explain` CSV columns: each series' chosen method and every candidate's inner backtest score.
    public static let explainHeader = explainColumns.map(\.name).joined(separator: ",")

    /// The selected series' choices, in the forecast's row order.
    func selectedChoices(provider: String?, contract: String?) -> [(series: KPISeries, kpi: String, choice: MethodChoice)] {
        var seen = Set<Int>(), ordered: [(KPISeries, String, MethodChoice)] = []
        let bySeries = Dictionary(uniqueKeysWithValues: choices.map { ($0.seriesIndex, $0) })
        for row in selected(provider: provider, contract: contract) where seen.insert(row.seriesIndex).inserted {
            if let choice = bySeries[row.seriesIndex] { ordered.append((evaluation.series[row.seriesIndex], row.kpi, choice)) }
        }
        return ordered
    }

    /// Why each series is forecast as it is, as CSV: the method the inner backtest chose, the series' own scored
    /// origins, and each candidate's score (mean n·(r − p)² / p(1−p) over the inner origins, shrunk toward the
    /// family's; lower is better; empty when nothing was scored).
    ///
    /// Rule: scores with 4 decimals; `method` is the candidate's name (``ForecastCandidate``).
    public func explainCSV(provider: String? = nil, contract: String? = nil) -> String {
        var out = Self.explainHeader + "\n"
        for (series, kpi, choice) in selectedChoices(provider: provider, contract: contract) {
            let scores = Self.scoreCells(choice)
            out += ([CSVWriter.escape(series.providerID), CSVWriter.escape(series.contract), CSVWriter.escape(kpi),
                     choice.method.rawValue, String(choice.scoredOrigins)] + scores).joined(separator: ",") + "\n"
        }
        return out
    }

    static func scoreCells(_ choice: MethodChoice) -> [String] {
        ForecastCandidate.allCases.map { candidate in
            choice.scores.first { $0.candidate == candidate }.map { String(format: "%.4f", $0.score) } ?? ""
        }
    }

    /// The same as a terminal table, with the inner origins named above it.
    public func explainTable(provider: String? = nil, contract: String? = nil) -> String {
        var table = TextTable(columns: [.init("provider"), .init("contract"), .init("kpi"), .init("method"),
                                        .init("origins", alignment: .right)]
            + ForecastCandidate.allCases.map { TextTable.Column($0.rawValue, alignment: .right) })
        for (series, kpi, choice) in selectedChoices(provider: provider, contract: contract) {
            table.append([series.providerID, series.contract, kpi, choice.method.rawValue, String(choice.scoredOrigins)]
                         + Self.scoreCells(choice))
        }
        let origins = selectionOrigins.isEmpty ? "no inner origin"
            : "inner origins \(selectionOrigins.first!) to \(selectionOrigins.last!) (\(selectionOrigins.count))"
        return "Method chosen per series by its own backtest as of \(evaluation.asOf.iso), \(origins); "
            + "score: mean n·(r − p)²/p(1−p), lower is better\n" + table.rendered()
    }

    /// The same as JSON: the inner origins, then per series its method and every candidate's score.
    public func explainJSON(provider: String? = nil, contract: String? = nil) -> JSONValue {
        .object([
            ("as_of", .string(evaluation.asOf.iso)),
            ("inner_origins", .array(selectionOrigins.map { .string($0.description) })),
            ("series", .array(selectedChoices(provider: provider, contract: contract).map { series, kpi, choice in
                .object([
                    ("provider_id", .string(series.providerID)), ("contract", .string(series.contract)), ("kpi", .string(kpi)),
                    ("method", .string(choice.method.rawValue)), ("scored_origins", .int(choice.scoredOrigins)),
                    ("scores", .object(choice.scores.map { ($0.candidate.rawValue, .double(($0.score * 10_000).rounded() / 10_000)) })),
                ])
            })),
        ])
    }
}
