import CaseData
import KPIEngine
import WorkingDays
import _ATWUtilities

/// A management-information return `kpi mi` computes.
public enum MIReturn: String, Sendable, CaseIterable {
    /// HA monthly management information (seed 6.26-6.28).
    case mmir
    /// MHSS monthly MI (seed 7.02).
    case mhssMonthly = "mhss-monthly"
    /// MHSS yearly MI (seed 7.04): the parts the dataset holds, over the contract year ending in the month.
    case mhssYearly = "mhss-yearly"
    /// Customer insight (HA, seed 6.29-6.35): survey responses by satisfaction level.
    case customerInsight = "customer-insight"
    /// Every return's due date per provider and period, when it was sent and whether on time.
    case dueDates = "due-dates"
    /// The Cabinet Office KPI return (HA guidance 6.20-6.22): the quarter's monthly figures of the contract's
    /// top KPIs with their tiers, and its social value KPI for the quarter.
    case cabinetOffice = "cabinet-office"

    /// The return a provider sends that this one reports on (MMIR, MHSS monthly and yearly MI, customer
    /// insight), or `nil` for the engine's own (due dates, the Cabinet Office return).
    public var submission: ReturnKind? {
        switch self {
        case .mmir: .mmir
        case .mhssMonthly: .monthlyMI
        case .mhssYearly: .yearlyMI
        case .customerInsight: .customerInsight
        case .dueDates, .cabinetOffice: nil
        }
    }

    /// Whether the return applies to a contract, as its definition in `catalog` declares: a provider's return
    /// when the contract owes it (``ContractDefinition/returnSchedules``), the Cabinet Office return when it
    /// declares `cabinet_office` KPIs, due dates always.
    public func applies(to contract: String, catalog: ContractCatalog) -> Bool {
        switch self {
        case .mmir, .customerInsight, .mhssMonthly, .mhssYearly:
            catalog.definition(for: contract)?.returnSchedules.contains { $0.kind == submission } ?? false
        case .dueDates: true
        case .cabinetOffice: !(catalog.definition(for: contract)?.publication.cabinetOfficeKPIs.isEmpty ?? true)
        }
    }

    /// Whether the return needs the KPI evaluation (MHSS late reports, the Cabinet Office KPI figures).
    public var readsKPIFigures: Bool { self == .mhssMonthly || self == .mhssYearly || self == .cabinetOffice }
}

/// One figure of a return: `value` is a number, a date or `true`/`false`/`pending`, as text.
public struct MIRow: Sendable, Equatable {
    public var providerID: String
    public var contract: String
    public var returnName: String
    public var month: Month
    public var measure: String
    /// The ``MIPeriod`` the figure covers, as its raw value (`in_month`, `year_to_date`, `contract_year`,
    /// `quarter` or a month `YYYY-MM`).
    public var period: String
    public var value: String
    /// For a list measure (top solutions, reasons, information sources): its entries, most frequent first;
    /// `value` then holds them as `name=count; …`.
    public var list: [MIListEntry]?
}

/// One entry of a list measure.
public struct MIListEntry: Sendable, Equatable {
    public var name: String
    public var count: Int
}

/// Management-information returns for one month, per provider.
///
/// Rule (the DocC article "MI returns" has every measure and how it is counted):
/// - **mmir** (HA): cancellations, complaints, type changes, open cases at the month's end, top solutions and
///   reasons;
/// - **mhss-monthly**: referrals, completions, late reports (the KPI figures the definition's `mi_figures` names), early withdrawals,
///   apprentice retention, complaints, information sources;
/// - **mhss-yearly**: the same over the contract year, in the month of each contract anniversary;
/// - **customer-insight**: survey responses dated in the month (`in_month`) and in the financial year to the
///   month's end (`year_to_date`, from `yearStart`, April by default): `survey_responses`, one count per
///   satisfaction level, and `satisfied_pct` = (very + fairly satisfied) / responses × 100 with 2 decimals
///   (empty with no response).
/// - **due-dates**: for each return the provider's contract owes for a period ending in the month: `due`
///   (monthly returns the 3rd working day of the next month; customer insight the 15th of the next month and
///   social value the 15th of the month after the quarter, moved to the next working day when the 15th is
///   not one; yearly MI the 3rd working day after the contract anniversary), `sent` (the earliest submission
///   for that period on or before the as-of date, or empty) and `on_time` (`true`, `false`, or `pending`
///   while unsent and not yet due).
///   A contract with Cabinet Office KPIs also gets `cabinet_office_due` in each quarter's last month: the
///   15th of the next month (the next working day when it is not one), when the quarter's last input, the
///   social value return, is due; DWP sends that return, so it has no `sent` or `on_time`.
/// - **cabinet-office**: the quarter holding the month (``cabinetOfficeMonths(_:)``), per provider of a contract
///   that declares `cabinet_office` KPIs (the DocC article "Publications").
/// Nothing dated after the as-of date counts.
public struct MIReturns: Sendable {
    public let rows: [MIRow]

    /// Rows already computed (a selection of another result's, say).
    public init(rows: [MIRow]) { self.rows = rows }

    /// `evaluation` (as of the same date) gives the late-return measures of MHSS monthly MI and the Cabinet
    /// Office return's figures; without it they are left out.
    public init(dataset: Dataset, month: Month, asOf: Day, returns: [MIReturn] = MIReturn.allCases, yearStart: Int = 4,
                evaluation: KPIEvaluation? = nil, catalog: ContractCatalog? = nil) {
        let providers = dataset.providers
        // The financial year holding the month.
        let startYear = month.month >= yearStart ? month.year : month.year - 1
        let yearFirst = Month(year: startYear, month: yearStart)
        let casesByProvider = _casesByProvider(dataset)
        let catalog = catalog ?? evaluation?.catalog ?? (try? ContractCatalog.builtIn) ?? ContractCatalog(definitions: [])
        // Providers are independent: each one's rows are computed on its own core, then joined in order.
        let perProvider: [[MIRow]] = _parallelMap(providers.count) { p in
            var rows: [MIRow] = []
            guard Month(containing: providers.serviceStarts[p]) <= month else { return rows }
            let contract = providers.contracts[p]
            // The provider's case figures, made once for all the returns that need them.
            var made: _CaseFigures?
            func caseFigures() -> _CaseFigures {
                if let made { return made }
                let figures = _CaseFigures(dataset: dataset, provider: p, cases: casesByProvider[p], asOf: asOf)
                made = figures
                return figures
            }
            for kind in returns where kind.applies(to: contract, catalog: catalog) {
                func add(_ measure: String, _ period: MIPeriod, _ value: String) {
                    rows.append(MIRow(providerID: providers.providerIDs[p], contract: contract, returnName: kind.rawValue,
                                      month: month, measure: measure, period: period.rawValue, value: value))
                }
                func addList(_ measure: String, _ period: MIPeriod, _ counts: [String: Int], limit: Int? = nil) {
                    let entries = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit ?? counts.count)
                        .map { MIListEntry(name: $0.key, count: $0.value) }
                    rows.append(MIRow(providerID: providers.providerIDs[p], contract: contract, returnName: kind.rawValue,
                                      month: month, measure: measure, period: period.rawValue,
                                      value: entries.map { "\($0.name)=\($0.count)" }.joined(separator: "; "), list: entries))
                }
                let periods: [(MIPeriod, Int32)] = [(.inMonth, month.firstDay.rawValue), (.yearToDate, yearFirst.firstDay.rawValue)]
                let periodEnd = min(month.lastDay.rawValue, asOf.rawValue)
                switch kind {
                case .mmir:
                    let figures = caseFigures()
                    for (period, from) in periods {
                        for (measure, value) in figures.mmir(from: from, to: periodEnd) { add(measure, period, value) }
                        for (measure, counts, limit) in figures.mmirLists(from: from, to: periodEnd) {
                            addList(measure, period, counts, limit: limit)
                        }
                    }
                    for (measure, value) in figures.openCases(monthEnd: periodEnd) { add(measure, .inMonth, value) }
                case .mhssMonthly:
                    let figures = caseFigures()
                    for (period, from) in periods {
                        for (measure, value) in figures.mhss(from: from, to: periodEnd) { add(measure, period, value) }
                        if let evaluation {
                            for (measure, value) in figures.lateReturns(evaluation, from: Month(containing: Day(rawValue: from)), to: month) {
                                add(measure, period, value)
                            }
                        }
                        addList("information_sources", period, figures.informationSources(from: from, to: periodEnd))
                    }
                case .mhssYearly:
                    // Only in the month of a contract anniversary: the year that ends the day before it.
                    guard let anniversary = ReturnSchedule.anniversary(of: providers.serviceStarts[p], in: month) else { continue }
                    let yearStart = anniversary.addingCalendarMonths(-12)
                    let from = yearStart.rawValue, to = min(anniversary.rawValue - 1, asOf.rawValue)
                    let figures = caseFigures()
                    add("year_from", .contractYear, yearStart.iso)
                    add("year_to", .contractYear, anniversary.advanced(by: -1).iso)
                    for (measure, value) in figures.mhss(from: from, to: to) { add(measure, .contractYear, value) }
                    if let evaluation {
                        for (measure, value) in figures.lateReturns(evaluation, from: Month(containing: yearStart),
                                                                    to: Month(containing: anniversary.advanced(by: -1))) {
                            add(measure, .contractYear, value)
                        }
                    }
                    addList("information_sources", .contractYear, figures.informationSources(from: from, to: to))
                case .customerInsight:
                    for (period, first) in [(MIPeriod.inMonth, month), (.yearToDate, yearFirst)] {
                        var levels = [Int](repeating: 0, count: Vocabulary.satisfaction.count)
                        let from = first.firstDay.rawValue, to = min(month.lastDay.rawValue, asOf.rawValue)
                        for r in 0..<dataset.survey.count where Int(dataset.survey.provider[r]) == p {
                            let day = dataset.survey.responded[r]
                            if day >= from && day <= to { levels[Int(dataset.survey.satisfaction[r])] += 1 }
                        }
                        let responses = levels.reduce(0, +)
                        add("survey_responses", period, String(responses))
                        for (i, name) in Vocabulary.satisfaction.enumerated() { add(name, period, String(levels[i])) }
                        add("satisfied_pct", period, responses == 0 ? "" : Self.percent(levels[0] + levels[1], of: responses))
                    }
                case .dueDates:
                    let owed = Self.dueDates(catalog.definition(for: contract), period: month, serviceStart: providers.serviceStarts[p],
                                             division: providers.divisions[p])
                    for (returnKind, due) in owed {
                        let sent = Self.earliestSubmission(dataset.returns, provider: p, kind: returnKind, period: month, asOf: asOf)
                        let name = returnKind.name
                        add(name + "_due", .inMonth, due.iso)
                        add(name + "_sent", .inMonth, sent?.iso ?? "")
                        add(name + "_on_time", .inMonth, sent.map { $0 <= due ? "true" : "false" } ?? (due < asOf ? "false" : "pending"))
                    }
                    // DWP's quarterly Cabinet Office return: its inputs are all in when the last of the quarter's
                    // returns is due (for HA the social value return).
                    if month.isQuarterEnd, MIReturn.cabinetOffice.applies(to: contract, catalog: catalog),
                       let last = owed.map(\.due).max() {
                        add("cabinet_office_due", .inMonth, last.iso)
                    }
                case .cabinetOffice:
                    guard let evaluation, let definition = catalog.definition(for: contract) else { continue }
                    Self.cabinetOffice(evaluation, definition: definition, provider: p,
                                       serviceStart: Month(containing: providers.serviceStarts[p]), month: month, add: add)
                }
            }
            return rows
        }
        self.rows = perProvider.flatMap { $0 }
    }

    /// `total / count` with 2 decimals, rounded half up exactly.
    static func decimal(_ total: Int, over count: Int) -> String {
        let hundredths = (total * 200 + count) / (2 * count)
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// `part / whole × 100` with 2 decimals, rounded half up exactly; empty when `whole` is 0.
    static func percentOrEmpty(_ part: Int, of whole: Int) -> String { whole == 0 ? "" : percent(part, of: whole) }

    /// `part / whole × 100` with 2 decimals, rounded half up exactly.
    static func percent(_ part: Int, of whole: Int) -> String {
        let hundredths = (part * 20_000 + whole) / (2 * whole)   // round half up of part·10000/whole
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// The returns a contract owes for periods ending in `period`, with their due dates: the definition's
    /// return schedules (``ContractDefinition/returnSchedules``), in order.
    static func dueDates(_ definition: ContractDefinition?, period: Month, serviceStart: Day, division: Division) -> [(kind: ReturnKind, due: Day)] {
        guard let definition else { return [] }
        let calendar = WorkingDayCalendar.standard(division)
        return definition.returnSchedules.compactMap { schedule in
            schedule.obligation(endingIn: period, serviceStart: serviceStart, calendar: calendar).map { (schedule.kind, $0.due) }
        }
    }

    /// The earliest submission of a provider's return of `kind` for `period`, on or before `asOf`.
    static func earliestSubmission(_ returns: ReturnTable, provider p: Int, kind: ReturnKind, period: Month, asOf: Day) -> Day? {
        var earliest: Int32?
        for r in 0..<returns.count where Int(returns.provider[r]) == p && returns.kind[r] == kind.rawValue
            && returns.period[r] == period.rawValue && returns.submitted[r] <= asOf.rawValue {
            earliest = min(earliest ?? .max, returns.submitted[r])
        }
        return earliest.map { Day(rawValue: $0) }
    }
}
