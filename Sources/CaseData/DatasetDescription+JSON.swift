import Foundation
import _ATWUtilities

extension DatasetDescription {
    /// Reads a description file; `file` names it in errors.
    ///
    /// Rule: every member is checked against the schema (a table the dataset has, a column of that table, a
    /// format only on a date column, no constant or value map on an identifier or a case reference), unknown
    /// members are refused except `evidence` and `comment`, and the error names the member's path:
    /// `dataset.json: tables.cases.columns.referal_received: not a column of cases (columns: case_id, …)`.
    public init(json data: Data, file: String) throws(DatasetError) {
        func fail(_ path: String, _ reason: String) -> DatasetError {
            DatasetError(path: file, reason: path.isEmpty ? reason : "\(path): \(reason)")
        }
        func object(_ value: Any?, _ path: String, _ allowed: Set<String>) throws(DatasetError) -> [String: Any] {
            guard let object = value as? [String: Any] else { throw fail(path, "expected an object") }
            let ignored: Set<String> = ["evidence", "comment"]
            if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) && !ignored.contains($0) }) {
                throw fail(path.isEmpty ? unknown : path + "." + unknown,
                           "unknown member (expected one of \(allowed.sorted().joined(separator: ", ")))")
            }
            return object
        }
        func string(_ value: Any?, _ path: String) throws(DatasetError) -> String {
            guard let text = value as? String else { throw fail(path, "expected a string") }
            return text
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw fail("", "not valid JSON (\(error.localizedDescription))")
        }
        let top = try object(root, "", ["tables", "description_version"])
        if let version = top["description_version"] {
            guard let number = version as? Int, number == 1 else { throw fail("description_version", "expected 1") }
        }
        let tables = try object(top["tables"], "tables", Set(DatasetFile.allCases.map(\.rawValue)))
        var description = DatasetDescription()
        for (name, value) in tables.sorted(by: { $0.key < $1.key }) {
            guard let table = DatasetFile(rawValue: name) else { continue }
            let path = "tables.\(name)"
            let members = try object(value, path, ["file", "sheet", "delimiter", "encoding", "header_row", "columns"])
            var t = TableDescription(file: try string(members["file"], path + ".file"))
            guard !t.file.isEmpty, !t.file.hasPrefix("/") else {
                throw fail(path + ".file", "expected a file name relative to the dataset folder")
            }
            if let sheet = members["sheet"] { t.sheet = try string(sheet, path + ".sheet") }
            if let delimiter = members["delimiter"] {
                let text = try string(delimiter, path + ".delimiter")
                guard let byte = Self.delimiters.first(where: { $0.spelling == text || ($0.byte == 9 && text == "tab") })?.byte else {
                    throw fail(path + ".delimiter", "expected one of \",\", \";\", \"\\t\", \"|\", got \(_quotedText(text))")
                }
                t.delimiter = byte
            }
            if let encoding = members["encoding"] {
                let text = try string(encoding, path + ".encoding")
                guard let e = TextEncoding(spelling: text) else {
                    throw fail(path + ".encoding", "expected one of \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")), got \(_quotedText(text))")
                }
                t.encoding = e
            }
            if let header = members["header_row"] {
                guard let row = header as? Int, row >= 1, row <= 1_000 else { throw fail(path + ".header_row", "expected a whole number from 1 to 1000") }
                t.headerRow = row
            }
            if t.isWorkbook && (members["delimiter"] != nil || members["encoding"] != nil) {
                throw fail(path, "a workbook has no delimiter or encoding")
            }
            if !t.isWorkbook && members["sheet"] != nil { throw fail(path + ".sheet", "only a workbook (.xlsx) has sheets") }
            let specs = table.columns
            let columns = try object(members["columns"] ?? [String: Any](), path + ".columns", Set(specs.map(\.name)))
            for (columnName, value) in columns.sorted(by: { $0.key < $1.key }) {
                guard let spec = specs.first(where: { $0.name == columnName }) else { continue }
                let cpath = "\(path).columns.\(columnName)"
                let c = try object(value, cpath, ["from", "constant", "format", "values"])
                var column = ColumnDescription()
                if let from = c["from"] { column.from = try string(from, cpath + ".from") }
                if let constant = c["constant"] { column.constant = try string(constant, cpath + ".constant") }
                if column.from != nil && column.constant != nil { throw fail(cpath, "give either from or constant, not both") }
                let isReference: Bool
                switch spec.kind {
                case .identifier, .caseReference: isReference = true
                default: isReference = false
                }
                if isReference && column.constant != nil { throw fail(cpath + ".constant", "an identifier cannot be one value for every row") }
                if let format = c["format"] {
                    let text = try string(format, cpath + ".format")
                    guard case .date = spec.kind else { throw fail(cpath + ".format", "only a date column has a format") }
                    guard let f = DateFormat(spelling: text) else {
                        throw fail(cpath + ".format", "expected one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", ")) (a time part such as \" hh:mm\" may follow), got \(_quotedText(text))")
                    }
                    column.format = f
                }
                if let values = c["values"] {
                    guard !isReference else { throw fail(cpath + ".values", "an identifier's values cannot be translated") }
                    guard let map = values as? [String: Any] else { throw fail(cpath + ".values", "expected an object of file value → value") }
                    for (key, mapped) in map {
                        column.values[key] = try string(mapped, "\(cpath).values.\(key)")
                    }
                }
                t.columns[columnName] = column
            }
            description.tables[table] = t
        }
        self = description
    }

    /// The delimiters a text file may use, with their spelling in a description.
    static let delimiters: [(byte: UInt8, spelling: String)] = [(44, ","), (59, ";"), (9, "\t"), (124, "|")]

    /// A delimiter as a message names it: `;`, or `tab`.
    static func delimiterName(_ byte: UInt8) -> String {
        byte == 9 ? "tab" : delimiters.first { $0.byte == byte }?.spelling ?? String(UnicodeScalar(byte))
    }

    /// The description as JSON, tables and columns in schema order, with `evidence` (why each choice was made)
    /// where it is given: the file `kpi describe` writes for a person to review.
    public func json(evidence: DescriptionEvidence = DescriptionEvidence()) -> String {
        var out = "{\n  \"description_version\": 1,\n"
        let comments = evidence.unresolved + evidence.ignored.map { "ignored: " + $0 }
        if !comments.isEmpty {
            out += "  \"comment\": [\n" + comments.map { "    " + _jsonString($0) }.joined(separator: ",\n") + "\n  ],\n"
        }
        out += "  \"tables\": {"
        var firstTable = true
        for file in DatasetFile.allCases {
            guard let t = tables[file] else { continue }
            out += (firstTable ? "\n" : ",\n") + "    \(_jsonString(file.rawValue)): {\n"
            firstTable = false
            var members: [String] = ["\"file\": " + _jsonString(t.file)]
            if let sheet = t.sheet { members.append("\"sheet\": " + _jsonString(sheet)) }
            if !t.isWorkbook {
                let spelling = Self.delimiters.first { $0.byte == t.delimiter }?.spelling ?? ","
                members.append("\"delimiter\": " + _jsonString(spelling))
                members.append("\"encoding\": " + _jsonString(t.encoding.rawValue))
            }
            members.append("\"header_row\": \(t.headerRow)")
            if let notes = evidence.tables[file], !notes.isEmpty {
                members.append("\"evidence\": [" + notes.map(_jsonString).joined(separator: ", ") + "]")
            }
            var columnLines: [String] = []
            for spec in file.columns {
                guard let c = t.columns[spec.name] else { continue }
                var parts: [String] = []
                if let from = c.from { parts.append("\"from\": " + _jsonString(from)) }
                if let constant = c.constant { parts.append("\"constant\": " + _jsonString(constant)) }
                if let format = c.format { parts.append("\"format\": " + _jsonString(format.rawValue)) }
                if !c.values.isEmpty {
                    parts.append("\"values\": {" + c.values.sorted { $0.key < $1.key }
                        .map { _jsonString($0.key) + ": " + _jsonString($0.value) }.joined(separator: ", ") + "}")
                }
                if let notes = evidence.columns[file]?[spec.name], !notes.isEmpty {
                    parts.append("\"evidence\": [" + notes.map(_jsonString).joined(separator: ", ") + "]")
                }
                columnLines.append("        \(_jsonString(spec.name)): {" + parts.joined(separator: ", ") + "}")
            }
            members.append("\"columns\": {" + (columnLines.isEmpty ? "}" : "\n" + columnLines.joined(separator: ",\n") + "\n      }"))
            out += members.map { "      " + $0 }.joined(separator: ",\n") + "\n    }"
        }
        out += firstTable ? "}\n}\n" : "\n  }\n}\n"
        return out
    }
}

/// Why `kpi describe` chose what it wrote, for the person who reviews the description.
public struct DescriptionEvidence: Sendable, Equatable {
    /// Per table: how its file, delimiter, encoding and header were chosen.
    public var tables: [DatasetFile: [String]] = [:]
    /// Per table and schema column: how the column, its format and its values were matched.
    public var columns: [DatasetFile: [String: [String]]] = [:]
    /// What could not be decided and was left out (an ambiguous date column, an unmatched required column).
    public var unresolved: [String] = []
    /// Files or sheets that fit no table (a summary sheet, notes), left out without a question.
    public var ignored: [String] = []

    public init() {}
}

extension TextEncoding {
    /// The encoding a description names, accepting common spellings (`UTF8`, `cp1252`, `latin-1`).
    public init?(spelling: String) {
        switch spelling.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8", "utf-8-bom", "utf-8-sig": self = .utf8
        case "windows-1252", "cp1252", "win-1252", "windows1252": self = .windows1252
        case "iso-8859-1", "latin-1", "latin1", "iso8859-1": self = .latin1
        default: return nil
        }
    }
}

/// A value quoted for an error message.
func _quotedText(_ s: String) -> String { "\"" + s + "\"" }
