import WorkingDays

/// A dictionary-encoded text column: one `Int32` code per row into a list of distinct values.
///
/// Rule: a missing cell has code `TextColumn.missing` (`Int32.min`); `values[code]` is the text otherwise.
public struct TextColumn: Sendable, Equatable {
    public static let missing: Int32 = _missing32
    public var codes: [Int32]
    public var values: [String]

    public init(codes: [Int32] = [], values: [String] = []) {
        self.codes = codes
        self.values = values
    }

    /// The text of row `row`, or `nil` when the cell was empty.
    public subscript(row: Int) -> String? {
        let code = codes[row]
        return code == Self.missing ? nil : values[Int(code)]
    }
}

/// Unique identifiers (case ids, complaint ids) stored back to back: 4 bytes of offset plus the id's bytes.
public struct IdentifierColumn: Sendable, Equatable {
    /// The identifiers' UTF-8 bytes, back to back.
    public var heap: [UInt8]
    /// `offsets[i] ..< offsets[i + 1]` is identifier `i` in `heap`.
    public var offsets: [UInt32]

    public init(heap: [UInt8] = [], offsets: [UInt32] = [0]) {
        self.heap = heap
        self.offsets = offsets
    }

    public var count: Int { offsets.count - 1 }

    /// Identifier `i` as a string.
    public subscript(i: Int) -> String {
        String(decoding: heap[Int(offsets[i])..<Int(offsets[i + 1])], as: UTF8.self)
    }

    /// The first row whose identifier an earlier row holds, or `nil` when every identifier is distinct.
    ///
    /// Rule: the ingest's ``_IdentifierIndex`` finds it (hash partitions on all cores, bytes compared only on
    /// equal hashes), without copying the identifiers into a string table.
    package func firstRepeatedRow() -> Int? {
        let hashes = heap.withUnsafeBytes { bytes in
            (0..<count).map { _ByteStringTable.hash(UnsafeRawBufferPointer(rebasing: bytes[Int(offsets[$0])..<Int(offsets[$0 + 1])])) }
        }
        return _IdentifierIndex.build(heap: heap, offsets: offsets.map(Int.init), hashes: hashes).duplicates.first?.row
    }

    /// A hash index from identifier to row (for joins and look-ups by id).
    public func makeIndex() -> IdentifierIndex {
        var table = _ByteStringTable(capacity: count)
        heap.withUnsafeBytes { bytes in
            for i in 0..<count {
                _ = table.intern(UnsafeRawBufferPointer(rebasing: bytes[Int(offsets[i])..<Int(offsets[i + 1])]))
            }
        }
        return IdentifierIndex(table: table)
    }
}

/// Looks up the row of an identifier in an ``IdentifierColumn``.
public struct IdentifierIndex: Sendable {
    package var table: _ByteStringTable

    /// The row holding `id`, or `nil`.
    public func row(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { table.code(of: UnsafeRawBufferPointer($0)).map(Int.init) }
    }
}

extension Array where Element == Int32 {
    /// The days of a date column; `nil` for missing cells.
    @inlinable public func day(_ row: Int) -> Day? {
        let raw = self[row]
        return raw == _missing32 ? nil : Day(rawValue: raw)
    }
}

/// The first index of `column` whose value lies outside `low...high` and is not `skipped` (`nil` when none; an
/// empty range, `high < low`, holds nothing).
///
/// Blocks of 1,024 values are first tested without a branch per value, which the compiler turns into vector
/// code; only a block with a stray value is searched one by one. A month's extract at national scale has
/// millions of dates to check, nearly always all valid; a loaded store's columns, nearly always well formed,
/// are checked the same way.
func _firstOutside<T: FixedWidthInteger>(_ column: [T], _ low: T, _ high: T, skipping skipped: T?) -> Int? {
    let skip = skipped ?? 0, skipMask: UInt8 = skipped == nil ? 0 : 1
    guard low <= high else { return column.firstIndex { skipMask == 0 || $0 != skip } }
    let span = T.Magnitude(truncatingIfNeeded: high &- low)
    /// 1 for a value outside the range that is not skipped: a subtraction and two comparisons, no branch.
    @inline(__always) func flag(_ v: T) -> UInt8 {
        let beyond: UInt8 = T.Magnitude(truncatingIfNeeded: v &- low) > span ? 1 : 0
        let isSkipped: UInt8 = v == skip ? skipMask : 0
        return beyond & ~isSkipped
    }
    return column.withUnsafeBufferPointer { values -> Int? in
        var start = 0
        while start < values.count {
            let end = min(start + 1024, values.count)
            var any: UInt8 = 0
            for i in start..<end { any |= flag(values[i]) }
            if any != 0 { return (start..<end).first { flag(values[$0]) != 0 } }
            start = end
        }
        return nil
    }
}

/// ``_firstOutside(_:_:_:skipping:)`` for the values `0 ..< count`: row numbers of a table with `count` rows, or
/// codes of a vocabulary of `count` words. With `count` 0 or less nothing is inside (every value but the
/// skipped one is outside); a `count` beyond `T`'s largest value takes in every value from 0 on.
///
/// Example: `_firstOutside([0, 2, 3] as [UInt8], below: 3, skipping: 255)` is 2.
func _firstOutside<T: FixedWidthInteger>(_ column: [T], below count: Int, skipping skipped: T?) -> Int? {
    count > 0 ? _firstOutside(column, 0, T(clamping: count - 1), skipping: skipped)
        : _firstOutside(column, 1, 0, skipping: skipped)
}
