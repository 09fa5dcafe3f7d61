import CaseData
import _ATWUtilities
/// Writes RFC 4180 CSV: comma separated, LF line ends, fields quoted only when they must be, and safe to open
/// in a spreadsheet.
///
/// Rule: a field containing a comma, a double quote, CR or LF is wrapped in double quotes and its quotes
/// doubled; every other field is written as is. An empty string is an empty field. **Formula guard**: a
/// field that begins with `=`, `+`, `-`, `@`, a tab or CR and is not a number (`-3` and `+1.5` are numbers)
/// gets a leading apostrophe, so a provider name or a comment such as `=HYPERLINK(…)` is shown as text and
/// never run. The guard is on every result the commands write as CSV (and the rejects file); the dataset
/// files `kpi generate` and `kpi sample --out` write are data for `kpi` to read back and are written as they
/// are. A workbook made from a result drops the apostrophe again: its cells are typed strings.
///
/// ```swift
/// var csv = CSVWriter(header: ["date", "name"])
/// csv.append(["2026-12-25", "Christmas Day"])
/// csv.append(["2026-01-01", "say \"hi\", then"])
/// csv.text   // "date,name\n2026-12-25,Christmas Day\n2026-01-01,\"say \"\"hi\"\", then\"\n"
/// ```
public struct CSVWriter: Sendable {
    /// The CSV written so far.
    public private(set) var text: String = ""
    /// Number of columns every row must have.
    public let columnCount: Int

    /// A writer that starts with the header row.
    public init(header: [String]) {
        columnCount = header.count
        append(header)
    }

    /// Appends one row; it must have as many fields as the header.
    public mutating func append(_ fields: [String]) {
        precondition(fields.count == columnCount, "row has \(fields.count) fields, header has \(columnCount)")
        for (i, field) in fields.enumerated() {
            if i > 0 { text += "," }
            text += CSVWriter.escape(field)
        }
        text += "\n"
    }

    /// A field as RFC 4180 requires, with the formula guard.
    public static func escape(_ field: String) -> String {
        let field = guarded(field)
        let needsQuotes = field.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }

    /// The formula guard: `'` before a field a spreadsheet would read as a formula.
    ///
    /// Example: `guarded("=1+1")` is `"'=1+1"`, `guarded("-3")` is `"-3"`, `guarded("@SUM(A1)")` is `"'@SUM(A1)"`.
    public static func guarded(_ field: String) -> String {
        guard let first = field.utf8.first, isTrigger(first) else { return field }
        if (first == 45 || first == 43), Double(field) != nil { return field }
        return "'" + field
    }

    /// The field as it was before ``guarded(_:)``.
    public static func unguarded(_ field: String) -> String {
        let bytes = field.utf8
        guard bytes.count >= 2, bytes.first == 39, isTrigger(bytes[bytes.index(after: bytes.startIndex)]) else { return field }
        return String(field.dropFirst())
    }

    /// `=`, `+`, `-`, `@`, tab, CR.
    static func isTrigger(_ byte: UInt8) -> Bool { byte == 61 || byte == 43 || byte == 45 || byte == 64 || byte == 9 || byte == 13 }

    /// The fields of each record of CSV text as this writer writes it (quoted fields may hold commas, quotes
    /// and line breaks), header first.
    public static func records(_ text: String) -> [[String]] { _csvRecords(Array(text.utf8)).map(\.fields) }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
