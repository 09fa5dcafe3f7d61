import Foundation

/// Bank holidays loaded from GOV.UK's `bank-holidays.json`, replacing the computed ones year by year.
///
/// Rule: the file has GOV.UK's shape, `{"england-and-wales": {"division": …, "events": [{"title", "date",
/// "notes", "bunting"}, …]}, "scotland": …, "northern-ireland": …}`. For every division and calendar year
/// that the file lists at least one event for, the file's events **replace** that year's computed holidays
/// (so a date moved by a later proclamation is moved, not doubled); other years keep the statutory rules.
/// Divisions may be omitted; `notes` and `bunting` are optional. Dates must lie in 1995-2102.
///
/// ```swift
/// let overrides = try BankHolidayOverrides(govUKJSON: data, file: "bank-holidays.json")
/// let calendar = WorkingDayCalendar(division: .scotland, overrides: overrides)
/// ```
public struct BankHolidayOverrides: Sendable, Equatable {
    /// Events per division and year.
    public var events: [Division: [Int: [BankHoliday]]]

    public init(events: [Division: [Int: [BankHoliday]]] = [:]) { self.events = events }

    /// Parses GOV.UK's JSON; `file` names the source in error messages.
    public init(govUKJSON data: Data, file: String) throws(HolidayFileError) {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw HolidayFileError(file: file, reason: "not valid JSON (\(error.localizedDescription))")
        }
        guard let divisions = root as? [String: Any] else {
            throw HolidayFileError(file: file, reason: "expected a JSON object keyed by division at the top level")
        }
        var events: [Division: [Int: [BankHoliday]]] = [:]
        for key in divisions.keys.sorted() {
            guard let division = Division(rawValue: key) else {
                throw HolidayFileError(file: file, reason: "unknown division \"\(key)\" (expected england-and-wales, scotland or northern-ireland)")
            }
            guard let body = divisions[key] as? [String: Any], let list = body["events"] as? [Any] else {
                throw HolidayFileError(file: file, reason: "\(key): expected an object with an \"events\" array")
            }
            var byYear: [Int: [BankHoliday]] = [:]
            for (position, item) in list.enumerated() {
                let at = "\(key).events[\(position)]"
                guard let event = item as? [String: Any] else {
                    throw HolidayFileError(file: file, reason: "\(at): expected an object")
                }
                guard let dateText = event["date"] as? String else {
                    throw HolidayFileError(file: file, reason: "\(at): missing \"date\" string")
                }
                guard let date = Day(dateText), date.rawValue >= WorkingDayCalendar.tableFirst,
                      date.rawValue <= WorkingDayCalendar.tableLast else {
                    throw HolidayFileError(file: file, reason: "\(at).date: \"\(dateText)\" is not a date YYYY-MM-DD between 1995-01-01 and 2102-12-31")
                }
                guard let title = event["title"] as? String, !title.isEmpty else {
                    throw HolidayFileError(file: file, reason: "\(at): missing \"title\" string")
                }
                let notes = (event["notes"] as? String) ?? ""
                let kind: BankHoliday.Kind = notes.localizedCaseInsensitiveContains("substitute") ? .substitute
                    : notes.localizedCaseInsensitiveContains("extra") ? .extra : .regular
                byYear[date.year, default: []].append(BankHoliday(date: date, name: title, kind: kind))
            }
            for year in byYear.keys { byYear[year]!.sort { $0.date < $1.date } }
            events[division] = byYear
        }
        self.events = events
    }

    /// Reads and parses a GOV.UK `bank-holidays.json` file.
    public init(contentsOf path: String) throws(HolidayFileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HolidayFileError(file: path, reason: "cannot read the file (missing or not readable)")
        }
        try self.init(govUKJSON: data, file: path)
    }
}

/// A holidays file that cannot be used, with the file and the reason.
public struct HolidayFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}
