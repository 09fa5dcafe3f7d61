import WorkingDays
import _ATWUtilities

/// Where one column lives in its in-memory table, by element type.
package enum _ColumnPlace<Table> {
    /// Day numbers, months, whole numbers, text codes and row references (`_missing32` when missing).
    case int32(WritableKeyPath<Table, [Int32]>)
    /// Vocabulary codes and flags (`_missing8` when missing).
    case uint8(WritableKeyPath<Table, [UInt8]>)
    case double(WritableKeyPath<Table, [Double]>)
    case text(WritableKeyPath<Table, TextColumn>)
    case identifiers(WritableKeyPath<Table, IdentifierColumn>)
    /// The providers table's own columns, held as Swift values.
    case strings(WritableKeyPath<Table, [String]>)
    case optionalStrings(WritableKeyPath<Table, [String?]>)
    case days(WritableKeyPath<Table, [Day]>)
    case divisions(WritableKeyPath<Table, [Division]>)
}

extension _ColumnPlace {
    /// Whether the column is an array of fixed-width values or a text column's codes: the columns a store
    /// checks as it reads them (``_StoreColumnChecks``); the others are checked once the tables are built.
    var isCheckedWhileReading: Bool {
        switch self {
        case .int32, .uint8, .double, .text: true
        case .identifiers, .strings, .optionalStrings, .days, .divisions: false
        }
    }
}

/// The values a column may hold.
///
/// Rule: every path by which rows arrive (a CSV file, an addition, a store) checks a column against its domain,
/// with the reason ``_RowTable/_firstProblem(_:sizes:)`` gives (CSV cells are first parsed by their
/// ``ColumnKind``, which refuses what cannot be a value of the domain at all).
package enum _ColumnDomain: Sendable {
    /// A date in ``WorkingDayCalendar/supportedRange``.
    case day
    /// A month of ``WorkingDayCalendar/supportedYears``.
    case month
    /// An index into a vocabulary.
    case code([String])
    /// 0 (false) or 1 (true).
    case flag
    /// A whole number in the range.
    case whole(ClosedRange<Int32>)
    /// A decimal number in the range.
    case amount(ClosedRange<Double>)
    /// A row of the providers table, read from and written as the `provider_id` and `contract` columns.
    case provider
    /// A row of the cases table, read from and written as a `case_id`.
    case caseRow
    /// Free text (dictionary-encoded).
    case text
    /// An identifier unique within its file.
    case identifier
}

/// One column of a dataset table, declared once: its name, where it lives, its CSV column, its domain, whether
/// it is required, and what a missing cell means.
///
/// Everything else follows from the declarations (``_RowTable/schema``): the CSV columns read
/// (``DatasetFile/columns``), the in-memory table built from a decoded file, the CSV written back, the store's
/// columns and structural check, the checks of an addition, and appending, selecting and removing rows.
// SAFETY (@unchecked Sendable): a declaration holds strings, enums and key paths, none of which is mutated
// after it is made; key paths are immutable objects, safe to read from any thread.
package struct _TableColumn<Table>: @unchecked Sendable {
    /// The column's name in the store (`<file>.<name>`) and in the errors of an addition.
    package var name: String
    /// The CSV column it is read from (for ``_ColumnDomain/provider``, `provider_id` and `contract`).
    package var csvName: String
    package var place: _ColumnPlace<Table>
    package var domain: _ColumnDomain
    /// The CSV column must be present and every row must have a value.
    package var required: Bool
    /// A missing cell reads as code 0 (false, the first division) instead of staying missing.
    package var missingIsZero: Bool

    package init(_ name: String, csv: String? = nil, _ place: _ColumnPlace<Table>, _ domain: _ColumnDomain,
             required: Bool = false, missingIsZero: Bool = false) {
        self.name = name
        self.csvName = csv ?? name
        self.place = place
        self.domain = domain
        self.required = required
        self.missingIsZero = missingIsZero
    }

    /// The CSV columns the engine reads for this column.
    package var specs: [ColumnSpec] {
        switch domain {
        case .day: [ColumnSpec(csvName, .date, required: required)]
        case .month: [ColumnSpec(csvName, .month, required: required)]
        case .code(let values): [ColumnSpec(csvName, .enumeration(values), required: required)]
        case .flag: [ColumnSpec(csvName, .bool, required: required)]
        case .whole: [ColumnSpec(csvName, .count, required: required)]
        case .amount: [ColumnSpec(csvName, .decimal, required: required)]
        case .provider: [ColumnSpec("provider_id", .text, required: true), ColumnSpec("contract", .text, required: true)]
        case .caseRow: [ColumnSpec(csvName, .caseReference, required: required)]
        case .text: [ColumnSpec(csvName, .text, required: required)]
        case .identifier: [ColumnSpec(csvName, .identifier, required: required)]
        }
    }

    /// Why a value of this column is refused, or `nil`: `"attempt must be 1-999, got 1000"`.
    ///
    /// Rule: the reason quotes the CSV column's name and the value; ranges narrower than the CSV kind's own are
    /// checked here on every path (ingest, addition, store).
    package func problem(whole value: Int32) -> String? {
        guard case .whole(let range) = domain, value != _missing32 || required else { return nil }
        if value == _missing32 { return "missing required value" }
        return range.contains(value) ? nil : "\(csvName) must be \(range.lowerBound)-\(range.upperBound), got \(value)"
    }

    /// As ``problem(whole:)`` for a decimal.
    package func problem(amount value: Double) -> String? {
        guard case .amount(let range) = domain else { return nil }
        if value.isNaN { return required ? "missing required value" : nil }
        if value < range.lowerBound { return "\(csvName) \(_shortestText(value)) is below \(_shortestText(range.lowerBound))" }
        return value > range.upperBound ? "\(csvName) \(_shortestText(value)) is above \(_shortestText(range.upperBound))" : nil
    }
}

/// A decimal as the messages quote it: `12.5`, `1000000`.
func _shortestText(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}

/// A table of a dataset file whose columns are declared once (``schema``); its rows are appended, selected and
/// removed column by column from that declaration.
package protocol _RowTable: Sendable {
    init()
    var count: Int { get }
    /// The file the table is read from.
    static var file: DatasetFile { get }
    /// The table's columns, in CSV order.
    static var schema: [_TableColumn<Self>] { get }
}

/// Something done to every column of a table: generic over a plain array's element, and for text and identifier
/// columns.
package protocol _ColumnVisitor {
    associatedtype Table
    mutating func array<T>(_ path: WritableKeyPath<Table, [T]>)
    mutating func text(_ path: WritableKeyPath<Table, TextColumn>)
    mutating func identifiers(_ path: WritableKeyPath<Table, IdentifierColumn>)
}

extension _RowTable {
    /// The CSV columns of the file, in order.
    package static var csvSpecs: [ColumnSpec] { schema.flatMap(\.specs) }

    /// Calls `visitor` with every column's key path.
    package static func _visitPlaces<V: _ColumnVisitor>(_ visitor: inout V) where V.Table == Self {
        for column in schema {
            switch column.place {
            case .int32(let p): visitor.array(p)
            case .uint8(let p): visitor.array(p)
            case .double(let p): visitor.array(p)
            case .strings(let p): visitor.array(p)
            case .optionalStrings(let p): visitor.array(p)
            case .days(let p): visitor.array(p)
            case .divisions(let p): visitor.array(p)
            case .text(let p): visitor.text(p)
            case .identifiers(let p): visitor.identifiers(p)
            }
        }
    }

    /// The table with `other`'s rows after its own (columns grown as `Array._appendWithRoom(_:)` does).
    package mutating func append(_ other: Self) {
        var visitor = _AppendColumns(table: Self(), other: other)
        swap(&visitor.table, &self)   // the columns stay uniquely held while they grow
        Self._visitPlaces(&visitor)
        swap(&visitor.table, &self)
    }

    /// Makes room in every column for `rows` more rows without moving it.
    package mutating func _reserveRoom(_ rows: Int) {
        var visitor = _ReserveColumns(table: Self(), rows: rows, count: count)
        swap(&visitor.table, &self)
        Self._visitPlaces(&visitor)
        swap(&visitor.table, &self)
    }

    /// Removes the rows marked in `removed`, the others moving up in place (no column is copied).
    package mutating func _removeRows(_ removed: [Bool]) {
        var visitor = _RemoveColumns(table: Self(), removed: removed)
        swap(&visitor.table, &self)
        Self._visitPlaces(&visitor)
        swap(&visitor.table, &self)
    }

    /// The rows `rows`, in that order.
    package func selecting(_ rows: [Int]) -> Self {
        var visitor = _SelectColumns(source: self, rows: rows)
        Self._visitPlaces(&visitor)
        return visitor.table
    }

    /// The first column whose length is not the table's row count, as the column's index and the reason:
    /// `(8, "14999 values for 15000 rows")`; `nil` in a well-formed table.
    package func _lengthProblem() -> (column: Int, reason: String)? {
        for (c, column) in Self.schema.enumerated() where length(of: column) != count {
            return (c, "\(length(of: column)) values for \(count) rows")
        }
        return nil
    }

    /// The number of rows `column` holds.
    package func length(of column: _TableColumn<Self>) -> Int {
        switch column.place {
        case .int32(let p): self[keyPath: p].count
        case .uint8(let p): self[keyPath: p].count
        case .double(let p): self[keyPath: p].count
        case .strings(let p): self[keyPath: p].count
        case .optionalStrings(let p): self[keyPath: p].count
        case .days(let p): self[keyPath: p].count
        case .divisions(let p): self[keyPath: p].count
        case .text(let p): self[keyPath: p].codes.count
        case .identifiers(let p): self[keyPath: p].count
        }
    }

    /// Every case-row column's values mapped through `newRow` (`_missing32` kept), in place.
    package mutating func _renumberCases(_ newRow: [Int32]) {
        for column in Self.schema {
            guard case .caseRow = column.domain, case .int32(let path) = column.place else { continue }
            self[keyPath: path].withUnsafeMutableBufferPointer { rows in
                for i in rows.indices where rows[i] != _missing32 { rows[i] = newRow[Int(rows[i])] }
            }
        }
    }

    /// The table's case-row column, if it has one.
    package static var caseRowColumn: WritableKeyPath<Self, [Int32]>? {
        for column in schema {
            if case .caseRow = column.domain, case .int32(let path) = column.place { return path }
        }
        return nil
    }

    /// Bytes held per row: 4 per `Int32` column or text code, 1 per code, 8 per decimal, and an identifier's
    /// offset and bytes.
    package var bytesPerRow: Double {
        guard count > 0 else { return 0 }
        var bytes = 0.0
        for column in Self.schema {
            switch column.place {
            case .int32, .text: bytes += 4
            case .uint8: bytes += 1
            case .double: bytes += 8
            case .identifiers(let p): bytes += 4 + Double(self[keyPath: p].heap.count) / Double(count)
            case .strings, .optionalStrings, .days, .divisions: bytes += 8
            }
        }
        return bytes
    }
}

struct _AppendColumns<Table: _RowTable>: _ColumnVisitor {
    var table: Table
    let other: Table
    mutating func array<T>(_ path: WritableKeyPath<Table, [T]>) { table[keyPath: path]._appendWithRoom(other[keyPath: path]) }
    mutating func text(_ path: WritableKeyPath<Table, TextColumn>) { table[keyPath: path].append(other[keyPath: path]) }
    mutating func identifiers(_ path: WritableKeyPath<Table, IdentifierColumn>) { table[keyPath: path].append(other[keyPath: path]) }
}

struct _ReserveColumns<Table: _RowTable>: _ColumnVisitor {
    var table: Table
    let rows: Int, count: Int
    mutating func array<T>(_ path: WritableKeyPath<Table, [T]>) { table[keyPath: path]._reserveRoom(rows) }
    mutating func text(_ path: WritableKeyPath<Table, TextColumn>) { table[keyPath: path].codes._reserveRoom(rows) }
    mutating func identifiers(_ path: WritableKeyPath<Table, IdentifierColumn>) {
        let bytesPerRow = count == 0 ? 16 : table[keyPath: path].heap.count / count + 1
        table[keyPath: path].heap._reserveRoom(rows * bytesPerRow)
        table[keyPath: path].offsets._reserveRoom(rows)
    }
}

struct _RemoveColumns<Table: _RowTable>: _ColumnVisitor {
    var table: Table
    let removed: [Bool]
    mutating func array<T>(_ path: WritableKeyPath<Table, [T]>) { table[keyPath: path]._removeRows(removed) }
    mutating func text(_ path: WritableKeyPath<Table, TextColumn>) { table[keyPath: path].codes._removeRows(removed) }
    mutating func identifiers(_ path: WritableKeyPath<Table, IdentifierColumn>) { table[keyPath: path]._removeRows(removed) }
}

struct _SelectColumns<Table: _RowTable>: _ColumnVisitor {
    var table = Table()
    let source: Table, rows: [Int]
    mutating func array<T>(_ path: WritableKeyPath<Table, [T]>) {
        let column = source[keyPath: path]
        table[keyPath: path] = rows.map { column[$0] }
    }
    mutating func text(_ path: WritableKeyPath<Table, TextColumn>) { table[keyPath: path] = source[keyPath: path].selecting(rows) }
    mutating func identifiers(_ path: WritableKeyPath<Table, IdentifierColumn>) {
        table[keyPath: path] = source[keyPath: path].selecting(rows)
    }
}

// MARK: The domain checks every path shares

/// The sizes a table's references are checked against: the providers' and the cases' rows.
package struct _ReferenceSizes: Sendable {
    package var providers: Int
    package var cases: Int
}

extension _RowTable {
    /// The first row of `column` whose value is outside its domain (or missing while required), with the
    /// reason: `(4, "code 7 is not one of false, true")`; `nil` when every value fits.
    ///
    /// Rule: the same test, with the same reason, for an addition's rows and a store's columns (CSV cells are
    /// parsed into the same domains on reading, and ranges narrower than a cell's kind, such as an attempt's
    /// 1-999, are checked there with this reason too). Blocks of values are tested branch-free first
    /// (``_firstOutside(_:_:_:skipping:)``), so a well-formed column costs one vectorised pass.
    package func _firstProblem(_ column: _TableColumn<Self>, sizes: _ReferenceSizes) -> (row: Int, reason: String)? {
        let optional = !column.required
        func int32(_ values: [Int32], _ low: Int32, _ high: Int32, _ reason: (Int32) -> String) -> (Int, String)? {
            guard let r = _firstOutside(values, low, high, skipping: optional ? _missing32 : nil) else { return nil }
            return (r, values[r] == _missing32 ? "missing required value" : reason(values[r]))
        }
        func rows(_ values: [Int32], below count: Int, of table: String) -> (Int, String)? {
            guard let r = _firstOutside(values, below: count, skipping: optional ? _missing32 : nil) else { return nil }
            return (r, values[r] == _missing32 ? "missing required value" : "row \(values[r]) is not a row of \(table) (\(count) rows)")
        }
        let days = WorkingDayCalendar.supportedRange
        switch (column.place, column.domain) {
        case (.int32(let p), .day):
            return int32(self[keyPath: p], days.lowerBound.rawValue, days.upperBound.rawValue) {
                "day number \($0) is outside \(days.lowerBound)…\(days.upperBound)"
            }
        case (.days(let p), .day):
            return self[keyPath: p].firstIndex { !days.contains($0) }.map { ($0, "\(self[keyPath: p][$0]) is outside \(days.lowerBound)…\(days.upperBound)") }
        case (.int32(let p), .month):
            let months = Month(containing: days.lowerBound).rawValue...Month(containing: days.upperBound).rawValue
            return int32(self[keyPath: p], months.lowerBound, months.upperBound) { "month number \($0) is outside the supported years" }
        case (.int32(let p), .whole(let range)):
            return int32(self[keyPath: p], range.lowerBound, range.upperBound) { column.problem(whole: $0) ?? "\($0)" }
        case (.uint8(let p), .code(let vocabulary)):
            return codes(self[keyPath: p], vocabulary, optional: optional)
        case (.uint8(let p), .flag):
            return codes(self[keyPath: p], Vocabulary.booleans, optional: optional)
        case (.double(let p), .amount):
            let values = self[keyPath: p]
            for r in values.indices { if let reason = column.problem(amount: values[r]) { return (r, reason) } }
            return nil
        case (.int32(let p), .provider):
            return rows(self[keyPath: p], below: sizes.providers, of: "providers")
        case (.int32(let p), .caseRow):
            return rows(self[keyPath: p], below: sizes.cases, of: "cases")
        case (.text(let p), .text):
            let text = self[keyPath: p]
            return _textProblem(text.codes, values: text.values.count, required: column.required)
        case (.identifiers(let p), .identifier):
            let ids = self[keyPath: p]
            guard ids.offsets.first == 0, Int(ids.offsets.last ?? 1) == ids.heap.count else {
                return (0, "the identifiers' offsets do not end at their \(ids.heap.count) bytes")
            }
            return ids.offsets.indices.dropFirst().first { ids.offsets[$0] < ids.offsets[$0 - 1] }
                .map { ($0 - 1, "the identifiers' offsets go backwards") }
        case (.strings, .text), (.optionalStrings, .text), (.divisions, _):
            return nil
        default:
            preconditionFailure("column \(column.name) of \(Self.file.rawValue) is declared with a place that does not hold its domain")
        }
    }

    /// The first problem of the table: columns of different lengths, or a value outside its column's domain,
    /// as `(column, row, reason)`.
    package func _firstProblem(sizes: _ReferenceSizes) -> (column: String, row: Int, reason: String)? {
        if let (odd, reason) = _lengthProblem() { return (Self.schema[odd].name, 0, reason) }
        for column in Self.schema {
            if let (row, reason) = _firstProblem(column, sizes: sizes) { return (column.name, row, reason) }
        }
        return nil
    }
}

/// The first text code without a value among `values` (or missing when `required`), with its reason.
package func _textProblem(_ codes: [Int32], values: Int, required: Bool) -> (row: Int, reason: String)? {
    guard let r = _firstOutside(codes, below: values, skipping: required ? nil : _missing32) else { return nil }
    return (r, codes[r] == _missing32 ? "missing required value" : "code \(codes[r]) has no value (\(values) values)")
}

/// The first code outside `vocabulary` (or missing when not `optional`), with its reason.
private func codes(_ values: [UInt8], _ vocabulary: [String], optional: Bool) -> (row: Int, reason: String)? {
    guard let r = _firstOutside(values, below: vocabulary.count, skipping: optional ? _missing8 : nil) else { return nil }
    return (r, values[r] == _missing8 ? "missing required value" : "code \(values[r]) is not one of \(vocabulary.joined(separator: ", "))")
}

// MARK: Tables from decoded files, and back to CSV

extension _RowTable {
    /// The table of a decoded file's rows (after its rules rejected what they refuse), column by column from
    /// the declaration; `providerRows` are the rows' providers (``_ColumnDomain/provider``), already resolved.
    package init(_ t: _DecodedTable, providerRows: [Int32] = []) {
        self.init()
        for column in Self.schema {
            let name = column.csvName
            switch column.place {
            case .int32(let p):
                if case .provider = column.domain { self[keyPath: p] = providerRows } else { self[keyPath: p] = t.int32(name) }
            case .uint8(let p):
                let codes = t.uint8(name)
                self[keyPath: p] = column.missingIsZero ? codes.map { $0 == _missing8 ? 0 : $0 } : codes
            case .double(let p): self[keyPath: p] = t.double(name)
            case .text(let p): self[keyPath: p] = TextColumn(codes: t.int32(name), values: t.dictionary(name).strings)
            case .identifiers(let p): self[keyPath: p] = _identifiers(t, name)
            case .strings(let p):
                let values = t.dictionary(name).strings
                self[keyPath: p] = t.int32(name).map { values[Int($0)] }
            case .optionalStrings(let p):
                let values = t.dictionary(name).strings
                self[keyPath: p] = t.int32(name).map { $0 == _missing32 ? nil : values[Int($0)] }
            case .days(let p): self[keyPath: p] = t.int32(name).map(Day.init(rawValue:))
            case .divisions(let p):
                self[keyPath: p] = t.uint8(name).map { $0 == _missing8 ? .default : Division.allCases[Int($0)] }
            }
        }
    }

    /// The decoded rows whose values break a range narrower than their CSV kind's (an attempt's 1-999, an FTE
    /// figure's 0-1,000,000), each with ``_TableColumn/problem(whole:)``'s reason.
    package static func _rangeProblems(_ t: _DecodedTable) -> [_RowProblem] {
        var problems: [_RowProblem] = []
        for column in schema {
            switch (column.place, column.domain) {
            case (.int32, .whole):
                let values = t.int32(column.csvName)
                for r in values.indices { if let reason = column.problem(whole: values[r]) { problems.append(_RowProblem(r, column.csvName, reason)) } }
            case (.double, .amount):
                let values = t.double(column.csvName)
                for r in values.indices { if let reason = column.problem(amount: values[r]) { problems.append(_RowProblem(r, column.csvName, reason)) } }
            default: continue
            }
        }
        return problems
    }

    /// The cells of one row, in CSV column order, as ``Dataset/writeCSV(to:)`` writes them: one writer per
    /// declared column, given the row (a provider column writes two cells).
    package func _cellWriters(providers: ProviderTable, cases: CaseTable) -> [(Int, inout _CSVTextBuffer) -> Void] {
        Self.schema.map { column -> (Int, inout _CSVTextBuffer) -> Void in
            switch (column.place, column.domain) {
            case (.int32(let p), .day):
                let v = self[keyPath: p]
                return { r, out in out.date(v.day(r)) }
            case (.days(let p), _):
                let v = self[keyPath: p]
                return { r, out in out.date(v[r]) }
            case (.int32(let p), .month):
                let v = self[keyPath: p]
                return { r, out in if v[r] != _missing32 { out.text(Month(rawValue: v[r]).description) } }
            case (.int32(let p), .whole):
                let v = self[keyPath: p]
                return { r, out in if v[r] != _missing32 { out.int(Int(v[r])) } }
            case (.int32(let p), .provider):
                let v = self[keyPath: p]
                return { r, out in
                    out.field(providers.providerIDs[Int(v[r])]); out.comma(); out.field(providers.contracts[Int(v[r])])
                }
            case (.int32(let p), .caseRow):
                let v = self[keyPath: p]
                return { r, out in if v[r] != _missing32 { out.field(cases.caseIDs[Int(v[r])]) } }
            case (.uint8(let p), .code(let vocabulary)):
                let v = self[keyPath: p]
                return { r, out in if v[r] != _missing8 { out.text(vocabulary[Int(v[r])]) } }
            case (.uint8(let p), _):
                let v = self[keyPath: p]
                return { r, out in if v[r] != _missing8 { out.text(v[r] == 1 ? "true" : "false") } }
            case (.double(let p), _):
                let v = self[keyPath: p]
                return { r, out in if !v[r].isNaN { out.decimal(v[r], places: 4) } }
            case (.text(let p), _):
                let v = self[keyPath: p]
                return { r, out in if let value = v[r] { out.field(value) } }
            case (.identifiers(let p), _):
                let v = self[keyPath: p]
                return { r, out in out.field(v[r]) }
            case (.strings(let p), _):
                let v = self[keyPath: p]
                return { r, out in out.field(v[r]) }
            case (.optionalStrings(let p), _):
                let v = self[keyPath: p]
                return { r, out in if let value = v[r] { out.field(value) } }
            case (.divisions(let p), _):
                let v = self[keyPath: p]
                return { r, out in out.text(v[r].rawValue) }
            default:
                preconditionFailure("column \(column.name) of \(Self.file.rawValue) is declared with a place that does not hold its domain")
            }
        }
    }
}
