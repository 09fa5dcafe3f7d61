import CaseData
import WorkingDays

/// The KPIs of one contract, as loaded from its definition file.
///
/// Rule: a contract's KPIs are data, not code. The engine ships `atw-ha` (HA-1 to HA-6) and `atw-mhss`
/// (MH-1 to MH-12, MH-9 as 9a/9b/9c) as JSON files; `--contracts DIR` adds or replaces definitions. See the
/// DocC article "Contract definitions" for the format.
///
/// ```swift
/// let ha = try ContractCatalog.builtIn.definition(for: "atw-ha")!
/// ha.kpis.map(\.id)   // ["HA-1", "HA-2", "HA-3", "HA-4", "HA-5", "HA-6"]
/// ```
public struct ContractDefinition: Sendable, Equatable {
    /// The contract id, as written in providers.csv (`atw-ha`).
    public var contract: String
    /// A readable name.
    public var name: String
    /// The KPIs, in reporting order.
    public var kpis: [KPIDefinition]
    /// Its Cabinet Office KPIs and what its contract performance notice rates.
    public var publication: PublicationSettings
    /// Every return the contract owes and when (``returnSchedules``): the contract's own `returns`.
    public var contractReturns: [ReturnSchedule] = []
    /// The MI measures that are KPI figures (``MIFigure``), for MHSS monthly and yearly MI.
    public var miFigures: [MIFigure] = []

    public init(contract: String, name: String, kpis: [KPIDefinition], publication: PublicationSettings = PublicationSettings()) {
        self.contract = contract
        self.name = name
        self.kpis = kpis
        self.publication = publication
    }

    /// Every return the contract owes: its own `returns`, then those of its return KPIs (MH-10) not already
    /// listed, in order.
    public var returnSchedules: [ReturnSchedule] {
        var out = contractReturns
        for kpi in kpis {
            guard case .miReturn(let schedules) = kpi.items else { continue }
            for s in schedules where !out.contains(where: { $0.kind == s.kind }) { out.append(s) }
        }
        return out
    }

    /// The KPIs a contract performance notice rates, in reporting order.
    public var noticeKPIs: [KPIDefinition] {
        guard let ids = publication.noticeKPIs else { return kpis }
        return kpis.filter { ids.contains($0.id) }
    }
}

/// One KPI: which items it measures, when each is due, the target and the rating bands.
public struct KPIDefinition: Sendable, Equatable {
    /// The KPI id (`HA-3`, `MH-9a`).
    public var id: String
    /// What it measures, in words.
    public var title: String
    /// A name of at most 28 characters for chart titles and table headers (`"short_name"` in the file; the id
    /// when the file gives none): `Appointment booked` for HA-2.
    public var shortName: String
    /// The items and their start and end events.
    public var items: MeasuredItems
    /// The target as basis points of a percentage (96% → 9600).
    public var target: BasisPoints
    /// Cabinet Office tiers, RAG bands or none.
    public var rating: RatingBands
    /// Whether an item whose case was withdrawn on or before its deadline is excluded (every KPI
    /// except the share KPIs and MH-10).
    public var allowsExclusion: Bool
    /// Whether a higher rate is better (`"direction": "higher"`, every shipped KPI) or worse (`"lower"`).
    /// Statistical assurance reads it: which side of the centre is an improvement, which side of the target
    /// its limits must sit to pass.
    public var higherIsBetter: Bool
    /// How its rating becomes a contract performance notice rating (`"notice"` in the file).
    public var noticeRatings: NoticeRatingMap

    public init(id: String, title: String, shortName: String? = nil, items: MeasuredItems, target: BasisPoints,
                rating: RatingBands, allowsExclusion: Bool, higherIsBetter: Bool = true,
                noticeRatings: NoticeRatingMap = .standard) {
        self.shortName = shortName ?? id
        self.higherIsBetter = higherIsBetter
        self.noticeRatings = noticeRatings
        self.id = id
        self.title = title
        self.items = items
        self.target = target
        self.rating = rating
        self.allowsExclusion = allowsExclusion
    }

    /// The longest ``shortName`` a contract definition may give.
    public static let shortNameLimit = 28

    /// Whether the KPI is reported per quarter (HA-6) rather than per month with rolling windows.
    public var isQuarterly: Bool {
        if case .workforceRatio = items { return true }
        return false
    }

    /// How many units make one counted item: 1, or 10,000 for FTE ratios counted in ten-thousandths of an FTE.
    public var unitsPerCount: Int {
        isQuarterly ? 10_000 : 1
    }

    /// The dataset file a KPI's items come from, beyond cases.csv.
    public var sourceFile: DatasetFile {
        switch items {
        case .caseEvent(_, let end, _):
            if case .firstSubmitted = end { return .reports }
            return .cases
        case .rejectedReport, .acceptedReport, .firstSubmission: return .reports
        case .complaint: return .complaints
        case .miReturn: return .returns
        case .workforceRatio: return .workforce
        }
    }
}

/// A percentage held exactly as basis points (hundredths of a percent): 93.5% is 9350.
public struct BasisPoints: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (a: BasisPoints, b: BasisPoints) -> Bool { a.rawValue < b.rawValue }
    /// As the report writes a percentage: 4 decimals (`"93.5000"`).
    public var percentText: String { RateComparison(met: Int64(rawValue), measured: 10_000).percentText! }

    /// `96`, `93.5`, `99.25`.
    public var description: String {
        let whole = rawValue / 100, fraction = rawValue % 100
        if fraction == 0 { return String(whole) }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// The rating scale of a KPI.
///
/// Rule (the DocC article "Windows, pools and ratings"): Cabinet Office tiers are inclusive lower bounds on the exact rate:
/// 4 Good ≥ first, 3 Near Target ≥ second, 2 Needs Improvement ≥ third, else 1 Inadequate. RAG: Green when
/// the rate ≥ G, else Red when the rate ≤ R, else Amber.
public enum RatingBands: Sendable, Equatable {
    case none
    /// Lower bounds for tiers 4, 3 and 2.
    case cabinetOffice(good: BasisPoints, nearTarget: BasisPoints, needsImprovement: BasisPoints)
    case rag(green: BasisPoints, red: BasisPoints)

    /// A rating's band in words, from these bounds: tiers `96% and above`, `93.5% to under 96%`, `under 91%`;
    /// RAG `90% and above`, `over 84%, under 90%`, `84% and under`. `nil` for a rating these bands do not give.
    ///
    /// ```swift
    /// RatingBands.cabinetOffice(good: BasisPoints(9900), nearTarget: BasisPoints(9800), needsImprovement: BasisPoints(9700))
    ///     .range(of: .tier(3))   // "98% to under 99%"
    /// ```
    public func range(of rating: Rating) -> String? {
        switch (self, rating) {
        case (.cabinetOffice(let good, let near, let needs), .tier(let n)):
            switch n {
            case 4: return "\(good)% and above"
            case 3: return "\(near)% to under \(good)%"
            case 2: return "\(needs)% to under \(near)%"
            case 1: return "under \(needs)%"
            default: return nil
            }
        case (.rag(let green, _), .green): return "\(green)% and above"
        case (.rag(let green, let red), .amber): return "over \(red)%, under \(green)%"
        case (.rag(_, let red), .red): return "\(red)% and under"
        default: return nil
        }
    }
}

/// The items a KPI measures and the events that start and end each one.
public enum MeasuredItems: Sendable, Equatable {
    /// One item per case of the contract that has `start`; ends at `end`.
    case caseEvent(start: CaseDateField, end: CaseEnd, deadline: Deadline)
    /// One item per rejected attempt of `document`: from the rejection's `decided` to the next attempt's
    /// `submitted` (HA-5, MH-3, MH-5, MH-7).
    case rejectedReport(document: UInt8, deadline: Deadline)
    /// One item per accepted `document`: from `decided` to `prap_recorded` (MH-9a/b/c).
    case acceptedReport(document: UInt8, deadline: Deadline)
    /// One item per first submission (attempt 1) of any of `documents`: met when accepted, missed when
    /// rejected, pending while awaited (HA-4, MH-8).
    case firstSubmission(documents: [UInt8])
    /// One item per complaint (about DWP or not): from `received` to `forwarded_to_dwp` (MH-11, MH-12).
    case complaint(aboutDWP: Bool, deadline: Deadline)
    /// One item per return period due from the provider (MH-10).
    case miReturn(schedules: [ReturnSchedule])
    /// One item per quarter: Σ fte_disabled out of Σ fte_total (HA-6).
    case workforceRatio

    /// The deadline each item has, for the kinds of item that have one.
    var deadline: Deadline? {
        switch self {
        case .caseEvent(_, _, let deadline), .rejectedReport(_, let deadline), .acceptedReport(_, let deadline),
             .complaint(_, let deadline):
            deadline
        case .firstSubmission, .miReturn, .workforceRatio:
            nil
        }
    }
}

/// A date column of cases.csv that can start or end an item.
public enum CaseDateField: String, Sendable, CaseIterable {
    case referralReceived = "referral_received"
    case acknowledged
    case appointmentBooked = "appointment_booked"
    case initialContact = "initial_contact"
    case appointmentMade = "appointment_made"
    case supportPeriodEnd = "support_period_end"
    case sustainmentEnd = "sustainment_end"

    /// The column of `cases`.
    public func column(of cases: CaseTable) -> [Int32] {
        switch self {
        case .referralReceived: cases.referralReceived
        case .acknowledged: cases.acknowledged
        case .appointmentBooked: cases.appointmentBooked
        case .initialContact: cases.initialContact
        case .appointmentMade: cases.appointmentMade
        case .supportPeriodEnd: cases.supportPeriodEnd
        case .sustainmentEnd: cases.sustainmentEnd
        }
    }
}

/// What ends a case item.
public enum CaseEnd: Sendable, Equatable {
    /// A date of the case.
    case field(CaseDateField)
    /// The later of several dates; not happened until all have.
    case latestOf([CaseDateField])
    /// The case's first submission (earliest `submitted`) of a document.
    case firstSubmitted(document: UInt8)
}

/// When an item is due, counted from its start date.
///
/// Rule (the DocC article "The working-day calendar"): working days per the provider's division, the start moved to the next
/// working day when it is not one, day 0 or day 1; or calendar months, clamped to the month's end.
public enum Deadline: Sendable, Equatable {
    /// N working days; `perAssessmentType` (virtual, face-to-face, enhanced) replaces N for HA cases when set.
    case workingDays(Int, perAssessmentType: [Int]?, receiptDay: ReceiptDay)
    case calendarMonths(Int)
}

/// An MI measure that is a KPI's figure: the count of the KPI's missed items over the MI period (and, with
/// `percentage`, `<measure>_pct`, missed over measured × 100).
///
/// Example: `{"measure": "exit_reports_late", "kpi": "MH-6", "percentage": true}` gives `exit_reports_late`
/// and `exit_reports_late_pct` from MH-6's items.
public struct MIFigure: Sendable, Equatable {
    public var measure: String
    public var kpi: String
    public var percentage: Bool

    public init(measure: String, kpi: String, percentage: Bool = false) {
        self.measure = measure
        self.kpi = kpi
        self.percentage = percentage
    }
}

/// A return a provider owes every period, and when it is due.
public struct ReturnSchedule: Sendable, Equatable {
    public enum Periods: String, Sendable {
        /// Every calendar month from the service start's month.
        case monthly = "month"
        /// Every calendar quarter (ending March, June, September, December) from the one holding the service
        /// start; `period` is the quarter's last month.
        case quarterly = "quarter"
        /// Every anniversary of the service start (12, 24, … calendar months later); `period` is its month.
        case anniversary
    }
    public enum Due: Sendable, Equatable {
        /// The n-th working day of the month after the period.
        case workingDayOfNextMonth(Int)
        /// The n-th day of the month after the period, or the next working day when it is not one.
        case dayOfNextMonth(Int)
        /// n working days after the anniversary date (day-0 rule).
        case workingDaysAfterAnniversary(Int)
    }
    /// The return owed.
    public var kind: ReturnKind
    public var periods: Periods
    public var due: Due

    public init(kind: ReturnKind, periods: Periods, due: Due) {
        self.kind = kind
        self.periods = periods
        self.due = due
    }

    /// One period's return: the period (`returns.csv`'s `period`), the day it becomes visible and the day the
    /// clock starts (both the day after a month or quarter ends; the anniversary itself and the day after it),
    /// and the due date.
    public struct Obligation: Sendable, Equatable {
        public var period: Month
        public var visible: Day
        public var start: Day
        public var due: Day
    }

    /// The period of this schedule ending in `month`, if any, with its due date.
    ///
    /// Example: MMIR (monthly, 3rd working day of the next month) for September 2026 is due Monday 5 October 2026
    /// in England and Wales; social value (quarterly, the 15th of the next month) has a period only in
    /// March, June, September and December.
    public func obligation(endingIn month: Month, serviceStart: Day, calendar: WorkingDayCalendar) -> Obligation? {
        let next = month.advanced(by: 1)
        switch periods {
        case .monthly, .quarterly:
            guard month >= Month(containing: serviceStart), periods == .monthly || month.isQuarterEnd else { return nil }
            return Obligation(period: month, visible: next.firstDay, start: next.firstDay,
                              due: dueDate(after: month.lastDay, next: next, calendar: calendar))
        case .anniversary:
            guard let anniversary = Self.anniversary(of: serviceStart, in: month) else { return nil }
            return Obligation(period: month, visible: anniversary, start: anniversary.advanced(by: 1),
                              due: dueDate(after: anniversary, next: next, calendar: calendar))
        }
    }

    /// The due date of a period that ends on `end`, `next` the month after the period.
    func dueDate(after end: Day, next: Month, calendar: WorkingDayCalendar) -> Day {
        switch due {
        case .workingDayOfNextMonth(let n): calendar.workingDay(n, of: next)
        case .dayOfNextMonth(let n):
            calendar.workingDay(onOrAfter: Day(year: next.year, month: next.month, day: min(n, Day.daysIn(month: next.month, year: next.year)))!)
        case .workingDaysAfterAnniversary(let n): calendar.deadline(workingDays: n, after: end)
        }
    }

    /// The contract anniversary (service start + whole years, at least one) falling in `month`, if any.
    public static func anniversary(of start: Day, in month: Month) -> Day? {
        let years = start.year.distance(to: month.year)
        guard years >= 1 else { return nil }
        let day = start.addingCalendarMonths(12 * years)
        return Month(containing: day) == month ? day : nil
    }

    /// Every period's return owed by `asOf`: monthly and quarterly periods that ended before it, anniversaries
    /// on or before it.
    public func obligations(serviceStart: Day, asOf: Day, calendar: WorkingDayCalendar) -> [Obligation] {
        var out: [Obligation] = []
        forEachObligation(serviceStart: serviceStart, asOf: asOf, calendar: calendar) { out.append($0) }
        return out
    }

    /// ``obligations(serviceStart:asOf:calendar:)`` one by one, without an array (the evaluation's item loop).
    @inline(__always)
    func forEachObligation(serviceStart: Day, asOf: Day, calendar: WorkingDayCalendar, _ body: (Obligation) -> Void) {
        var month = Month(containing: serviceStart)
        while month.firstDay <= asOf {
            if let o = obligation(endingIn: month, serviceStart: serviceStart, calendar: calendar),
               periods == .anniversary ? o.visible <= asOf : month.lastDay < asOf {
                body(o)
            }
            month = month.advanced(by: 1)
        }
    }
}
