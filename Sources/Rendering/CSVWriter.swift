/// Writes RFC 4180 CSV: comma separated, LF line ends, fields quoted only when they must be.
///
/// Rule: a field containing a comma, a double quote, CR or LF is wrapped in double quotes and its quotes
/// doubled; every other field is written as is. An empty string is an empty field.
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

    /// A field as RFC 4180 requires.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
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
