import KPIEngine
import WorkingDays

extension LeagueTable: TabularResult {
    /// The league table's columns: one row per provider and KPI, ranked.
    public static let columns = [
        ResultColumn("rank", .integer, "1 for the provider meeting the most targets"),
        _seriesColumns[0], _seriesColumns[1],
        ResultColumn("targets_met", .integer, "KPIs meeting target on the rolling 3 months (quarterly KPIs: the latest quarter)"),
        ResultColumn("rated", .integer, "KPIs with a rate to compare"),
        _seriesColumns[2],
        ResultColumn("rate", .percent(1), "The KPI's rolling 3-month rate, percentage 0-100; empty when nothing was measured"),
        ResultColumn("target_met", .boolean, "Whether the rate is at least the target; empty when nothing was measured"),
    ]

    public static let published = PublishedResult(title: "League table of a contract's providers", rules: [
        ("Ranking", "Providers ranked by the KPIs meeting target on the rolling 3 months (quarterly KPIs: the latest quarter), then by the share of all their measured items met, then by id."),
    ])

    public var tables: [ResultTable] {
        var table = ResultTable(name: "league", title: "League table of \(contract), rolling 3 months to \(month)", columns: Self.columns)
        for (rank, line) in lines.enumerated() {
            for s in line.series {
                let row = report.row(series: s, .rolling3, in: month)
                table.append([.integer(rank + 1), .text(line.providerID), .text(contract), .integer(line.met), .integer(line.rated),
                              .text(row?.kpi ?? ""), .number(row?.rateText), row?.targetMet.map(ResultValue.bool) ?? .empty])
            }
        }
        return [table]
    }
}

extension WorstItems: TabularResult {
    /// The worst items' columns.
    public static let columns = [
        _seriesColumns[0], _seriesColumns[1], _seriesColumns[2],
        ResultColumn("case_id", .text, "The case"),
        ResultColumn("item", .text, "What the item is"),
        ResultColumn("start", .date, "When the clock started"),
        ResultColumn("deadline", .date, "The deadline"),
        ResultColumn("end", .date, "When it was done, or empty while open"),
        ResultColumn("working_days_late", .integer, "Working days past the deadline, at its end or the as-of date while open"),
    ]

    public static let published = PublishedResult(title: "A provider's worst items in a month", rules: [
        ("Items", "The missed items counted in the month with the most working days past their deadline, in the provider's division."),
    ])

    public var tables: [ResultTable] {
        [ResultTable(name: "worst", title: "\(providerID) \(contract): worst items in \(month)", columns: Self.columns, rows: items.map { late in
            let i = late.item
            return [.text(providerID), .text(contract), .text(late.kpi), .text(i.caseID ?? ""), .text(i.item), .date(i.start),
                    i.deadline.map(ResultValue.date) ?? .empty, i.end.map(ResultValue.date) ?? .empty,
                    late.workingDaysLate.map(ResultValue.integer) ?? .empty]
        })]
    }
}

extension LeagueTable {
    public static let about = "A contract's providers ranked on the rolling 3 months to a month (the pack's league table)."
    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }
}

extension WorstItems {
    public static let about = "A provider's missed items in a month, the most working days late first (the pack's worst items)."
    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }
}
