import KPIEngine
import Returns
import Spreadsheets
import WorkingDays
import _ATWUtilities

extension MIReturns: TabularResult {
    /// The returns' columns in long form (CSV, JSON, the terminal table); a workbook turns each return's periods
    /// into columns (``workbookTables()``).
    public static let columns = [
        ResultColumn("provider_id", .text, "The provider's id", tableHeader: "provider"),
        ResultColumn("contract", .text, "The contract id"),
        ResultColumn("return", .text, "The return: \(MIReturn.allCases.map(\.rawValue).joined(separator: ", "))"),
        ResultColumn("month", .month, "The month the return is for", [.csv, .json]),
        ResultColumn("measure", .text, "The measure (the DocC article \"MI returns\" defines each)"),
        ResultColumn("period", .text, "in_month or year_to_date (the financial year from April unless --year-start says otherwise), contract_year for MHSS yearly MI, a month or quarter in the Cabinet Office return"),
        ResultColumn("value", .number, "The figure: a number, a date, true/false or pending; a list (top solutions, reasons, information sources) as name:count pairs, in JSON an array of {name, count}"),
    ]

    /// The columns of a return's lists sheet: one row per entry, most frequent first.
    public static let listColumns = [columns[0], columns[1], columns[3]] + [
        ResultColumn("measure", .text, "The list (top solutions, reasons, information sources)"),
        ResultColumn("period", .text, "in_month, year_to_date or contract_year"),
        ResultColumn("rank", .integer, "1 for the most frequent"),
        ResultColumn("name", .text, "The entry"),
        ResultColumn("count", .integer, "How many times"),
    ]

    /// The columns of the Cabinet Office return's sheet, laid out as the return's form: one row per provider, KPI
    /// and month (or quarter), the tier's name beside its number.
    public static let cabinetOfficeColumns = [columns[0], columns[1], columns[3]] + [
        ResultColumn("kpi", .text, "The KPI: each of the contract's top KPIs, then each social value KPI"),
        ResultColumn("period", .text, "The month of the quarter (2026-07), or the quarter for a social value KPI (2026-07 to 2026-09)"),
        ResultColumn("met", .number, "Items met (FTE of disabled staff for HA-6)"),
        ResultColumn("measured", .number, "Items met or missed (for HA-6 the whole workforce's FTE)"),
        ResultColumn("rate", .percent(1), "met / measured, a percentage; empty when nothing was measured"),
        ResultColumn("target", .percent(1), "The KPI's target"),
        ResultColumn("tier", .integer, "The Cabinet Office tier, 4 (Good) to 1 (Inadequate), on the exact rate; empty for a RAG-rated KPI or with nothing measured"),
        ResultColumn("rating", .text, "The tier's name (T4 Good … T1 Inadequate), or the RAG status (Green, Amber, Red), on its band's fill"),
    ]

    public var tables: [ResultTable] {
        [ResultTable(name: "returns", title: "Management-information returns", columns: Self.columns, rows: rows.map { row in
            [.text(row.providerID), .text(row.contract), .text(row.returnName), .month(row.month), .text(row.measure),
             .text(row.period), Self.labelledValue(row) ?? .custom(text: row.value, json: row.list.map { list in
                 .array(list.map { .object([("name", .string($0.name)), ("count", .int($0.count))]) })
             } ?? .string(row.value))]
        })]
    }

    /// A Cabinet Office rating measure's value (`HA-2_rating`: `4`, `A`) as a band: its code in CSV and JSON, its
    /// name in a table (`T4 Good`, `Amber`); `nil` for any other measure.
    ///
    /// A percentage measure's figure (``isPercentage(measure:)``) is shown the same way, to one decimal with its
    /// sign in a table (`83.3%`), its exact figure in CSV and JSON.
    static func labelledValue(_ row: MIRow) -> ResultValue? {
        if row.list == nil, isPercentage(measure: row.measure), let shown = _roundedDecimalText(row.value, places: 1) {
            return .band(code: row.value, label: shown + "%", fill: nil)
        }
        guard row.measure.hasSuffix("_rating"), let rating = Rating(code: row.value) else { return nil }
        return .rating(rating)
    }

    /// The returns as workbook tables shaped like the returns: one sheet per return, measures down and
    /// periods across (`in_month`, `year_to_date`; `contract_year`; the Cabinet Office return's months and
    /// `quarter`), and each return's list measures (top solutions, reasons, information sources) as a table of
    /// their own (`<return> lists`: one row per entry, most frequent first).
    ///
    /// Rule: a value that reads as a number is a number (a percentage measure's, ``isPercentage(measure:)``, its
    /// fraction shown `0.0%`), `YYYY-MM-DD` a date, `true`/`false` a boolean, any other value (`pending`, a
    /// month) text. The Cabinet Office return is laid out as its form instead (``cabinetOfficeTable(_:)``).
    public func workbookTables() -> [WorkbookTable] {
        var tables: [WorkbookTable] = []
        var order: [String] = []
        for row in rows where !order.contains(row.returnName) { order.append(row.returnName) }
        let keys = [0, 1, 3, 4].map { Self.columns[$0].workbookColumn }
        for name in order {
            let chosen = rows.filter { $0.returnName == name }
            if name == MIReturn.cabinetOffice.rawValue {
                tables.append(Self.cabinetOfficeTable(chosen))
                continue
            }
            var periods: [String] = []
            for row in chosen where row.list == nil && !periods.contains(row.period) { periods.append(row.period) }
            var keyOrder: [[String]] = []
            var values: [[String]: [String: String]] = [:]
            for row in chosen where row.list == nil {
                let key = [row.providerID, row.contract, row.month.description, row.measure]
                if values[key] == nil { keyOrder.append(key) }
                values[key, default: [:]][row.period] = row.value
            }
            var table = WorkbookTable(name: name, title: "The \(name) return: measures down, periods across",
                                      columns: keys + periods.map { WorkbookColumn($0, .number, Self.periodNote($0)) })
            for key in keyOrder {
                let month = Month(key[2])!
                let percent = Self.isPercentage(measure: key[3])
                table.rows.append([.text(key[0]), .text(key[1]), .date(year: month.year, month: month.month, day: 1), .text(key[3])]
                    + periods.map { Self.valueCell(values[key]?[$0] ?? "", percent: percent) })
            }
            tables.append(table)
            let lists = chosen.filter { $0.list != nil }
            guard !lists.isEmpty else { continue }
            var listTable = ResultTable(name: String((name + " lists").prefix(31)), title: "The \(name) return's lists, most frequent first",
                                        columns: Self.listColumns)
            for row in lists {
                for (rank, entry) in (row.list ?? []).enumerated() {
                    listTable.append([.text(row.providerID), .text(row.contract), .month(row.month), .text(row.measure),
                                      .text(row.period), .integer(rank + 1), .text(entry.name), .integer(entry.count)])
                }
            }
            tables.append(listTable.workbookTable())
        }
        return tables
    }

    static func periodNote(_ period: String) -> String {
        switch period {
        case MIPeriod.inMonth.rawValue: "The month itself"
        case MIPeriod.yearToDate.rawValue: "The reporting year from its first month (April unless --year-start says otherwise) to the month"
        case MIPeriod.contractYear.rawValue: "The contract year ending the day before the anniversary"
        case MIPeriod.quarter.rawValue: "The calendar quarter (Cabinet Office return)"
        default: "The month \(period) (Cabinet Office return)"
        }
    }

    /// Whether a return's measure is a percentage 0-100: its name ends `_pct` or `_rate` (`satisfied_pct`,
    /// `HA-2_rate`), or `_target`.
    static func isPercentage(measure: String) -> Bool {
        measure.hasSuffix("_pct") || measure.hasSuffix("_rate") || measure.hasSuffix("_target")
    }

    /// The Cabinet Office return as its form: one row per provider, KPI and period (``cabinetOfficeColumns``),
    /// in the return's order.
    static func cabinetOfficeTable(_ rows: [MIRow]) -> WorkbookTable {
        let fields = ["met", "measured", "rate", "target", "rating"]
        var table = ResultTable(name: MIReturn.cabinetOffice.rawValue, title: "The Cabinet Office KPI return: one row per KPI and month, the tier's name beside its number",
                                columns: cabinetOfficeColumns)
        var order: [[String]] = []
        var figures: [[String]: [String: String]] = [:]
        var quarters: [String: (from: String, to: String)] = [:]
        for row in rows {
            let provider = row.providerID + " " + row.contract
            if row.measure == "quarter_from" { quarters[provider, default: ("", "")].from = row.value; continue }
            if row.measure == "quarter_to" { quarters[provider, default: ("", "")].to = row.value; continue }
            guard let cut = row.measure.lastIndex(of: "_"), fields.contains(String(row.measure[row.measure.index(after: cut)...])) else { continue }
            let key = [row.providerID, row.contract, row.month.description, String(row.measure[..<cut]), row.period]
            if figures[key] == nil { order.append(key) }
            figures[key, default: [:]][String(row.measure[row.measure.index(after: cut)...])] = row.value
        }
        // A count of items is whole; HA-6's FTE may not be.
        func count(_ text: String?) -> ResultValue { text.flatMap { Int($0) }.map(ResultValue.integer) ?? .number(text) }
        for key in order {
            let values = figures[key]!, quarter = quarters[key[0] + " " + key[1]]
            let period = key[4] == MIPeriod.quarter.rawValue ? "\(quarter?.from ?? "") to \(quarter?.to ?? "")" : key[4]
            let rating = Rating(code: values["rating"] ?? "")
            var tier: ResultValue = .empty
            if case .tier(let n)? = rating { tier = .integer(n) }
            table.append([.text(key[0]), .text(key[1]), .text(key[2]), .text(key[3]), .text(period),
                          count(values["met"]), count(values["measured"]), .number(values["rate"].flatMap { $0.isEmpty ? nil : $0 }),
                          .number(values["target"]), tier, .rating(rating)])
        }
        return table.workbookTable()
    }

    /// A return's value as a typed cell; a percentage's (`percent`) as its fraction, shown `0.0%`.
    static func valueCell(_ value: String, percent: Bool = false) -> WorkbookCell {
        if value.isEmpty { return .empty }
        if percent, let fraction = WorkbookTable.fraction(points: value) {
            return .styled(.number(fraction), WorkbookCellStyle(kind: .percent(1)))
        }
        if let number = Double(value), number.isFinite, value.first != "+" { return .number(number) }
        if value == "true" || value == "false" { return .boolean(value == "true") }
        if value.utf8.count == 10, let day = Day(value) {
            let (y, m, d) = day.components
            return .date(year: y, month: m, day: d)
        }
        return .text(value)
    }

    public static let published = PublishedResult(title: "Management-information returns", rules: [
        ("Returns", "mmir (HA monthly MI), mhss-monthly and mhss-yearly, customer-insight, due-dates and cabinet-office, each for the month given; year_to_date runs from the reporting year's first month."),
        ("Due dates", "Monthly returns by the 3rd working day of the next month; customer insight by the 15th of the next month and social value by the 15th of the month after the quarter, moved to the next working day; the Cabinet Office return's inputs by the same 15th."),
    ])
}

extension MIReturns {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "Management-information returns for a month: MMIR, MHSS monthly and yearly MI, customer insight, due dates."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        Long form, one row per provider, return, measure and period; without --return, every return that applies to each \
        provider's contract. A workbook has a sheet per return, measures down and periods across (percentages as \
        percentage cells), except the Cabinet Office return's, laid out as its form: one row per KPI and month, the tier's \
        name beside its number.
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] {
        [("", columns), ("Workbook lists sheets", listColumns), ("Workbook cabinet-office sheet", cabinetOfficeColumns)]
    }
}
