import CaseData
import WorkingDays
import _ATWUtilities

/// Finds when the next attempt of a rejected document was submitted (the end of a rework item).
protocol _LaterAttemptLookup {
    /// The submission date of attempt `attempt` of a case's document, or `_missing32`.
    func submitted(caseRow: Int32, document: UInt8, attempt: Int32) -> Int32
}

/// The date columns of one case plan, resolved for the item loop.
struct _CaseColumns {
    var start: UnsafePointer<Int32>
    /// The end column, or for "latest of" up to four (padded with the first).
    var ends: (UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>)
}

/// Later attempts of each case's documents, sorted by (case, document, attempt) for the rework look-up.
struct _LaterAttempts: Sendable, _LaterAttemptLookup {
    var keys: [Int64] = []
    var submitted: [Int32] = []

    init() {}

    @inline(__always) static func key(caseRow: Int32, document: UInt8, attempt: Int32) -> Int64 {
        Int64(caseRow) << 16 | Int64(document) << 10 | Int64(attempt & 0x3FF)
    }

    init(_ reports: ReportTable) {
        var pairs: [(Int64, Int32)] = []
        for r in 0..<reports.count where reports.attempt[r] >= 2 {
            pairs.append((Self.key(caseRow: reports.caseRow[r], document: reports.document[r], attempt: reports.attempt[r]),
                          reports.submitted[r]))
        }
        pairs.sort { $0.0 < $1.0 }
        keys = pairs.map(\.0)
        submitted = pairs.map(\.1)
    }

    /// The submission date of attempt `attempt` of a case's document, or `_missing32`.
    @inline(__always) func submitted(caseRow: Int32, document: UInt8, attempt: Int32) -> Int32 {
        let key = Self.key(caseRow: caseRow, document: document, attempt: attempt)
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) >> 1
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == key ? submitted[low] : _missing32
    }
}

extension _EvaluationPlan {
    /// Counts every item of every provider series (pools are summed by the caller); with `pipeline`, also
    /// collects the completion-time history and open items the forecast needs (``CompletionPipeline``).
    mutating func evaluate(dataset: Dataset, providerSeriesCount: Int, pipeline: Bool = false) -> (MonthCounts, CompletionPipeline?) {
        let size = providerSeriesCount * 4 * monthCount
        let plan = self
        // The two report indexes are independent: build them on both cores at once.
        let needsLater = reportPlans.contains { $0.kind == .rejected }
        let indexes = _parallelMap(2) { i -> ([[Int32]], _LaterAttempts) in
            i == 0 ? (plan.firstSubmissions(dataset.reports, caseCount: dataset.cases.count), _LaterAttempts())
                : ([], needsLater ? _LaterAttempts(dataset.reports) : _LaterAttempts())
        }
        let firstSubmitted = indexes[0].0, laterAttempts = indexes[1].1
        let workers = _workerCount
        // Each worker takes a slice of cases and of reports into its own counters; no item allocates.
        func run<Sink: _ItemSink>(_ make: @Sendable () -> Sink) -> [Sink] {
            _parallelMap(workers) { w -> Sink in
                var sink = make()
                let cases = dataset.cases.count, reports = dataset.reports.count
                plan.countCases(dataset, firstSubmitted, (cases * w / workers)..<(cases * (w + 1) / workers), &sink)
                plan.countReports(dataset, laterAttempts, (reports * w / workers)..<(reports * (w + 1) / workers), &sink)
                return sink
            }
        }
        var counters: [_MonthCounter]
        var collected: CompletionPipeline?
        if pipeline {
            let parts = run {
                _BothSinks(first: _MonthCounter(plan: plan, size: size),
                           second: _PipelineCollector(plan: plan, seriesCount: providerSeriesCount))
            }
            counters = parts.map(\.first)
            var merged = parts[0].second
            for part in parts.dropFirst() { merged.merge(part.second) }
            merged.finishOpenItems()
            merged.pipeline.referrals = referralsPerMonth(dataset.cases, providers: dataset.providers.count)
            collected = merged.pipeline
        } else {
            counters = run { _MonthCounter(plan: plan, size: size) }
        }
        var values = [Double](repeating: 0, count: size)
        for counter in counters {
            for i in 0..<size { values[i] += Double(counter.counts[i]) }
            unattributed += counter.lost
        }
        counters.removeAll()
        // The few-row tables: complaints and returns through the same counter, HA-6's FTE directly.
        var few = _MonthCounter(plan: self, size: size)
        countComplaints(dataset, &few)
        countReturns(dataset, &few)
        for i in 0..<size where few.counts[i] != 0 { values[i] += Double(few.counts[i]) }
        unattributed += few.lost
        countWorkforce(dataset, &values)
        return (MonthCounts(firstMonth: firstMonth, monthCount: monthCount, seriesCount: providerSeriesCount, values: values),
                collected)
    }

    /// The cases referred to each provider row in each month of the axis, up to the as-of date:
    /// `[providerRow * monthCount + t]`.
    func referralsPerMonth(_ cases: CaseTable, providers: Int) -> [Int32] {
        var referrals = [Int32](repeating: 0, count: providers * monthCount)
        let days = monthOfDay.count, months = monthCount, first = Int(dayBase), last = Int(asOf)
        referrals.withUnsafeMutableBufferPointer { counts in
            cases.provider.withUnsafeBufferPointer { rows in
                cases.referralReceived.withUnsafeBufferPointer { received in
                    monthOfDay.withUnsafeBufferPointer { monthOfDay in
                        for i in 0..<min(rows.count, received.count) {
                            let row = Int(rows[i]), day = Int(received[i])
                            let offset = day - first
                            guard day <= last, row >= 0, row < providers, offset >= 0, offset < days else { continue }
                            counts[row * months + Int(monthOfDay[offset])] &+= 1
                        }
                    }
                }
            }
        }
        return referrals
    }

    /// Every item of `dataset` through sinks made by `make`: the cases, then the reports, each in ``_workerCount``
    /// slices on all cores, then complaints and returns; the sinks in source order (their items concatenated are
    /// in the order of the source tables).
    func collectItems<Sink: _ItemSink>(_ dataset: Dataset, _ make: @Sendable () -> Sink) -> [Sink] {
        let plan = self, workers = _workerCount
        let firstSubmitted = firstSubmissions(dataset.reports, caseCount: dataset.cases.count)
        let later = reportPlans.contains { $0.kind == .rejected } ? _LaterAttempts(dataset.reports) : _LaterAttempts()
        let cases = dataset.cases.count, reports = dataset.reports.count
        let caseSinks = _parallelMap(workers) { w -> Sink in
            var sink = make()
            plan.countCases(dataset, firstSubmitted, (cases * w / workers)..<(cases * (w + 1) / workers), &sink)
            return sink
        }
        let reportSinks = _parallelMap(workers) { w -> Sink in
            var sink = make()
            plan.countReports(dataset, later, (reports * w / workers)..<(reports * (w + 1) / workers), &sink)
            return sink
        }
        var few = make()
        countComplaints(dataset, &few)
        countReturns(dataset, &few)
        return caseSinks + reportSinks + [few]
    }

    /// Each case's earliest submission of each document a case KPI ends with (`_missing32` when none).
    func firstSubmissions(_ reports: ReportTable, caseCount: Int) -> [[Int32]] {
        var first = [[Int32]](repeating: [], count: Vocabulary.documents.count)
        for d in first.indices where firstSubmittedDocuments & (1 << d) != 0 {
            first[d] = [Int32](repeating: _missing32, count: caseCount)
        }
        guard firstSubmittedDocuments != 0 else { return first }
        Self.lowerFirstSubmissions(&first, reports, rows: 0..<reports.count)
        return first
    }

    /// Lowers each case's first submission of each kept document (a non-empty list in `first`) to the
    /// submissions among the reports `rows`.
    static func lowerFirstSubmissions(_ first: inout [[Int32]], _ reports: ReportTable, rows: Range<Int>) {
        for r in rows {
            let d = Int(reports.document[r])
            guard d < first.count, !first[d].isEmpty else { continue }
            let c = Int(reports.caseRow[r]), day = reports.submitted[r]
            let current = first[d][c]
            if current == _missing32 || day < current { first[d][c] = day }
        }
    }

    func countCases<Sink: _ItemSink, Rows: Sequence<Int>>(_ dataset: Dataset, _ firstSubmitted: [[Int32]], _ rows: Rows,
                                                          _ sink: inout Sink) {
        let cases = dataset.cases
        let columns = CaseDateField.allCases.map { $0.column(of: cases) } + firstSubmitted
        _withBasePointers(columns[...]) { bases in
            countCases(cases, bases, rows, &sink)
        }
    }

    /// The case loop over base pointers: `bases[0..<7]` are the case date columns in ``CaseDateField`` order,
    /// `bases[7 + d]` the first submission dates of document d (nil when no KPI needs them).
    func countCases<Sink: _ItemSink, Rows: Sequence<Int>>(_ cases: CaseTable, _ bases: [UnsafePointer<Int32>?], _ rows: Rows,
                                                          _ sink: inout Sink) {
        let firstColumn = CaseDateField.allCases.count
        // Each plan's columns resolved once: its start, and its end (up to four for "latest of"), so the item
        // loop reads dates with no optional or index checks of its own.
        let columns = casePlans.map { plan -> _CaseColumns in
            if plan.endKind == .firstSubmission {
                let end = bases[firstColumn + plan.ends.0]!
                return _CaseColumns(start: bases[plan.start]!, ends: (end, end, end, end))
            }
            return _CaseColumns(start: bases[plan.start]!,
                                ends: (bases[plan.ends.0]!, bases[plan.ends.1]!, bases[plan.ends.2]!, bases[plan.ends.3]!))
        }
        let provider = cases.provider, referral = cases.referralReceived, withdrawn = cases.withdrawn
        let assessmentType = cases.assessmentType
        for c in rows {
            let p = Int(provider[c])
            let ci = contractIndex[p]
            if ci < 0 { continue }
            // A live pass skips a case none of whose case items is open before reading any more of it.
            let first = caseRange[ci].lowerBound
            let open = _OpenParts(case: sink.parts(ofCase: c), count: caseRange[ci].count)
            if open.isEmpty { continue }
            let referred = referral[c]
            if referred > horizon { continue }
            let base = Int(seriesBase[p]), division = providerDivision[p], withdrawal = withdrawn[c]
            for part in open {
                let i = first + part
                let plan = casePlans[i], column = columns[i]
                let start = column.start[c]
                if start == _missing32 || start > horizon { continue }
                var end = column.ends.0[c]
                if plan.endKind == .latestOf {
                    // The latest of the fields, missing while any is missing (padding repeats the first field).
                    let e1 = column.ends.1[c], e2 = column.ends.2[c], e3 = column.ends.3[c]
                    let anyMissing = end == _missing32 || e1 == _missing32 || e2 == _missing32 || e3 == _missing32
                    end = anyMissing ? _missing32 : max(max(end, e1), max(e2, e3))
                }
                let deadline = plan.deadline.deadline(from: start, division: division, assessmentType: assessmentType[c],
                                                      table: deadlines)
                sink.add(_Item(series: base + Int(plan.series), visible: max(referred, start), start: start,
                               deadline: deadline, end: end, withdrawn: plan.allowsExclusion ? withdrawal : _missing32,
                               division: division, source: _ItemSource(table: .cases, row: Int32(c)), part: UInt8(clamping: part)))
            }
        }
    }

    func countReports<Sink: _ItemSink, Later: _LaterAttemptLookup, Rows: Sequence<Int>>(
        _ dataset: Dataset, _ later: Later, _ rows: Rows, _ sink: inout Sink
    ) {
        let reports = dataset.reports, cases = dataset.cases
        let caseRow = reports.caseRow, document = reports.document, attempt = reports.attempt
        let submitted = reports.submitted, outcome = reports.outcome, decided = reports.decided
        let prap = reports.prapRecorded
        let provider = cases.provider, withdrawn = cases.withdrawn, assessmentType = cases.assessmentType
        for r in rows {
            let c = Int(caseRow[r])
            let p = Int(provider[c])
            let ci = contractIndex[p]
            if ci < 0 || submitted[r] > horizon { continue }
            let base = Int(seriesBase[p]), division = providerDivision[p]
            let key = ci * 4 + Int(document[r])
            let first = reportPlanStart[key]
            for part in _OpenParts(report: sink.parts(ofReport: r), count: reportPlanStart[key + 1] - first) {
                let j = first + part
                let plan = reportPlans[reportPlanIndex[j]]
                let series = base + Int(plan.series), source = _ItemSource(table: .reports, row: Int32(r))
                if plan.kind == .firstSubmission {
                    // A share item starts when submitted and follows its outcome once decided.
                    if attempt[r] != 1 { continue }
                    sink.add(_Item(series: series, visible: submitted[r], start: submitted[r], deadline: _missing32,
                                   outcome: outcome[r], decided: decided[r], division: division, source: source,
                                   part: UInt8(clamping: part)))
                    continue
                }
                // A rework (0) or PRaP (1) item exists once the report's rejection or acceptance is known (decided)
                // and starts then; a rework ends when the next attempt is submitted, a PRaP item when recorded.
                if outcome[r] != (plan.kind == .rejected ? 1 : 0) || decided[r] == _missing32 || decided[r] > horizon { continue }
                let end = plan.kind == .rejected ? later.submitted(caseRow: caseRow[r], document: document[r], attempt: attempt[r] &+ 1)
                    : prap[r]
                let deadline = plan.deadline.deadline(from: decided[r], division: division,
                                                      assessmentType: assessmentType[c], table: deadlines)
                sink.add(_Item(series: series, visible: max(submitted[r], decided[r]), start: decided[r], deadline: deadline,
                               end: end, withdrawn: plan.allowsExclusion ? withdrawn[c] : _missing32, division: division,
                               source: source, part: UInt8(clamping: part)))
            }
        }
    }

    /// Adds one item to the Double counters of the few-row tables.
    mutating func add(_ values: inout [Double], series: Int, status: ItemStatus, day: Int32, amount: Double = 1) {
        if let s = slot(series: series, status: status, day: day) { values[s] += amount } else { unattributed += 1 }
    }

    func countComplaints<Sink: _ItemSink>(_ dataset: Dataset, _ sink: inout Sink) {
        countComplaints(dataset, 0..<dataset.complaints.count, &sink)
    }

    func countComplaints<Sink: _ItemSink, Rows: Sequence<Int>>(_ dataset: Dataset, _ rows: Rows, _ sink: inout Sink) {
        let complaints = dataset.complaints, cases = dataset.cases
        for i in rows {
            let p = Int(complaints.provider[i]), ci = contractIndex[p]
            let received = complaints.received[i]
            guard ci >= 0, received <= horizon else { continue }
            let caseRow = complaints.caseRow[i]
            let withdrawal = caseRow == _missing32 ? _missing32 : cases.withdrawn[Int(caseRow)]
            for (k, kpi) in catalog.definitions[ci].kpis.enumerated() {
                guard case .complaint(let aboutDWP, let rule) = kpi.items, aboutDWP == (complaints.aboutDWP[i] == 1) else { continue }
                let deadline = _DeadlinePlan(rule, table: deadlines).deadline(from: received, division: providerDivision[p],
                                                                              assessmentType: _missing8, table: deadlines)
                sink.add(_Item(series: Int(seriesBase[p]) + k, visible: received, start: received, deadline: deadline,
                               end: complaints.forwardedToDWP[i], withdrawn: kpi.allowsExclusion ? withdrawal : _missing32,
                               division: providerDivision[p], source: _ItemSource(table: .complaints, row: Int32(i))))
            }
        }
    }

    func countReturns<Sink: _ItemSink>(_ dataset: Dataset, _ sink: inout Sink) {
        let returns = dataset.returns, providers = dataset.providers
        var earliest: [Int64: Int32] = [:]
        for i in 0..<returns.count {
            let key = Int64(returns.provider[i]) << 40 | Int64(returns.kind[i]) << 32 | Int64(UInt32(bitPattern: returns.period[i]))
            earliest[key] = min(earliest[key] ?? .max, returns.submitted[i])
        }
        for p in 0..<providers.count where contractIndex[p] >= 0 {
            let calendar = deadlines.calendar(providerDivision[p])
            let start = providers.serviceStarts[p]
            for (k, kpi) in catalog.definitions[contractIndex[p]].kpis.enumerated() {
                guard case .miReturn(let schedules) = kpi.items else { continue }
                for schedule in schedules {
                    func sent(_ period: Month) -> Int32 {
                        let key = Int64(p) << 40 | Int64(schedule.kind.rawValue) << 32 | Int64(UInt32(bitPattern: period.rawValue))
                        return earliest[key] ?? _missing32
                    }
                    schedule.forEachObligation(serviceStart: start, asOf: Day(rawValue: asOf), calendar: calendar) { o in
                        sink.add(_Item(series: Int(seriesBase[p]) + k, visible: o.visible.rawValue, start: o.start.rawValue,
                                       deadline: o.due.rawValue, end: sent(o.period), division: providerDivision[p],
                                       source: _ItemSource(table: .returnPeriods, row: o.period.rawValue)))
                    }
                }
            }
        }
    }

    mutating func countWorkforce(_ dataset: Dataset, _ values: inout [Double]) {
        let workforce = dataset.workforce
        for i in 0..<workforce.count {
            let p = Int(workforce.provider[i]), ci = contractIndex[p]
            let quarterEnd = workforce.quarterEnd[i]
            guard ci >= 0, quarterEnd <= asOf else { continue }
            // FTE in exact ten-thousandths, so sums and the target comparison stay integer.
            let total = (workforce.fteTotal[i] * 10_000).rounded(), disabled = (workforce.fteDisabled[i] * 10_000).rounded()
            for (k, kpi) in catalog.definitions[ci].kpis.enumerated() where kpi.isQuarterly {
                add(&values, series: Int(seriesBase[p]) + k, status: .met, day: quarterEnd, amount: disabled)
                add(&values, series: Int(seriesBase[p]) + k, status: .missed, day: quarterEnd, amount: total - disabled)
            }
        }
    }
}

/// Calls `body` with the base address of each array (nil for an empty one).
///
/// SAFETY: the pointers are valid only inside `body`; every array is borrowed by a nested
/// `withUnsafeBufferPointer` that returns only after `body` does, and none is mutated meanwhile. Callers
/// index them only below their arrays' counts (case rows of the case table).
func _withBasePointers<R>(_ arrays: ArraySlice<[Int32]>, _ body: ([UnsafePointer<Int32>?]) -> R) -> R {
    func nest(_ rest: ArraySlice<[Int32]>, _ bases: [UnsafePointer<Int32>?]) -> R {
        guard let first = rest.first else { return body(bases) }
        return first.withUnsafeBufferPointer { nest(rest.dropFirst(), bases + [$0.baseAddress]) }
    }
    return nest(arrays, [])
}

/// The places of a row's items to evaluate, lowest first, from the live parts a sink gives
/// (``_ItemSink/parts(ofCase:)``, ``_ItemSink/parts(ofReport:)``).
///
/// Rule: a case's bits 0–6 mark its first seven items, and its items from the eighth on are always evaluated;
/// a report's bit 7 marks its eighth item and every later one. Example: case parts 0b0000_0101 with 9 items
/// give places 0, 2, 7, 8; report parts 0b0000_0101 with 9 items give 0, 2.
struct _OpenParts: Sequence, IteratorProtocol {
    /// Places below 64 still to give, one bit each.
    var bits: UInt64
    /// Places from 64 on (beyond the bits) still to give: `rest..<count`.
    var rest: Int
    let count: Int

    @inline(__always)
    init(case parts: UInt8, count: Int) {
        self.init(bits: UInt64(parts & 0x7F) | ~0x7F, all: true, count: count)
    }

    @inline(__always)
    init(report parts: UInt8, count: Int) {
        let later = parts & 0x80 != 0
        self.init(bits: UInt64(parts & 0x7F) | (later ? ~0x7F : 0), all: later, count: count)
    }

    /// `bits` for the first 64 places (cut to `count`), and with `all` every place from 64 on.
    @inline(__always)
    init(bits: UInt64, all: Bool, count: Int) {
        self.bits = count >= 64 ? bits : bits & ((1 << UInt64(count)) &- 1)
        rest = all ? 64 : count
        self.count = count
    }

    var isEmpty: Bool { bits == 0 && rest >= count }

    @inline(__always)
    mutating func next() -> Int? {
        if bits != 0 {
            let place = bits.trailingZeroBitCount
            bits &= bits &- 1
            return place
        }
        guard rest < count else { return nil }
        rest += 1
        return rest - 1
    }
}
