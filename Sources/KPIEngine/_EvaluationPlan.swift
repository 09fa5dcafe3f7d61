import CaseData
import WorkingDays

/// The three division calendars as locals, so hot loops pick one per item without copying a calendar.
struct _Calendars: Sendable {
    let englandAndWales = WorkingDayCalendar.standard(.englandAndWales)
    let scotland = WorkingDayCalendar.standard(.scotland)
    let northernIreland = WorkingDayCalendar.standard(.northernIreland)

    @inline(__always)
    func deadline(division: UInt8, workingDays n: Int, after start: Int32, receiptDay: ReceiptDay) -> Int32 {
        let day = Day(rawValue: start)
        switch division {
        case 0: return englandAndWales.deadline(workingDays: n, after: day, receiptDay: receiptDay).rawValue
        case 1: return scotland.deadline(workingDays: n, after: day, receiptDay: receiptDay).rawValue
        default: return northernIreland.deadline(workingDays: n, after: day, receiptDay: receiptDay).rawValue
        }
    }

    func calendar(_ division: UInt8) -> WorkingDayCalendar {
        switch division {
        case 0: englandAndWales
        case 1: scotland
        default: northernIreland
        }
    }
}

/// A deadline rule flattened for the hot loop.
struct _DeadlinePlan: Sendable {
    /// 0 working days, 1 calendar months.
    var kind: UInt8
    var n: Int
    /// Working days per assessment type (virtual, face to face, enhanced); -1 when not by type.
    var perType: (Int, Int, Int)
    var receiptDay: ReceiptDay

    init(_ deadline: Deadline) {
        switch deadline {
        case .workingDays(let n, let perType, let receiptDay):
            kind = 0
            self.n = n
            self.perType = perType.map { ($0[0], $0[1], $0[2]) } ?? (-1, -1, -1)
            self.receiptDay = receiptDay
        case .calendarMonths(let n):
            kind = 1
            self.n = n
            perType = (-1, -1, -1)
            receiptDay = .dayZero
        }
    }

    /// The deadline of an item starting on `start` (raw day) for a provider of `division`.
    @inline(__always)
    func deadline(from start: Int32, division: UInt8, assessmentType: UInt8, calendars: _Calendars) -> Int32 {
        if kind == 1 { return Day(rawValue: start).addingCalendarMonths(n).rawValue }
        var days = n
        if perType.0 >= 0 {
            switch assessmentType {
            case 0: days = perType.0
            case 1: days = perType.1
            case 2: days = perType.2
            default: days = n   // no assessment type: the longest of the three (documented)
            }
        }
        return calendars.deadline(division: division, workingDays: days, after: start, receiptDay: receiptDay)
    }
}

/// A case KPI flattened for the hot loop.
struct _CaseItemPlan: Sendable {
    var series: Int32       // KPI index within the contract
    var start: Int          // index into the case date columns
    /// 0: one field, 1: latest of up to four fields, 2: first submission of a document.
    var endKind: UInt8
    var ends: (Int, Int, Int, Int)
    var endCount: Int
    var deadline: _DeadlinePlan
    var allowsExclusion: Bool
}

/// A report KPI flattened for the hot loop.
struct _ReportItemPlan: Sendable {
    var series: Int32
    /// 0 rejected (rework), 1 accepted (PRaP), 2 first submission (share).
    var kind: UInt8
    /// Bit per document.
    var documents: UInt8
    var deadline: _DeadlinePlan
    var allowsExclusion: Bool
}

/// Everything the item loops need, resolved once per evaluation.
struct _EvaluationPlan: Sendable {
    let asOf: Int32
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
    var reportRange: [Range<Int>] = []
    let catalog: ContractCatalog
    /// Documents whose first submission date a case plan needs (bit per document).
    var firstSubmittedDocuments: UInt8 = 0
    var unattributed = 0

    init(dataset: Dataset, catalog: ContractCatalog, contractIndex: [Int], seriesBase: [Int32],
         firstMonth: Month, monthCount: Int, asOf: Day) {
        self.asOf = asOf.rawValue
        self.firstMonth = firstMonth
        self.monthCount = monthCount
        self.contractIndex = contractIndex
        self.seriesBase = seriesBase
        self.catalog = catalog
        providerDivision = dataset.providers.divisions.map { UInt8(Division.allCases.firstIndex(of: $0)!) }
        dayBase = firstMonth.firstDay.rawValue
        let lastDay = firstMonth.advanced(by: monthCount - 1).lastDay.rawValue
        var table = [Int32](repeating: 0, count: Int(lastDay - dayBase) + 1)
        for m in 0..<monthCount {
            let month = firstMonth.advanced(by: m)
            for d in month.firstDay.rawValue...month.lastDay.rawValue { table[Int(d - dayBase)] = Int32(m) }
        }
        monthOfDay = table

        for definition in catalog.definitions {
            let caseStart = casePlans.count, reportStart = reportPlans.count
            for (k, kpi) in definition.kpis.enumerated() where dataset.isPresent(kpi.sourceFile) {
                switch kpi.items {
                case .caseEvent(let start, let end, let deadline):
                    let field = { (f: CaseDateField) in CaseDateField.allCases.firstIndex(of: f)! }
                    var plan = _CaseItemPlan(series: Int32(k), start: field(start), endKind: 0, ends: (0, 0, 0, 0),
                                             endCount: 1, deadline: _DeadlinePlan(deadline),
                                             allowsExclusion: kpi.allowsExclusion)
                    switch end {
                    case .field(let f): plan.ends.0 = field(f)
                    case .latestOf(let fields):
                        // At most four distinct fields matter (a repeated field changes nothing).
                        let distinct = fields.reduce(into: [Int]()) { if !$0.contains(field($1)) { $0.append(field($1)) } }
                        plan.endKind = 1
                        plan.endCount = min(4, distinct.count)
                        let padded = distinct + Array(repeating: distinct[0], count: 4)
                        plan.ends = (padded[0], padded[1], padded[2], padded[3])
                    case .firstSubmitted(let document):
                        plan.endKind = 2
                        plan.ends.0 = Int(document)
                        firstSubmittedDocuments |= 1 << document
                    }
                    casePlans.append(plan)
                case .rejectedReport(let document, let deadline):
                    reportPlans.append(_ReportItemPlan(series: Int32(k), kind: 0, documents: 1 << document,
                                                       deadline: _DeadlinePlan(deadline), allowsExclusion: kpi.allowsExclusion))
                case .acceptedReport(let document, let deadline):
                    reportPlans.append(_ReportItemPlan(series: Int32(k), kind: 1, documents: 1 << document,
                                                       deadline: _DeadlinePlan(deadline), allowsExclusion: kpi.allowsExclusion))
                case .firstSubmission(let documents):
                    reportPlans.append(_ReportItemPlan(series: Int32(k), kind: 2,
                                                       documents: documents.reduce(0) { $0 | 1 << $1 },
                                                       deadline: _DeadlinePlan(.workingDays(0, perAssessmentType: nil, receiptDay: .dayZero)),
                                                       allowsExclusion: false))
                case .complaint, .miReturn, .workforceRatio:
                    break   // evaluated per table below; few rows
                }
            }
            caseRange.append(caseStart..<casePlans.count)
            reportRange.append(reportStart..<reportPlans.count)
        }
    }

    /// The flat counter index of (series, status, day), or `nil` when the day is off the month axis.
    @inline(__always)
    func slot(series: Int, status: UInt8, day: Int32) -> Int? {
        let offset = Int(day) - Int(dayBase)
        guard offset >= 0 && offset < monthOfDay.count else { return nil }
        return (series * 4 + Int(status)) * monthCount + Int(monthOfDay[offset])
    }
}
