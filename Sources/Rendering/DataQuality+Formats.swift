import CaseData
import KPIEngine
import _ATWUtilities

extension DataQuality {
    /// The CSV columns of `kpi validate`: one row per dataset file.
    public static let csvHeader = ["file", "source", "present", "rows_read", "rows_accepted", "rows_rejected", "rejected_percent", "verdict"]

    /// Each file's row: what was read from where, and whether it passes the check.
    func rows(_ input: DatasetInput) -> [[String]] {
        summaries.map { s in
            let source = input.files.first { $0.table == s.file }
            let verdict: String
            if !s.present { verdict = s.file.isRequired ? "missing" : "absent" } else if s.file.isRequired && s.rowsAccepted == 0 {
                verdict = "fails: nothing accepted"
            } else if Self.rejectedPercent(s) > maxRejectedPercent { verdict = "fails: over \(Self.percent(maxRejectedPercent))%" } else { verdict = "passes" }
            return [s.file.fileName, source?.displayName ?? "", s.present ? "true" : "false",
                    String(s.rowsRead), String(s.rowsAccepted), String(s.rowsRejected),
                    s.present ? _fixedPoint(Int64((Self.rejectedPercent(s) * 100).rounded()), places: 2) : "", verdict]
        }
    }

    /// `kpi validate`'s CSV.
    public func csv(_ input: DatasetInput) -> String {
        var writer = CSVWriter(header: Self.csvHeader)
        for row in rows(input) { writer.append(row) }
        return writer.text
    }

    /// `kpi validate`'s table: the files, then the commonest reasons and the hints.
    public func table(_ input: DatasetInput) -> String {
        var table = TextTable(columns: [.init("file"), .init("source"), .init("read", alignment: .right), .init("accepted", alignment: .right),
                                        .init("rejected", alignment: .right), .init("%", alignment: .right), .init("verdict")])
        for row in rows(input) where row[2] == "true" || row[7] == "missing" {
            table.append([row[0], row[1], row[3], row[4], row[5], row[6], row[7]])
        }
        var out = table.rendered()
        if !reasons.isEmpty {
            out += "\nCommonest reasons:\n"
            for r in reasons {
                out += "  \(r.rows) × \(name(r.file))\(r.column.isEmpty ? "" : " " + r.column): \(r.reason)\n"
                out += "      e.g. \(input.describe(r.example))\n"
            }
        }
        for hint in hints { out += "hint: \(hint)\n" }
        out += passes ? "The dataset passes (no file rejects more than \(Self.percent(maxRejectedPercent))% of its rows).\n"
            : "The dataset fails: \(failures.joined(separator: "; ")).\n"
        return out
    }

    /// `kpi validate`'s JSON.
    public func json(_ input: DatasetInput) -> JSONValue {
        let files: [JSONValue] = rows(input).map { row in
            .object(zip(Self.csvHeader, row).map { key, value in
                switch key {
                case "present": (key, .bool(value == "true"))
                case "rows_read", "rows_accepted", "rows_rejected": (key, .int(Int(value) ?? 0))
                case "rejected_percent": (key, Double(value).map(JSONValue.double) ?? .null)
                default: (key, .string(value))
                }
            })
        }
        let found: [JSONValue] = reasons.map {
            .object([("file", .string($0.file.fileName)), ("column", .string($0.column)), ("reason", .string($0.reason)),
                     ("rows", .int($0.rows)), ("example", .string(input.describe($0.example)))])
        }
        return .object([("passes", .bool(passes)), ("max_rejected_percent", .double(maxRejectedPercent)), ("files", .array(files)),
                        ("commonest_reasons", .array(found)), ("failures", .array(failures.map(JSONValue.string))),
                        ("hints", .array(hints.map(JSONValue.string)))])
    }
}
