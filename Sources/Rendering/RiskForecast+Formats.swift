import Forecasting
import Foundation
import KPIEngine

extension RiskForecast {
    /// The forecast's CSV columns, in order.
    public static let csvHeader = columns.map(\.name).joined(separator: ",")

    /// A rate (0…1) as a percentage with 4 decimals, like the report's `rate`.
    static func percent(_ x: Double?) -> String { x.map { String(format: "%.4f", $0 * 100) } ?? "" }
    /// A probability with 4 decimals.
    static func probability(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }

    /// The forecast as CSV: rows in report order (contract, provider, NATIONAL, regions; KPI; month; window).
    ///
    /// Rule: `expected_rate`, `lower` and `upper` are percentages with 4 decimals, `p_below_target` a
    /// probability with 4 decimals, `expected_volume` items with 1 decimal, `headroom` whole items; all of
    /// them empty when the series has nothing to forecast from (`method` empty, `note` saying why).
    public func csv(provider: String? = nil, contract: String? = nil) -> String {
        var out = Self.csvHeader + "\n"
        for row in selected(provider: provider, contract: contract) {
            out += [CSVWriter.escape(row.providerID), CSVWriter.escape(row.contract), CSVWriter.escape(row.kpi), row.month.description, row.window.rawValue,
                    Self.percent(row.expectedRate), Self.percent(row.lower), Self.percent(row.upper),
                    Self.probability(row.pBelowTarget), String(format: "%.1f", row.expectedVolume),
                    row.headroom.map(String.init) ?? "", row.method.rawValue, row.method.modelStep ?? "",
                    row.method.layer?.rawValue ?? "", row.expectedRate == nil ? "" : String(row.decided),
                    CSVWriter.escape(row.note ?? "")].joined(separator: ",") + "\n"
        }
        return out
    }

    /// The rows of one provider (or pool) and contract, or all.
    public func selected(provider: String? = nil, contract: String? = nil) -> [ForecastRow] {
        rows.filter { (provider == nil || $0.providerID == provider) && (contract == nil || $0.contract == contract) }
    }

    /// The forecast as JSON: the as-of date, the forecast months and the rows.
    public func json(provider: String? = nil, contract: String? = nil) -> JSONValue {
        func number(_ x: Double?, scale: Double = 1) -> JSONValue {
            x.map { .double(($0 * scale * 10_000).rounded() / 10_000) } ?? .null
        }
        return .object([
            ("as_of", .string(evaluation.asOf.iso)),
            ("months", .array(months.map { .string($0.description) })),
            ("rows", .array(selected(provider: provider, contract: contract).map { row in
                .object([
                    ("provider_id", .string(row.providerID)), ("contract", .string(row.contract)),
                    ("kpi", .string(row.kpi)), ("month", .string(row.month.description)),
                    ("window", .string(row.window.rawValue)),
                    ("expected_rate", number(row.expectedRate, scale: 100)), ("lower", number(row.lower, scale: 100)),
                    ("upper", number(row.upper, scale: 100)), ("p_below_target", number(row.pBelowTarget)),
                    ("expected_volume", .double((row.expectedVolume * 10).rounded() / 10)),
                    ("headroom", row.headroom.map { .int($0) } ?? .null),
                    ("method", row.method.candidate.map { .string($0.rawValue) } ?? .null),
                    ("model_step", row.method.modelStep.map(JSONValue.string) ?? .null),
                    ("uses", row.method.layer.map { .string($0.rawValue) } ?? .null),
                    ("decided", row.expectedRate == nil ? .null : .bool(row.decided)),
                    ("note", row.note.map(JSONValue.string) ?? .null),
                    ("target", .double(Double(row.target.rawValue) / 100)),
                ])
            })),
        ])
    }

    /// The forecast for a terminal, risk-ranked: the likeliest breaches first.
    ///
    /// Rule: the rows the known counts do not decide, ranked by their series' in-month risk in the month after the
    /// as-of month (the month still to come; a rolling window inherits its series' rank), then by their own
    /// `p_below_target`, then provider, KPI, month and window; at most `limit` rows (all when `nil`). How many
    /// rows are decided, and how many have no probability and why, is said under the table.
    public func table(provider: String? = nil, contract: String? = nil, limit: Int? = 40) -> String {
        let chosen = selected(provider: provider, contract: contract)
        let next = months.last
        var seriesRisk: [Int: Double] = [:]
        for row in chosen where row.month == next && row.window == .inMonth && !row.decided {
            if let p = row.pBelowTarget { seriesRisk[row.seriesIndex] = p }
        }
        let ranked = chosen.filter { $0.pBelowTarget != nil && !$0.decided }.sorted {
            let a = seriesRisk[$0.seriesIndex] ?? -1, b = seriesRisk[$1.seriesIndex] ?? -1
            if a != b { return a > b }
            if $0.pBelowTarget! != $1.pBelowTarget! { return $0.pBelowTarget! > $1.pBelowTarget! }
            return ($0.providerID, $0.kpi, $0.month.rawValue, $0.window.rawValue)
                < ($1.providerID, $1.kpi, $1.month.rawValue, $1.window.rawValue)
        }
        var table = TextTable(columns: [
            .init("provider"), .init("contract"), .init("kpi"), .init("month"), .init("window"),
            .init("expected", alignment: .right), .init("80% interval", alignment: .right),
            .init("target", alignment: .right), .init("P(below)", alignment: .right),
            .init("volume", alignment: .right), .init("headroom", alignment: .right), .init("method"),
        ])
        for row in ranked.prefix(limit ?? ranked.count) {
            table.append([
                row.providerID, row.contract, row.kpi, row.month.description, row.window.rawValue,
                String(format: "%.1f%%", row.expectedRate! * 100),
                String(format: "%.1f–%.1f%%", row.lower! * 100, row.upper! * 100),
                row.target.description + "%", String(format: "%.2f", row.pBelowTarget!),
                String(format: "%.0f", row.expectedVolume), row.headroom.map(String.init) ?? "",
                row.method.rawValue + (row.method.modelStep.map { " (\($0))" } ?? ""),
            ])
        }
        let header = "Next-month KPI risk as of \(evaluation.asOf.iso) (forecast \(months.map(\.description).joined(separator: ", ")))\n"
        let decided = chosen.filter(\.decided).count, unforecast = chosen.filter { $0.pBelowTarget == nil }.count
        var footer = ""
        if decided > 0 { footer += "\(decided) rows decided by the known counts are not ranked.\n" }
        if unforecast > 0 { footer += "\(unforecast) rows have no probability: nothing measured in the series' history.\n" }
        return header + table.rendered() + footer
    }
}
