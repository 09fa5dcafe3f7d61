import KPIEngine
import Spreadsheets
import WorkingDays

extension KPIReport {
    /// The sheets with a column per KPI: one per monthly window (in month, rolling 3, rolling 12, cumulative),
    /// providers and pools down, KPIs across, each cell the rate as a percentage on its rating's fill.
    ///
    /// Rule (the DocC article "Spreadsheets"): a row per provider, NATIONAL and REGION of each contract, in the
    /// report's order; with more than one month, a `Month` column leads and the months run in order, each with
    /// every provider. Columns after the keys are the KPIs of each contract in definition order; a quarterly
    /// KPI (HA-6) is on the in-month sheet, headed `HA-6 (quarter)`, filled in the quarter's last month. A KPI
    /// of another contract, or with nothing measured, is an empty cell. The keys stay in view (frozen).
    ///
    /// Example: `kpi report --month 2026-09` on the sample gives `In month` with 14 rows (per contract 3
    /// providers, NATIONAL and 3 regions) and 20 KPI columns; P001's HA-2 cell (65 of 67 met) holds 0.970149…
    /// shown `97.0%` on green (tier 4).
    func windowTables(_ rows: [KPIReportRow]) -> [WorkbookTable] {
        let months = Array(Set(rows.map(\.month))).sorted()
        var keys: [[String]] = []
        var keyIndex: [[String]: Int] = [:]
        var contracts: [String] = []
        for row in rows {
            let key = [row.providerID, row.contract]
            if keyIndex[key] == nil { keyIndex[key] = keys.count; keys.append(key) }
            if !contracts.contains(row.contract) { contracts.append(row.contract) }
        }
        let present = Set(rows.map { $0.contract + " " + $0.kpi })
        let kpis = contracts.flatMap { contract in
            (evaluation.catalog.definition(for: contract)?.kpis ?? []).filter { present.contains(contract + " " + $0.id) }
        }
        let byMonth = months.count > 1
        let keyColumns = (byMonth ? [ResultColumn("month", .month, "The month the window ends in")] : [])
            + [_seriesColumns[0], _seriesColumns[1]]
        // Each window's sheet is named by its words, capitalised (`Rolling 3 months`).
        let described: [(window: ReportWindow, words: String)] = [
            (.inMonth, "in the month (a quarterly KPI: the quarter ending in it)"),
            (.rolling3, "over the month and the 2 before"),
            (.rolling12, "over the month and the 11 before"),
            (.cumulative, "from the service start to the month"),
        ]
        let sheets = described.map { (window: $0.window, name: $0.window.words.prefix(1).uppercased() + $0.window.words.dropFirst(), words: $0.words) }
        var tables: [WorkbookTable] = []
        for sheet in sheets {
            let windows: Set<ReportWindow> = sheet.window == .inMonth ? [.inMonth, .quarter] : [sheet.window]
            let chosen = rows.filter { windows.contains($0.window) }
            guard !chosen.isEmpty else { continue }
            let columnKPIs = kpis.filter { kpi in kpi.isQuarterly ? sheet.window == .inMonth : true }
            var columnOf: [String: Int] = [:]
            var columns = keyColumns.map(\.workbookColumn)
            for kpi in columnKPIs {
                columnOf[kpi.id] = columns.count
                columns.append(WorkbookColumn(kpi.isQuarterly ? kpi.id + " (quarter)" : kpi.id, .percent(1),
                                              "\(kpi.title); target \(kpi.target)%"))
            }
            var cells: [[WorkbookCell]] = []
            var rowOf: [Int: Int] = [:]
            let monthIndex = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0) })
            // Rows: each month in order, then each key in report order.
            let slots = chosen.map { monthIndex[$0.month]! * keys.count + keyIndex[[$0.providerID, $0.contract]]! }
            for slot in Set(slots).sorted() {
                rowOf[slot] = cells.count
                let month = months[slot / keys.count], key = keys[slot % keys.count]
                var row = [WorkbookCell](repeating: .empty, count: columns.count)
                if byMonth { row[0] = .date(year: month.year, month: month.month, day: 1) }
                row[byMonth ? 1 : 0] = .text(key[0])
                row[byMonth ? 2 : 1] = .text(key[1])
                cells.append(row)
            }
            for (row, slot) in zip(chosen, slots) {
                guard let c = columnOf[row.kpi], let text = row.rateText,
                      let fraction = WorkbookTable.fraction(points: text) else { continue }
                cells[rowOf[slot]!][c] = .filled(.number(fraction), row.rating?.fill)
            }
            tables.append(WorkbookTable(name: sheet.name, title: "Each KPI's rate \(sheet.words): providers down, KPIs across, each on its rating's fill",
                                        columns: columns, rows: cells, frozenColumns: keyColumns.count))
        }
        return tables
    }
}
