import KPIEngine
import WorkingDays

extension Restatements: TabularResult {
    /// The changed rows' columns: the report row before and now.
    public static let rowColumns = _seriesColumns + [
        ResultColumn("month", .month, "The month the window ends in"),
        ResultColumn("window", .text, "in_month, rolling_3, rolling_12, cumulative or quarter"),
    ] + ["met", "missed", "pending", "excluded"].flatMap { name in [
        ResultColumn(name + "_before", .number, "\(name.capitalized) in the earlier report"),
        ResultColumn(name, .number, "\(name.capitalized) now"),
    ] } + [
        ResultColumn("rate_before", .percent(1), "The earlier report's rate, percentage 0-100; empty when nothing was measured"),
        ResultColumn("rate", .percent(1), "The rate now"),
    ]

    /// The moved items' columns.
    public static let itemColumns = _seriesColumns + [
        ResultColumn("case_id", .text, "The case"),
        ResultColumn("item", .text, "What the item is"),
        ResultColumn("status_before", .text, "Its status in the earlier report, or empty when it was not there"),
        ResultColumn("month_before", .month, "The month it counted in then"),
        ResultColumn("status", .text, "Its status now, or empty when it is gone"),
        ResultColumn("month", .month, "The month it counts in now"),
        ResultColumn("reason", .text, "Why it moved: recorded after the date, done or decided after it, deadline passed after it, withdrawn after it"),
    ]

    public static let published = PublishedResult(title: "Restatements: figures changed since an earlier report", rules: [
        ("Rows", "Every report row of the months the earlier report held whose met, missed, pending or excluded differ now."),
        ("Items", "The items behind each changed provider row whose status or month differs, each with why."),
    ])

    public var tables: [ResultTable] {
        func counts(_ row: KPIReportRow?) -> [ResultValue] {
            guard let row else { return [.empty, .empty, .empty, .empty] }
            return [row.met, row.missed, row.pending, row.excluded].map { KPIReport.count($0, row) }
        }
        var changed = ResultTable(name: "rows", title: "\(rows.count) rows changed between \(since) and \(asOf)", columns: Self.rowColumns)
        for row in rows {
            let (b, a) = (counts(row.before), counts(row.after))
            changed.append([.text(row.providerID), .text(row.contract), .text(row.kpi), .month(row.month), .text(row.window.rawValue)]
                           + (0..<4).flatMap { [b[$0], a[$0]] } + [.number(row.before?.rateText), .number(row.after?.rateText)])
        }
        let moved = ResultTable(name: "items", title: "\(items.count) items moved", columns: Self.itemColumns, rows: items.map { item in
            [.text(item.providerID), .text(item.contract), .text(item.kpi), .text(item.caseID ?? ""), .text(item.item),
             item.before.map { .text("\($0.status)") } ?? .empty, item.before.map { .month(Month(containing: $0.counted)) } ?? .empty,
             item.after.map { .text("\($0.status)") } ?? .empty, item.after.map { .month(Month(containing: $0.counted)) } ?? .empty,
             .text(item.reason)]
        })
        return [changed, moved]
    }

    /// CSV: the changed rows, then a blank line and the moved items.
    public func csv() -> String { tables[0].csv() + "\n" + tables[1].csv() }
    public func json() -> JSONValue {
        .object([("since", .string(since.iso)), ("as_of", .string(asOf.iso)), ("rows", .array(tables[0].jsonRows())),
                 ("items", .array(tables[1].jsonRows()))])
    }
    public func text() -> String { tables.map { $0.title + "\n" + $0.textTable().rendered() }.joined(separator: "\n") }
}

extension Restatements {
    public static let abstract = "What changed since an earlier report: every restated row, before and now, and the items that moved it, with why."
    public static let about = """
        Compares the report as of --since (a date: the same data as of then; or a store written then by kpi ingest: the \
        data as they were) with the report as of now, for the months the earlier report held: every row whose counts \
        changed, and the items behind each changed provider row, each with why (recorded after the date, done or \
        decided after it, deadline passed after it, withdrawn after it).
        """
    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("rows", rowColumns), ("items", itemColumns)] }
}
