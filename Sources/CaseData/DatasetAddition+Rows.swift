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
