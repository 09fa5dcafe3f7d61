import Foundation
import WorkingDays

// MARK: Column visitor (one list of columns for writing and reading)

enum _StoreType: UInt8 {
    case int32 = 1, uint8 = 2, double = 3, uint32 = 4, strings = 5
    var elementSize: Int {
        switch self {
        case .int32, .uint32: 4
        case .uint8: 1
        case .double: 8
        case .strings: 1
        }
    }
}

/// The store's two columns of text column `name`: its codes and its distinct values.
func _textStoreNames(_ name: String) -> (codes: String, values: String) { (name + ".codes", name + ".values") }

protocol _StoreVisitor {
    mutating func int32(_ name: String, _ values: inout [Int32]) throws(DatasetError)
    mutating func uint8(_ name: String, _ values: inout [UInt8]) throws(DatasetError)
    mutating func double(_ name: String, _ values: inout [Double]) throws(DatasetError)
    mutating func uint32(_ name: String, _ values: inout [UInt32]) throws(DatasetError)
    mutating func strings(_ name: String, _ values: inout [String]) throws(DatasetError)
}

extension _StoreVisitor {
    mutating func text(_ name: String, _ column: inout TextColumn) throws(DatasetError) {
        try int32(_textStoreNames(name).codes, &column.codes)
        try strings(_textStoreNames(name).values, &column.values)
    }

    mutating func identifiers(_ name: String, _ column: inout IdentifierColumn) throws(DatasetError) {
        try uint8(name + ".heap", &column.heap)
        try uint32(name + ".offsets", &column.offsets)
    }

    mutating func days(_ name: String, _ values: inout [Day]) throws(DatasetError) {
        var raw = values.map(\.rawValue)
        try int32(name, &raw)
        values = raw.map(Day.init(rawValue:))
    }

    mutating func optionalStrings(_ name: String, _ values: inout [String?]) throws(DatasetError) {
        // Stored as "1value" for present and "0" for missing.
        var encoded = values.map { $0.map { "1" + $0 } ?? "0" }
        try strings(name, &encoded)
        values = encoded.map { $0.first == "1" ? String($0.dropFirst()) : nil }
    }
}

/// Hands every declared column of a table to a store visitor, named `<file>.<column>`.
struct _StoreTables<V: _StoreVisitor>: _TableVisitor {
    var store: V

    mutating func visit<T: _TableRules>(_ table: inout T) throws(DatasetError) {
        let names = T.storeNames
        for (c, column) in T.schema.enumerated() {
            let name = names[c]
            switch column.place {
            case .int32(let p): try store.int32(name, &table[keyPath: p])
            case .uint8(let p): try store.uint8(name, &table[keyPath: p])
            case .double(let p): try store.double(name, &table[keyPath: p])
            case .text(let p): try store.text(name, &table[keyPath: p])
            case .identifiers(let p): try store.identifiers(name, &table[keyPath: p])
            case .strings(let p): try store.strings(name, &table[keyPath: p])
            case .optionalStrings(let p): try store.optionalStrings(name, &table[keyPath: p])
            case .days(let p): try store.days(name, &table[keyPath: p])
            case .divisions(let p):
                var divisions = table[keyPath: p].map(\.rawValue)
                try store.strings(name, &divisions)
                table[keyPath: p] = divisions.map { Division(rawValue: $0) ?? .default }
            }
        }
    }
}

extension Dataset {
    /// Every column of the dataset, in store order: the tables' declared columns, then the ingest's summaries
    /// and rejections.
    mutating func _visitColumns<V: _StoreVisitor>(_ v: inout V) throws(DatasetError) {
        var tables = _StoreTables(store: v)
        try _visitTables(&tables)
        v = tables.store

        var summaryLines = summaries.map { "\($0.file.rawValue)\t\($0.present ? 1 : 0)\t\($0.rowsRead)\t\($0.rowsAccepted)" }
        try v.strings("ingest.summaries", &summaryLines)
        summaries = summaryLines.compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 4, let file = DatasetFile(rawValue: String(f[0])), let read = Int(f[2]), let accepted = Int(f[3])
            else { return nil }
            return FileSummary(file: file, present: f[1] == "1", rowsRead: read, rowsAccepted: accepted)
        }
        var rejectionLines = rejections.map { "\($0.file.rawValue)\t\($0.line)\t\($0.column)\t\($0.reason)" }
        try v.strings("ingest.rejections", &rejectionLines)
        rejections = rejectionLines.compactMap { line in
            let f = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard f.count == 4, let file = DatasetFile(rawValue: String(f[0])), let number = Int(f[1]) else { return nil }
            return Rejection(file: file, line: number, column: String(f[2]), reason: String(f[3]))
        }
    }
}

struct _StoreColumn {
    var name: String
    var type: _StoreType
    var count: Int
    /// The column's values, shared with the dataset (not copied): their bytes are what is written.
    var values: _StorePayload

    /// Calls `body` with the bytes written for the column.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch values {
        case .int32(let v): v.withUnsafeBytes(body)
        case .uint8(let v): v.withUnsafeBytes(body)
        case .double(let v): v.withUnsafeBytes(body)
        case .uint32(let v): v.withUnsafeBytes(body)
        case .strings(let v):
            { () -> R in
                var bytes: [UInt8] = []
                for s in v {
                    bytes.append(littleEndian: UInt32(s.utf8.count))
                    bytes.append(contentsOf: s.utf8)
                }
                return bytes.withUnsafeBytes(body)
            }()
        }
    }
}

struct _StoreWriter: _StoreVisitor {
    var columns: [_StoreColumn] = []

    mutating func int32(_ name: String, _ values: inout [Int32]) {
        columns.append(_StoreColumn(name: name, type: .int32, count: values.count, values: .int32(values)))
    }
    mutating func uint8(_ name: String, _ values: inout [UInt8]) {
        columns.append(_StoreColumn(name: name, type: .uint8, count: values.count, values: .uint8(values)))
    }
    mutating func double(_ name: String, _ values: inout [Double]) {
        columns.append(_StoreColumn(name: name, type: .double, count: values.count, values: .double(values)))
    }
    mutating func uint32(_ name: String, _ values: inout [UInt32]) {
        columns.append(_StoreColumn(name: name, type: .uint32, count: values.count, values: .uint32(values)))
    }
    mutating func strings(_ name: String, _ values: inout [String]) {
        columns.append(_StoreColumn(name: name, type: .strings, count: values.count, values: .strings(values)))
    }
}

enum _StorePayload: Sendable {
    case int32([Int32]), uint8([UInt8]), double([Double]), uint32([UInt32]), strings([String])
}

struct _StoreEntry: Sendable {
    var name: String
    var type: _StoreType
    var count: Int
    var offset: Int
    var length: Int
    var checksum: UInt64
}

struct _StoreReader: _StoreVisitor {
    let path: String
    var payloads: [String: _StorePayload] = [:]

    init(path: String) { self.path = path }

    /// The payload stored under `name`, unpacked by `extract`, or an error naming the column.
    func take<T>(_ name: String, _ extract: (_StorePayload) -> T?) throws(DatasetError) -> T {
        guard let payload = payloads[name], let values = extract(payload) else {
            throw DatasetError(path: path, reason: "the store has no column \(name) of the expected type (written by another version?)")
        }
        return values
    }
    mutating func int32(_ name: String, _ values: inout [Int32]) throws(DatasetError) {
        values = try take(name) { if case .int32(let v) = $0 { v } else { nil } }
    }
    mutating func uint8(_ name: String, _ values: inout [UInt8]) throws(DatasetError) {
        values = try take(name) { if case .uint8(let v) = $0 { v } else { nil } }
    }
    mutating func double(_ name: String, _ values: inout [Double]) throws(DatasetError) {
        values = try take(name) { if case .double(let v) = $0 { v } else { nil } }
    }
    mutating func uint32(_ name: String, _ values: inout [UInt32]) throws(DatasetError) {
        values = try take(name) { if case .uint32(let v) = $0 { v } else { nil } }
    }
    mutating func strings(_ name: String, _ values: inout [String]) throws(DatasetError) {
        values = try take(name) { if case .strings(let v) = $0 { v } else { nil } }
    }
}

/// Reads one column into its typed array and checks its checksum and internal consistency.

/// The domain checks of the store's fixed-width and text-code columns, by store column name, run by the task
/// that has just read and checksummed the column (while its bytes are still in cache): the test an addition's
/// rows get (``_RowTable/_firstProblem(_:sizes:)``). Made once per process; each call is given the store's
/// sizes and its directory's element counts (a text column's number of values).
struct _StoreColumnChecks: _TableVisitor {
    typealias Check = @Sendable (_StorePayload, _ReferenceSizes, [String: Int]) -> String?
    var checks: [String: Check] = [:]

    static let byName: [String: Check] = {
        var visitor = _StoreColumnChecks()
        var empty = Dataset()
        try? empty._visitTables(&visitor)
        return visitor.checks
    }()

    /// The sizes a store's references are checked against, from its directory's element counts.
    static func sizes(_ counts: [String: Int]) -> _ReferenceSizes {
        _ReferenceSizes(providers: counts["providers.provider_id"] ?? 0, cases: counts["cases.provider"] ?? 0)
    }

    mutating func visit<T: _TableRules>(_ table: inout T) {
        let names = T.storeNames
        for (c, column) in T.schema.enumerated() {
            let name = names[c]
            guard column.place.isCheckedWhileReading else { continue }
            switch column.place {
            case .int32, .uint8, .double:
                // The column's values in an otherwise empty table, checked against the domain.
                checks[name] = { payload, sizes, _ in
                    var one = T()
                    switch (column.place, payload) {
                    case (.int32(let p), .int32(let v)): one[keyPath: p] = v
                    case (.uint8(let p), .uint8(let v)): one[keyPath: p] = v
                    case (.double(let p), .double(let v)): one[keyPath: p] = v
                    default: return nil   // a wrong type is the reader's error
                    }
                    return one._firstProblem(column, sizes: sizes).map { "\(name), row \($0.row + 1): \($0.reason)" }
                }
            default:   // a text column's codes, checked against its number of values
                let (codesName, valuesName) = _textStoreNames(name), required = column.required
                checks[codesName] = { payload, _, counts in
                    guard case .int32(let codes) = payload else { return nil }
                    return _textProblem(codes, values: counts[valuesName] ?? 0, required: required)
                        .map { "\(name), row \($0.row + 1): \($0.reason)" }
                }
            }
        }
    }
}
