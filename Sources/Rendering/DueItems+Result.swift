import KPIEngine
import WorkingDays

extension DueItems: TabularResult {
    /// The due list's columns: one row per open item.
    public static let columns = _seriesColumns + [
        ResultColumn("case_id", .text, "The case (empty for an MI return, or a complaint without one)"),
        ResultColumn("item", .text, "What is due: the case, a report attempt, a complaint to forward, a return to submit"),
        ResultColumn("start", .date, "When its clock started"),
        ResultColumn("deadline", .date, "Its deadline"),
        ResultColumn("working_days_left", .integer, "Working days after the as-of date up to the deadline, in the provider's division (0: due that day)"),
        ResultColumn("month", .month, "The month a miss would count in (the day after the deadline)"),
        ResultColumn("rate_if_missed", .percent(1), "The month's in-month rate from the items decided so far, with this one missed, percentage 0-100"),
        ResultColumn("rolling_3_if_missed", .percent(1), "The rolling 3 months to that month, likewise"),
        ResultColumn("headroom", .integer, "More misses the month can take and still meet its target, every other item met, on the month's expected volume (its items so far, or last month's if more); empty when already below target"),
        ResultColumn("critical", .boolean, "Missing this item alone takes the month below target (headroom 0)"),
        ResultColumn("critical_with_due", .boolean, "Missing it with the provider's other items of this KPI due in the same month and window does"),
    ]

    public static let published = PublishedResult(title: "Open items due in the next working days", rules: [
        ("Due", "Every open item whose deadline is at most --within working days after the as-of date in its provider's division: cases, report attempts, complaints to forward, MI returns to submit."),
        ("Worth", "For the month a miss would count in: the rates if it is missed, and the headroom on the month's expected volume; critical when one miss breaks the target."),
        ("Order", "By deadline, then critical first, then provider, KPI and item."),
    ])

    public var tables: [ResultTable] {
        [ResultTable(name: "due", title: "\(items.count) items due within \(within) working days of \(asOf)", columns: Self.columns,
                     rows: items.map { due in
                         let i = due.item
                         return [.text(due.providerID), .text(due.contract), .text(due.kpi), .text(i.caseID ?? ""), .text(i.item),
                                 .date(i.start), i.deadline.map(ResultValue.date) ?? .empty, .integer(due.workingDaysLeft),
                                 .month(due.month), decimalValue(due.inMonthRateIfMissed, places: 4, percent: true),
                                 decimalValue(due.rolling3RateIfMissed, places: 4, percent: true),
                                 due.headroom.map(ResultValue.integer) ?? .empty, .bool(due.critical), .bool(due.criticalWithDue)]
                     })]
    }

    public func text() -> String { tables[0].title + "\n" + tables[0].textTable().rendered() }
}

extension DueItems {
    public static let abstract = "Open items due within the next working days, across KPIs and providers, critical first on each day."
    public static let about = """
        Every open item (case, report attempt, complaint to forward, MI return to submit) whose deadline is at most \
        --within working days after the as-of date (default 2) in its provider's division, for every provider or the \
        filter's provider, contract and KPI. Each says what missing it would cost: the month's rates if missed, the \
        headroom, and whether the miss alone (critical) or with the other items due (critical_with_due) breaks the target.
        """
    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }
}
