import CaseData
import WorkingDays
import _ATWUtilities

extension LiveEvaluation {
    /// Which cases a pass evaluates.
    enum _Rows {
        case range(Range<Int>)
        case list([Int])

        var count: Int {
            switch self {
            case .range(let r): r.count
            case .list(let l): l.count
            }
        }
    }

    /// Links the reports `rows` into their cases' chains (see ``firstReport``): each becomes its case's first,
    /// pointing at the one before. `next` already holds a place for every row.
    static func link(_ rows: Range<Int>, caseRow: [Int32], first: inout [Int32], next: inout [Int32]) {
        for r in rows {
            let c = Int(caseRow[r])
            next[r] = first[c]
            first[c] = Int32(r)
        }
    }

    /// The one update path. Rows whose data change (`changed`: corrected, or given reports dated on or before
    /// the current as-of day) are taken off the counts as they stand, the data change, and they are put back
    /// as they now are. Every other row to re-evaluate (woken by the new day, or given only reports dated after
    /// the current as-of day, which change nothing as of it: `extended`) takes one pass that moves each of
    /// its items from its status as of the old day to its status as of the new one. `newCases` and
    /// `newComplaints` are counted once. `resubmitted` cases may have changed report dates: their first
    /// submissions are walked again; appended reports lower their case's first submission directly.
    mutating func _update(to day: Day, changed: [Int], extended: [Int] = [], complaints touchedComplaints: [Int],
                          resubmitted: [Int] = [], newCases: Range<Int> = 0..<0, newComplaints: Range<Int> = 0..<0,
                          refreshFew: Bool = true, change: (inout Dataset) -> Void) {
        // A later month extends the axis before anything is taken off.
        let newMonthCount = layout.monthCount(asOf: day)
        if newMonthCount != monthCount {
            itemCounts = Self.relayout(itemCounts, from: monthCount, to: newMonthCount)
            monthCount = newMonthCount
        }
        // One plan serves every pass: providers, present files and the month axis stay as they are (the
        // updates that change them start again in full).
        var plan = layout.plan(dataset: dataset, monthCount: monthCount, asOf: asOf, deadlines: deadlines)
        let changedRows = _RowSet.distinct(changed, count: caseWake.count)
        var movedRows: [Int] = []
        if day > asOf || !extended.isEmpty {
            var moved = _RowSet(count: caseWake.count)
            if day > asOf { Self.insertDue(caseWake, floors: &caseWakeFloor, by: day.rawValue, into: &moved) }
            for c in extended { moved.insert(c) }
            for c in changedRows { moved.remove(c) }
            movedRows = moved.rows
        }
        // Complaints (few) always take two passes: touched, woken, and those naming a changed case.
        var complaintSet = _RowSet(count: complaintWake.count)
        for i in touchedComplaints { complaintSet.insert(i) }
        for c in changedRows where namedCases.contains(c) {
            for i in complaintsOfCase[Int32(c), default: []] { complaintSet.insert(Int(i)) }
        }
        if day > asOf {
            // No floors are kept for the few complaints: every block is scanned.
            var floors = [Int32](repeating: .min, count: complaintSet.words.count)
            Self.insertDue(complaintWake, floors: &floors, by: day.rawValue, into: &complaintSet)
        }
        var complaints = complaintSet.rows

        _pass([_PassRows(rows: .list(changedRows), prior: asOf.rawValue, whole: true)], current: .min,
              complaints: complaints, complaintPrior: asOf.rawValue, plan: plan)
        let oldReports = dataset.reports.count, oldAsOf = asOf.rawValue
        change(&dataset)
        asOf = day
        _extend(newCases: newCases, newComplaints: newComplaints, newReports: oldReports..<dataset.reports.count)
        complaints += newComplaints
        _refreshFirstSubmitted(resubmitted)

        plan.asOf = day.rawValue
        _pass([_PassRows(rows: .list(movedRows), prior: oldAsOf, whole: false),
               _PassRows(rows: .list(changedRows + newCases), prior: .min, whole: true)],
              current: day.rawValue, complaints: complaints, complaintPrior: .min, plan: plan)
        _lowerWakeFloors(movedRows)
        _lowerWakeFloors(changedRows)
        _lowerWakeFloors(newCases)
        if refreshFew { (fewCounts, fewLost) = _fewCounts(plan) }
    }

    /// Extends the per-row state to appended cases, complaints and reports: wake days (set by the pass that
    /// follows), report chains, complaint links, and first submissions (an appended report can only lower its
    /// case's first submission of its document).
    mutating func _extend(newCases: Range<Int>, newComplaints: Range<Int>, newReports: Range<Int>) {
        let caseCount = dataset.cases.count
        if !newCases.isEmpty {
            firstReport._appendWithRoom(repeatElement(-1, count: caseCount - firstReport.count))
            for d in firstSubmitted.indices where !firstSubmitted[d].isEmpty {
                firstSubmitted[d]._appendWithRoom(repeatElement(_missing32, count: caseCount - firstSubmitted[d].count))
            }
            caseWake._appendWithRoom(repeatElement(.max, count: caseCount - caseWake.count))
            caseWakeFloor._appendWithRoom(repeatElement(.max, count: (caseCount + 63) >> 6 - caseWakeFloor.count))
            caseParts._appendWithRoom(repeatElement(0, count: caseCount - caseParts.count))
            namedCases.grow(to: caseCount)
        }
        if !newReports.isEmpty {
            nextReport._appendWithRoom(repeatElement(-1, count: newReports.count))
            // A new report's items are all to be evaluated, and its case walks its reports again.
            reportParts._appendWithRoom(repeatElement(0xFF, count: newReports.count))
            for r in newReports { caseParts[Int(dataset.reports.caseRow[r])] |= 0x80 }
            Self.link(newReports, caseRow: dataset.reports.caseRow, first: &firstReport, next: &nextReport)
            _EvaluationPlan.lowerFirstSubmissions(&firstSubmitted, dataset.reports, rows: newReports)
        }
        if !newComplaints.isEmpty {
            complaintWake._appendWithRoom(repeatElement(.max, count: dataset.complaints.count - complaintWake.count))
            for i in newComplaints where dataset.complaints.caseRow[i] != _missing32 {
                let c = dataset.complaints.caseRow[i]
                complaintsOfCase[c, default: []].append(Int32(i))
                namedCases.insert(Int(c))
            }
        }
    }

    /// The dataset, leaving an empty one in its place (so that a new evaluation holds the only copy).
    mutating func _takeDataset() -> Dataset {
        var taken = Dataset()
        swap(&taken, &dataset)
        return taken
    }

    /// Recomputes the first submission dates of `cases` from their report chains.
    mutating func _refreshFirstSubmitted(_ cases: [Int]) {
        let reports = dataset.reports, chains = _ReportChains(first: firstReport, next: nextReport, reports: reports)
        for d in firstSubmitted.indices where !firstSubmitted[d].isEmpty {
            for c in cases {
                var first = _missing32
                chains.forEach(case: c) { r in
                    let day = reports.submitted[r]
                    if Int(reports.document[r]) == d && (first == _missing32 || day < first) { first = day }
                }
                firstSubmitted[d][c] = first
            }
        }
    }

    /// Rows a pass evaluates, the as-of day whose counts they take off (`Int32.min`: none), and whether all
    /// their items are evaluated (`whole`) or only those that can still change (``caseParts``).
    struct _PassRows {
        var rows: _Rows
        var prior: Int32
        var whole: Bool
    }

    /// Moves every item of the cases in `parts` (with their reports) and of `complaints` from its counts as of
    /// the part's prior day to its counts as of `current` (`Int32.min`: only taken off), and sets their wake
    /// days when there is a current day: adds the change to ``itemCounts`` and ``itemsLost``. Large lists run on
    /// all cores; a pass with no rows costs nothing.
    mutating func _pass(_ parts: [_PassRows], current: Int32, complaints: [Int], complaintPrior: Int32,
                        plan: _EvaluationPlan) {
        let size = layout.providerSeriesCount * 4 * monthCount
        let rowCount = parts.reduce(0) { $0 + $1.rows.count }
        let workers = rowCount >= 20_000 ? _workerCount : 1
        let dataset = dataset, chains = _ReportChains(first: firstReport, next: nextReport, reports: dataset.reports)
        let firstSubmitted = firstSubmitted
        let settingWake = current != .min
        var plan = plan
        // Items not yet visible matter too: their visibility is their next change.
        if settingWake { plan.horizon = .max }
        let loopPlan = plan
        let results = rowCount == 0 ? [] : _withLiveState { state in
            _parallelMap(workers) { w -> (_CountBuffer, Int) in
                let wakes = state.wakes, caseParts = state.caseParts, reportParts = state.reportParts
                var sink = _LiveCounter(plan: loopPlan, size: size, current: current,
                                        wake: settingWake ? wakes.baseAddress : nil, reportCase: dataset.reports.caseRow)
                if settingWake { (sink.caseParts, sink.reportParts) = (caseParts.baseAddress, reportParts.baseAddress) }
                func run<Rows: Collection<Int>>(_ rows: Rows) {
                    var reportRows: [Int] = []
                    for c in rows {
                        if sink.whole || caseParts[c] & 0x80 != 0 {
                            chains.forEach(case: c) { r in if sink.whole || reportParts[r] != 0 { reportRows.append(r) } }
                        }
                        if settingWake { wakes[c] = .max }
                    }
                    loopPlan.countCases(dataset, firstSubmitted, rows, &sink)
                    loopPlan.countReports(dataset, chains, reportRows, &sink)
                }
                for part in parts {
                    sink.prior = part.prior
                    sink.whole = part.whole || !settingWake
                    let n = part.rows.count
                    let share = (n * w / workers)..<(n * (w + 1) / workers)
                    switch part.rows {
                    case .range(let r): run(r[(r.lowerBound + share.lowerBound)..<(r.lowerBound + share.upperBound)])
                    case .list(let l): run(l[share])
                    }
                }
                return (sink.counts, sink.lost)
            }
        }
        for (counts, lost) in results {
            counts.add(into: &itemCounts)
            itemsLost += lost
        }
        guard !complaints.isEmpty else { return }
        // Complaints: few, on one core.
        let (counts, lost) = complaintWake.withUnsafeMutableBufferPointer { wakes in
            var sink = _LiveCounter(plan: loopPlan, size: size, current: current, wake: nil, reportCase: [])
            sink.prior = complaintPrior
            if settingWake {
                sink.complaintWake = wakes.baseAddress
                for i in complaints { wakes[i] = .max }
            }
            loopPlan.countComplaints(dataset, complaints, &sink)
            return (sink.counts, sink.lost)
        }
        counts.add(into: &itemCounts)
        itemsLost += lost
    }

    /// Calls `body` with the case wake days and the live parts of cases and reports, for a parallel pass.
    ///
    /// SAFETY: the pointers are valid only inside `body` (each array is borrowed by a nested
    /// `withUnsafeMutableBufferPointer` that returns after it). A pass writes the state of a case only from the
    /// worker whose share holds the case, and of a report only from the worker of its case (a case's reports
    /// are evaluated with it), so no two workers write the same element.
    mutating func _withLiveState<R>(_ body: (_LiveState) -> R) -> R {
        // The arrays are taken out of `self` for the duration, so that no closure below reaches into `self`.
        var wakes: [Int32] = [], cases: [UInt8] = [], reports: [UInt8] = []
        swap(&wakes, &caseWake)
        swap(&cases, &caseParts)
        swap(&reports, &reportParts)
        defer {
            swap(&wakes, &caseWake)
            swap(&cases, &caseParts)
            swap(&reports, &reportParts)
        }
        return wakes.withUnsafeMutableBufferPointer { wakes in
            cases.withUnsafeMutableBufferPointer { cases in
                reports.withUnsafeMutableBufferPointer { reports in
                    body(_LiveState(wakes: wakes, caseParts: cases, reportParts: reports))
                }
            }
        }
    }

    /// The counts of MI returns and workforce rows as `plan` sees them.
    func _fewCounts(_ plan: _EvaluationPlan) -> ([Double], Int) {
        let size = layout.providerSeriesCount * 4 * monthCount
        var counter = _MonthCounter(plan: plan, size: size)
        plan.countReturns(dataset, &counter)
        var values = counter.counts.doubles
        var workforce = plan
        workforce.unattributed = 0
        workforce.countWorkforce(dataset, &values)
        return (values, counter.lost + workforce.unattributed)
    }

    /// Lowers the wake floor of each block holding one of `rows` to the row's wake day.
    mutating func _lowerWakeFloors<Rows: Sequence<Int>>(_ rows: Rows) {
        for c in rows {
            let b = c >> 6
            if caseWake[c] < caseWakeFloor[b] { caseWakeFloor[b] = caseWake[c] }
        }
    }

    /// Adds the rows whose wake day is `day` or earlier to `rows`, skipping the blocks of 64 whose floor is later,
    /// on all cores (each worker owns whole blocks). A scanned block's floor becomes the least of its wake days
    /// after `day`; the woken rows lower it again once evaluated (``_lowerWakeFloors(_:)``).
    static func insertDue(_ wake: [Int32], floors: inout [Int32], by day: Int32, into rows: inout _RowSet) {
        let words = rows.words.count
        let workers = words >= 1 << 14 ? _workerCount : 1
        rows.words.withUnsafeMutableBufferPointer { bits in
            floors.withUnsafeMutableBufferPointer { floors in
                // SAFETY: worker w writes only words and floors (words * w / workers) ..< (words * (w + 1) / workers)
                // (one floor per word), and the buffers outlive the parallel loop.
                nonisolated(unsafe) let bits = bits, floors = floors
                _ = wake.withUnsafeBufferPointer { wake in
                    // SAFETY: only read, and outlives the parallel loop.
                    nonisolated(unsafe) let wake = wake
                    return _parallelMap(workers) { w in
                        for word in (words * w / workers)..<(words * (w + 1) / workers) where floors[word] <= day {
                            var set: UInt64 = 0, floor = Int32.max
                            let base = word << 6
                            for i in 0..<min(64, wake.count - base) {
                                let due = wake[base + i] <= day
                                set |= (due ? 1 : 0) << UInt64(i)
                                floor = min(floor, due ? .max : wake[base + i])
                            }
                            bits[word] |= set
                            floors[word] = floor
                        }
                    }
                }
            }
        }
    }

    /// Counts laid out for a longer month axis: each (series, status) block keeps its months and gains zeros.
    static func relayout(_ counts: [Int64], from old: Int, to new: Int) -> [Int64] {
        let blocks = old == 0 ? 0 : counts.count / old, kept = min(old, new)
        var result = [Int64](repeating: 0, count: blocks * new)
        result.withUnsafeMutableBufferPointer { result in
            for b in 0..<blocks {
                _ = UnsafeMutableBufferPointer(rebasing: result[(b * new)..<(b * new + kept)])
                    .update(fromContentsOf: counts[(b * old)..<(b * old + kept)])
            }
        }
        return result
    }
}

/// The reports of each case, by chain (``LiveEvaluation/firstReport``): the rework look-up of the live path.
