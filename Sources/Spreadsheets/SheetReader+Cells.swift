import Foundation

/// A worksheet part parsed as it streams in: chunks in, complete rows out.
///
/// Rule: only `<sheetData>`'s `<row>`s and their `<c>`ells count; a cell's column is its reference's letters
/// (`r="D17"`), else one after the previous cell's; its value is `<v>`'s text (a formula's cached result;
/// `<f>` is ignored) or an inline string's `<is>` text, typed by `t` (absent or `n` number, `s` shared
/// string index, `inlineStr`, `str`, `b`, `e`, `d` ISO 8601 date) and, for numbers, by whether style `s`
/// shows a date. A cell without a value yields nothing. Rows are 1 to 1,048,576, columns A to XFD.
///
/// ```swift
/// var parser = _SheetParser(part: "xl/worksheets/sheet1.xml", sharedStrings: ["a"], dateStyles: [false], dateOffset: 0)
/// try parser.feed(Data(#"<worksheet><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c>"#.utf8)) { row, cells in }
/// try parser.feed(Data("</row></sheetData></worksheet>".utf8)) { row, cells in }   // row 2: [(1, .text("a"))]
/// try parser.finish()
/// ```
struct _SheetParser {
    let part: String
    let sharedStrings: [String]
    let dateStyles: [Bool]
    /// Days added to a serial read: 1,462 in a 1904 workbook, else 0.
    let dateOffset: Double

    private var scanner = _XMLScanner()
    private var inSheetData = false
    private var row = 0
    private var inRow = false
    private var rowNumbered = false
    private var cells: [(column: Int, value: SheetCell)] = []
    private var lastColumn = -1
    private var ordered = true

    // The open cell.
    private var inCell = false
    private var column = 0
    private var style = 0
    private var type = CellType.number
    private var hasValue = false
    private var capturing = false
    private var inInline = false
    private var inPhonetic = false
    private var value: [UInt8] = []

    private enum CellType { case number, shared, inline, formulaString, bool, error, isoDate }
    private enum Name { case cell, value, text, inline, row, phonetic, sheetData, other }

    init(part: String, sharedStrings: [String], dateStyles: [Bool], dateOffset: Double) {
        self.part = part
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.dateOffset = dateOffset
        cells.reserveCapacity(64)
        value.reserveCapacity(256)
    }

    /// Tokenizes the next chunk, giving `emit` each row completed in it.
    mutating func feed(_ data: Data, _ emit: (_ row: Int, _ cells: [(column: Int, value: SheetCell)]) throws -> Void) throws {
        scanner.append(data)
        while true {
            let token: _XMLScanner.Token?
            do { token = try scanner.next() } catch { throw located(error) }
            guard let token else { return }
            if try handle(token) {
                try emit(row, cells)
                cells.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Checks that the part ended where it should (every element closed).
    func finish() throws(SpreadsheetReadError) {
        do { try scanner.finish() } catch { throw located(error) }
    }

    private func located(_ error: SpreadsheetReadError) -> SpreadsheetReadError {
        SpreadsheetReadError("\(part): \(error.reason) \(row == 0 ? "before the first row" : "near row \(row)")")
    }

    private func cellError(_ reason: String) -> SpreadsheetReadError {
        SpreadsheetReadError("\(part): cell \(XLSXWorkbookReader.columnLetters(column))\(row): \(reason)")
    }

    private func name(_ range: Range<Int>) -> Name {
        let b = scanner.bytes
        switch range.count {
        case 1:
            switch b[range.lowerBound] {
            case UInt8(ascii: "c"): return .cell
            case UInt8(ascii: "v"): return .value
            case UInt8(ascii: "t"): return .text
            default: return .other
            }
        case 2:
            return b[range.lowerBound] == UInt8(ascii: "i") && b[range.lowerBound + 1] == UInt8(ascii: "s") ? .inline : .other
        case 3:
            if scanner.equals(range, "row") { return .row }
            return scanner.equals(range, "rPh") ? .phonetic : .other
        case 9:
            return scanner.equals(range, "sheetData") ? .sheetData : .other
        default:
            return .other
        }
    }

    /// Takes one token; true when it completed a row with cells.
    private mutating func handle(_ token: _XMLScanner.Token) throws(SpreadsheetReadError) -> Bool {
        switch token {
        case .text(let range):
            if capturing {
                do { try scanner.appendDecoded(range, to: &value) } catch { throw cellError(error.reason) }
            }
        case .cdata(let range):
            if capturing { value.append(contentsOf: scanner.bytes[range]) }
        case .start(let nameRange, let attributes, let selfClosing):
            switch name(nameRange) {
            case .cell where inRow:
                try startCell(attributes)
                if !selfClosing {
                    inCell = true
                    hasValue = false
                    value.removeAll(keepingCapacity: true)
                }
            case .value where inCell:
                if !selfClosing {
                    capturing = true
                    hasValue = true
                }
            case .inline where inCell:
                inInline = !selfClosing
                hasValue = true
            case .text where inInline && !inPhonetic:
                capturing = !selfClosing
            case .phonetic where inInline:
                inPhonetic = !selfClosing
            case .row where inSheetData:
                try startRow(attributes)
                inRow = !selfClosing
            case .sheetData:
                inSheetData = !selfClosing
            default:
                break
            }
        case .end(let nameRange):
            switch name(nameRange) {
            case .value, .text:
                capturing = false
            case .phonetic:
                inPhonetic = false
            case .inline:
                inInline = false
            case .cell where inCell:
                inCell = false
                capturing = false
                if hasValue, let cell = try cellValue() { cells.append((column, cell)) }
            case .row where inRow:
                inRow = false
                guard !cells.isEmpty else { return false }
                if !ordered { cells.sort { $0.column < $1.column } }
                return true
            case .sheetData:
                inSheetData = false
            default:
                break
            }
        }
        return false
    }

    private mutating func startRow(_ attributes: Range<Int>) throws(SpreadsheetReadError) {
        var i = attributes.lowerBound
        var number: Int?
        do throws(SpreadsheetReadError) {
            while let (n, v) = try scanner.attribute(in: attributes, from: &i) {
                if n.count == 1, scanner.bytes[n.lowerBound] == UInt8(ascii: "r") {
                    guard let r = Self.integer(scanner.bytes, v), r >= 1, r <= XLSXWorkbookReader.maximumRows else {
                        throw SpreadsheetReadError("row number \"\(String(decoding: scanner.bytes[v], as: UTF8.self))\" is not 1 to \(XLSXWorkbookReader.maximumRows)")
                    }
                    number = r
                }
            }
        } catch { throw located(error) }
        rowNumbered = number != nil
        row = number ?? row + 1
        guard row <= XLSXWorkbookReader.maximumRows else {
            throw located(SpreadsheetReadError("more than \(XLSXWorkbookReader.maximumRows) rows"))
        }
        lastColumn = -1
        ordered = true
        cells.removeAll(keepingCapacity: true)
    }

    private mutating func startCell(_ attributes: Range<Int>) throws(SpreadsheetReadError) {
        var i = attributes.lowerBound
        var reference: Range<Int>?, typeName: Range<Int>?
        style = 0
        let b = scanner.bytes
        do {
            while let (n, v) = try scanner.attribute(in: attributes, from: &i) {
                guard n.count == 1 else { continue }
                switch b[n.lowerBound] {
                case UInt8(ascii: "r"): reference = v
                case UInt8(ascii: "s"): style = Self.integer(b, v) ?? -1
                case UInt8(ascii: "t"): typeName = v
                default: break
                }
            }
        } catch { throw located(error) }
        if let reference {
            guard let (c, r) = Self.cellReference(b, reference) else {
                throw located(SpreadsheetReadError("cell reference \"\(String(decoding: b[reference], as: UTF8.self))\" is not A1 to XFD1048576"))
            }
            column = c
            if !rowNumbered {
                row = r
                rowNumbered = true
            }
        } else {
            column = lastColumn + 1
            guard column < XLSXWorkbookReader.maximumColumns else {
                throw located(SpreadsheetReadError("more than \(XLSXWorkbookReader.maximumColumns) columns"))
            }
        }
        if column <= lastColumn { ordered = false }
        lastColumn = column
        type = .number
        if let t = typeName {
            switch t.count {
            case 0: type = .number
            case 1:
                switch b[t.lowerBound] {
                case UInt8(ascii: "n"): type = .number
                case UInt8(ascii: "s"): type = .shared
                case UInt8(ascii: "b"): type = .bool
                case UInt8(ascii: "e"): type = .error
                case UInt8(ascii: "d"): type = .isoDate
                default: throw cellError("unknown cell type \"\(String(decoding: b[t], as: UTF8.self))\"")
                }
            default:
                if scanner.equals(t, "str") { type = .formulaString }
                else if scanner.equals(t, "inlineStr") { type = .inline }
                else { throw cellError("unknown cell type \"\(String(decoding: b[t], as: UTF8.self))\"") }
            }
        }
    }

    /// The open cell's value from the text gathered, or nil for an empty number.
    private func cellValue() throws(SpreadsheetReadError) -> SheetCell? {
        switch type {
        case .number:
            guard let first = value.firstIndex(where: { !_XMLScanner.isSpace($0) }) else { return nil }
            let last = value.lastIndex(where: { !_XMLScanner.isSpace($0) })!
            guard let number = Self.number(value, first..<last + 1) else {
                throw cellError("\"\(Self.excerpt(value))\" is not a number")
            }
            if style >= 0, style < dateStyles.count, dateStyles[style] { return .date(number + dateOffset) }
            return .number(number)
        case .shared:
            guard let first = value.firstIndex(where: { !_XMLScanner.isSpace($0) }) else { return nil }
            let last = value.lastIndex(where: { !_XMLScanner.isSpace($0) })!
            guard let index = Self.integer(value, first..<last + 1) else {
                throw cellError("shared string index \"\(Self.excerpt(value))\" is not a whole number")
            }
            guard index < sharedStrings.count else {
                throw cellError("shared string index \(index) is out of range (the workbook has \(sharedStrings.count))")
            }
            return .text(sharedStrings[index])
        case .inline, .formulaString:
            return .text(String(decoding: value, as: UTF8.self))
        case .bool:
            switch String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces) {
            case "1", "true", "TRUE": return .bool(true)
            case "0", "false", "FALSE": return .bool(false)
            case "": return nil
            default: throw cellError("\"\(Self.excerpt(value))\" is not a boolean")
            }
        case .error:
            return .error(String(decoding: value, as: UTF8.self))
        case .isoDate:
            let text = String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard let serial = XLSXWorkbookReader.serial(iso8601: text) else {
                throw cellError("\"\(Self.excerpt(value))\" is not an ISO 8601 date from 1900 to 9999")
            }
            return .date(serial)
        }
    }

    // MARK: Numbers

    /// At most 60 bytes of a value, for an error message.
    private static func excerpt(_ bytes: [UInt8]) -> String {
        bytes.count <= 60 ? String(decoding: bytes, as: UTF8.self) : String(decoding: bytes.prefix(60), as: UTF8.self) + "…"
    }

    /// A non-negative decimal integer of at most 9 digits, else nil.
    static func integer(_ b: [UInt8], _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 9 else { return nil }
        var n = 0
        for i in range {
            let d = b[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            n = n * 10 + Int(d)
        }
        return n
    }

    /// A cell reference's 0-based column and 1-based row (`B7` → (1, 7)), nil outside A1…XFD1048576.
    static func cellReference(_ b: [UInt8], _ range: Range<Int>) -> (column: Int, row: Int)? {
        var i = range.lowerBound, column = 0, row = 0
        while i < range.upperBound, case let letter = b[i] | 0x20, letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z") {
            column = column * 26 + Int(letter - UInt8(ascii: "a") + 1)
            guard column <= XLSXWorkbookReader.maximumColumns else { return nil }
            i += 1
        }
        guard column > 0, i < range.upperBound else { return nil }
        while i < range.upperBound {
            let d = b[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            row = row * 10 + Int(d)
            guard row <= XLSXWorkbookReader.maximumRows else { return nil }
            i += 1
        }
        guard row >= 1 else { return nil }
        return (column - 1, row)
    }

    private static let powersOfTen: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { r, _ in r * 10 } }

    /// A finite decimal number (`-12.5`, `1E-007`), else nil.
    ///
    /// Rule: up to 15 significant digits with no exponent is exact arithmetic (an integer below 2^53 divided
    /// by a power of ten up to 10^22 rounds once, correctly); anything else goes to the standard library.
    static func number(_ b: [UInt8], _ range: Range<Int>) -> Double? {
        guard !range.isEmpty, range.count <= 400 else { return nil }
        var i = range.lowerBound
        let negative = b[i] == UInt8(ascii: "-")
        if negative || b[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0, digits = 0, fraction = 0, seenPoint = false
        while i < range.upperBound {
            let d = b[i] &- UInt8(ascii: "0")
            if d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                if seenPoint { fraction += 1 }
            } else if b[i] == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        if i == range.upperBound, digits > 0, digits <= 15, fraction <= 22 {
            let magnitude = Double(mantissa) / powersOfTen[fraction]
            return negative ? -magnitude : magnitude
        }
        for j in range {
            switch b[j] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"),
                 UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return nil
            }
        }
        guard let value = Double(String(decoding: b[range], as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
