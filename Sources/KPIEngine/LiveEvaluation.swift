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
    public internal(set) var dataset: Dataset
    public let catalog: ContractCatalog
    public internal(set) var asOf: Day
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
        try dataset._check(addition, rules: catalog.dataRules)
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
