import WorkingDays

struct _AdditionCheck {
    func error(_ table: String, _ row: Int, _ column: String, _ reason: String) -> DatasetError {
        DatasetError(path: "\(table) addition, row \(row + 1), \(column)", reason: reason)
    }
}

extension TextColumn {
    /// The column with `other`'s rows after its own, re-coded into one list of values.
    mutating func append(_ other: TextColumn) {
        var code = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, Int32($0)) })
        let map = other.values.map { value -> Int32 in
            if let existing = code[value] { return existing }
            values.append(value)
            code[value] = Int32(values.count - 1)
            return Int32(values.count - 1)
        }
        codes._appendWithRoom(other.codes.lazy.map { $0 == Self.missing ? $0 : map[Int($0)] })
    }

    /// The rows `rows`, with every value kept (codes unchanged).
    func selecting(_ rows: [Int]) -> TextColumn { TextColumn(codes: rows.map { codes[$0] }, values: values) }
}

extension IdentifierColumn {
    mutating func append(_ other: IdentifierColumn) {
        let shift = UInt32(heap.count)
        heap._appendWithRoom(other.heap)
        offsets._appendWithRoom(other.offsets.dropFirst().lazy.map { $0 + shift })
    }

    /// Removes the identifiers of the rows marked in `removed`, in place.
    mutating func _removeRows(_ removed: [Bool]) {
        var bytes = 0, kept = 0
        for i in 0..<count where !removed[i] {
            let from = Int(offsets[i]), to = Int(offsets[i + 1])
            for b in from..<to { heap[bytes + b - from] = heap[b] }
            bytes += to - from
            kept += 1
            offsets[kept] = UInt32(bytes)
        }
        heap.removeLast(heap.count - bytes)
        offsets.removeLast(offsets.count - kept - 1)
    }

    func selecting(_ rows: [Int]) -> IdentifierColumn {
        var result = IdentifierColumn()
        for r in rows {
            result.heap += heap[Int(offsets[r])..<Int(offsets[r + 1])]
            result.offsets.append(UInt32(result.heap.count))
        }
        return result
    }
}

/// A table's columns by element type, so appending and selecting rows is written once for every table.
protocol _RowTable {
    init()
    var count: Int { get }
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] { get }
    static var byteColumns: [WritableKeyPath<Self, [UInt8]>] { get }
    static var doubleColumns: [WritableKeyPath<Self, [Double]>] { get }
    static var textColumns: [WritableKeyPath<Self, TextColumn>] { get }
    static var identifierColumns: [WritableKeyPath<Self, IdentifierColumn>] { get }
}

extension _RowTable {
    static var byteColumns: [WritableKeyPath<Self, [UInt8]>] { [] }
    static var doubleColumns: [WritableKeyPath<Self, [Double]>] { [] }
    static var textColumns: [WritableKeyPath<Self, TextColumn>] { [] }
    static var identifierColumns: [WritableKeyPath<Self, IdentifierColumn>] { [] }

    /// The table with `other`'s rows after its own (columns grown as `Array._appendWithRoom(_:)` does).
    mutating func append(_ other: Self) {
        for path in Self.int32Columns { self[keyPath: path]._appendWithRoom(other[keyPath: path]) }
        for path in Self.byteColumns { self[keyPath: path]._appendWithRoom(other[keyPath: path]) }
        for path in Self.doubleColumns { self[keyPath: path]._appendWithRoom(other[keyPath: path]) }
        for path in Self.textColumns { self[keyPath: path].append(other[keyPath: path]) }
        for path in Self.identifierColumns { self[keyPath: path].append(other[keyPath: path]) }
    }

    /// Makes room in every column for `rows` more rows without moving it.
    mutating func _reserveRoom(_ rows: Int) {
        for path in Self.int32Columns { self[keyPath: path]._reserveRoom(rows) }
        for path in Self.byteColumns { self[keyPath: path]._reserveRoom(rows) }
        for path in Self.doubleColumns { self[keyPath: path]._reserveRoom(rows) }
        for path in Self.textColumns { self[keyPath: path].codes._reserveRoom(rows) }
        for path in Self.identifierColumns {
            let n = count, bytesPerRow = n == 0 ? 16 : self[keyPath: path].heap.count / n + 1
            self[keyPath: path].heap._reserveRoom(rows * bytesPerRow)
            self[keyPath: path].offsets._reserveRoom(rows)
        }
    }

    /// The length of every column (codes for text, identifiers for ids); all equal in a well-formed table.
    var columnLengths: [Int] {
        Self.int32Columns.map { self[keyPath: $0].count } + Self.byteColumns.map { self[keyPath: $0].count }
            + Self.doubleColumns.map { self[keyPath: $0].count } + Self.textColumns.map { self[keyPath: $0].codes.count }
            + Self.identifierColumns.map { self[keyPath: $0].count }
    }

    /// Removes the rows marked in `removed`, the others moving up in place (no column is copied).
    mutating func _removeRows(_ removed: [Bool]) {
        for path in Self.int32Columns { self[keyPath: path]._removeRows(removed) }
        for path in Self.byteColumns { self[keyPath: path]._removeRows(removed) }
        for path in Self.doubleColumns { self[keyPath: path]._removeRows(removed) }
        for path in Self.textColumns { self[keyPath: path].codes._removeRows(removed) }
        for path in Self.identifierColumns { self[keyPath: path]._removeRows(removed) }
    }

    /// The rows `rows`, in that order.
    func selecting(_ rows: [Int]) -> Self {
        var table = Self()
        func pick<T>(_ path: WritableKeyPath<Self, [T]>) {
            let column = self[keyPath: path]
            table[keyPath: path] = rows.map { column[$0] }
        }
        for path in Self.int32Columns { pick(path) }
        for path in Self.byteColumns { pick(path) }
        for path in Self.doubleColumns { pick(path) }
        for path in Self.textColumns { table[keyPath: path] = self[keyPath: path].selecting(rows) }
        for path in Self.identifierColumns { table[keyPath: path] = self[keyPath: path].selecting(rows) }
        return table
    }
}

extension CaseTable: _RowTable {
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] {
        [\.provider, \.referralReceived, \.acknowledged, \.appointmentBooked, \.initialContact, \.appointmentMade,
         \.supportPeriodEnd, \.sustainmentEnd, \.withdrawn]
    }
    static var byteColumns: [WritableKeyPath<Self, [UInt8]>] { [\.assessmentType, \.apprentice] }
    static var textColumns: [WritableKeyPath<Self, TextColumn>] { [\.infoSource, \.withdrawalReason] }
    static var identifierColumns: [WritableKeyPath<Self, IdentifierColumn>] { [\.caseIDs] }
}

extension ReportTable: _RowTable {
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] { [\.caseRow, \.attempt, \.submitted, \.decided, \.prapRecorded] }
    static var byteColumns: [WritableKeyPath<Self, [UInt8]>] { [\.document, \.outcome, \.employmentConfirmed] }
}

extension ComplaintTable: _RowTable {
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] {
        [\.provider, \.received, \.caseRow, \.forwardedToDWP, \.referredToDWP, \.resolved]
    }
    static var byteColumns: [WritableKeyPath<Self, [UInt8]>] { [\.aboutDWP] }
    static var identifierColumns: [WritableKeyPath<Self, IdentifierColumn>] { [\.complaintIDs] }
}

extension CancellationTable: _RowTable {
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] {
        [\.caseRow, \.cancelled, \.rebooked, \.contactAttempts, \.appointmentsOffered]
    }
    static var byteColumns: [WritableKeyPath<Self, [UInt8]>] { [\.by] }
    static var textColumns: [WritableKeyPath<Self, TextColumn>] { [\.reason] }
}

extension RecommendationTable: _RowTable {
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] { [\.caseRow] }
    static var textColumns: [WritableKeyPath<Self, TextColumn>] { [\.solution] }
}

extension TypeChangeTable: _RowTable {
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] { [\.caseRow, \.changed] }
    static var byteColumns: [WritableKeyPath<Self, [UInt8]>] { [\.from, \.to] }
    static var textColumns: [WritableKeyPath<Self, TextColumn>] { [\.reason] }
}

extension SurveyTable: _RowTable {
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] { [\.provider, \.responded] }
    static var byteColumns: [WritableKeyPath<Self, [UInt8]>] { [\.satisfaction] }
    static var textColumns: [WritableKeyPath<Self, TextColumn>] { [\.comment, \.channel] }
}

extension WorkforceTable: _RowTable {
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] { [\.provider, \.quarterEnd] }
    static var doubleColumns: [WritableKeyPath<Self, [Double]>] { [\.fteTotal, \.fteDisabled] }
}

extension ReturnTable: _RowTable {
    static var int32Columns: [WritableKeyPath<Self, [Int32]>] { [\.provider, \.period, \.submitted] }
    static var byteColumns: [WritableKeyPath<Self, [UInt8]>] { [\.kind] }
}

/// Room kept for growth: an eighth of a column's rows.
@usableFromInline package let _growthShare = 8

/// The rows of room kept beside `count` rows: an eighth of them, and at least 64.
@inlinable
package func _growthRoom(_ count: Int) -> Int { count / _growthShare + 64 }

extension Array {
    /// Appends `elements`; when the storage is full, it grows to an eighth more than needed instead of doubling.
    ///
    /// Rule: a national column grows a month at a time (a 36-month dataset by about 3% a month); doubling it would
    /// double its memory, while an eighth's room takes about four monthly appends before the column moves again.
    @inlinable
    package mutating func _appendWithRoom<C: Collection<Element>>(_ elements: C) {
        let needed = count + elements.count
        if capacity < needed { reserveCapacity(needed + needed / _growthShare) }
        append(contentsOf: elements)
    }

    /// Removes the elements marked in `removed`, the others moving up in place.
    @inlinable
    package mutating func _removeRows(_ removed: [Bool]) {
        var kept = 0
        withUnsafeMutableBufferPointer { values in
            for i in values.indices where !removed[i] {
                values[kept] = values[i]
                kept += 1
            }
        }
        removeLast(count - kept)
    }

    /// Makes room for ``_growthRoom(_:)`` more elements.
    @inlinable
    package mutating func _reserveGrowthRoom() { _reserveRoom(_growthRoom(count)) }

    /// Makes room for `rows` more elements when there is less (a roomy array is left as it is, shared or not).
    @inlinable
    package mutating func _reserveRoom(_ rows: Int) {
        if capacity < count + rows { reserveCapacity(count + rows) }
    }
}
