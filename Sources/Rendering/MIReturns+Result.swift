import Returns
import Spreadsheets
import WorkingDays

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

    public var tables: [ResultTable] {
        [ResultTable(name: "returns", title: "Management-information returns", columns: Self.columns, rows: rows.map { row in
            [.text(row.providerID), .text(row.contract), .text(row.returnName), .month(row.month), .text(row.measure),
             .text(row.period), .custom(text: row.value, json: row.list.map { list in
                 .array(list.map { .object([("name", .string($0.name)), ("count", .int($0.count))]) })
             } ?? .string(row.value))]
        })]
    }

    /// The returns as workbook tables shaped like the returns: one sheet per return, measures down and
    /// periods across (`in_month`, `year_to_date`; `contract_year`; the Cabinet Office return's months and
    /// `quarter`), and each return's list measures (top solutions, reasons, information sources) as a table of
    /// their own (`<return> lists`: one row per entry, most frequent first).
    ///
    /// Rule: a value that reads as a number is a number, `YYYY-MM-DD` a date, `true`/`false` a boolean, any
    /// other value (`pending`, a month) text.
    public func workbookTables() -> [WorkbookTable] {
        var tables: [WorkbookTable] = []
        var order: [String] = []
        for row in rows where !order.contains(row.returnName) { order.append(row.returnName) }
        let keys = [0, 1, 3, 4].map { Self.columns[$0].workbookColumn }
        for name in order {
            let chosen = rows.filter { $0.returnName == name }
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
                table.rows.append([.text(key[0]), .text(key[1]), .date(year: month.year, month: month.month, day: 1), .text(key[3])]
                    + periods.map { Self.valueCell(values[key]?[$0] ?? "") })
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

    /// A return's value as a typed cell.
    static func valueCell(_ value: String) -> WorkbookCell {
        if value.isEmpty { return .empty }
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
        provider's contract. A workbook has a sheet per return, measures down and periods across.
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns), ("Workbook lists sheets", listColumns)] }
}
