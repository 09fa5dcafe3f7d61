import _ATWUtilities

/// What a run read: rows read, accepted and rejected per file, the commonest reasons for rejection, and whether
/// the dataset is fit to report on.
///
/// Rule (the DocC article "Reading a dataset"): a dataset fails when a required table (providers, cases)
/// accepts no row, or any file present rejects more than `maxRejectedPercent` of the rows it read (default 5;
/// `--strict` is 0, so any rejection fails). A failing run writes no output and exits 1 with ``summary`` and a
/// hint at the fix; a passing run with rejections carries this report into every output (the pack's banner,
/// the JSON's `data_quality`, the workbook's cover).
///
/// ```
/// cases.csv: 15000 rows read = 0 accepted + 15000 rejected (100.0%)
///   15000 × referral_received: "…" is not a date (YYYY-MM-DD), e.g. "29/04/2024"
/// hint: dates look like dd/mm/yyyy: run `kpi describe --data DIR` or set the column's "format" in dataset.json
/// ```
public struct DataQuality: Sendable, Equatable {
    /// A reason shared by rejected rows: its file, column and wording with the quoted values set aside.
    public struct Reason: Sendable, Equatable {
        public var file: DatasetFile
        public var column: String
        /// The reason with each quoted value replaced by `"…"`.
        public var reason: String
        public var rows: Int
        /// The first rejection of this kind, whole.
        public var example: Rejection
    }

    public var summaries: [FileSummary]
    /// How each file is named in messages: its own name when read through a description (`Cases export.csv`,
    /// `Cases.xlsx!Cases`), else the canonical one.
    public var fileNames: [DatasetFile: String] = [:]
    /// The commonest reasons, most rows first, rows rejected only because their case was after the others
    /// (at most ``reasonLimit``).
    public var reasons: [Reason]
    public var maxRejectedPercent: Double

    public static let reasonLimit = 5
    public static let defaultMaxRejectedPercent = 5.0

    public init(_ dataset: Dataset, maxRejectedPercent: Double = defaultMaxRejectedPercent, fileNames: [DatasetFile: String] = [:]) {
        summaries = dataset.summaries
        self.fileNames = fileNames
        self.maxRejectedPercent = maxRejectedPercent
        var groups: [String: Int] = [:]
        var found: [Reason] = []
        for r in dataset.rejections {
            let general = Self.generalised(r.reason)
            let key = r.file.rawValue + "\u{0}" + r.column + "\u{0}" + general
            if let i = groups[key] { found[i].rows += 1 } else {
                groups[key] = found.count
                found.append(Reason(file: r.file, column: r.column, reason: general, rows: 1, example: r))
            }
        }
        // Causes before consequences: rows rejected because their case was come after the case's own reasons.
        func consequence(_ r: Reason) -> Int { r.reason.contains("was rejected in cases.csv") ? 1 : 0 }
        reasons = Array(found.enumerated().sorted {
            (-consequence($0.element), $0.element.rows, -$0.offset) > (-consequence($1.element), $1.element.rows, -$1.offset)
        }.map(\.element).prefix(Self.reasonLimit))
    }

    /// A file's name in messages.
    public func name(_ file: DatasetFile) -> String { fileNames[file] ?? file.fileName }

    /// The rejected share of a file's rows, in percent (0 for an empty file).
    public static func rejectedPercent(_ s: FileSummary) -> Double {
        s.rowsRead == 0 ? 0 : Double(s.rowsRejected) * 100 / Double(s.rowsRead)
    }

    /// Why the dataset is not fit to report on, one line per file at fault; empty when it is.
    public var failures: [String] {
        var out: [String] = []
        for s in summaries where s.present {
            if s.file.isRequired && s.rowsAccepted == 0 {
                out.append("\(name(s.file)): no row accepted (\(s.rowsRead) read)")
            } else if Self.rejectedPercent(s) > maxRejectedPercent {
                out.append("\(name(s.file)): \(s.rowsRejected) of \(s.rowsRead) rows rejected (\(Self.percent(Self.rejectedPercent(s)))%, more than the \(Self.percent(maxRejectedPercent))% allowed)")
            }
        }
        return out
    }

    public var passes: Bool { failures.isEmpty }

    /// Rows rejected in all files.
    public var rowsRejected: Int { summaries.reduce(0) { $0 + $1.rowsRejected } }

    /// The failure (or the rejections) as a person reads it: each file at fault, the commonest reasons with an
    /// example, and hints at the fix.
    public var summary: String {
        var lines = failures
        if lines.isEmpty && rowsRejected > 0 { lines.append("\(rowsRejected) rows rejected") }
        if !reasons.isEmpty { lines.append("commonest reasons:") }
        for r in reasons {
            lines.append("  \(r.rows) × \(name(r.file))\(r.column.isEmpty ? "" : " " + r.column): \(r.reason) (e.g. line \(r.example.line): \(r.example.reason))")
        }
        for hint in hints { lines.append("hint: " + hint) }
        return lines.joined(separator: "\n")
    }

    /// What the commonest reasons suggest doing.
    public var hints: [String] {
        var out: [String] = []
        func add(_ s: String) { if !out.contains(s) { out.append(s) } }
        for r in reasons {
            let example = r.example.reason
            if r.reason.hasSuffix("is not a date (YYYY-MM-DD)") {
                if let shape = Self.dateShape(example) {
                    add("dates look like \(shape): run `kpi describe --data DIR` or set the column's \"format\" in dataset.json")
                } else if !Self.isISOShaped(example) {
                    add("dates must be YYYY-MM-DD unless dataset.json gives the column's \"format\"")
                }
            } else if r.reason.contains("is not one of") || r.reason.contains("is not a boolean") {
                add("map the file's spellings in the column's \"values\" in dataset.json (`kpi describe` matches spellings such as \"Virtual Standard\" and Y/N)")
            } else if r.reason.hasPrefix("expected") && r.reason.contains("fields as in the header") {
                add("rows have another number of fields than the header: check the delimiter and the quoting (set \"delimiter\" in dataset.json)")
            } else if r.reason.hasPrefix("unknown provider_id") {
                add("every case's provider_id and contract must be a row of providers.csv")
            } else if r.reason == "is not valid UTF-8" {
                add("the file is not UTF-8: set its \"encoding\" (e.g. windows-1252) in dataset.json, or run `kpi describe`")
            }
        }
        if reasons.contains(where: { $0.reason.contains("was rejected in cases.csv") }) {
            add("rows naming rejected cases are rejected with them: fix the cases first")
        }
        return out
    }

    /// A reason with each double-quoted value replaced by `"…"`, so rejections of one kind group together.
    static func generalised(_ reason: String) -> String {
        var out = "", inside = false
        for ch in reason {
            if ch == "\"" {
                if !inside { out += "\"…\"" }
                inside.toggle()
            } else if !inside {
                out.append(ch)
            }
        }
        return out
    }

    /// Whether a reason's quoted value has the ISO shape `dddd-dd-dd` (an impossible date, not another format).
    static func isISOShaped(_ reason: String) -> Bool {
        guard let open = reason.firstIndex(of: "\""), let close = reason[reason.index(after: open)...].firstIndex(of: "\"") else { return false }
        let v = Array(reason[reason.index(after: open)..<close].utf8)
        return v.count >= 10 && v[4] == 45 && v[7] == 45 && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { v[$0] >= 48 && v[$0] <= 57 }
    }

    /// The shape of a quoted date in a reason: `dd/mm/yyyy`, `dd-mmm-yyyy`, or `nil`.
    static func dateShape(_ reason: String) -> String? {
        guard let open = reason.firstIndex(of: "\""), let close = reason[reason.index(after: open)...].firstIndex(of: "\"") else { return nil }
        let value = Array(reason[reason.index(after: open)..<close].utf8)
        var bytes = value
        return bytes.withUnsafeMutableBufferPointer { v -> String? in
            let b = UnsafeBufferPointer(v)
            if _FileDecoder.parseDate(b, format: 1) != nil {
                // Day first unless only month first reads it.
                return "dd/mm/yyyy" + (value.contains(58) ? " hh:mm" : "")
            }
            if _FileDecoder.parseDate(b, format: 2) != nil { return "mm/dd/yyyy" }
            if _FileDecoder.parseDate(b, format: 3) != nil { return "dd-mmm-yyyy" }
            return nil
        }
    }

    public static func percent(_ x: Double) -> String {
        let tenths = _decimalText(x, places: 1)
        return tenths.hasSuffix(".0") ? String(tenths.dropLast(2)) : tenths
    }
}

extension DataQuality {
    /// The data quality in one sentence: `Every row accepted (15000 cases, …).` or the rejected rows and the
    /// commonest reasons.
    public var sentence: String {
        let counts = summaries.filter(\.present).map { "\(name($0.file)) \($0.rowsAccepted) of \($0.rowsRead)" }.joined(separator: ", ")
        guard rowsRejected > 0 else { return "Every row accepted (\(counts))." }
        let top = reasons.prefix(3).map { "\($0.rows) × \(name($0.file))\($0.column.isEmpty ? "" : " " + $0.column): \($0.reason)" }
        return "\(rowsRejected) rows rejected and left out of every figure (rows accepted: \(counts)). Commonest reasons: \(top.joined(separator: "; "))."
    }
}
