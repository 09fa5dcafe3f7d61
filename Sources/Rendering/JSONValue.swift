import CaseData
import _ATWUtilities

/// A JSON document built in code and written deterministically (object keys keep their insertion order).
///
/// Rule: numbers are written as given (integers without a decimal point, doubles with Swift's shortest
/// round-trip form, non-finite values as `null`); strings are escaped per RFC 8259. Output is pretty-printed
/// with two-space indents, so diffs of reports stay readable.
///
/// ```swift
/// let doc: JSONValue = .object([("date", .string("2026-12-25")), ("working", .bool(false))])
/// doc.rendered()   // "{\n  \"date\": \"2026-12-25\",\n  \"working\": false\n}\n"
/// ```
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// The document as pretty-printed JSON text ending in a newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? String(d) : "null"
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(into: &out, indent: indent + 2)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                JSONValue.writeString(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 2)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        _appendJSONString(s, to: &out)
    }
}

extension JSONValue {
    /// A result's JSON with the run's `data_quality` and `provenance` members added (an object gains them at
    /// its end; any other document is wrapped as `{"result": …, "data_quality": …, "provenance": …}`).
    public func adding(_ provenance: Provenance?) -> JSONValue {
        guard let provenance else { return self }
        let quality = provenance.quality
        let files: [JSONValue] = quality.summaries.filter(\.present).map {
            .object([("file", .string($0.file.fileName)), ("rows_read", .int($0.rowsRead)), ("rows_accepted", .int($0.rowsAccepted)),
                     ("rows_rejected", .int($0.rowsRejected))])
        }
        let reasons: [JSONValue] = quality.reasons.map {
            .object([("file", .string($0.file.fileName)), ("column", .string($0.column)), ("reason", .string($0.reason)),
                     ("rows", .int($0.rows)), ("example_line", .int($0.example.line)), ("example", .string($0.example.reason))])
        }
        let members: [(String, JSONValue)] = [
            ("data_quality", .object([("rows_rejected", .int(quality.rowsRejected)),
                                      ("max_rejected_percent", .double(quality.maxRejectedPercent)),
                                      ("files", .array(files)), ("commonest_reasons", .array(reasons))])),
            ("provenance", .object([
                ("as_of", provenance.asOf.map(JSONValue.string) ?? .null),
                ("description", provenance.description.map(JSONValue.string) ?? .null),
                ("inputs", .array(provenance.files.map {
                    .object([("table", .string($0.table)), ("path", .string($0.path)), ("layout", .string($0.layout)),
                             ("rows_read", .int($0.rowsRead)), ("rows_accepted", .int($0.rowsAccepted)), ("sha256", .string($0.sha256))])
                })),
            ])),
        ]
        if case .object(let existing) = self { return .object(existing + members) }
        return .object([("result", self)] + members)
    }
}
