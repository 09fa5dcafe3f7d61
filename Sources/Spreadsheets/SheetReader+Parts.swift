import Foundation
import ZIPFoundation

/// The parts of a workbook read whole when it is opened: the sheet list and date system (the workbook part),
/// where each sheet lives (its relationships), which cell styles show dates (styles) and the shared strings.
///
/// Rule: the workbook part is the package's `officeDocument` relationship (else `xl/workbook.xml`); sheet,
/// styles and shared-string parts are found through the workbook's relationships, a target being relative
/// to the workbook's folder or, starting with `/`, to the package root. Styles and shared strings may be
/// absent (no dates, no strings); the workbook and its relationships may not.
struct _WorkbookParts {
    var sheets: [(name: String, part: String)] = []
    var uses1904DateSystem = false
    var sharedStrings: [String] = []
    var dateStyles: [Bool] = []

    init(archive: Archive) throws(SpreadsheetReadError) {
        var workbookPart = "xl/workbook.xml"
        if let rels = try Self.read("_rels/.rels", in: archive, required: false) {
            let found = try Self.relationships(rels, part: "_rels/.rels")
            if let office = found.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                workbookPart = Self.resolve(office.target, folder: "")
            }
        }
        let book = try Self.read(workbookPart, in: archive, required: true)!
        var listed: [(name: String, id: String)] = []
        try Self.scan(book, part: workbookPart) { (token, scanner) throws(SpreadsheetReadError) in
            guard case .start(let name, let attributes, _) = token else { return }
            if scanner.equals(name, "sheet") {
                guard let sheetName = try scanner.attribute("name", in: attributes), let id = try scanner.attribute("id", in: attributes) else {
                    throw SpreadsheetReadError("\(workbookPart): a sheet without a name or relationship id")
                }
                listed.append((sheetName, id))
            } else if scanner.equals(name, "workbookPr") {
                let flag = try scanner.attribute("date1904", in: attributes)
                uses1904DateSystem = flag == "1" || flag == "true"
            }
        }

        let slash = workbookPart.lastIndex(of: "/").map { workbookPart.index(after: $0) } ?? workbookPart.startIndex
        let folder = String(workbookPart[..<slash])
        let relsPart = folder + "_rels/" + workbookPart[slash...] + ".rels"
        let relationships = try Self.relationships(Self.read(relsPart, in: archive, required: true)!, part: relsPart)
        for (name, id) in listed {
            guard let relationship = relationships.first(where: { $0.id == id }) else {
                throw SpreadsheetReadError("\(relsPart): no relationship \(id) for sheet \"\(name)\"")
            }
            sheets.append((name, Self.resolve(relationship.target, folder: folder)))
        }
        if let styles = relationships.first(where: { $0.type.hasSuffix("/styles") }) {
            let part = Self.resolve(styles.target, folder: folder)
            if let bytes = try Self.read(part, in: archive, required: false) {
                dateStyles = try Self.dateStyles(bytes, part: part)
            }
        }
        if let strings = relationships.first(where: { $0.type.hasSuffix("/sharedStrings") }) {
            let part = Self.resolve(strings.target, folder: folder)
            if let bytes = try Self.read(part, in: archive, required: false) {
                sharedStrings = try Self.sharedStrings(bytes, part: part)
            }
        }
    }

    /// The shared string table: each `<si>`'s text, rich-text runs (`<r><t>`) joined, phonetic runs (`<rPh>`) left out.
    static func sharedStrings(_ bytes: [UInt8], part: String) throws(SpreadsheetReadError) -> [String] {
        var strings: [String] = [], current: [UInt8] = []
        var inItem = false, inPhonetic = false, capturing = false
        try scan(bytes, part: part) { (token, scanner) throws(SpreadsheetReadError) in
            switch token {
            case .start(let name, _, let selfClosing):
                if scanner.equals(name, "si") {
                    current.removeAll(keepingCapacity: true)
                    inItem = true
                    if selfClosing { strings.append(""); inItem = false }
                } else if scanner.equals(name, "rPh") {
                    inPhonetic = !selfClosing
                } else if scanner.equals(name, "t") {
                    capturing = inItem && !inPhonetic && !selfClosing
                }
            case .end(let name):
                if scanner.equals(name, "si") {
                    strings.append(String(decoding: current, as: UTF8.self))
                    inItem = false
                } else if scanner.equals(name, "rPh") {
                    inPhonetic = false
                } else if scanner.equals(name, "t") {
                    capturing = false
                }
            case .text(let range):
                if capturing { try scanner.appendDecoded(range, to: &current) }
            case .cdata(let range):
                if capturing { current.append(contentsOf: scanner.bytes[range]) }
            }
        }
        return strings
    }

    /// For each cell format of `<cellXfs>`, in order, whether its number format shows a date or time.
    static func dateStyles(_ bytes: [UInt8], part: String) throws(SpreadsheetReadError) -> [Bool] {
        var custom: [Int: String] = [:], formats: [Int] = []
        var inCellFormats = false
        try scan(bytes, part: part) { (token, scanner) throws(SpreadsheetReadError) in
            switch token {
            case .start(let name, let attributes, let selfClosing):
                if scanner.equals(name, "numFmt") {
                    if let id = try scanner.attribute("numFmtId", in: attributes).flatMap({ Int($0) }),
                       let code = try scanner.attribute("formatCode", in: attributes) {
                        custom[id] = code
                    }
                } else if scanner.equals(name, "cellXfs") {
                    inCellFormats = !selfClosing
                } else if inCellFormats, scanner.equals(name, "xf") {
                    formats.append(try scanner.attribute("numFmtId", in: attributes).flatMap { Int($0) } ?? 0)
                }
            case .end(let name):
                if scanner.equals(name, "cellXfs") { inCellFormats = false }
            case .text, .cdata:
                break
            }
        }
        return formats.map { id in custom[id].map(isDateFormat) ?? (14...22 ~= id || 45...47 ~= id) }
    }

    /// Whether a number format code shows a date or time.
    ///
    /// Rule: it holds `d`, `m`, `y`, `h` or `s` (either case) outside quoted text, brackets (colours,
    /// locales, conditions, elapsed-time `[h]` aside), and characters escaped by `\`, `_` or `*`; the word
    /// `General` does not count. `yyyy\-mm\-dd` and `h:mm` are dates; `0.00`, `"days" 0` and `[Red]#,##0` are not.
    static func isDateFormat(_ code: String) -> Bool {
        var scalars = Array(code.lowercased().unicodeScalars)
        // Drop "general" wherever it stands (it is a keyword, not letters of a date).
        let general = Array("general".unicodeScalars)
        var i = 0
        while i + general.count <= scalars.count {
            if Array(scalars[i..<i + general.count]) == general { scalars.removeSubrange(i..<i + general.count) } else { i += 1 }
        }
        i = 0
        while i < scalars.count {
            switch scalars[i] {
            case "\"":
                i += 1
                while i < scalars.count, scalars[i] != "\"" { i += 1 }
            case "[":
                while i < scalars.count, scalars[i] != "]" { i += 1 }
            case "\\", "_", "*":
                i += 1
            case "d", "m", "y", "h", "s":
                return true
            default:
                break
            }
            i += 1
        }
        return false
    }

    struct Relationship { var id: String, type: String, target: String }

    /// A relationships part's internal relationships.
    static func relationships(_ bytes: [UInt8], part: String) throws(SpreadsheetReadError) -> [Relationship] {
        var found: [Relationship] = []
        try scan(bytes, part: part) { (token, scanner) throws(SpreadsheetReadError) in
            guard case .start(let name, let attributes, _) = token, scanner.equals(name, "Relationship") else { return }
            if try scanner.attribute("TargetMode", in: attributes) == "External" { return }
            guard let id = try scanner.attribute("Id", in: attributes), let target = try scanner.attribute("Target", in: attributes) else {
                throw SpreadsheetReadError("\(part): a relationship without an Id or Target")
            }
            found.append(Relationship(id: id, type: try scanner.attribute("Type", in: attributes) ?? "", target: target))
        }
        return found
    }

    /// A relationship target as a zip path: `/xl/a.xml` from the root, `worksheets/sheet1.xml` from `folder`,
    /// `.` and `..` segments applied.
    static func resolve(_ target: String, folder: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : folder + target
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    /// Every token of a part held whole, to `handle`, errors prefixed with the part.
    static func scan(_ bytes: [UInt8], part: String,
                     _ handle: (_XMLScanner.Token, _XMLScanner) throws(SpreadsheetReadError) -> Void) throws(SpreadsheetReadError) {
        var scanner = _XMLScanner(bytes: bytes)
        do {
            while let token = try scanner.next() { try handle(token, scanner) }
            try scanner.finish()
        } catch {
            throw error.reason.hasPrefix(part) ? error : SpreadsheetReadError("\(part): \(error.reason)")
        }
    }

    /// A part's bytes, or nil when it is absent and not `required`.
    static func read(_ part: String, in archive: Archive, required: Bool) throws(SpreadsheetReadError) -> [UInt8]? {
        guard let entry = archive[part] else {
            if required { throw SpreadsheetReadError("\(part): missing from the package") }
            return nil
        }
        let declared = Int(clamping: entry.uncompressedSize)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(declared, 1 << 26))
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { data in
                bytes.append(contentsOf: data)
                guard declared == 0 || bytes.count <= declared else {
                    throw SpreadsheetReadError("\(part): inflates past its declared size of \(declared) bytes")
                }
            }
        } catch let error as SpreadsheetReadError {
            throw error
        } catch {
            throw SpreadsheetReadError("\(part): cannot be decompressed (\(error))")
        }
        return bytes
    }
}
