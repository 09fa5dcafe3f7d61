import AccessToWork
import ArgumentParser
import Foundation

/// `kpi calendar`: the bank holidays of a division in a date range.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "List the bank holidays of a division between two dates.",
        discussion: """
            Holidays come from the statutory rules of the division and every one-off change since 1995 \
            (supported dates 1995-01-01 to 2100-12-31). --holidays-json loads GOV.UK's bank-holidays.json: \
            each year it lists for a division replaces that year's computed holidays.
            CSV columns: date,name. JSON: GOV.UK's shape, {"division": ..., "events": [{"title", "date", "notes"}]}.
            """
    )

    @Option(help: "england-and-wales, scotland or northern-ireland.")
    var division: Division = .englandAndWales

    @Option(help: "First date (YYYY-MM-DD).")
    var from: Day

    @Option(help: "Last date (YYYY-MM-DD).")
    var to: Day

    @Option(name: .customLong("holidays-json"), help: "GOV.UK bank-holidays.json to add or override dates.")
    var holidaysJSON: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        let range = WorkingDayCalendar.supportedRange
        for (name, day) in [("--from", from), ("--to", to)] where !range.contains(day) {
            throw ValidationError("\(name) \(day) is outside the supported range \(range.lowerBound)..\(range.upperBound)")
        }
        if to < from { throw ValidationError("--to \(to) is before --from \(from)") }
    }

    func run() throws {
        var overrides: BankHolidayOverrides?
        if let holidaysJSON {
            do { overrides = try BankHolidayOverrides(contentsOf: holidaysJSON) } catch {
                throw DataInputError(description: error.description)
            }
        }
        let calendar = overrides.map { WorkingDayCalendar(division: division, overrides: $0) }
            ?? WorkingDayCalendar.standard(division)
        let holidays = calendar.holidays(from: from, through: to)
        switch output.resolvedFormat {
        case .html: throw OutputOptions.htmlOnlyForReport
        case .csv, .xlsx, .ods:
            var csv = CSVWriter(header: BankHolidayColumns.columns.map(\.name))
            for h in holidays { csv.append([h.date.iso, h.name]) }
            guard output.resolvedFormat.isWorkbook else { return try output.write(csv.text) }
            let context = PublicationContext(command: DataOptions.commandLine,
                                             source: "the \(division.rawValue) calendar", asOf: nil, contracts: [])
            try output.write(BankHolidayColumns.published, context, tables: [
                OutputOptions.table("holidays", "Bank holidays from \(from.iso) to \(to.iso)", BankHolidayColumns.columns, csv: csv.text),
            ])
        case .json:
            let events = holidays.map { h in
                JSONValue.object([("title", .string(h.name)), ("date", .string(h.date.iso)), ("notes", .string(h.notes))])
            }
            try output.write(JSONValue.object([("division", .string(division.rawValue)), ("events", .array(events))]).rendered())
        case .table:
            var table = TextTable(columns: [.init("date"), .init("weekday"), .init("name"), .init("notes")])
            for h in holidays {
                table.append([h.date.iso, "\(h.date.weekday)".capitalized, h.name, h.notes])
            }
            try output.write(table.rendered())
        }
    }
}
