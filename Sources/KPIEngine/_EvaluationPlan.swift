import CaseData
import WorkingDays

/// The working-day tables of the three divisions back to back, so a hot loop answers a deadline for any
/// division with two loads and no branch: the division only shifts the offsets.
struct _DeadlineTable: Sendable {
    let first: Int32
    /// Per division: working days in [first, first + i), then the next division's table.
    let workingBefore: [Int32]
    /// Per division: its working days, then the next division's.
    let workingDays: [Int32]
    /// Start of each division in `workingBefore` and `workingDays`.
    let beforeOffset: [Int]
    let listOffset: [Int]
    /// For each number of calendar months a definition uses (``monthCounts``), back to back: the deadline of
    /// every start day (index k·span + day − first for the k-th number).
    let monthShifted: [Int32]
    let monthSpan: Int
    /// The numbers of calendar months `monthShifted` holds, in its order.
    let monthCounts: [Int]

    /// Tables for the working-day calendars and for deadlines of each of `calendarMonths` months (0…24).
    init(calendarMonths: [Int]) {
        var before: [Int32] = [], list: [Int32] = [], beforeOffset: [Int] = [], listOffset: [Int] = []
        var first: Int32 = 0
        for division in Division.allCases {
            let tables = WorkingDayCalendar.standard(division)._tables
            first = tables.first
            beforeOffset.append(before.count)
            listOffset.append(list.count)
            before += tables.workingBefore
            list += tables.workingDayList
        }
        self.first = first
        workingBefore = before
        workingDays = list
        self.beforeOffset = beforeOffset
        self.listOffset = listOffset
        monthSpan = Int(WorkingDayCalendar.supportedRange.upperBound.rawValue - first) + 1
        monthCounts = calendarMonths
        monthShifted = calendarMonths.flatMap(_monthShiftedTable)
    }

    /// Where the table of `n` calendar months starts in `monthShifted`.
    func monthOffset(_ n: Int) -> Int { monthCounts.firstIndex(of: n)! * monthSpan }

    /// The deadline `n` working days after `start` (day-0 rule; the caller lowers n by one for day 1).
    @inline(__always)
    func deadline(division: UInt8, workingDays n: Int, after start: Int32) -> Int32 {
        let d = Int(division)
        let before = Int(workingBefore[beforeOffset[d] + Int(start &- first)])
        return workingDays[listOffset[d] + before + n]
    }

    /// The calendar of a division (for the few-row tables).
    func calendar(_ division: UInt8) -> WorkingDayCalendar {
        WorkingDayCalendar.standard(Division.allCases[Int(division)])
    }
}

/// Start day + `n` calendar months (0…24) for every supported day (index day − first supported day).
///
/// Built from the first days of the months (a day keeps its day of the month, clamped to the target month's
/// length), so it costs one addition per entry instead of a civil-date conversion. An evaluation builds only
/// the numbers of months its definitions use (the built-in ones: one), about 1 ms each.
func _monthShiftedTable(_ n: Int) -> [Int32] {
    let range = WorkingDayCalendar.supportedRange
    let first = range.lowerBound.rawValue
    let span = Int(range.upperBound.rawValue - first) + 1
    let firstMonth = Month(containing: range.lowerBound)
    let months = Month(containing: range.upperBound).rawValue - firstMonth.rawValue + 1
    // First day of each month from the first supported one to n months past the last, and one more.
    let monthStart = (0...(Int(months) + n + 1)).map { firstMonth.advanced(by: $0).firstDay.rawValue }
    var table = [Int32](repeating: 0, count: span)
    var m = 0
    for d in 0..<span {
        let day = first + Int32(d)
        while monthStart[m + 1] <= day { m += 1 }
        let start = monthStart[m + n], length = monthStart[m + n + 1] - start
        table[d] = start + min(day - monthStart[m], length - 1)
    }
    return table
}

/// How a deadline is counted: working days, or calendar months.
enum _DeadlineKind: UInt8, Sendable { case workingDays, calendarMonths }

/// How a case item ends: one date field, the latest of up to four, or a document's first submission.
enum _CaseEndKind: UInt8, Sendable { case field, latestOf, firstSubmission }

/// What a report item is: a rejected report's rework, an accepted report's PRaP entry, a first submission.
enum _ReportItemKind: UInt8, Sendable { case rejected, accepted, firstSubmission }

/// A deadline rule flattened for the hot loop (no reference-counted fields, so copying it costs nothing).
struct _DeadlinePlan: Sendable {
    var kind: _DeadlineKind
    /// Working days (day-1 rule already applied) per assessment type code 0, 1, 2 and for a missing type.
    var days: (Int, Int, Int, Int)
    /// For calendar months: where the table of n months starts in ``_DeadlineTable/monthShifted``.
    var shiftOffset: Int

    init(_ deadline: Deadline, table: _DeadlineTable) {
        switch deadline {
        case .workingDays(let n, let perType, let receiptDay):
            kind = .workingDays
            let adjust = { (d: Int) in receiptDay == .dayOne ? max(0, d - 1) : d }
            let types = perType ?? [n, n, n]
            // No assessment type: the longest of the three (documented).
            days = (adjust(types[0]), adjust(types[1]), adjust(types[2]), adjust(types.max()!))
            shiftOffset = 0
        case .calendarMonths(let n):
            kind = .calendarMonths
            days = (0, 0, 0, 0)
            shiftOffset = table.monthOffset(n)
        }
    }

    /// The deadline of an item starting on `start` (raw day, within the supported range).
    @inline(__always)
    func deadline(from start: Int32, division: UInt8, assessmentType: UInt8, table: _DeadlineTable) -> Int32 {
        if kind == .calendarMonths { return table.monthShifted[shiftOffset + Int(start &- table.first)] }
        let n = withUnsafeBytes(of: days) { $0.load(fromByteOffset: Int(min(assessmentType, 3)) * MemoryLayout<Int>.stride, as: Int.self) }
        return table.deadline(division: division, workingDays: n, after: start)
    }
}

/// A case KPI flattened for the hot loop.
struct _CaseItemPlan: Sendable {
    var series: Int32       // KPI index within the contract
    var start: Int          // index into the case date columns
    var endKind: _CaseEndKind
    /// The end field(s); "latest of" pads its distinct fields (at most four matter) with the first.
    var ends: (Int, Int, Int, Int)
    var deadline: _DeadlinePlan
    var allowsExclusion: Bool
}

/// A report KPI flattened for the hot loop.
struct _ReportItemPlan: Sendable {
    var series: Int32
    var kind: _ReportItemKind
    /// Bit per document.
    var documents: UInt8
    var deadline: _DeadlinePlan
    var allowsExclusion: Bool
}

/// Everything the item loops need, resolved once per evaluation.
struct _EvaluationPlan: Sendable {
    /// The as-of day; ``LiveEvaluation`` moves it between its passes over the same data layout.
    var asOf: Int32 { didSet { horizon = asOf } }
    /// The item loops skip items not yet visible on this day: the as-of day, or `Int32.max` for a live pass,
    /// which needs every item for its next change.
    var horizon: Int32
    let firstMonth: Month
    let monthCount: Int
    let contractIndex: [Int]
    let seriesBase: [Int32]
    let providerDivision: [UInt8]
    /// Month index of each day from `dayBase`.
    let monthOfDay: [Int32]
    let dayBase: Int32
    /// Case plans of all contracts back to back; `caseRange[ci]` are contract ci's.
    var casePlans: [_CaseItemPlan] = []
    var caseRange: [Range<Int>] = []
    var reportPlans: [_ReportItemPlan] = []
    let catalog: ContractCatalog
    /// Documents whose first submission date a case plan needs (bit per document).
    var firstSubmittedDocuments: UInt8 = 0
    var unattributed = 0
    let deadlines: _DeadlineTable
    /// Report plan indexes per contract and document, flat: those of key k = ci · 4 + document are
    /// `reportPlanIndex[reportPlanStart[k] ..< reportPlanStart[k + 1]]` (no nested arrays in the hot loop).
    var reportPlanIndex: [Int] = []
    var reportPlanStart: [Int] = [0]

    init(dataset: Dataset, catalog: ContractCatalog, contractIndex: [Int], seriesBase: [Int32],
         firstMonth: Month, monthCount: Int, asOf: Day, deadlines: _DeadlineTable? = nil) {
        let table = deadlines ?? _DeadlineTable(calendarMonths: Self.calendarMonths(catalog))
        self.deadlines = table
        self.asOf = asOf.rawValue
        horizon = asOf.rawValue
        self.firstMonth = firstMonth
        self.monthCount = monthCount
        self.contractIndex = contractIndex
        self.seriesBase = seriesBase
        self.catalog = catalog
        providerDivision = dataset.providers.divisions.map { UInt8(Division.allCases.firstIndex(of: $0)!) }
        dayBase = firstMonth.firstDay.rawValue
        let lastDay = firstMonth.advanced(by: monthCount - 1).lastDay.rawValue
        var months = [Int32](repeating: 0, count: Int(lastDay - dayBase) + 1)
        for m in 0..<monthCount {
            let month = firstMonth.advanced(by: m)
            for d in month.firstDay.rawValue...month.lastDay.rawValue { months[Int(d - dayBase)] = Int32(m) }
        }
        monthOfDay = months

        for definition in catalog.definitions {
            let caseStart = casePlans.count, reportStart = reportPlans.count
            for (k, kpi) in definition.kpis.enumerated() where dataset.isPresent(kpi.sourceFile) {
                switch kpi.items {
                case .caseEvent(let start, let end, let deadline):
                    let field = { (f: CaseDateField) in CaseDateField.allCases.firstIndex(of: f)! }
                    var plan = _CaseItemPlan(series: Int32(k), start: field(start), endKind: .field, ends: (0, 0, 0, 0),
                                             deadline: _DeadlinePlan(deadline, table: table),
                                             allowsExclusion: kpi.allowsExclusion)
                    switch end {
                    case .field(let f): plan.ends.0 = field(f)
                    case .latestOf(let fields):
                        // Distinct fields only (a repeated one changes nothing); definitions hold at most four.
                        let distinct = fields.reduce(into: [Int]()) { if !$0.contains(field($1)) { $0.append(field($1)) } }
                        plan.endKind = .latestOf
                        let padded = distinct + Array(repeating: distinct[0], count: 4)
                        plan.ends = (padded[0], padded[1], padded[2], padded[3])
                    case .firstSubmitted(let document):
                        plan.endKind = .firstSubmission
                        plan.ends.0 = Int(document)
                        firstSubmittedDocuments |= 1 << document
                    }
                    casePlans.append(plan)
                case .rejectedReport(let document, let deadline):
                    reportPlans.append(_ReportItemPlan(series: Int32(k), kind: .rejected, documents: 1 << document,
                                                       deadline: _DeadlinePlan(deadline, table: table), allowsExclusion: kpi.allowsExclusion))
                case .acceptedReport(let document, let deadline):
                    reportPlans.append(_ReportItemPlan(series: Int32(k), kind: .accepted, documents: 1 << document,
                                                       deadline: _DeadlinePlan(deadline, table: table), allowsExclusion: kpi.allowsExclusion))
                case .firstSubmission(let documents):
                    reportPlans.append(_ReportItemPlan(series: Int32(k), kind: .firstSubmission,
                                                       documents: documents.reduce(0) { $0 | 1 << $1 },
                                                       deadline: _DeadlinePlan(.workingDays(0, perAssessmentType: nil, receiptDay: .dayZero), table: table),
                                                       allowsExclusion: false))
                case .complaint, .miReturn, .workforceRatio:
                    break   // evaluated per table below; few rows
                }
            }
            caseRange.append(caseStart..<casePlans.count)
            for document in 0..<Vocabulary.documents.count {
                reportPlanIndex += (reportStart..<reportPlans.count).filter { reportPlans[$0].documents & (1 << document) != 0 }
                reportPlanStart.append(reportPlanIndex.count)
            }
        }
    }

    /// The numbers of calendar months the catalog's deadlines use: the deadline tables are made only for these.
    static func calendarMonths(_ catalog: ContractCatalog) -> [Int] {
        var months: [Int] = []
        for kpi in catalog.definitions.flatMap(\.kpis) {
            if case .calendarMonths(let n) = kpi.items.deadline, !months.contains(n) { months.append(n) }
        }
        return months
    }

    /// The flat counter index of (series, status, day), or `nil` when the day is off the month axis.
    @inline(__always)
    func slot(series: Int, status: ItemStatus, day: Int32) -> Int? {
        let offset = Int(day) - Int(dayBase)
        guard offset >= 0 && offset < monthOfDay.count else { return nil }
        return (series * 4 + Int(status.rawValue)) * monthCount + Int(monthOfDay[offset])
    }
}
