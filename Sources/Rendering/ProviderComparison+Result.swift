import Assurance
import KPIEngine
import WorkingDays

extension ProviderComparison: TabularResult {
    /// The comparison's columns: one row per KPI and window.
    public static let columns = _seriesColumns + [
        ResultColumn("month", .month, "The window's last month (a quarterly KPI: its latest quarter)"),
        ResultColumn("window", .text, "in_month, rolling_3, rolling_12, cumulative or quarter"),
        ResultColumn("measured", .number, "Items met or missed in the window"),
        ResultColumn("rate", .percent(1), "The provider's rate, percentage 0-100; empty when nothing was measured"),
        ResultColumn("national_rate", .percent(1), "NATIONAL's rate (every provider of the contract)"),
        ResultColumn("region", .text, "The provider's region"),
        ResultColumn("regional_rate", .percent(1), "The region's pooled rate"),
        ResultColumn("difference_points", .decimal(2), "Provider − national, in percentage points"),
        ResultColumn("rank", .integer, "1 + the contract's providers with a strictly higher rate in the window"),
        ResultColumn("of", .integer, "The contract's providers with a rate in the window"),
        ResultColumn("funnel", .text, "Against the adjusted funnel around the national rate: alarm (below 99.8%), alert (below 95%), within, above 95%, above 99.8%; empty for an FTE share"),
    ]

    public static let published = PublishedResult(title: "A provider beside its contract's national and regional rates", rules: [
        ("Rank", "1 + the providers of the contract with a strictly higher rate in the window; equal rates share a rank."),
        ("Funnel", "The pack's adjusted funnel (Spiegelhalter's additive over-dispersion) around the national rate, from every provider's counts in the window."),
    ])

    public var tables: [ResultTable] {
        [ResultTable(name: "compare", title: "\(providerID) beside its contract, \(month)", columns: Self.columns, rows: rows.map { row in
            [.text(row.providerID), .text(row.contract), .text(row.kpi), .month(row.month), .text(row.window.rawValue),
             .number(row.own.countText(row.measured)), .number(row.rate.percentText), .number(row.national?.percentText),
             row.region.map(ResultValue.text) ?? .empty, .number(row.regional?.percentText),
             decimalValue(row.differencePoints, places: 2), row.rank.map(ResultValue.integer) ?? .empty, .integer(row.ranked),
             row.funnel.map { .text($0.rawValue) } ?? .empty]
        })]
    }
}

extension ProviderComparison {
    public static let abstract = "A provider beside its contract: each KPI and window's rate, the national and regional rates, rank and funnel position."
    public static let about = """
        For --provider (and --month, default the as-of month): each KPI and window, the provider's rate beside NATIONAL's \
        and its region's, the difference in points, its rank among the contract's providers and its place in the pack's \
        adjusted funnel.
        """
    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }
}
