import KPIEngine
import WorkingDays

extension ItemListing: TabularResult {
    /// The item list's columns (the terminal table leaves out the provider, contract and KPI it names above).
    public static let columns = [
        ResultColumn("provider_id", .text, _seriesColumns[0].note, [.csv, .json]),
        ResultColumn("contract", .text, _seriesColumns[1].note, [.csv, .json]),
        ResultColumn("kpi", .text, _seriesColumns[2].note, [.csv, .json]),
        ResultColumn("month", .month, "The month the item counts in"),
        ResultColumn("status", .text, "met, missed, pending or excluded as of the as-of date"),
        ResultColumn("case_id", .text, "The case"),
        ResultColumn("item", .text, "What the item is (the case, a report, a complaint, a return)"),
        ResultColumn("start", .date, "When the clock started"),
        ResultColumn("deadline", .date, "The deadline, or empty when the KPI has none"),
        ResultColumn("end", .date, "When it was done, or empty while open"),
        ResultColumn("counted", .date, "The day the item counts on"),
        ResultColumn("working_days", .integer, "Working days from start to end (to the as-of date while open)"),
    ]

    /// One row per item; every value is text in JSON, as the listing has always been written.
    public var tables: [ResultTable] {
        [ResultTable(name: "items", title: "\(subject): \(entries.count) items", columns: Self.columns,
                     rows: entries.map { entry in
                         let item = entry.item
                         return [entry.providerID, entry.contract, entry.kpi, Month(containing: item.counted).description, "\(item.status)",
                                 item.caseID ?? "", item.item, item.start.iso, item.deadline?.iso ?? "", item.end?.iso ?? "",
                                 item.counted.iso, item.workingDaysTaken.map(String.init) ?? ""].map(ResultValue.text)
                     })]
    }

    /// The title, then the items; their provider, contract and KPI too when they are of more than one series.
    public func text() -> String {
        var table = tables[0]
        if Set(entries.map { [$0.providerID, $0.contract, $0.kpi] }).count > 1 {
            for k in 0..<3 { table.columns[k].uses.insert(.table) }
        }
        return table.title + "\n" + table.textTable().rendered()
    }

    public static let published = PublishedResult(title: "The items behind a KPI figure", rules: [
        ("Items", "Every item the KPI measured for the provider, with its dates, deadline, status as of the as-of date and the working days it took."),
    ])
}

extension ItemListing {
    public static let abstract = "The items behind any KPI figure (a provider's or a pool's, one KPI or all, a month or a window): dates, deadline, status, working days."
    public static let about = "With --month (and --window), the items counted by status are exactly the report row's met, missed, pending and excluded, for a provider or a pool (NATIONAL, REGION:<r>: its members' items)."
    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }
}
