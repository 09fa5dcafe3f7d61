import WorkingDays

/// Typed values of one column while a file is decoded.
package enum _ColumnValues: Sendable {
    /// Dates (day numbers), months, counts, references and text codes; `_missing32` when empty.
    case int32([Int32])
    /// Booleans (0, 1) and enumeration indexes; `_missing8` when empty.
    case uint8([UInt8])
    /// Decimals; NaN when empty.
    case double([Double])

    var count: Int {
        switch self {
        case .int32(let v): v.count
        case .uint8(let v): v.count
        case .double(let v): v.count
        }
    }

    func keeping(_ keep: [Bool]) -> _ColumnValues {
        switch self {
        case .int32(let v): .int32(v.indices.filter { keep[$0] }.map { v[$0] })
        case .uint8(let v): .uint8(v.indices.filter { keep[$0] }.map { v[$0] })
        case .double(let v): .double(v.indices.filter { keep[$0] }.map { v[$0] })
        }
    }
}

/// The value stored for a missing date, month, count, reference or text cell.
public let _missing32: Int32 = .min
/// The value stored for a missing boolean or enumeration cell.
public let _missing8: UInt8 = .max

/// What a file's summary keeps once its decoded table is let go (``_DecodedTable/outcome``).
package typealias _FileOutcome = (rowsRead: Int, rowsAccepted: Int, rejections: [Rejection])

/// A file decoded into typed columns (accepted rows only), before the table-specific rules run.
package struct _DecodedTable: Sendable {
    package var file: DatasetFile
    package var specs: [ColumnSpec]
    package var columns: [_ColumnValues]
    /// Dictionaries of the text and identifier columns (empty tables for the others).
    package var dictionaries: [_ByteStringTable]
    /// The physical line of each accepted row.
    package var lines: [Int32]
    package var rejections: [Rejection]
    package var rowsRead: Int
    /// Identifiers of rows rejected while decoding (so references to them can say so).
    package var rejectedIdentifiers = _ByteStringTable()
    /// The identifier column's values by decoded row, with their index; the identifier column's `Int32`
    /// values are those decoded rows (so after ``reject(_:)`` they say which identifiers remain).
    package var identifiers: _IdentifierIndex?

    package var rowCount: Int { lines.count }

    /// What the file's summary needs: rows read and accepted, and the rejections.
    package var outcome: _FileOutcome { (rowsRead, rowCount, rejections) }

    package func index(of name: String) -> Int {
        guard let i = specs.firstIndex(where: { $0.name == name }) else { preconditionFailure("no column \(name)") }
        return i
    }

    package func int32(_ name: String) -> [Int32] {
        guard case .int32(let v) = columns[index(of: name)] else { preconditionFailure("\(name) is not Int32") }
        return v
    }

    package func uint8(_ name: String) -> [UInt8] {
        guard case .uint8(let v) = columns[index(of: name)] else { preconditionFailure("\(name) is not UInt8") }
        return v
    }

    package func double(_ name: String) -> [Double] {
        guard case .double(let v) = columns[index(of: name)] else { preconditionFailure("\(name) is not Double") }
        return v
    }

    package func dictionary(_ name: String) -> _ByteStringTable { dictionaries[index(of: name)] }

    /// Rejects the rows in `problems` (the first problem of a row wins) and removes them from every column.
    /// Returns the new row of every old row, -1 for removed ones.
    @discardableResult
    package mutating func reject(_ problems: [_RowProblem]) -> [Int32] {
        var keep = [Bool](repeating: true, count: rowCount)
        for p in problems where keep[p.row] {
            keep[p.row] = false
            rejections.append(Rejection(file: file, line: Int(lines[p.row]), column: p.column, reason: p.reason))
        }
        var newRow = [Int32](repeating: -1, count: rowCount)
        var next: Int32 = 0
        for r in 0..<rowCount where keep[r] { newRow[r] = next; next += 1 }
        if problems.isEmpty { return newRow }
        rejections.sort { $0.line < $1.line }
        columns = columns.map { $0.keeping(keep) }
        lines = lines.indices.filter { keep[$0] }.map { lines[$0] }
        return newRow
    }
}

/// Column storage for one chunk's rows: one allocation per column, `capacity` values of the column's width.
package final class _ColumnStorage: @unchecked Sendable {
    // @unchecked: a chunk is filled by one worker; at the merge, each column is read and released by one worker.
    package private(set) var pointers: [UnsafeMutableRawPointer]
    package private(set) var capacity: Int
    private let widths: [Int]
    /// Per column: released by ``release(column:)`` (written by one worker per column, never resized).
    private let released: UnsafeMutableBufferPointer<Bool>

    package init(widths: [Int], capacity: Int) {
        self.widths = widths
        self.capacity = max(1, capacity)
        pointers = widths.map { [capacity = self.capacity] in UnsafeMutableRawPointer.allocate(byteCount: $0 * capacity, alignment: 8) }
        released = .allocate(capacity: max(1, widths.count))
        released.initialize(repeating: false)
    }

    /// Frees column `c` once the merge has copied it (the merge reads each column once), so a file's chunks and
    /// its merged columns are not all held at once.
    package func release(column c: Int) {
        guard !released[c] else { return }
        released[c] = true
        pointers[c].deallocate()
    }

    /// Doubles the capacity, keeping the first `count` values of every column.
    package func grow(keeping count: Int) {
        let larger = capacity * 2
        for c in pointers.indices {
            let fresh = UnsafeMutableRawPointer.allocate(byteCount: widths[c] * larger, alignment: 8)
            // SAFETY: both blocks hold at least count * width bytes; the old block is freed right after.
            fresh.copyMemory(from: pointers[c], byteCount: widths[c] * count)
            pointers[c].deallocate()
            pointers[c] = fresh
        }
        capacity = larger
    }

    deinit {
        for (c, p) in pointers.enumerated() where !released[c] { p.deallocate() }
        released.deallocate()
    }
}

/// One chunk's accepted rows before the merge.
package struct _DecodedChunk: Sendable {
    package var storage: _ColumnStorage
    package var rowCount: Int
    /// Chunk-local dictionaries of the text columns.
    package var dictionaries: [_ByteStringTable]
    /// The identifier column's bytes by row, and each one's hash.
    package var idHeap: [UInt8]
    package var idOffsets: [Int]
    package var idHashes: [UInt64]
    package var lines: [Int32]
    package var rejections: [Rejection]
    package var rowsRead: Int
    package var rejectedIdentifiers: _ByteStringTable
}

/// A rule broken by one decoded row.
package struct _RowProblem: Sendable {
    package var row: Int
    package var column: String
    package var reason: String
    package init(_ row: Int, _ column: String, _ reason: String) {
        self.row = row
        self.column = column
        self.reason = reason
    }
}

/// Looks up `case_id` values of the other files among the accepted cases.
package struct _CaseLookup: Sendable {
    /// Every case id accepted while decoding cases.csv, by decoded row.
    package var ids: _IdentifierIndex
    /// The accepted case row of each decoded row, or -1 when that case was rejected by a rule.
    package var rowOfCode: [Int32]
    /// Ids of case rows rejected while decoding.
    package var rejectedIDs: _ByteStringTable

    package static let empty = _CaseLookup(ids: .empty, rowOfCode: [], rejectedIDs: _ByteStringTable())
}
