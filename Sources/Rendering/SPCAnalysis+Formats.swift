import Assurance
import KPIEngine
import WorkingDays
import _ATWUtilities

extension SPCAnalysis {
    /// The CSV columns, in order.
    public static let csvHeader = columns.map(\.name)

    /// The charts of a provider and contract (each optional).
    public func selected(provider: String? = nil, contract: String? = nil) -> [SeriesControlChart] {
        charts.filter { (provider == nil || $0.providerID == provider) && (contract == nil || $0.contract == contract) }
    }

    /// The warnings of every selected chart, one line each: `P001 atw-ha HA-2: 7 points (fewer than 12): …`.
    public func warningLines(provider: String? = nil, contract: String? = nil) -> [String] {
        selected(provider: provider, contract: contract).flatMap { c in
            c.chart.warnings.map { "\(c.providerID) \(c.contract) \(c.kpi.id): \($0)" }
        }
    }

    /// One row per series and month with items measured.
    ///
    /// Rule: `rate` is exact (the report's 4-decimal percentage, rounded half up); `centre`, `lower` and
    /// `upper` are percentages with 4 decimals; `rule` is empty or a ``SpecialCauseRule`` name; `assurance`
    /// is empty for a KPI without a target.
    public func csv(provider: String? = nil, contract: String? = nil, month: Month? = nil) -> String {
        var out = Self.csvHeader.joined(separator: ",") + "\n"
        for c in selected(provider: provider, contract: contract) {
            for p in c.chart.points where month == nil || p.month == month {
                out += fields(c, p).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    func fields(_ c: SeriesControlChart, _ p: SPCPoint) -> [String] {
        [CSVWriter.escape(c.providerID), CSVWriter.escape(c.contract), CSVWriter.escape(c.kpi.id), p.month.description,
         String(p.met), String(p.measured), RateComparison(met: p.met, measured: p.measured).percentText ?? "",
         _percent4(p.centre), _percent4(p.lower), _percent4(p.upper), p.rule?.rawValue ?? "", p.variation.rawValue,
         p.assurance?.rawValue ?? ""]
    }

    /// Every chart as JSON: its points (the CSV's fields) and its warnings.
    public func json(provider: String? = nil, contract: String? = nil, month: Month? = nil) -> JSONValue {
        .object([
            ("chart", .string(options.chart.rawValue)),
            ("baseline_points", .int(options.baselinePoints)),
            ("rebases", .array(options.rebases.sorted().map { .string($0.description) })),
            ("series", .array(selected(provider: provider, contract: contract).map { c in
                .object([
                    ("provider_id", .string(c.providerID)), ("contract", .string(c.contract)), ("kpi", .string(c.kpi.id)),
                    ("warnings", .array(c.chart.warnings.map { .string($0) })),
                    ("points", .array(c.chart.points.filter { month == nil || $0.month == month }.map { p in
                        .object(zip(Self.csvHeader, fields(c, p)).dropFirst(3).map { key, value in
                            (key, ["met", "measured"].contains(key) ? .int(Int(value)!) : value.isEmpty ? .null : .string(value))
                        })
                    })),
                ])
            })),
        ])
    }

    /// One month for a terminal (default: each series' latest point): concerns first, then failing assurance.
    public func table(month: Month? = nil, provider: String? = nil, contract: String? = nil) -> String {
        var table = TextTable(columns: [.init("provider"), .init("contract"), .init("kpi"), .init("month"),
                                        .init("rate", alignment: .right), .init("centre", alignment: .right),
                                        .init("limits", alignment: .right), .init("variation"), .init("rule"),
                                        .init("assurance")])
        let rows = selected(provider: provider, contract: contract).compactMap { c -> (SeriesControlChart, SPCPoint)? in
            let point = month.map { c.point(in: $0) } ?? c.chart.points.last
            return point.map { (c, $0) }
        }
        func rank(_ p: SPCPoint) -> Int {
            (p.variation == .concern ? 0 : p.variation == .improvement ? 4 : 2) + (p.assurance == .fail ? 0 : 1)
        }
        for (c, p) in rows.enumerated().sorted(by: { (rank($0.element.1), $0.offset) < (rank($1.element.1), $1.offset) }).map(\.element) {
            table.append([c.providerID, c.contract, c.kpi.id, p.month.description,
                          RateComparison(met: p.met, measured: p.measured).percentText ?? "", _percent4(p.centre),
                          _percent4(p.lower) + "-" + _percent4(p.upper), p.variation.rawValue, p.rule?.rawValue ?? "",
                          p.assurance?.rawValue ?? ""])
        }
        let heading = "Statistical process control (\(options.chart.rawValue) chart), " + (month.map { "\($0)" } ?? "latest month of each series")
        return heading + "\n" + table.rendered()
    }
}

/// A 0…1 value as a percentage with 4 decimals, rounded half away from zero (`0.96` → `"96.0000"`).
func _percent4(_ value: Double) -> String {
    guard value.isFinite else { return "" }
    return _fixedPoint(Int64((value * 1_000_000).rounded()), places: 4)
}
