import CaseData
import WorkingDays

struct _ReportChains: Sendable, _LaterAttemptLookup {
    let first: [Int32]
    let next: [Int32]
    let reports: ReportTable

    @inline(__always)
    func forEach(case c: Int, _ body: (Int) -> Void) {
        var r = first[c]
        while r >= 0 {
            body(Int(r))
            r = next[Int(r)]
        }
    }

    func submitted(caseRow: Int32, document: UInt8, attempt: Int32) -> Int32 {
        var r = first[Int(caseRow)]
        while r >= 0 {
            let i = Int(r)
            if reports.document[i] == document && reports.attempt[i] == attempt { return reports.submitted[i] }
            r = next[i]
        }
        return _missing32
    }
}

/// The per-case and per-report state a parallel pass writes (see ``LiveEvaluation/_withLiveState(_:)``).
struct _LiveState: @unchecked Sendable {
    // @unchecked: each worker writes only the elements of its own cases and their reports.
    let wakes: UnsafeMutableBufferPointer<Int32>
    let caseParts: UnsafeMutableBufferPointer<UInt8>
    let reportParts: UnsafeMutableBufferPointer<UInt8>
}

/// Moves items from their counts as of a prior day to their counts as of the current day, and lowers the wake
/// day of each item's row to the item's next change.
struct _LiveCounter: _ItemSink, @unchecked Sendable {
    // @unchecked: the wake pointers are written only for the rows of the worker that owns this sink
    // (see `LiveEvaluation._pass`).
    let plan: _EvaluationPlan
    /// The change of each counter (an item moves one count: a pass's change of a counter is at most its items).
    let counts: _CountBuffer
    var lost = 0
    /// The day whose counts the items leave, and the day whose counts they join (`Int32.min`: none).
    var prior: Int32 = .min
    let current: Int32
    let wake: UnsafeMutablePointer<Int32>?
    var complaintWake: UnsafeMutablePointer<Int32>?
    let reportCase: [Int32]
    /// The live parts of cases and reports (``LiveEvaluation/caseParts``), kept when wake days are set.
    var caseParts: UnsafeMutablePointer<UInt8>?
    var reportParts: UnsafeMutablePointer<UInt8>?
    /// Every item is evaluated, whatever its live parts say.
    var whole = true

    init(plan: _EvaluationPlan, size: Int, current: Int32, wake: UnsafeMutablePointer<Int32>?, reportCase: [Int32]) {
        self.plan = plan
        counts = _CountBuffer(count: size)
        self.current = current
        self.wake = wake
        self.reportCase = reportCase
    }

    /// The counter of `item` with status and attribution day `counted`: -1 when not counted, -2 when counted off
    /// the month axis.
    @inline(__always)
    func slot(_ item: _Item, _ counted: (status: ItemStatus, day: Int32)?) -> Int {
        guard let (status, attributed) = counted else { return -1 }
        return plan.slot(series: item.series, status: status, day: attributed) ?? -2
    }

    @inline(__always)
    mutating func parts(ofCase row: Int) -> UInt8 { take(caseParts, row) }

    @inline(__always)
    mutating func parts(ofReport row: Int) -> UInt8 { take(reportParts, row) }

    /// The parts of `row` to evaluate (all unless wake days are kept and the pass is not whole); its kept
    /// parts start again from none, and the evaluated items that stay open set theirs.
    @inline(__always)
    func take(_ kept: UnsafeMutablePointer<UInt8>?, _ row: Int) -> UInt8 {
        guard let kept else { return 0xFF }
        let parts = whole ? 0xFF : kept[row]
        kept[row] = 0
        return parts
    }

    @inline(__always)
    mutating func add(_ item: _Item) {
        let now = item.counted(asOf: current)
        let before = slot(item, item.counted(asOf: prior)), after = slot(item, now)
        if before != after {
            if before >= 0 { counts.add(before, -1) } else if before == -2 { lost -= 1 }
            if after >= 0 { counts.add(after, 1) } else if after == -2 { lost += 1 }
        }
        guard current != .min else { return }
        // Not counted as of a current day: not visible yet, which is its next change.
        let next = now.map { item.nextChange(after: current, status: $0.status) } ?? item.visible
        guard next != .max else { return }
        let row = Int(item.source.row)
        switch item.source.table {
        case .cases:
            if let wake { wake[row] = min(wake[row], next) }
            if let caseParts, item.part < 7 { caseParts[row] |= 1 << item.part }
        case .reports:
            let c = Int(reportCase[row])
            if let wake { wake[c] = min(wake[c], next) }
            if let caseParts { caseParts[c] |= 0x80 }
            if let reportParts { reportParts[row] |= 1 << min(item.part, 7) }
        case .complaints:
            if let complaintWake { complaintWake[row] = min(complaintWake[row], next) }
        case .returnPeriods:
            break
        }
    }
}

/// A set of rows as one bit per row, listed in ascending order.
struct _RowSet: Sendable {
    var words: [UInt64]

    init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) >> 6) }

    @inline(__always)
    mutating func insert(_ row: Int) { words[row >> 6] |= 1 << UInt64(row & 63) }

    @inline(__always)
    func contains(_ row: Int) -> Bool { words[row >> 6] & (1 << UInt64(row & 63)) != 0 }

    @inline(__always)
    mutating func remove(_ row: Int) { words[row >> 6] &= ~(1 << UInt64(row & 63)) }

    /// The distinct rows of `rows` (each below `count`), ascending: sorted when they are few, read off a set of
    /// `count` bits when they are many.
    static func distinct(_ rows: [Int], count: Int) -> [Int] {
        if rows.count < count >> 6 {
            var sorted = rows.sorted()
            var kept = 0
            for r in sorted.indices where kept == 0 || sorted[r] != sorted[kept - 1] {
                sorted[kept] = sorted[r]
                kept += 1
            }
            sorted.removeLast(sorted.count - kept)
            return sorted
        }
        var set = _RowSet(count: count)
        for r in rows { set.insert(r) }
        return set.rows
    }

    /// Room for rows up to `count`.
    mutating func grow(to count: Int) {
        words._appendWithRoom(repeatElement(0, count: max(0, (count + 63) >> 6 - words.count)))
    }

    /// The rows in the set, ascending.
    var rows: [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(words.reduce(0) { $0 + $1.nonzeroBitCount })
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                rows.append(w << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return rows
    }
}
