import CaseData
import WorkingDays

/// An evaluation kept up to date as days pass and data arrives, re-evaluating only the items that can change.
///
/// Rule: an item's status as of a day is a step function of that day, which steps only on the item's own
/// dates: its start, its end, a withdrawal, the day after its deadline, a share item's decision. So each case
/// (with its reports) and each complaint keeps the first day after the as-of day on which one of its items
/// can change, its *wake day*. Moving the as-of day to a later one re-evaluates only the rows whose wake day
/// has come; a correction or an addition re-evaluates only the rows it touches (a case with all its reports,
/// and the complaints that name it). A row whose data did not change as of the old day moves each item from
/// its counts as of the old day to its counts as of the new one, in one pass; a row whose data changed on or
/// before the old day (a correction, a late report) is taken off as it was and put back as it is. So the
/// month counts always equal those of a full ``KPIEvaluation`` of ``dataset`` as of ``asOf``, which the tests
/// check over many random sequences of updates. Within a woken case only the items that can still change are
/// evaluated: met and missed items are final until their data change. MI returns and workforce rows
/// (a few per provider and month) are counted afresh on every update. Windows come from the counts as
/// before (``KPIReport``). An earlier as-of day, or rows for a file that was absent, start again from a
/// full evaluation. The forecast's pipeline is not kept: ``evaluation`` has none.
///
/// ```swift
/// var live = LiveEvaluation(dataset: store, catalog: .builtIn, asOf: Day("2026-05-14")!)
/// live.advance(to: Day("2026-05-15")!)                          // tomorrow: only the items due or done today
/// try live.correct([.caseDate(caseRow: 41, field: .acknowledged, day: Day("2026-05-12"))])
/// try live.append(june, asOf: Day("2026-06-30")!)                // next month's extract
/// let report = KPIReport(live.evaluation)
/// ```
public struct LiveEvaluation: Sendable {
    public private(set) var dataset: Dataset
    public let catalog: ContractCatalog
    public private(set) var asOf: Day
    let layout: _SeriesLayout
    /// The working-day and calendar-month tables every plan of this evaluation uses (made once).
    let deadlines: _DeadlineTable
    var monthCount: Int
    /// Counts of the provider series from cases, reports and complaints, in the layout of ``MonthCounts``.
    var itemCounts: [Int64]
    var itemsLost: Int
    /// Counts from MI returns and workforce rows, made afresh on every update.
    var fewCounts: [Double]
    var fewLost: Int
    /// Per case (with its reports) and per complaint: the first day after ``asOf`` on which one of its items
    /// can change (`Int32.max`: never).
    var caseWake: [Int32]
    /// Per block of 64 cases, a day on or before every wake day in the block, so that finding the woken cases
    /// skips the blocks with none (most of a national dataset: closed cases never wake).
    var caseWakeFloor: [Int32]
    var complaintWake: [Int32]
    /// Per case, which of its items can still change (bit k: its contract's k-th case KPI, k < 7; bit 7: one of
    /// its reports' items), and per report, which of its items (bit k: k-th report KPI, 7 also for later ones).
    /// A woken case re-evaluates only these: the others are final until their data change.
    var caseParts: [UInt8]
    var reportParts: [UInt8]
    /// Each case's reports as a chain: the case's last report, then each report's previous one (-1 ends).
    var firstReport: [Int32]
    var nextReport: [Int32]
    /// Complaints naming each case, and the cases that some complaint names.
    var complaintsOfCase: [Int32: [Int32]]
    var namedCases: _RowSet
    /// The first submission date of each document a case KPI ends with, per case.
    var firstSubmitted: [[Int32]]

    /// Evaluates every item as of `asOf` (one pass on all cores, like ``KPIEvaluation``) and keeps what the
    /// updates need.
    ///
    /// The dataset's columns get room for an eighth more rows (see the article "Live evaluation"),
    /// so appends copy no column until that room is used. Pass a dataset you no longer hold: a column that
    /// needs room and is shared with the caller is copied.
    public init(dataset data: consuming Dataset, catalog: ContractCatalog, asOf: Day) {
        data._reserveRoom()
        self.dataset = data
        let dataset = self.dataset
        self.catalog = catalog
        self.asOf = asOf
        layout = _SeriesLayout(dataset: dataset, catalog: catalog)
        monthCount = layout.monthCount(asOf: asOf)
        let plan = layout.plan(dataset: dataset, monthCount: monthCount, asOf: asOf)
        deadlines = plan.deadlines
        let caseCount = dataset.cases.count
        firstSubmitted = plan.firstSubmissions(dataset.reports, caseCount: caseCount)
        firstReport = [Int32](repeating: -1, count: caseCount)
        nextReport = [Int32](repeating: -1, count: dataset.reports.count)
        Self.link(0..<dataset.reports.count, caseRow: dataset.reports.caseRow, first: &firstReport, next: &nextReport)
        var linked: [Int32: [Int32]] = [:]
        namedCases = _RowSet(count: caseCount)
        for (i, c) in dataset.complaints.caseRow.enumerated() where c != _missing32 {
            linked[c, default: []].append(Int32(i))
            namedCases.insert(Int(c))
        }
        complaintsOfCase = linked
        caseWake = [Int32](repeating: .max, count: caseCount)
        caseWakeFloor = [Int32](repeating: .max, count: (caseCount + 63) >> 6)
        caseWakeFloor._reserveGrowthRoom()
        for d in firstSubmitted.indices { firstSubmitted[d]._reserveGrowthRoom() }
        firstReport._reserveGrowthRoom()
        nextReport._reserveGrowthRoom()
        caseWake._reserveGrowthRoom()
        complaintWake = [Int32](repeating: .max, count: dataset.complaints.count)
        caseParts = [UInt8](repeating: 0, count: caseCount)
        reportParts = [UInt8](repeating: 0, count: dataset.reports.count)
        caseParts._reserveGrowthRoom()
        reportParts._reserveGrowthRoom()
        itemCounts = [Int64](repeating: 0, count: layout.providerSeriesCount * 4 * monthCount)
        itemsLost = 0
        fewCounts = []
        fewLost = 0
        _pass([_PassRows(rows: .range(0..<caseCount), prior: .min, whole: true)], current: asOf.rawValue,
              complaints: Array(0..<dataset.complaints.count), complaintPrior: .min, plan: plan)
        _lowerWakeFloors(0..<caseCount)
        (fewCounts, fewLost) = _fewCounts(plan)
    }

    /// The evaluation as of ``asOf``: the counts of every series, pools summed (no pipeline).
    public var evaluation: KPIEvaluation {
        let providerCounts = (0..<itemCounts.count).map { Double(itemCounts[$0]) + fewCounts[$0] }
        return KPIEvaluation(layout: layout, asOf: asOf, providerCounts: providerCounts, monthCount: monthCount,
                             unattributed: itemsLost + fewLost, pipeline: nil)
    }

    /// Moves the as-of day to `day`: re-evaluates the rows whose wake day is `day` or earlier.
    ///
    /// Rule: a later month extends the month axis first (no count moves: nothing measured lies beyond the
    /// pending horizon); an earlier day starts again from a full evaluation.
    public mutating func advance(to day: Day) {
        guard day != asOf else { return }
        guard day > asOf else {
            self = LiveEvaluation(dataset: _takeDataset(), catalog: catalog, asOf: day)
            return
        }
        _update(to: day, changed: [], complaints: []) { _ in }
    }

    /// Applies late or corrected events, re-evaluating only the cases (with their reports) and complaints they
    /// touch. Every correction is checked first; one that points nowhere refuses the whole list.
    public mutating func correct(_ corrections: [DataCorrection]) throws(DatasetError) {
        for (i, correction) in corrections.enumerated() { try correction.check(in: dataset, index: i) }
        var cases: [Int] = [], complaints: [Int] = []
        for correction in corrections {
            if let c = correction.caseRow(in: dataset) { cases.append(c) }
            if case .complaintForwarded(let row, _) = correction { complaints.append(row) }
        }
        // Corrections touch no MI return or workforce row and keep the as-of day: those counts stand.
        _update(to: asOf, changed: cases, complaints: complaints, resubmitted: cases, refreshFew: false) { dataset in
            for correction in corrections { correction.apply(to: &dataset) }
        }
    }

    /// Appends a new extract's rows and moves the as-of day to `day` (at least the current one).
    ///
    /// Rule: the new rows are evaluated, and so are the existing cases that get a new report (their first
    /// submission or a rework's next attempt may change) and the rows whose wake day has come. Rows for a file
    /// that was absent when the dataset was loaded make it present and start again from a full evaluation, as
    /// does an earlier `day`.
    public mutating func append(_ addition: DatasetAddition, asOf day: Day) throws(DatasetError) {
        try dataset._check(addition)
        let tables: [(DatasetFile, Int)] = [
            (.reports, addition.reports.count), (.complaints, addition.complaints.count),
            (.cancellations, addition.cancellations.count), (.recommendations, addition.recommendations.count),
            (.typeChanges, addition.typeChanges.count), (.survey, addition.survey.count),
            (.workforce, addition.workforce.count), (.returns, addition.returns.count),
        ]
        let newlyPresent = tables.filter { $0.1 > 0 && !dataset.isPresent($0.0) }.map(\.0)
        if !newlyPresent.isEmpty || day < asOf {
            var data = _takeDataset()
            data._appendChecked(addition)
            for i in data.summaries.indices where newlyPresent.contains(data.summaries[i].file) {
                data.summaries[i].present = true
            }
            self = LiveEvaluation(dataset: data, catalog: catalog, asOf: day)
            return
        }
        let oldCases = dataset.cases.count, oldComplaints = dataset.complaints.count
        // A new report's case is evaluated again; its first submission needs no walk (see `_update`). Reports
        // submitted after the current as-of day change nothing as of it, so their cases take one pass.
        var late: [Int] = [], later: [Int] = []
        let reports = addition.reports
        for r in 0..<reports.count where Int(reports.caseRow[r]) < oldCases {
            if reports.submitted[r] > asOf.rawValue { later.append(Int(reports.caseRow[r])) } else { late.append(Int(reports.caseRow[r])) }
        }
        _update(to: day, changed: late, extended: later, complaints: [],
                newCases: oldCases..<(oldCases + addition.cases.count),
                newComplaints: oldComplaints..<(oldComplaints + addition.complaints.count)) { dataset in
            dataset._appendChecked(addition)
        }
    }
}

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
