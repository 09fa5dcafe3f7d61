import _ATWUtilities
import KPIEngine
import Returns

extension PerformanceNotice: TabularResult {
    /// The notice's columns.
    public static let columns = [
        ResultColumn("provider_id", .text, "The provider's id", tableHeader: "provider"),
        _seriesColumns[1],
        ResultColumn("kpi", .text, "The KPI id, or overall for the contract's summary line"),
        ResultColumn("from", .month, "First month pooled (the period's, or the provider's service start when later)", [.csv, .json]),
        ResultColumn("to", .month, "Last month pooled", [.csv, .json]),
        ResultColumn("met", .number, "Items met over the period (FTE for a share KPI); empty on the summary line", [.csv, .json]),
        ResultColumn("measured", .number, "Items met or missed over the period; empty on the summary line", tableHeader: "items"),
        ResultColumn("rate", .percent(1), "The pooled rate, percentage 0-100"),
        ResultColumn("target", .percent(1), "The KPI's target, percentage 0-100"),
        ResultColumn("rating", .text, "Good, Approaching target, Requires improvement, Inadequate or Other (in a workbook on its band's fill)"),
        ResultColumn("reason", .text, "The band the rate fell in, or why the rating is Other; on the summary line the count of each rating"),
    ]

    /// Each KPI of each provider's notice, then its summary line (`overall`).
    public var tables: [ResultTable] {
        [ResultTable(name: "notice", title: "Each KPI's rating from \(period.lowerBound) to \(period.upperBound), and the overall line",
                     columns: Self.columns, rows: rows.map { row in
                         let summary = row.kpi == "overall"
                         func count(_ units: Int64) -> ResultValue {
                             if summary { return .empty }
                             return row.unitsPerCount == 1 ? .integer(Int(units)) : .number(_countText(units, unitsPerCount: row.unitsPerCount))
                         }
                         // A whole FTE `met` is a JSON integer, as the notice has always written it (the golden
                         // notice-worked-examples-json holds `"met": 0` beside `"measured": 0.0`).
                         var met = count(row.met)
                         if !summary, row.met % Int64(row.unitsPerCount) == 0 { met = .integer(Int(row.met) / row.unitsPerCount) }
                         return [.text(row.providerID), .text(row.contract), .text(row.kpi), .month(row.from), .month(row.to),
                                 met, count(row.measured), .number(row.rateText.isEmpty ? nil : row.rateText),
                                 .number(row.target?.percentText), .rating(row.rating), .text(row.reason)]
                     })]
    }

    /// `{"period_from", "period_to", "rows": [...]}`.
    public func json() -> JSONValue {
        .object([("period_from", .string(period.lowerBound.description)), ("period_to", .string(period.upperBound.description)),
                 ("rows", .array(tables[0].jsonRows()))])
    }

    public func text() -> String {
        "Contract performance notice, \(period.lowerBound) to \(period.upperBound)\n" + tables[0].textTable().rendered()
    }

    public static let published = PublishedResult(title: "Contract performance notice (Procurement Act 2023, s.52 and s.71)", rules: [
        ("Ratings", "Each KPI's items over the period are pooled; the pooled rate's Cabinet Office tier or RAG status maps to Good, Approaching target, Requires improvement or Inadequate as the contract definition says (tier 4/3/2/1 and G/A/R by default; Inadequate below a stated lower bound); Other when nothing, or fewer items than the definition's minimum, was measured."),
        ("Summary", "The overall line carries the lowest rating among the KPIs rated and the count of each rating."),
    ])
}

extension PerformanceNotice {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "Contract performance notice (Procurement Act 2023 s.52, s.71): each KPI rated Good, Approaching target, Requires improvement, Inadequate or Other over a period."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        Per provider and contract: each KPI the contract's definition publishes (notice.kpis; all by default) with the \
        period's pooled items, rate, target and rating, then an overall line (the lowest rating and the count of each). \
        The mapping from tiers or RAG bands to the five ratings, the lower bound for Inadequate and the fewest items a \
        rating needs (notice.minimum_items, 30 by default; fewer is Other) are data in the contract definition.
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }
}
