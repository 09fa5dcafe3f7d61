/// A plain-text table for the terminal: a header, a rule, and columns padded to their widest cell.
///
/// Rule: numeric-looking columns are right-aligned when declared `.right`; widths count characters, not
/// bytes, so names like "New Year’s Day" line up.
///
/// ```swift
/// var table = TextTable(columns: [.init("date"), .init("name")])
/// table.append(["2026-12-25", "Christmas Day"])
/// table.rendered()
/// // date        name
/// // ----------  -------------
/// // 2026-12-25  Christmas Day
/// ```
public struct TextTable: Sendable {
    /// A column: its header and alignment.
    public struct Column: Sendable {
        public enum Alignment: Sendable { case left, right }
        public var header: String
        public var alignment: Alignment
        public init(_ header: String, alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    public let columns: [Column]
    public private(set) var rows: [[String]] = []

    public init(columns: [Column]) { self.columns = columns }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ cells: [String]) {
        precondition(cells.count == columns.count, "row has \(cells.count) cells, table has \(columns.count) columns")
        rows.append(cells)
    }

    /// The table as text, one line per row, ending in a newline; trailing spaces are trimmed.
    public func rendered() -> String {
        var widths = columns.map { $0.header.count }
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[i] - cell.count)
                parts.append(columns[i].alignment == .right ? padding + cell : cell + padding)
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        var out = line(columns.map(\.header))
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in rows { out += line(row) }
        return out
    }
}
