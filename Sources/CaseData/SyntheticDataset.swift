import Foundation
import WorkingDays

/// What `kpi generate` makes: a national synthetic dataset with every table, reproducible from a seed.
public struct SyntheticDatasetConfiguration: Sendable, Equatable {
    /// Number of providers (contracts alternate HA, MHSS; divisions cycle through all three).
    public var providers: Int
    /// Number of months, starting at ``firstMonth``.
    public var months: Int
    /// Total number of cases across providers and months.
    public var cases: Int
    /// The random seed; the same configuration always writes the same bytes.
    public var seed: UInt64
    /// The first month of the dataset (default April 2024, a financial-year start).
    public var firstMonth: Month
    /// How providers' lateness moves from month to month (default ``DriftShape/mixed``).
    public var drift: DriftShape

    public init(providers: Int = 8, months: Int = 24, cases: Int = 5_000, seed: UInt64 = 1,
                firstMonth: Month = Month(year: 2024, month: 4), drift: DriftShape = .mixed) {
        self.providers = providers
        self.months = months
        self.cases = cases
        self.seed = seed
        self.firstMonth = firstMonth
        self.drift = drift
    }

    /// The last month of the dataset; nothing dated after its last day is written (it has not happened yet).
    public var lastMonth: Month { firstMonth.advanced(by: months - 1) }
}

/// How a synthetic provider's on-time rates move from month to month around its skill.
///
/// Rule (the same deviation moves every KPI of the provider, added to each KPI's baseline and the provider's
/// skill, the sum kept within 50%…99.9%):
/// - `sine`: a sine of amplitude 0–3.5 points and period 6–18 months, and 1.5 points lower in August and
///   December (the generator's only shape before drift kinds existed: `--drift sine` writes those bytes);
/// - `walk`: a random walk, starting within ±1 point, each month's step normal with a standard deviation
///   of 0.5–2 points (the provider's own), kept within −10…+4 points by reflection;
/// - `shift`: regime shifts: a level held for months and replaced, with chance 1 in 8 each month, by a new
///   one uniform in −8…+3 points;
/// - `mixed`: each provider one of sine, walk, shift, or a walk with shifts, with equal chance.
///
/// Example: `kpi generate --drift walk --seed 3` draws every provider's walk from the seed, so the same
/// options write the same bytes.
public enum DriftShape: String, CaseIterable, Sendable, Equatable {
    case sine, walk, shift, mixed
}

/// Rows written per file by the generator.
public struct SyntheticDatasetSummary: Sendable, Equatable {
    public var rows: [DatasetFile: Int]
}

/// A deterministic synthetic national dataset for tests, benchmarks and demonstrations.
///
/// Rule: providers differ in skill and drift month to month around each KPI's target (some breach, some do
/// not); referrals dip in August and December and are rare at weekends; completions follow each division's
/// working days; there are reworks, withdrawals, outcomes still awaited at the end, complaints (some about
/// DWP), MI returns (some late or missing), quarterly FTE, survey responses, cancellations, recommended
/// solutions and HA type changes. Everything dated after the last month's last day is left out, as it would
/// be in a real extract taken that day. Cases are generated in provider-month units, each with its own
/// random stream derived from the seed, so the output does not depend on how the work is spread over cores.
public enum SyntheticDataset {
    /// Writes every table of the dataset as CSV into `folder` (created when missing).
    @discardableResult
    public static func write(_ configuration: SyntheticDatasetConfiguration, to folder: String) throws(DatasetError) -> SyntheticDatasetSummary {
        guard configuration.providers >= 1, configuration.months >= 1, configuration.cases >= 0 else {
            throw DatasetError(path: folder, reason: "providers and months must be at least 1 and cases at least 0")
        }
        guard configuration.providers <= 9_999, configuration.cases <= 99_999_999,
              WorkingDayCalendar.supports(configuration.firstMonth.firstDay),
              configuration.lastMonth.year <= 2098 else {
            throw DatasetError(path: folder, reason: "at most 9,999 providers and 99,999,999 cases, with months inside 1995-2098")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw DatasetError(path: folder, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        let plan = _GenerationPlan(configuration)
        var writers: [DatasetFile: _FileWriter] = [:]
        for file in DatasetFile.allCases {
            writers[file] = try _FileWriter(path: URL(fileURLWithPath: folder).appendingPathComponent(file.fileName).path)
        }
        var rows: [DatasetFile: Int] = [:]
        func emit(_ part: _GeneratedPart) throws(DatasetError) {
            for (index, file) in DatasetFile.allCases.enumerated() where !part.buffers[index].bytes.isEmpty {
                try writers[file]!.write(part.buffers[index].bytes)
                rows[file, default: 0] += part.rows[index]
            }
        }
        try emit(plan.headersAndProviders())
        let units = plan.units
        let batch = max(1, _workerCount * 8)
        var start = 0
        while start < units.count {
            let end = min(units.count, start + batch)
            let first = start
            let parts = _parallelMap(end - start) { plan.generate(units[first + $0]) }
            for part in parts { try emit(part) }
            start = end
        }
        try emit(plan.providerLevelRows())
        for file in DatasetFile.allCases { try writers[file]!.close() }
        return SyntheticDatasetSummary(rows: rows)
    }
}

// MARK: Plan

/// One provider's character in the synthetic data.
struct _ProviderProfile: Sendable {
    var id: String
    var contract: String
    var division: Division
    var region: String
    var name: String
    var serviceStart: Month
    var weight: Double
    var skill: Double
    var driftAmplitude: Double
    var driftPhase: Double
    var driftPeriod: Double
    /// The deviation of the on-time rates in each month from the first (``DriftShape``), the holiday dip
    /// of the sine included.
    var drift: [Double] = []
}

/// The cases of one provider in one month, with the first case number they use.
struct _Unit: Sendable {
    var provider: Int
    var month: Month
    var count: Int
    var firstCaseNumber: Int
}

/// Rows produced by one unit of work, one buffer per file in ``DatasetFile`` order.
struct _GeneratedPart: Sendable {
    var buffers = [_CSVTextBuffer](repeating: _CSVTextBuffer(), count: DatasetFile.allCases.count)
    var rows = [Int](repeating: 0, count: DatasetFile.allCases.count)

    mutating func row(_ file: DatasetFile, _ write: (inout _CSVTextBuffer) -> Void) {
        let i = file.ordinal
        write(&buffers[i])
        buffers[i].newline()
        rows[i] += 1
    }
}

struct _GenerationPlan: Sendable {
    let configuration: SyntheticDatasetConfiguration
    let profiles: [_ProviderProfile]
    let units: [_Unit]
    let end: Day

    static let solutions = ["Specialist software", "Ergonomic chair", "Height-adjustable desk", "Support worker",
                            "Travel to work", "Job coach", "BSL interpreter", "Screen reader", "Hearing loop",
                            "Mental health support", "Specialist keyboard", "Large monitor", "Dictation software",
                            "Taxi fares", "Deaf awareness training", "Vehicle adaptation"]
    static let cancellationReasons = ["Customer unwell", "Assessor unavailable", "Customer request",
                                      "Technical problems", "Employer not available", "Travel disruption"]
    static let typeChangeReasons = ["Customer preference", "Complex needs identified", "Accessibility of venue",
                                    "Connectivity problems"]
    static let withdrawalReasons = ["Customer withdrew", "Left employment", "No longer needs support",
                                    "Unable to contact", "Moved to another service"]
    static let infoSources = ["GP", "Jobcentre Plus", "Employer", "Self-referral", "GOV.UK", "Charity", "Occupational health"]
    static let regions: [Division: [String]] = [
        .englandAndWales: ["North East", "North West", "Midlands", "London", "South East", "South West", "Wales"],
        .scotland: ["Scotland"], .northernIreland: ["Northern Ireland"],
    ]

    init(_ configuration: SyntheticDatasetConfiguration) {
        self.configuration = configuration
        var rng = _Random(seed: configuration.seed, stream: 0)
        var profiles: [_ProviderProfile] = []
        for i in 0..<configuration.providers {
            let contract = i % 2 == 0 ? Vocabulary.holisticAssessment : Vocabulary.mentalHealthSupport
            let division: Division = i % 5 == 3 ? .scotland : i % 5 == 4 ? .northernIreland : .englandAndWales
            let regions = Self.regions[division]!
            let startOffset = i % 4 == 3 ? min(3, configuration.months - 1) : 0
            profiles.append(_ProviderProfile(
                id: "P" + String(format: "%03d", i + 1), contract: contract, division: division,
                region: regions[i % regions.count], name: "Provider \(i + 1) Ltd",
                serviceStart: configuration.firstMonth.advanced(by: startOffset),
                weight: rng.uniform(0.5, 1.5), skill: rng.uniform(-0.05, 0.025),
                driftAmplitude: rng.uniform(0.0, 0.035), driftPhase: rng.uniform(0, 2 * .pi),
                driftPeriod: rng.uniform(6, 18)))
        }
        for p in profiles.indices {
            profiles[p].drift = Self.driftPath(configuration, profiles[p], stream: p)
        }
        self.profiles = profiles
        self.end = configuration.lastMonth.lastDay

        // Cases per provider-month: weight × season, largest remainders, deterministic.
        var cells: [(provider: Int, month: Month, share: Double)] = []
        for m in 0..<configuration.months {
            let month = configuration.firstMonth.advanced(by: m)
            let season = month.month == 8 ? 0.85 : month.month == 12 ? 0.8 : 1.0
            for (p, profile) in profiles.enumerated() where month >= profile.serviceStart {
                cells.append((p, month, profile.weight * season))
            }
        }
        let totalShare = cells.reduce(0) { $0 + $1.share }
        var counts = cells.map { Int(Double(configuration.cases) * $0.share / totalShare) }
        let remainders = cells.indices.map { (Double(configuration.cases) * cells[$0].share / totalShare) - Double(counts[$0]) }
        var missing = configuration.cases - counts.reduce(0, +)
        for i in cells.indices.sorted(by: { remainders[$0] > remainders[$1] || (remainders[$0] == remainders[$1] && $0 < $1) }) where missing > 0 {
            counts[i] += 1
            missing -= 1
        }
        var units: [_Unit] = []
        var next = 1
        // Order units by provider then month so each provider's cases are contiguous in cases.csv.
        for i in cells.indices.sorted(by: { (cells[$0].provider, cells[$0].month.rawValue) < (cells[$1].provider, cells[$1].month.rawValue) }) {
            units.append(_Unit(provider: cells[i].provider, month: cells[i].month, count: counts[i], firstCaseNumber: next))
            next += counts[i]
        }
        self.units = units
    }

    /// On-time probability for a provider in a month around a KPI's baseline.
    func onTime(_ baseline: Double, _ profile: _ProviderProfile, _ month: Month) -> Double {
        let t = configuration.firstMonth.distance(to: month)
        let drift = profile.drift.isEmpty ? 0 : profile.drift[min(max(t, 0), profile.drift.count - 1)]
        return min(0.999, max(0.5, baseline + profile.skill + drift))
    }

    /// A provider's deviation in every month of the dataset (``DriftShape``), from its own random stream, so
    /// the profiles' draws (and so `sine` data) do not depend on the shape.
    static func driftPath(_ configuration: SyntheticDatasetConfiguration, _ profile: _ProviderProfile, stream: Int) -> [Double] {
        var rng = _Random(seed: configuration.seed, stream: 0xD41F_0000 | UInt64(stream))
        var shape = configuration.drift
        var walks = shape == .walk, shifts = shape == .shift
        if shape == .mixed {
            switch rng.int(4) {
            case 0: shape = .sine
            case 1: walks = true
            case 2: shifts = true
            default: walks = true; shifts = true
            }
        }
        let step = rng.uniform(0.005, 0.02)
        var walk = rng.uniform(-0.01, 0.01), regime = 0.0
        return (0..<configuration.months).map { t in
            let month = configuration.firstMonth.advanced(by: t)
            if shape == .sine {
                let season = month.month == 12 || month.month == 8 ? -0.015 : 0
                return profile.driftAmplitude * sin(2 * .pi * Double(t) / profile.driftPeriod + profile.driftPhase) + season
            }
            if walks && t > 0 {
                walk += step * rng.normal()
                if walk > 0.04 { walk = 0.08 - walk }
                if walk < -0.10 { walk = -0.20 - walk }
            }
            if shifts && t > 0 && rng.chance(1.0 / 8) { regime = rng.uniform(-0.08, 0.03) }
            return (walks ? walk : 0) + regime
        }
    }

    /// `date` when it has happened by the end of the data, else `nil`.
    @inline(__always) func seen(_ date: Day?) -> Day? {
        guard let date, date <= end else { return nil }
        return date
    }

    // MARK: Headers and providers

    func headersAndProviders() -> _GeneratedPart {
        var part = _GeneratedPart()
        for (index, file) in DatasetFile.allCases.enumerated() {
            part.buffers[index].text(file.columns.map(\.name).joined(separator: ","))
            part.buffers[index].newline()
        }
        for profile in profiles {
            part.row(.providers) { b in
                b.text(profile.id); b.comma(); b.text(profile.contract); b.comma(); b.date(profile.serviceStart.firstDay)
                b.comma(); b.field(profile.name); b.comma(); b.field(profile.region); b.comma(); b.text(profile.division.rawValue)
            }
        }
        return part
    }

    // MARK: Cases of one unit

    func generate(_ unit: _Unit) -> _GeneratedPart {
        var part = _GeneratedPart()
        let profile = profiles[unit.provider]
        let calendar = WorkingDayCalendar.standard(profile.division)
        var rng = _Random(seed: configuration.seed, stream: UInt64(unit.provider + 1) << 32 | UInt64(UInt32(bitPattern: unit.month.rawValue)))
        let firstDay = unit.month.firstDay
        let days = Day.daysIn(month: unit.month.month, year: unit.month.year)
        for k in 0..<unit.count {
            var referral = firstDay.advanced(by: rng.int(days))
            if !calendar.isWorkingDay(referral) && rng.chance(0.8) { referral = firstDay.advanced(by: rng.int(days)) }
            let caseID = "C" + _pad(unit.firstCaseNumber + k, 8)
            if profile.contract == Vocabulary.holisticAssessment {
                holisticAssessmentCase(caseID, referral, profile, calendar, unit.month, &rng, &part)
            } else {
                mentalHealthCase(caseID, referral, profile, calendar, unit.month, &rng, &part)
            }
        }
        return part
    }

    /// A completion for a working-day deadline: on time with probability `p`, else 1-6 working days late.
    func completion(after start: Day, workingDays n: Int, receiptDay: ReceiptDay = .dayZero, p: Double,
                    _ calendar: WorkingDayCalendar, _ rng: inout _Random) -> Day {
        let deadline = calendar.deadline(workingDays: n, after: start, receiptDay: receiptDay)
        if rng.chance(p) {
            let low = max(0, n - 3)
            let day = calendar.deadline(workingDays: low + rng.int(n - low + 1), after: start, receiptDay: receiptDay)
            return day > deadline ? deadline : day
        }
        // Late: usually working days after the deadline, sometimes the weekend right after it.
        if rng.chance(0.08) && deadline.weekday == .friday { return deadline.advanced(by: 1) }
        return calendar.deadline(workingDays: 1 + rng.int(6), after: deadline)
    }

    /// A document's submissions: first attempt on `first`, reworks after each rejection.
    func submissions(_ caseID: String, document: String, first: Day, quality: Double, rework: Double, prap: Double?,
                     _ calendar: WorkingDayCalendar, _ rng: inout _Random, _ part: inout _GeneratedPart) {
        var submitted = first
        for attempt in 1...3 {
            guard let shown = seen(submitted) else { return }
            let decided = calendar.deadline(workingDays: 1 + rng.int(4), after: submitted)
            let accepted = attempt == 3 || rng.chance(attempt == 1 ? quality : 0.97)
            let decidedSeen = seen(decided)
            let recorded: Day? = prap.flatMap { p in
                accepted && decidedSeen != nil ? seen(completion(after: decided, workingDays: 5, p: p, calendar, &rng)) : nil
            }
            part.row(.reports) { b in
                b.text(caseID); b.comma(); b.text(document); b.comma(); b.int(attempt); b.comma(); b.date(shown); b.comma()
                if decidedSeen != nil { b.text(accepted ? "accepted" : "rejected") }
                b.comma(); b.date(decidedSeen); b.comma(); b.date(recorded); b.comma()
                if document == "exit_report" && decidedSeen != nil { b.text(rng.chance(0.7) ? "true" : "false") }
            }
            guard !accepted, decidedSeen != nil else { return }
            submitted = completion(after: decided, workingDays: 1, p: rework, calendar, &rng)
        }
    }

    func holisticAssessmentCase(_ caseID: String, _ referral: Day, _ profile: _ProviderProfile,
                                _ calendar: WorkingDayCalendar, _ month: Month, _ rng: inout _Random,
                                _ part: inout _GeneratedPart) {
        let withdrawn: Day? = rng.chance(0.03) ? referral.advanced(by: 1 + rng.int(25)) : nil
        func before(_ d: Day) -> Bool { withdrawn.map { d < $0 } ?? true }
        let acknowledged = completion(after: referral, workingDays: 1, p: onTime(0.992, profile, month), calendar, &rng)
        let booked = completion(after: referral, workingDays: 2, p: onTime(0.965, profile, month), calendar, &rng)
        var type = rng.pick([0.5, 0.35, 0.15])
        var change: (day: Day, from: Int)? = nil
        if rng.chance(0.04) {
            let from = type
            type = (type + 1 + rng.int(2)) % 3
            change = (booked.advanced(by: 1 + rng.int(3)), from)
        }
        let reportDays = [8, 10, 12][type]
        let report = completion(after: referral, workingDays: reportDays, p: onTime(0.962, profile, month), calendar, &rng)
        part.row(.cases) { b in
            b.text(caseID); b.comma(); b.text(profile.id); b.comma(); b.text(profile.contract); b.comma(); b.date(referral); b.comma()
            b.date(before(acknowledged) ? seen(acknowledged) : nil); b.comma()
            b.date(before(booked) ? seen(booked) : nil); b.comma()
            b.text(Vocabulary.assessmentTypes[type]); b.text(",,,,,,,")
            b.date(seen(withdrawn)); b.comma()
            if seen(withdrawn) != nil { b.field(Self.withdrawalReasons[rng.int(Self.withdrawalReasons.count)]) }
        }
        if before(report) {
            submissions(caseID, document: "ha_report", first: report, quality: onTime(0.992, profile, month),
                        rework: onTime(0.96, profile, month), prap: nil, calendar, &rng, &part)
            if seen(report) != nil {
                for _ in 0..<(1 + rng.int(3)) {
                    let solution = Self.solutions[min(Self.solutions.count - 1, rng.int(6) + rng.int(11))]
                    part.row(.recommendations) { b in b.text(caseID); b.comma(); b.field(solution) }
                }
                if profile.contract == Vocabulary.holisticAssessment && rng.chance(0.06),
                   let responded = seen(report.advanced(by: 3 + rng.int(18))) {
                    let satisfaction = Vocabulary.satisfaction[rng.pick([0.55, 0.3, 0.1, 0.05])]
                    part.row(.survey) { b in
                        b.text(profile.id); b.comma(); b.text(profile.contract); b.comma(); b.date(responded); b.comma()
                        b.text(satisfaction); b.comma()
                        if rng.chance(0.2) { b.field("Helpful, but \"the wait\" was long, overall") }
                        b.comma(); b.text(["online", "phone", "paper"][rng.int(3)])
                    }
                }
            }
        }
        if let change, before(change.day), let changed = seen(change.day) {
            part.row(.typeChanges) { b in
                b.text(caseID); b.comma(); b.date(changed); b.comma(); b.text(Vocabulary.assessmentTypes[change.from]); b.comma()
                b.text(Vocabulary.assessmentTypes[type]); b.comma(); b.field(Self.typeChangeReasons[rng.int(Self.typeChangeReasons.count)])
            }
        }
        if rng.chance(0.08), let cancelled = seen(booked.advanced(by: 1 + rng.int(4))), before(cancelled) {
            let rebooked = rng.chance(0.9) ? seen(cancelled.advanced(by: 1 + rng.int(8))) : nil
            part.row(.cancellations) { b in
                b.text(caseID); b.comma(); b.date(cancelled); b.comma(); b.text(rng.chance(0.4) ? "provider" : "customer"); b.comma()
                b.field(Self.cancellationReasons[rng.int(Self.cancellationReasons.count)]); b.comma(); b.date(rebooked); b.comma()
                b.int(1 + rng.int(4)); b.comma(); b.int(1 + rng.int(3))
            }
        }
        complaint(caseID, referral, profile, calendar, month, &rng, &part)
    }

    func mentalHealthCase(_ caseID: String, _ referral: Day, _ profile: _ProviderProfile,
                          _ calendar: WorkingDayCalendar, _ month: Month, _ rng: inout _Random,
                          _ part: inout _GeneratedPart) {
        let withdrawn: Day? = rng.chance(0.06) ? referral.advanced(by: 10 + rng.int(250)) : nil
        func before(_ d: Day) -> Bool { withdrawn.map { d < $0 } ?? true }
        let p1 = onTime(0.968, profile, month)
        let contact = completion(after: referral, workingDays: 2, receiptDay: .dayOne, p: p1, calendar, &rng)
        let appointment = completion(after: referral, workingDays: 2, receiptDay: .dayOne, p: rng.chance(0.5) ? 0.999 : p1, calendar, &rng)
        let planDeadline = referral.addingCalendarMonths(1)
        let plan: Day = rng.chance(onTime(0.915, profile, month))
            ? referral.advanced(by: 5 + rng.int(max(1, referral.distance(to: planDeadline) - 4)))
            : planDeadline.advanced(by: 1 + rng.int(15))
        let supportEnd = referral.addingCalendarMonths(6)
        let sustainmentEnd: Day? = rng.chance(0.7) ? supportEnd.addingCalendarMonths(6) : nil
        let apprentice = rng.chance(0.1)
        part.row(.cases) { b in
            b.text(caseID); b.comma(); b.text(profile.id); b.comma(); b.text(profile.contract); b.comma(); b.date(referral)
            b.text(",,,,")
            b.date(before(contact) ? seen(contact) : nil); b.comma()
            b.date(before(appointment) ? seen(appointment) : nil); b.comma()
            b.text(apprentice ? "yes" : "no"); b.comma(); b.date(supportEnd); b.comma(); b.date(sustainmentEnd); b.comma()
            b.field(Self.infoSources[rng.int(Self.infoSources.count)]); b.comma()
            b.date(seen(withdrawn)); b.comma()
            if seen(withdrawn) != nil { b.field(Self.withdrawalReasons[rng.int(Self.withdrawalReasons.count)]) }
        }
        let quality = onTime(0.992, profile, month), rework = onTime(0.99, profile, month), prap = onTime(0.975, profile, month)
        if before(plan) {
            submissions(caseID, document: "support_plan", first: plan, quality: quality, rework: rework, prap: prap, calendar, &rng, &part)
        }
        let review = completion(after: supportEnd, workingDays: 10, p: onTime(0.915, profile, month), calendar, &rng)
        if before(supportEnd) && before(review) {
            submissions(caseID, document: "six_month_report", first: review, quality: quality, rework: rework, prap: prap, calendar, &rng, &part)
        }
        if let sustainmentEnd {
            let exit = completion(after: sustainmentEnd, workingDays: 10, p: onTime(0.915, profile, month), calendar, &rng)
            if before(exit) {
                submissions(caseID, document: "exit_report", first: exit, quality: quality, rework: rework, prap: prap, calendar, &rng, &part)
            }
        }
        complaint(caseID, referral, profile, calendar, month, &rng, &part)
    }

    func complaint(_ caseID: String, _ referral: Day, _ profile: _ProviderProfile, _ calendar: WorkingDayCalendar,
                   _ month: Month, _ rng: inout _Random, _ part: inout _GeneratedPart) {
        guard rng.chance(0.012), let received = seen(referral.advanced(by: 2 + rng.int(60))) else { return }
        let aboutDWP = rng.chance(0.2)
        let forwarded: Day? = aboutDWP || rng.chance(0.6)
            ? completion(after: received, workingDays: aboutDWP ? 2 : 5, p: onTime(0.99, profile, month), calendar, &rng) : nil
        let referred: Day? = rng.chance(0.1) ? received.advanced(by: 5 + rng.int(20)) : nil
        let resolved = calendar.deadline(workingDays: 1 + rng.int(20), after: received)
        part.row(.complaints) { b in
            b.text("K" + caseID.dropFirst()); b.comma(); b.text(profile.id); b.comma(); b.text(profile.contract); b.comma()
            b.date(received); b.comma(); if rng.chance(0.8) { b.text(caseID) }; b.comma(); b.text(aboutDWP ? "true" : "false"); b.comma()
            b.date(seen(forwarded)); b.comma(); b.date(seen(referred)); b.comma(); b.date(seen(resolved))
        }
    }

    // MARK: Provider-level returns

    func providerLevelRows() -> _GeneratedPart {
        var part = _GeneratedPart()
        for (p, profile) in profiles.enumerated() {
            var rng = _Random(seed: configuration.seed, stream: 0xFFFF_0000 | UInt64(p))
            let calendar = WorkingDayCalendar.standard(profile.division)
            func submit(_ kind: String, period: Month, due: Day) {
                guard !rng.chance(0.03) else { return }   // never sent
                let earliest = period.lastDay.advanced(by: 1)
                let sent = rng.chance(0.93) ? calendar.deadline(workingDays: rng.int(3), after: earliest)
                    : calendar.deadline(workingDays: 1 + rng.int(5), after: due)
                guard let shown = seen(sent) else { return }
                part.row(.returns) { b in
                    b.text(profile.id); b.comma(); b.text(profile.contract); b.comma(); b.text(kind); b.comma()
                    b.text(period.description); b.comma(); b.date(shown)
                }
            }
            var month = profile.serviceStart
            while month <= configuration.lastMonth {
                let next = month.advanced(by: 1)
                let thirdWorkingDay = calendar.workingDay(3, of: next)
                let fifteenth = calendar.workingDay(onOrAfter: Day(year: next.year, month: next.month, day: 15)!)
                if profile.contract == Vocabulary.mentalHealthSupport {
                    submit("monthly_mi", period: month, due: thirdWorkingDay)
                    if month != profile.serviceStart && profile.serviceStart.distance(to: month) % 12 == 0 {
                        submit("yearly_mi", period: month, due: calendar.deadline(workingDays: 3, after: month.firstDay))
                    }
                } else {
                    submit("mmir", period: month, due: thirdWorkingDay)
                    submit("customer_insight", period: month, due: fifteenth)
                    if month.month % 3 == 0 {
                        submit("social_value", period: month, due: fifteenth)
                        let total = rng.uniform(40, 250)
                        let disabled = total * rng.uniform(0.018, 0.042)
                        part.row(.workforce) { b in
                            b.text(profile.id); b.comma(); b.text(profile.contract); b.comma(); b.date(month.lastDay); b.comma()
                            b.decimal(total, places: 2); b.comma(); b.decimal(disabled, places: 2)
                        }
                    }
                }
                month = next
            }
        }
        return part
    }
}

func _pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// ``SeededGenerator`` with independent streams: the generator's only source of randomness.
struct _Random: Sendable {
    private var source: SeededGenerator

    init(seed: UInt64, stream: UInt64) {
        source = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ stream &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    @inline(__always)
    mutating func next() -> UInt64 { source.next() }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    /// Standard normal (Box–Muller, one of the pair).
    mutating func normal() -> Double { (-2 * log(1 - unit())).squareRoot() * cos(2 * .pi * unit()) }
    /// Uniform in 0..<n (n ≥ 1).
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    /// An index drawn with the given weights.
    mutating func pick(_ weights: [Double]) -> Int {
        var x = unit() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }
}

/// Appends bytes to a new file.
struct _FileWriter {
    let path: String
    let fd: Int32

    init(path: String) throws(DatasetError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw DatasetError(path: path, reason: "cannot create the file (\(String(cString: strerror(errno))))") }
    }

    func write(_ bytes: [UInt8]) throws(DatasetError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(DatasetError) in try write(raw) } }.get()
    }

    func write(_ raw: UnsafeRawBufferPointer) throws(DatasetError) {
        var done = 0
        while done < raw.count {
            let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw DatasetError(path: path, reason: "writing failed (\(String(cString: strerror(errno))))")
            }
            done += n
        }
    }

    func close() throws(DatasetError) {
        if Foundation.close(fd) != 0 { throw DatasetError(path: path, reason: "closing the file failed") }
    }
}
