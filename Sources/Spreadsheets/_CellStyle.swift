/// A cell's look as both writers declare it: its number format, its fill, bold, wrapped.
struct _CellStyle: Hashable {
    /// How a value is shown.
    enum Format: Hashable {
        /// Text (`@` in xlsx).
        case text
        /// Numbers as they are; booleans; empty cells.
        case general
        /// `0`.
        case integer
        /// `0.0000` for 4.
        case decimal(Int)
        /// `0.0%` for 1: the value is a fraction.
        case percent(Int)
        /// `yyyy-mm-dd`.
        case date
        /// `yyyy-mm`.
        case month
        /// `TRUE` / `FALSE` (LibreOffice otherwise shows an xlsx boolean as 1 or 0 in some rows).
        case boolean

        /// The number format's code in SpreadsheetML.
        var code: String {
            switch self {
            case .text: "@"
            case .general: "General"
            case .integer: "0"
            case .decimal(let p): p == 0 ? "0" : "0." + String(repeating: "0", count: p)
            case .percent(let p): (p == 0 ? "0" : "0." + String(repeating: "0", count: p)) + "%"
            case .date: #"yyyy\-mm\-dd"#
            case .month: #"yyyy\-mm"#
            case .boolean: #""TRUE";"TRUE";"FALSE""#
            }
        }
    }

    var format: Format
    var fill: WorkbookFill? = nil
    var bold = false
    var wrapped = false

    /// Plain text and plain numbers: no style of their own in OpenDocument.
    var isPlain: Bool { (format == .text || format == .general || format == .boolean) && fill == nil && !bold && !wrapped }

    /// Every text cell's style (style 0 of an xlsx).
    static let text = _CellStyle(format: .text)
    /// A header cell's: bold, wrapped (style 1 of an xlsx).
    static let header = _CellStyle(format: .text, bold: true, wrapped: true)
}

/// The styles a workbook uses, numbered in the order of first use after ``_CellStyle/text`` (0) and
/// ``_CellStyle/header`` (1), so the same workbook numbers them the same way.
struct _StyleRegistry {
    private(set) var styles: [_CellStyle] = [.text, .header]
    private var numbers: [_CellStyle: Int] = [.text: 0, .header: 1]

    /// The number of `style`, registering it when new.
    mutating func id(_ style: _CellStyle) -> Int {
        if let n = numbers[style] { return n }
        numbers[style] = styles.count
        styles.append(style)
        return styles.count - 1
    }
}

extension _Sheet {
    /// A data cell's value (its ``WorkbookCell/styled(_:_:)`` wrappers removed) and its style: the number format
    /// from the value and its kind (the cell's own or its column's), the fill, and wrapping for text in a
    /// wrapped column.
    ///
    /// Rule: text is text; a number in an integer, decimal or percent column (or cell) takes that format, else
    /// General; a date is `yyyy-mm-dd`, or `yyyy-mm` in a month column; a boolean `TRUE`/`FALSE`; an empty
    /// cell General.
    func resolve(_ cell: WorkbookCell, column c: Int) -> (value: WorkbookCell, style: _CellStyle) {
        var value = cell, kind: WorkbookColumnKind?, fill: WorkbookFill?
        while case .styled(let inner, let style) = value {
            kind = kind ?? style.kind
            fill = fill ?? style.fill
            value = inner
        }
        let shown = kind ?? columns[c].kind
        let format: _CellStyle.Format
        switch value {
        case .text: format = .text
        case .number:
            switch shown {
            case .integer: format = .integer
            case .decimal(let p): format = .decimal(p)
            case .percent(let p): format = .percent(p)
            default: format = .general
            }
        case .date: format = shown == .month ? .month : .date
        case .boolean: format = .boolean
        case .empty, .styled: format = .general
        }
        var wraps = false
        if case .text = value { wraps = wrapped[c] }
        return (value, _CellStyle(format: format, fill: fill, wrapped: wraps))
    }
}

