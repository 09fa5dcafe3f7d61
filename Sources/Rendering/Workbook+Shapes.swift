import Forecasting
import KPIEngine
import Returns
import Spreadsheets
import WorkingDays

extension MIReturns {
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
        for name in order {
            let chosen = rows.filter { $0.returnName == name }
            var periods: [String] = []
            for row in chosen where row.list == nil && !periods.contains(row.period) { periods.append(row.period) }
            var keys: [[String]] = []
            var values: [[String]: [String: String]] = [:]
            for row in chosen where row.list == nil {
                let key = [row.providerID, row.contract, row.month.description, row.measure]
                if values[key] == nil { keys.append(key) }
                values[key, default: [:]][row.period] = row.value
            }
            var table = WorkbookTable(name: name, title: "The \(name) return: measures down, periods across", columns: Self.keyColumns + [
                WorkbookColumn("measure", .text, "The measure (the DocC article \"MI returns\" defines each)"),
            ] + periods.map { WorkbookColumn($0, .number, Self.periodNote($0)) })
            for key in keys {
                let month = Month(key[2])!
                table.rows.append([.text(key[0]), .text(key[1]), .date(year: month.year, month: month.month, day: 1), .text(key[3])]
                    + periods.map { Self.valueCell(values[key]?[$0] ?? "") })
            }
            tables.append(table)
            let lists = chosen.filter { $0.list != nil }
            guard !lists.isEmpty else { continue }
            var listTable = WorkbookTable(name: String((name + " lists").prefix(31)), title: "The \(name) return's lists, most frequent first", columns: Self.keyColumns + [
                WorkbookColumn("measure", .text, "The list (top solutions, reasons, information sources)"),
                WorkbookColumn("period", .text, "in_month, year_to_date or contract_year"),
                WorkbookColumn("rank", .integer, "1 for the most frequent"),
                WorkbookColumn("name", .text, "The entry"),
                WorkbookColumn("count", .integer, "How many times"),
            ])
            for row in lists {
                for (rank, entry) in (row.list ?? []).enumerated() {
                    listTable.rows.append([.text(row.providerID), .text(row.contract),
                                           .date(year: row.month.year, month: row.month.month, day: 1), .text(row.measure),
                                           .text(row.period), .number(Double(rank + 1)), .text(entry.name), .number(Double(entry.count))])
                }
            }
            tables.append(listTable)
        }
        return tables
    }

    /// The columns every return's sheet starts with.
    static let keyColumns = [
        WorkbookColumn("provider_id", .text, "The provider's id"),
        WorkbookColumn("contract", .text, "The contract id"),
        WorkbookColumn("month", .month, "The month the return is for"),
    ]

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
}

extension ForecastBacktest {
    /// The backtest as two tables: every forecaster's scores per group, and their calibration deciles; with the
    /// month-in-progress backtest's rows as the group `in_progress_day_D`.
    public func workbookTables(inProgress: InProgressBacktest? = nil) -> [WorkbookTable] {
        var scores = WorkbookTable(name: "scores", title: "Brier score, rate error and bias of every forecaster, overall, per window and per KPI family", columns: [
            WorkbookColumn("group", .text, "all, a window (in_month, rolling_3, rolling_12), a KPI family (contract and KPI), or in_progress_day_D (the month in progress forecast on its day D: the forecast and the so-far forecast)"),
            WorkbookColumn("forecaster", .text, "forecast (each series by its chosen method), a candidate method (model, local-level, damped-trend, long-run, last-month, blend), a baseline at binomial noise (last-month-binomial, long-run-binomial) or the ewma-reference"),
            WorkbookColumn("rows", .integer, "Series x window x origin rows scored"),
            WorkbookColumn("brier", .decimal(6), "Mean squared error of p_below_target against whether the rate fell below target (0 best)"),
            WorkbookColumn("mae_points", .decimal(4), "Mean absolute error of the expected rate, percentage points"),
            WorkbookColumn("bias_points", .decimal(4), "Mean of expected minus actual rate, percentage points"),
        ])
        var calibration = WorkbookTable(name: "calibration", title: "Calibration: per decile of p_below_target, the mean probability and the observed breach frequency", columns: [
            WorkbookColumn("group", .text, "As in scores"),
            WorkbookColumn("forecaster", .text, "As in scores"),
            WorkbookColumn("from", .decimal(1), "The decile's lower bound of p_below_target"),
            WorkbookColumn("to", .decimal(1), "The decile's upper bound"),
            WorkbookColumn("rows", .integer, "Rows whose probability fell in the decile"),
            WorkbookColumn("mean_probability", .decimal(4), "Their mean p_below_target; empty without rows"),
            WorkbookColumn("observed", .decimal(4), "The share of them that fell below target; empty without rows"),
        ])
        var named = groups.enumerated().map { (g, group) in (g == 0 ? "all" : group.name, group.scores) }
        if let inProgress { named.append(("in_progress_day_\(inProgress.day)", inProgress.scores)) }
        for (name, groupScores) in named {
            for s in groupScores {
                scores.rows.append([.text(name), .text(s.name), .number(Double(s.rows)), .number((s.brier * 1e6).rounded() / 1e6),
                                    .number((s.meanAbsoluteError * 1e4).rounded() / 1e4), .number((s.bias * 1e4).rounded() / 1e4)])
                for d in 0..<10 {
                    let c = s.calibration[d]
                    calibration.rows.append([.text(name), .text(s.name), .number(Double(d) / 10), .number(Double(d + 1) / 10),
                                             .number(Double(c.rows)),
                                             c.rows == 0 ? .empty : .number((c.meanProbability * 1e4).rounded() / 1e4),
                                             c.rows == 0 ? .empty : .number((c.observed * 1e4).rounded() / 1e4)])
                }
            }
        }
        return [scores, calibration]
    }
}
