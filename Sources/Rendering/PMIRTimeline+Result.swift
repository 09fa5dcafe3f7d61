import PMIR
import KPIEngine
import Returns
import WorkingDays

/// The PMIR timeline as `kpi pmir` writes it: the rows of a selection (provider, contract, month); the terminal
/// table shows one month (default: the as-of month), highest level first.
public struct PMIRResult: Sendable {
    public var timeline: PMIRTimeline
    public var selection: ReportSelection
    /// The month the terminal table shows.
    public var tableMonth: Month

    public init(_ timeline: PMIRTimeline, selection: ReportSelection = ReportSelection(), tableMonth: Month) {
        self.timeline = timeline
        self.selection = selection
        self.tableMonth = tableMonth
    }
}

extension PMIRTimeline {
    /// The rows of a provider, contract and month (each optional).
    public func selected(provider: String? = nil, contract: String? = nil, month: Month? = nil) -> [PMIRRow] {
        rows.filter {
            (provider == nil || $0.providerID == provider) && (contract == nil || $0.contract == contract)
                && (month == nil || $0.month == month)
        }
    }

    /// The PMIR timeline's columns.
    public static let columns = [
        ResultColumn("provider_id", .text, "The provider's id", tableHeader: "provider"),
        _seriesColumns[1],
        ResultColumn("month", .month, "The month", [.csv, .json]),
        ResultColumn("level", .integer, "PMIR level: " + PMIRLevel.legend, [.csv, .json]),
        ResultColumn("level_name", .text, "The level with its name (3 Informal)", [.table], tableHeader: "level"),
        ResultColumn("reason", .text, "Why the provider is at that level: the KPI, window, months, figures and evidence"),
    ]

    static func values(_ row: PMIRRow) -> [ResultValue] {
        [.text(row.providerID), .text(row.contract), .month(row.month), .integer(row.level.rawValue),
         .text("\(row.level.rawValue) \(row.level.name)"), .text(row.reason)]
    }

    public static let published = PublishedResult(title: "PMIR escalation level per provider, contract and month", rules: [
        ("Levels", PMIRLevel.legend + ", month by month under the chosen policy; every reason names the KPI, window, months, figures and evidence."),
        ("Evidence", "Under the default policy a KPI below target counts against a provider only with statistical evidence of a shortfall; the strict-contract policy counts any month below target."),
    ])
}

extension PMIRResult: TabularResult {
    public static var published: PublishedResult { PMIRTimeline.published }

    /// One row per provider, contract and month.
    public var tables: [ResultTable] {
        let rows = timeline.selected(provider: selection.provider, contract: selection.contract, month: selection.month)
        return [ResultTable(name: "pmir", title: "PMIR level and reason per provider, contract and month",
                            columns: PMIRTimeline.columns, rows: rows.map(PMIRTimeline.values))]
    }

    /// One month for a terminal: every provider's level and reason, highest level first.
    public func text() -> String {
        let chosen = timeline.selected(provider: selection.provider, contract: selection.contract, month: tableMonth)
            .sorted { ($1.level, $0.contract, $0.providerID) < ($0.level, $1.contract, $1.providerID) }
        let table = ResultTable(name: "pmir", title: "", columns: PMIRTimeline.columns, rows: chosen.map(PMIRTimeline.values))
        return "PMIR levels in \(tableMonth)\n" + table.textTable().rendered()
    }
}

extension PMIRResult {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "PMIR escalation level (1 \(PMIRLevel.standard.name) … 4 \(PMIRLevel.formal.name)) per provider, contract and month, with the reason."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        Two policies ship: `default`, in which a KPI below target counts against a provider only with statistical evidence \
        (a one-sided test on the rolling 3-month rate, or control limits wholly below target; an SPC concern too when a \
        policy turns it on), and `strict-contract`, the literal reading in which any month below target counts. Both are \
        data: print one with `kpi pmir-policy [--name NAME]`, edit a copy and pass --policy FILE. Every reason names the \
        KPI, window, months, figures and evidence. The table shows one month (default: the as-of month).
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", PMIRTimeline.columns)] }
}
