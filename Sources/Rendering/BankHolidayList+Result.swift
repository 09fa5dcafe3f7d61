import Foundation
import Spreadsheets
import WorkingDays

extension BankHolidayList: TabularResult {
    /// The holiday list's columns (CSV `date,name`; JSON GOV.UK's `title`, `date`, `notes`; the table with the
    /// weekday).
    public static let columns = [
        ResultColumn("date", .date, "The bank holiday (or substitute day)"),
        ResultColumn("weekday", .text, "The day of the week", [.table]),
        ResultColumn("name", .text, "Its name, as GOV.UK gives it", jsonKey: "title"),
        ResultColumn("notes", .text, "GOV.UK's notes: empty, or why the day moved (substitute day)", [.json, .table]),
    ]

    public var tables: [ResultTable] {
        [ResultTable(name: "holidays", title: "Bank holidays from \(from.iso) to \(to.iso)", columns: Self.columns,
                     rows: holidays.map { h in
                         [.date(h.date), .text("\(h.date.weekday)".capitalized), .text(h.name), .text(h.notes)]
                     })]
    }

    /// GOV.UK's shape: `{"division": ..., "events": [{"title", "date", "notes"}]}`.
    public func json() -> JSONValue {
        let table = tables[0]
        return .object([("division", .string(division.rawValue)),
                        ("events", .array(table.rows.map { table.jsonObject($0, names: ["name", "date", "notes"]) }))])
    }

    public static let published = PublishedResult(title: "Bank holidays of a division", rules: [
        ("Calendar", "England and Wales, Scotland or Northern Ireland holidays computed from their rules (Easter, substitute days when a holiday falls at a weekend, one-off holidays), with any overrides given."),
    ])
}

extension BankHolidayList {
    /// The one-line summary of `kpi --help`.
    public static let abstract = "List the bank holidays of a division between two dates."

    /// What `kpi --help` says of the result before its columns.
    public static let about = """
        Holidays come from the statutory rules of the division and every one-off change since 1995 (supported dates \
        1995-01-01 to 2100-12-31). --holidays-json loads GOV.UK's bank-holidays.json: each year it lists for a division \
        replaces that year's computed holidays. JSON: GOV.UK's shape, {"division": ..., "events": [{"title", "date", "notes"}]}.
        """

    public static var declaredColumns: [(table: String, columns: [ResultColumn])] { [("", columns)] }
}
