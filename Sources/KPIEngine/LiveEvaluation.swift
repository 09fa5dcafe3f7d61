import CaseData
import WorkingDays

/// An evaluation kept up to date as days pass and data arrives, re-evaluating only the items that can change.
///
/// Rule: an item's status as of a day is a step function of that day, which steps only on the item's own
/// dates: its start, its end, a withdrawal, the day after its deadline, a report's submission or decision.
/// So each case (with its reports) and each complaint keeps the first such date after the as-of day, its
/// *wake day*. Moving the as-of day to a later one re-evaluates only the rows whose wake day has come;
/// a correction or an addition re-evaluates only the rows it touches (a case with all its reports, and the
/// complaints that name it). A re-evaluated row's items are taken off the counts as they were and put back
/// as they are now, so the month counts always equal those of a full ``KPIEvaluation`` of ``dataset`` as of
/// ``asOf``, which the tests check over many random sequences of updates. MI returns and workforce rows
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
    var complaintWake: [Int32]
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
        for d in firstSubmitted.indices { firstSubmitted[d]._reserveGrowthRoom() }
        firstReport._reserveGrowthRoom()
        nextReport._reserveGrowthRoom()
        caseWake._reserveGrowthRoom()
        complaintWake = [Int32](repeating: .max, count: dataset.complaints.count)
        itemCounts = [Int64](repeating: 0, count: layout.providerSeriesCount * 4 * monthCount)
        itemsLost = 0
        fewCounts = []
        fewLost = 0
        let pass = _pass(cases: .range(0..<caseCount), complaints: Array(0..<dataset.complaints.count), plan: plan,
                         sign: 1, settingWake: true)
        itemCounts = pass.counts
        itemsLost = pass.lost
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
        _update(to: day, cases: [], complaints: []) { _ in }
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
        _update(to: asOf, cases: cases, complaints: complaints, resubmitted: cases, refreshFew: false) { dataset in
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
        let existing = addition.reports.caseRow.lazy.filter { Int($0) < oldCases }.map(Int.init)
        // A new report's case is evaluated again; its first submission needs no walk (see `_update`).
        _update(to: day, cases: Array(existing), complaints: [],
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

    /// The one update path: takes the touched and woken rows off the counts as they stand, changes the data,
    /// moves the as-of day, and puts the rows (with `newCases` and `newComplaints`) back as they now are.
    /// `resubmitted` cases may have changed report dates: their first submissions are walked again; appended
    /// reports lower their case's first submission directly.
    mutating func _update(to day: Day, cases touched: [Int], complaints touchedComplaints: [Int], resubmitted: [Int] = [],
                          newCases: Range<Int> = 0..<0, newComplaints: Range<Int> = 0..<0, refreshFew: Bool = true,
                          change: (inout Dataset) -> Void) {
        // A later month extends the axis before anything is taken off.
        let newMonthCount = layout.monthCount(asOf: day)
        if newMonthCount != monthCount {
            itemCounts = Self.relayout(itemCounts, from: monthCount, to: newMonthCount)
            monthCount = newMonthCount
        }
        // One plan serves both passes: providers, present files and the month axis stay as they are (the
        // updates that change them start again in full); only its as-of day moves.
        var plan = layout.plan(dataset: dataset, monthCount: monthCount, asOf: asOf)
        // Rows to re-evaluate: touched, woken by the new day, and complaints naming one of those cases.
        var rowSet = _RowSet(count: caseWake.count)
        for c in touched { rowSet.insert(c) }
        if day > asOf { Self.insertDue(caseWake, by: day.rawValue, into: &rowSet) }
        var cases = rowSet.rows
        var complaintSet = _RowSet(count: complaintWake.count)
        for i in touchedComplaints { complaintSet.insert(i) }
        for c in cases where namedCases.contains(c) { for i in complaintsOfCase[Int32(c), default: []] { complaintSet.insert(Int(i)) } }
        if day > asOf { Self.insertDue(complaintWake, by: day.rawValue, into: &complaintSet) }
        var complaints = complaintSet.rows

        let before = _pass(cases: .list(cases), complaints: complaints, plan: plan, sign: -1, settingWake: false)
        let oldReports = dataset.reports.count
        change(&dataset)
        asOf = day
        _extend(newCases: newCases, newComplaints: newComplaints, newReports: oldReports..<dataset.reports.count)
        cases += newCases
        complaints += newComplaints
        _refreshFirstSubmitted(resubmitted)

        plan.asOf = day.rawValue
        let after = _pass(cases: .list(cases), complaints: complaints, plan: plan, sign: 1, settingWake: true)
        for i in itemCounts.indices { itemCounts[i] += before.counts[i] + after.counts[i] }
        itemsLost += before.lost + after.lost
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
            namedCases.grow(to: caseCount)
        }
        if !newReports.isEmpty {
            nextReport._appendWithRoom(repeatElement(-1, count: newReports.count))
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

    /// Counts (times `sign`) every item of `cases` (with their reports) and `complaints` as `plan` sees them;
    /// with `settingWake`, also sets their wake days. Large lists run on all cores.
    mutating func _pass(cases: _Rows, complaints: [Int], plan: _EvaluationPlan, sign: Int64,
                        settingWake: Bool) -> (counts: [Int64], lost: Int) {
        let size = layout.providerSeriesCount * 4 * monthCount
        let workers = cases.count >= 20_000 ? _workerCount : 1
        let dataset = dataset, chains = _ReportChains(first: firstReport, next: nextReport, reports: dataset.reports)
        let firstSubmitted = firstSubmitted
        let asOf = plan.asOf
        let results = caseWake.withUnsafeMutableBufferPointer { wakes in
            // SAFETY: worker w writes the wake days of its own cases only (a case is in one worker's share),
            // and the buffer outlives the parallel loop.
            nonisolated(unsafe) let wakes = wakes
            return _parallelMap(workers) { w -> ([Int64], Int) in
                let n = cases.count
                let share = (n * w / workers)..<(n * (w + 1) / workers)
                var sink = _LiveCounter(plan: plan, size: size, sign: sign,
                                        wake: settingWake ? wakes.baseAddress : nil, reportCase: dataset.reports.caseRow)
                func run<Rows: Collection<Int>>(_ rows: Rows) {
                    var reportRows: [Int] = []
                    for c in rows {
                        chains.forEach(case: c) { reportRows.append($0) }
                        if settingWake { wakes[c] = Self.dateWake(case: c, dataset: dataset, chains: chains, plan: plan, after: asOf) }
                    }
                    plan.countCases(dataset, firstSubmitted, rows, &sink)
                    plan.countReports(dataset, chains, reportRows, &sink)
                }
                switch cases {
                case .range(let r): run(r[(r.lowerBound + share.lowerBound)..<(r.lowerBound + share.upperBound)])
                case .list(let l): run(l[share])
                }
                return (sink.counts, sink.lost)
            }
        }
        var counts = results[0].0, lost = results[0].1
        for part in results.dropFirst() {
            for i in counts.indices { counts[i] += part.0[i] }
            lost += part.1
        }
        // Complaints: few, on one core.
        complaintWake.withUnsafeMutableBufferPointer { wakes in
            var sink = _LiveCounter(plan: plan, size: 0, sign: sign, wake: nil, reportCase: [])
            sink.counts = counts
            sink.complaintWake = settingWake ? wakes.baseAddress : nil
            if settingWake {
                let c = dataset.complaints, withdrawn = dataset.cases.withdrawn
                for i in complaints {
                    let linked = c.caseRow[i] == _missing32 ? _missing32 : withdrawn[Int(c.caseRow[i])]
                    wakes[i] = plan.contractIndex[Int(c.provider[i])] < 0 ? .max
                        : Self.firstAfter(asOf, c.received[i], c.forwardedToDWP[i], linked)
                }
            }
            plan.countComplaints(dataset, complaints, &sink)
            counts = sink.counts
            lost += sink.lost
        }
        return (counts, lost)
    }

    /// The counts of MI returns and workforce rows as `plan` sees them.
    func _fewCounts(_ plan: _EvaluationPlan) -> ([Double], Int) {
        let size = layout.providerSeriesCount * 4 * monthCount
        var counter = _MonthCounter(plan: plan, size: size)
        plan.countReturns(dataset, &counter)
        var values = (0..<size).map { Double(counter.counts[$0]) }
        var workforce = plan
        workforce.unattributed = 0
        workforce.countWorkforce(dataset, &values)
        return (values, counter.lost + workforce.unattributed)
    }

    /// The first of a case's own dates, and its reports', after `asOf` (`Int32.max` when none, or when its
    /// provider's contract has no definition); the item loop lowers it to the day after a pending deadline.
    static func dateWake(case c: Int, dataset: Dataset, chains: _ReportChains, plan: _EvaluationPlan, after asOf: Int32) -> Int32 {
        let cases = dataset.cases
        guard plan.contractIndex[Int(cases.provider[c])] >= 0 else { return .max }
        var wake = firstAfter(asOf, cases.referralReceived[c], cases.acknowledged[c], cases.appointmentBooked[c],
                              cases.initialContact[c])
        wake = min(wake, firstAfter(asOf, cases.appointmentMade[c], cases.supportPeriodEnd[c], cases.sustainmentEnd[c],
                                    cases.withdrawn[c]))
        let reports = dataset.reports
        chains.forEach(case: c) { r in
            wake = min(wake, firstAfter(asOf, reports.submitted[r], reports.decided[r], reports.prapRecorded[r]))
        }
        return wake
    }

    /// The earliest of the dates after `asOf` (missing dates are `Int32.min`, never after); `Int32.max` when none.
    @inline(__always)
    static func firstAfter(_ asOf: Int32, _ a: Int32, _ b: Int32, _ c: Int32, _ d: Int32 = .min) -> Int32 {
        var m = Int32.max
        if a > asOf { m = min(m, a) }
        if b > asOf { m = min(m, b) }
        if c > asOf { m = min(m, c) }
        if d > asOf { m = min(m, d) }
        return m
    }

    /// Adds the rows whose wake day is `day` or earlier to `rows`, found on all cores (each worker owns whole words).
    static func insertDue(_ wake: [Int32], by day: Int32, into rows: inout _RowSet) {
        let words = rows.words.count
        let workers = wake.count >= 1 << 20 ? _workerCount : 1
        rows.words.withUnsafeMutableBufferPointer { bits in
            // SAFETY: worker w writes only words (words * w / workers) ..< (words * (w + 1) / workers), and the
            // buffer outlives the parallel loop.
            nonisolated(unsafe) let bits = bits
            _ = wake.withUnsafeBufferPointer { wake in
                // SAFETY: only read, and outlives the parallel loop.
                nonisolated(unsafe) let wake = wake
                return _parallelMap(workers) { w in
                    for word in (words * w / workers)..<(words * (w + 1) / workers) {
                        var set: UInt64 = 0
                        let base = word << 6
                        for i in 0..<min(64, wake.count - base) where wake[base + i] <= day { set |= 1 << UInt64(i) }
                        bits[word] |= set
                    }
                }
            }
        }
    }

    /// Counts laid out for a longer month axis: each (series, status) block keeps its months and gains zeros.
    static func relayout(_ counts: [Int64], from old: Int, to new: Int) -> [Int64] {
        let blocks = old == 0 ? 0 : counts.count / old
        var result = [Int64](repeating: 0, count: blocks * new)
        for b in 0..<blocks {
            for m in 0..<min(old, new) { result[b * new + m] = counts[b * old + m] }
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

/// Counts items times a sign, and lowers the wake day of rows with a pending deadline item to the day after it.
struct _LiveCounter: _ItemSink, @unchecked Sendable {
    // @unchecked: the wake pointers are written only for the rows of the worker that owns this sink
    // (see `LiveEvaluation._pass`).
    let plan: _EvaluationPlan
    var counts: [Int64]
    let sign: Int64
    var lost = 0
    let wake: UnsafeMutablePointer<Int32>?
    var complaintWake: UnsafeMutablePointer<Int32>?
    let reportCase: [Int32]

    init(plan: _EvaluationPlan, size: Int, sign: Int64, wake: UnsafeMutablePointer<Int32>?, reportCase: [Int32]) {
        self.plan = plan
        counts = [Int64](repeating: 0, count: size)
        self.sign = sign
        self.wake = wake
        self.reportCase = reportCase
    }

    @inline(__always)
    mutating func add(series: Int, status: UInt8, day: Int32, start: Int32, deadline: Int32, end: Int32, division: UInt8,
                      source: _ItemSource) {
        if let s = plan.slot(series: series, status: status, day: day) { counts[s] &+= sign } else { lost += Int(sign) }
        // A pending deadline item turns missed the day after its deadline.
        guard status == 2, deadline != _missing32 else { return }
        let due = deadline &+ 1
        switch source.table {
        case 0: if let wake { wake[Int(source.row)] = min(wake[Int(source.row)], due) }
        case 1: if let wake { let c = Int(reportCase[Int(source.row)]); wake[c] = min(wake[c], due) }
        case 2: if let complaintWake { complaintWake[Int(source.row)] = min(complaintWake[Int(source.row)], due) }
        default: break
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
