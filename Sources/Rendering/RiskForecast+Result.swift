import Forecasting
import KPIEngine

/// The forecast as `kpi forecast` writes it: the rows of a selection (provider, contract); the terminal table
/// risk-ranked, at most `limit` rows.
public struct ForecastResult: Sendable {
    public var forecast: RiskForecast
    public var selection: ReportSelection
    /// Rows in the terminal table; `nil` for all.
    public var limit: Int?

    public init(_ forecast: RiskForecast, selection: ReportSelection = ReportSelection(), limit: Int? = 40) {
        self.forecast = forecast
        self.selection = selection
        self.limit = limit
    }

    var rows: [ForecastRow] { forecast.selected(provider: selection.provider, contract: selection.contract, kpi: selection.kpi) }
}

extension RiskForecast {
    /// The rows of one provider (or pool), contract and KPI, or all.
    public func selected(provider: String? = nil, contract: String? = nil, kpi: String? = nil) -> [ForecastRow] {
        rows.filter {
            (provider == nil || $0.providerID == provider) && (contract == nil || $0.contract == contract) && (kpi == nil || $0.kpi == kpi)
        }
    }

    /// The forecast's columns.
    public static let columns = _seriesColumns + [
        ResultColumn("month", .month, "The month forecast"),
        ResultColumn("window", .text, "in_month, rolling_3 or rolling_12, ending in the month forecast"),
        ResultColumn("expected_rate", .percent(1), "Expected rate, percentage 0-100"),
        ResultColumn("lower", .percent(1), "10th percentile of the rate, percentage 0-100"),
        ResultColumn("upper", .percent(1), "90th percentile of the rate, percentage 0-100"),
        ResultColumn("p_below_target", .decimal(4), "Probability (0-1) that the rate falls below target"),
        ResultColumn("expected_volume", .decimal(1), "Expected items measured"),
        ResultColumn("headroom", .integer, "How many more missed items the window can take at the expected volume (negative: the expected shortfall)"),
        ResultColumn("method", .text, "The candidate that forecast the series, as --method names it (model, local-level, damped-trend, long-run, last-month, blend); empty when nothing could be forecast"),
        ResultColumn("model_step", .text, "For the model: trend, cycle, conditions, or level (fewer than three months of data)"),
        ResultColumn("uses", .text, "known: items already decided in the month in progress count as they are; pipeline: open items were forecast one by one; empty otherwise"),
        ResultColumn("decided", .boolean, "Whether the known counts already decide the window (p_below_target is then exactly 0 or 1)"),
        ResultColumn("note", .text, "Why a row has no probability, or that it is decided"),
        ResultColumn("target", .percent(1), "The KPI's target, percentage 0-100", [.json]),
    ]

    /// A row's values: rates as percentages with 4 decimals, the probability with 4, the volume with 1 (all
    /// empty when the series has nothing to forecast from).
    static func values(_ row: ForecastRow) -> [ResultValue] {
        func text(_ s: String?) -> ResultValue { s.map(ResultValue.text) ?? .empty }
        return [.text(row.providerID), .text(row.contract), .text(row.kpi), .month(row.month), .text(row.window.rawValue),
                decimalValue(row.expectedRate, places: 4, percent: true), decimalValue(row.lower, places: 4, percent: true),
                decimalValue(row.upper, places: 4, percent: true), decimalValue(row.pBelowTarget, places: 4),
                decimalValue(row.expectedVolume, places: 1), row.headroom.map(ResultValue.integer) ?? .empty,
                text(row.method.candidate?.rawValue), text(row.method.modelStep), text(row.method.layer?.rawValue),
                row.expectedRate == nil ? .empty : .bool(row.decided), text(row.note), .number(row.target.percentText)]
    }

    public static let published = PublishedResult(title: "Next-month KPI risk per series", rules: [
        ("Forecast", "Each series is forecast by the blend of the rate model and a local level, moved by its provider's referrals and open items where those predicted the months before the as-of date out of sample; p_below_target is the probability that the window's rate falls below target, from a beta-binomial over the items still to be decided."),
        ("Known items", "Items already decided in the month in progress count as they are; rolling windows add their known months."),
    ])
}

extension ForecastResult: TabularResult {
    public static var published: PublishedResult { RiskForecast.published }

    /// Rows in report order (contract, provider, NATIONAL, regions; KPI; month; window).
    public var tables: [ResultTable] {
        [ResultTable(name: "forecast", title: "Expected rate, 80% interval and probability of falling below target per series and window",
                     columns: RiskForecast.columns, rows: rows.map(RiskForecast.values))]
    }

    /// The as-of date, the forecast months and the rows.
    public func json() -> JSONValue {
        .object([("as_of", .string(forecast.evaluation.asOf.iso)), ("months", .array(forecast.months.map { .string($0.description) })),
                 ("rows", .array(tables[0].jsonRows()))])
    }

    /// The forecast for a terminal, risk-ranked: the likeliest breaches first.
    ///
    /// Rule: the rows the known counts do not decide, ranked by their series' in-month risk in the month after the
    /// as-of month (the month still to come; a rolling window inherits its series' rank), then by their own
    /// `p_below_target`, then provider, KPI, month and window; at most `limit` rows. How many rows are decided,
    /// and how many have no probability and why, is said under the table.
    public func text() -> String {
        let chosen = rows
        let next = forecast.months.last
        var seriesRisk: [Int: Double] = [:]
        for row in chosen where row.month == next && row.window == .inMonth && !row.decided {
            if let p = row.pBelowTarget { seriesRisk[row.seriesIndex] = p }
        }
        func risk(_ row: ForecastRow) -> Double { seriesRisk[row.seriesIndex] ?? -1 }
        func before(_ a: ForecastRow, _ b: ForecastRow) -> Bool {
            if risk(a) != risk(b) { return risk(a) > risk(b) }
            let p = a.pBelowTarget ?? 0, q = b.pBelowTarget ?? 0
            if p != q { return p > q }
            return (a.providerID, a.kpi, a.month.rawValue, a.window.rawValue) < (b.providerID, b.kpi, b.month.rawValue, b.window.rawValue)
        }
        let ranked = chosen.filter { $0.pBelowTarget != nil && !$0.decided }.sorted(by: before)
        var table = TextTable(columns: [
            .init("provider"), .init("contract"), .init("kpi"), .init("month"), .init("window"),
            .init("expected", alignment: .right), .init("80% interval", alignment: .right),
            .init("target", alignment: .right), .init("P(below)", alignment: .right),
            .init("volume", alignment: .right), .init("headroom", alignment: .right), .init("method"),
        ])
        func percent(_ x: Double?, _ suffix: String = "%") -> String { formattedDecimal(x ?? .nan, places: 1, percent: true).map { $0 + suffix } ?? "" }
        for row in ranked.prefix(limit ?? ranked.count) {
            let interval: String = percent(row.lower, "") + "–" + percent(row.upper)
            let probability: String = formattedDecimal(row.pBelowTarget ?? .nan, places: 2) ?? ""
            let volume: String = formattedDecimal(row.expectedVolume, places: 0) ?? ""
            let method: String = row.method.rawValue + (row.method.modelStep.map { " (\($0))" } ?? "")
            let cells: [String] = [row.providerID, row.contract, row.kpi, row.month.description, row.window.rawValue,
                                   percent(row.expectedRate), interval, row.target.description + "%", probability, volume,
                                   row.headroom.map(String.init) ?? "", method]
            table.append(cells)
        }
        let header = "Next-month KPI risk as of \(forecast.evaluation.asOf.iso) (forecast \(forecast.months.map(\.description).joined(separator: ", ")))\n"
        let decided = chosen.filter(\.decided).count, unforecast = chosen.filter { $0.pBelowTarget == nil }.count
        var footer = ""
        if decided > 0 { footer += "\(decided) rows decided by the known counts are not ranked.\n" }
        if unforecast > 0 { footer += "\(unforecast) rows have no probability: nothing measured in the series' history.\n" }
        return header + table.rendered() + footer
    }
}

extension ForecastResult {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "Next-month KPI risk: expected rate, 80% interval and probability of falling below target."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        For every provider (and NATIONAL, REGION:<r>) × contract × KPI, on the in_month, rolling_3 and rolling_12 windows: \
        the month after the as-of month, and the as-of month itself while it is in progress. The table is risk-ranked \
        (likeliest breaches first). HA-6 (quarterly FTE ratio) is not forecast. Each series is forecast by the blend of \
        the rate model and a local level, moved by its provider's referrals and open items where those predicted the 12 \
        months before the as-of month; --explain shows every candidate's score on those months, per series.
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", RiskForecast.columns), ("With --explain", RiskForecast.explainColumns)] }
}
