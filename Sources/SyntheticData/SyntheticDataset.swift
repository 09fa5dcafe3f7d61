import CaseData
import Foundation
import KPIEngine
import WorkingDays
import _ATWUtilities

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
    /// Providers whose true on-time rates are fixed (by provider id, `P001`…); the others follow the
    /// default character of ``SyntheticDataset``.
    public var qualities: [String: ProviderQuality]

    public init(providers: Int = 8, months: Int = 24, cases: Int = 5_000, seed: UInt64 = 1,
                firstMonth: Month = Month(year: 2024, month: 4), drift: DriftShape = .mixed,
                qualities: [String: ProviderQuality] = [:]) {
        self.providers = providers
        self.months = months
        self.cases = cases
        self.seed = seed
        self.firstMonth = firstMonth
        self.drift = drift
        self.qualities = qualities
    }

    /// The last month of the dataset; nothing dated after its last day is written (it has not happened yet).
    public var lastMonth: Month { firstMonth.advanced(by: months - 1) }
}

/// How a synthetic provider's on-time rates move from month to month around its skill.
///
/// Rule (the same deviation moves every KPI of the provider, added to each KPI's target and the provider's
/// skill, the sum kept within 50%…99.9%):
/// - `sine`: a sine of amplitude 0–1.5 points and period 6–18 months, and 1 point lower in August and
///   December;
/// - `walk`: a random walk, starting within ±0.5 points, each month's step normal with a standard deviation
///   of 0.2–0.8 points (the provider's own), kept within −2.5…+2 points by reflection;
/// - `shift`: regime shifts: a level held for months and replaced, with chance 1 in 8 each month, by a new
///   one uniform in −2.5…+1.5 points;
/// - `mixed`: each provider one of sine, walk, shift, or a walk with shifts, with equal chance;
/// - `capacity`: lateness that follows demand: each provider works a monthly capacity 5–15% above its usual
///   referrals; demand surges (+30–80% referrals for 1–3 months, starting in any month with chance 1 in 9 when
///   none is running) build a backlog B ← max(0, B + referrals − capacity) that drains at the capacity's spare
///   margin; the on-time rates fall 8 points per capacity's worth of backlog (at most 12 points), on top of a
///   small walk (steps of 0.3 points), and the HA report (HA-3) and the support plan (MH-2) wait in the queue
///   besides: 21 working days per capacity's worth of the month's mean backlog, so they finish later and stay
///   open across month ends. The referrals of a surge month are in the cases, so the data carry the warning a
///   forecast can read.
///
/// Example: `kpi generate --drift walk --seed 3` draws every provider's walk from the seed, so the same
/// options write the same bytes.
public enum DriftShape: String, CaseIterable, Sendable, Equatable {
    case sine, walk, shift, mixed, capacity
}

/// A synthetic provider's true on-time rate on every KPI, fixed relative to each KPI's target.
///
/// Rule: the rate of every measured item's draw is the KPI's target plus the offset (in percentage points)
/// in force that month, kept within 50%…99.9% (100% for MI returns); no drift, no season. The first offset
/// applies from the start; each `YYYY-MM:points` step from its month on. HA-6's FTE share is 3% plus the
/// offset. Written `ID=POINTS[,YYYY-MM:POINTS]…` on the command line.
///
/// Example: `P001=+0.5` is half a point above target on every KPI throughout; `P003=+0.5,2025-10:-3` is
/// half a point above until September 2025 and 3 points below from October 2025.
public struct ProviderQuality: Sendable, Equatable {
    /// Offsets in points from each month on; the first step's month is `nil` (from the start).
    public var steps: [Step]

    public struct Step: Sendable, Equatable {
        public var from: Month?
        public var points: Double
        public init(from: Month?, points: Double) {
            self.from = from
            self.points = points
        }
    }

    public init(steps: [Step]) { self.steps = steps }

    /// Parses `POINTS[,YYYY-MM:POINTS]…` (`nil` when malformed, out of −50…+50 or out of month order).
    public init?(_ text: String) {
        var steps: [Step] = []
        for (i, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count == (i == 0 ? 1 : 2), let points = Double(pieces.last!), points.isFinite, abs(points) <= 50 else { return nil }
            var month: Month? = nil
            if i > 0 {
                guard let m = Month(String(pieces[0])) else { return nil }
                if let previous = steps.last?.from, m <= previous { return nil }
                month = m
            }
            steps.append(Step(from: month, points: points))
        }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
    }

    /// The offset (points) in force in `month`.
    public func points(in month: Month) -> Double {
        steps.last { $0.from.map { $0 <= month } ?? true }?.points ?? 0
    }
}

/// Rows written per file by the generator.
public struct SyntheticDatasetSummary: Sendable, Equatable {
    public var rows: [DatasetFile: Int]
}

/// A deterministic synthetic national dataset for tests, benchmarks and demonstrations.
///
/// Rule: providers differ in skill and drift month to month around each KPI's target. By default most are
/// good (0.4–2 points above target, before drift), every sixth from the fourth is struggling (2.5–4.5 points
/// below) and every sixth from the sixth deteriorates (good, then 5 points lower from the middle month of
/// the data); ``SyntheticDatasetConfiguration/qualities`` fixes chosen providers' rates instead
/// (``ProviderQuality``). Referrals dip in August and December and are rare at weekends; completions follow each division's
/// working days; there are reworks, withdrawals, outcomes still awaited at the end, complaints (some about
/// DWP), MI returns (some late or missing), quarterly FTE, survey responses, cancellations, recommended
/// solutions and HA type changes. Everything dated after the last month's last day is left out, as it would
/// be in a real extract taken that day. Cases are generated in provider-month units, each with its own
/// random stream derived from the seed, so the output does not depend on how the work is spread over cores.
public enum SyntheticDataset {
    /// The id of the generator's `number`th provider (from 1): `P001`, …, `P9999`.
    public static func providerID(_ number: Int) -> String { "P" + _pad(number, 3) }

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
        var rows: [DatasetFile: Int] = [:]
        try AtomicWrite.folder(folder) { staging throws(DatasetError) in
            try Self.write(configuration, into: staging, rows: &rows)
            return DatasetFile.allCases.map(\.fileName)
        }
        return SyntheticDatasetSummary(rows: rows)
    }

    /// Writes every file of the dataset into `folder` (which exists), counting the rows.
    static func write(_ configuration: SyntheticDatasetConfiguration, into folder: String,
                      rows: inout [DatasetFile: Int]) throws(DatasetError) {
        let plan = _GenerationPlan(configuration)
        var writers: [DatasetFile: _FileWriter] = [:]
        defer { for writer in writers.values { try? writer.close() } }
        for file in DatasetFile.allCases {
            writers[file] = try _FileWriter.creating(URL(fileURLWithPath: folder).appendingPathComponent(file.fileName).path)
        }
        func emit(_ part: _GeneratedPart) throws(DatasetError) {
            for (index, file) in DatasetFile.allCases.enumerated() where !part.buffers[index].bytes.isEmpty {
                try writers[file]!.append(part.buffers[index].bytes)
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
        for file in DatasetFile.allCases { try writers.removeValue(forKey: file)!.finish() }
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
    /// A user-fixed quality (no skill, no drift), or `nil`.
    var quality: ProviderQuality?
    /// From this month on, the provider is 5 points worse (the deteriorating provider), or `nil`.
    var dropsFrom: Month?
    var driftAmplitude: Double
    var driftPhase: Double
    var driftPeriod: Double
    /// The deviation of the on-time rates in each month from the first (``DriftShape``), the holiday dip
    /// of the sine included.
    var drift: [Double] = []
    /// Under capacity drift, the working days a report or support plan waits in the queue, per month (empty
    /// otherwise).
    var queueWait: [Double] = []
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

/// The targets of the shipped contracts' KPIs that the generator's draws aim at, as rates (a test checks
/// each against the contract definitions, where the targets are declared).
package enum _GeneratorTargets {
    package static let ha1 = 0.99, ha2 = 0.96, ha3 = 0.96, ha4 = 0.99, ha5 = 0.96, ha6 = 0.03
    package static let mh1 = 0.96, mh2 = 0.90, mh3 = 0.99, mh4 = 0.90, mh6 = 0.90, mh8 = 0.99, mh9 = 0.96
    package static let mh10 = 1.0, mh11 = 0.99
    /// Every target by the KPIs it serves (MH-3's serves MH-5 and MH-7, MH-9's MH-9a–c, MH-11's MH-12).
    package static let all: [(kpis: [String], rate: Double)] = [
        (["HA-1"], ha1), (["HA-2"], ha2), (["HA-3"], ha3), (["HA-4"], ha4), (["HA-5"], ha5), (["HA-6"], ha6),
        (["MH-1"], mh1), (["MH-2"], mh2), (["MH-3", "MH-5", "MH-7"], mh3), (["MH-4"], mh4), (["MH-6"], mh6),
        (["MH-8"], mh8), (["MH-9a", "MH-9b", "MH-9c"], mh9), (["MH-10"], mh10), (["MH-11", "MH-12"], mh11),
    ]
}

struct _GenerationPlan: Sendable {
    typealias T = _GeneratorTargets

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

    /// The contracts the generator writes cases for, as the built-in definitions name them: the one whose KPIs
    /// measure HA reports (HA cases: assessment types, HA reports, cancellations, surveys, MMIR returns) and the
    /// one whose KPIs measure support plans (MHSS cases: support periods, the three MHSS reports, MI returns).
    static let contracts: (assessment: String, support: String) = {
        let definitions = (try? ContractCatalog.builtIn.definitions) ?? []
        func measuring(_ document: String) -> String {
            definitions.first { $0.dataRules.documents?.contains(document) == true }!.contract
        }
        return (measuring("ha_report"), measuring("support_plan"))
    }()

    init(_ configuration: SyntheticDatasetConfiguration) {
        self.configuration = configuration
        var rng = _Random(seed: configuration.seed, stream: 0)
        var profiles: [_ProviderProfile] = []
        for i in 0..<configuration.providers {
            let contract = i % 2 == 0 ? Self.contracts.assessment : Self.contracts.support
            let division: Division = i % 5 == 3 ? .scotland : i % 5 == 4 ? .northernIreland : .englandAndWales
            let regions = Self.regions[division]!
            let startOffset = i % 4 == 3 ? min(3, configuration.months - 1) : 0
            let id = SyntheticDataset.providerID(i + 1)
            let weight = rng.uniform(0.5, 1.5), u = rng.unit()
            let struggling = i % 6 == 3, deteriorating = i % 6 == 5
            profiles.append(_ProviderProfile(
                id: id, contract: contract, division: division,
                region: regions[i % regions.count], name: "Provider \(i + 1) Ltd",
                serviceStart: configuration.firstMonth.advanced(by: startOffset),
                weight: weight, skill: struggling ? -0.025 - 0.02 * u : 0.004 + 0.016 * u,
                quality: configuration.qualities[id],
                dropsFrom: deteriorating ? configuration.firstMonth.advanced(by: configuration.months / 2) : nil,
                driftAmplitude: rng.uniform(0.0, 0.015), driftPhase: rng.uniform(0, 2 * .pi),
                driftPeriod: rng.uniform(6, 18)))
        }
        for p in profiles.indices {
            profiles[p].drift = Self.driftPath(configuration, profiles[p], stream: p)
        }
        self.end = configuration.lastMonth.lastDay

        // Demand surges (capacity drift only): each provider's referral multiplier per month.
        let surges = configuration.drift == .capacity ? profiles.indices.map { Self.surges(configuration, stream: $0) } : []
        // Cases per provider-month: weight × season (× surge), largest remainders, deterministic.
        var cells: [(provider: Int, month: Month, share: Double)] = []
        for m in 0..<configuration.months {
            let month = configuration.firstMonth.advanced(by: m)
            let season = month.month == 8 ? 0.85 : month.month == 12 ? 0.8 : 1.0
            for (p, profile) in profiles.enumerated() where month >= profile.serviceStart {
                cells.append((p, month, profile.weight * season * (surges.isEmpty ? 1 : surges[p][m])))
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
        if configuration.drift == .capacity {
            // Lateness from the backlog the referrals build against each provider's capacity.
            var referrals = [[Double]](repeating: [Double](repeating: 0, count: configuration.months), count: profiles.count)
            for (i, cell) in cells.enumerated() {
                referrals[cell.provider][configuration.firstMonth.distance(to: cell.month)] = Double(counts[i])
            }
            for p in profiles.indices where profiles[p].quality == nil {
                (profiles[p].drift, profiles[p].queueWait) = Self.capacityPath(configuration, referrals: referrals[p], surges: surges[p], stream: p)
            }
        }
        self.profiles = profiles
    }

    /// A provider's referral multiplier per month: 1, or 1.3–1.8 while a demand surge (1–3 months, starting
    /// with chance 1 in 9 in a month without one) runs. From its own random stream.
    static func surges(_ configuration: SyntheticDatasetConfiguration, stream: Int) -> [Double] {
        var rng = _Random(seed: configuration.seed, stream: 0xCA9A_0000 | UInt64(stream))
        var factors: [Double] = [], left = 0, size = 1.0
        for _ in 0..<configuration.months {
            if left == 0 && rng.chance(1.0 / 9) {
                left = 1 + rng.int(3)
                size = rng.uniform(1.3, 1.8)
            }
            factors.append(left > 0 ? size : 1)
            if left > 0 { left -= 1 }
        }
        return factors
    }

    /// A provider's deviation per month under capacity drift: −8 points per capacity's worth of backlog (at most
    /// −12), plus a small walk; the capacity 5–15% above its usual (unsurged) monthly referrals. And the queue
    /// its reports and support plans wait in each month (``queueWait(referrals:capacity:)``).
    static func capacityPath(_ configuration: SyntheticDatasetConfiguration, referrals: [Double], surges: [Double],
                             stream: Int) -> (deviation: [Double], wait: [Double]) {
        var rng = _Random(seed: configuration.seed, stream: 0xCA9B_0000 | UInt64(stream))
        let usual = zip(referrals, surges).filter { $0.0 > 0 && $0.1 == 1 }.map { $0.0 }
        let base = usual.isEmpty ? (referrals.max() ?? 0) : usual.reduce(0, +) / Double(usual.count)
        let capacity = max(base * rng.uniform(1.05, 1.15), 1)
        var walk = rng.uniform(-0.005, 0.005)
        let deviation = backlogDeviation(referrals: referrals, capacity: capacity).enumerated().map { t, deviation in
            if t > 0 {
                walk += 0.003 * rng.normal()
                walk = min(max(walk, -0.02), 0.015)
            }
            return walk + deviation
        }
        return (deviation, queueWait(referrals: referrals, capacity: capacity))
    }

    /// Working days of work a provider does in a month.
    static let workingDaysPerMonth = 21.0

    /// The working days a case waits in the queue for its report or support plan, month by month: the mean of the
    /// backlog at the month's start and end (B ← max(0, B + referrals − capacity)), in months of capacity, times
    /// 21 working days.
    ///
    /// Example: capacity 110 and referrals 100, 100, 160, 160, 100: backlogs 0, 0, 50, 100, 90, so waits 0, 0,
    /// 21·25/110 = 4.77, 21·75/110 = 14.32 and 21·95/110 = 18.14 working days.
    static func queueWait(referrals: [Double], capacity: Double) -> [Double] {
        let backlog = backlogs(referrals: referrals, capacity: capacity)
        return backlog.indices.map { t in workingDaysPerMonth * ((t > 0 ? backlog[t - 1] : 0) + backlog[t]) / 2 / capacity }
    }

    /// The backlog at each month's end: B ← max(0, B + referrals − capacity), from none.
    ///
    /// Example: capacity 110 and referrals 100, 100, 160, 160, 100: 0, 0, 50, 100, 90.
    static func backlogs(referrals: [Double], capacity: Double) -> [Double] {
        var backlog = 0.0
        return referrals.map { r in
            backlog = max(0, backlog + r - capacity)
            return backlog
        }
    }

    /// `day` moved on by the provider's queue wait in `month` (capacity drift only): the wait's whole working
    /// days, and one more with the chance of its fraction.
    func queued(_ day: Day, _ profile: _ProviderProfile, _ month: Month, _ calendar: WorkingDayCalendar, _ rng: inout _Random) -> Day {
        guard !profile.queueWait.isEmpty else { return day }
        let wait = profile.queueWait[min(max(configuration.firstMonth.distance(to: month), 0), profile.queueWait.count - 1)]
        guard wait > 0 else { return day }
        let days = Int(wait) + (rng.chance(wait - wait.rounded(.down)) ? 1 : 0)
        return days > 0 ? calendar.deadline(workingDays: days, after: day) : day
    }

    /// The backlog's effect on the on-time rates month by month: B ← max(0, B + referrals − capacity), and the
    /// rates fall 0.08 per capacity's worth of backlog, at most 0.12.
    ///
    /// Example: capacity 110 and referrals 100, 100, 160, 160, 100: backlogs 0, 0, 50, 100, 90, so 0, 0, −0.0364,
    /// −0.0727, −0.0655.
    static func backlogDeviation(referrals: [Double], capacity: Double) -> [Double] {
        backlogs(referrals: referrals, capacity: capacity).map { -min(0.08 * $0 / capacity, 0.12) }
    }

    /// On-time probability for a provider in a month for a KPI with this target: the target plus the
    /// provider's level (its fixed quality, or skill + drift, less 5 points once a deteriorating provider
    /// drops), kept within 50%…`cap`.
    func onTime(_ target: Double, _ profile: _ProviderProfile, _ month: Month, cap: Double = 0.999) -> Double {
        min(cap, max(0.5, target + level(profile, month)))
    }

    /// How far a provider's rates sit from the targets in a month (0.01 = one point above).
    func level(_ profile: _ProviderProfile, _ month: Month) -> Double {
        if let quality = profile.quality { return quality.points(in: month) / 100 }
        let t = configuration.firstMonth.distance(to: month)
        let drift = profile.drift.isEmpty ? 0 : profile.drift[min(max(t, 0), profile.drift.count - 1)]
        let drop = profile.dropsFrom.map { month >= $0 ? -0.05 : 0 } ?? 0
        return profile.skill + drift + drop
    }

    /// A provider's deviation in every month of the dataset (``DriftShape``), from its own random stream, so
    /// the profiles' draws (and so `sine` data) do not depend on the shape.
    static func driftPath(_ configuration: SyntheticDatasetConfiguration, _ profile: _ProviderProfile, stream: Int) -> [Double] {
        var rng = _Random(seed: configuration.seed, stream: 0xD41F_0000 | UInt64(stream))
        var shape = configuration.drift
        var walks = shape == .walk, shifts = shape == .shift
        if shape == .capacity { return [] }  // set from the referrals once the cases per month are known
        if shape == .mixed {
            switch rng.int(4) {
            case 0: shape = .sine
            case 1: walks = true
            case 2: shifts = true
            default: walks = true; shifts = true
            }
        }
        let step = rng.uniform(0.002, 0.008)
        var walk = rng.uniform(-0.005, 0.005), regime = 0.0
        return (0..<configuration.months).map { t in
            let month = configuration.firstMonth.advanced(by: t)
            if shape == .sine {
                let season = month.month == 12 || month.month == 8 ? -0.01 : 0
                return profile.driftAmplitude * sin(2 * .pi * Double(t) / profile.driftPeriod + profile.driftPhase) + season
            }
            if walks && t > 0 {
                walk += step * rng.normal()
                if walk > 0.02 { walk = 0.04 - walk }
                if walk < -0.025 { walk = -0.05 - walk }
            }
            if shifts && t > 0 && rng.chance(1.0 / 8) { regime = rng.uniform(-0.025, 0.015) }
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
            if profile.contract == Self.contracts.assessment {
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
        let acknowledged = completion(after: referral, workingDays: 1, p: onTime(T.ha1, profile, month), calendar, &rng)
        let booked = completion(after: referral, workingDays: 2, p: onTime(T.ha2, profile, month), calendar, &rng)
        var type = rng.pick([0.5, 0.35, 0.15])
        var change: (day: Day, from: Int)? = nil
        if rng.chance(0.04) {
            let from = type
            type = (type + 1 + rng.int(2)) % 3
            change = (booked.advanced(by: 1 + rng.int(3)), from)
        }
        let reportDays = [8, 10, 12][type]
        let report = queued(completion(after: referral, workingDays: reportDays, p: onTime(T.ha3, profile, month), calendar, &rng),
                            profile, month, calendar, &rng)
        part.row(.cases) { b in
            b.text(caseID); b.comma(); b.text(profile.id); b.comma(); b.text(profile.contract); b.comma(); b.date(referral); b.comma()
            b.date(before(acknowledged) ? seen(acknowledged) : nil); b.comma()
            b.date(before(booked) ? seen(booked) : nil); b.comma()
            b.text(Vocabulary.assessmentTypes[type]); b.text(",,,,,,,")
            b.date(seen(withdrawn)); b.comma()
            if seen(withdrawn) != nil { b.field(Self.withdrawalReasons[rng.int(Self.withdrawalReasons.count)]) }
        }
        if before(report) {
            submissions(caseID, document: "ha_report", first: report, quality: onTime(T.ha4, profile, month),
                        rework: onTime(T.ha5, profile, month), prap: nil, calendar, &rng, &part)
            if seen(report) != nil {
                for _ in 0..<(1 + rng.int(3)) {
                    let solution = Self.solutions[min(Self.solutions.count - 1, rng.int(6) + rng.int(11))]
                    part.row(.recommendations) { b in b.text(caseID); b.comma(); b.field(solution) }
                }
                if profile.contract == Self.contracts.assessment && rng.chance(0.06),
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
        let p1 = onTime(T.mh1, profile, month)
        let contact = completion(after: referral, workingDays: 2, receiptDay: .dayOne, p: p1, calendar, &rng)
        // The appointment is arranged on time whenever contact is made: MH-1's rate is the contact's.
        let appointment = completion(after: referral, workingDays: 2, receiptDay: .dayOne, p: 1, calendar, &rng)
        let planDeadline = referral.addingCalendarMonths(1)
        let plan: Day = queued(rng.chance(onTime(T.mh2, profile, month))
            ? referral.advanced(by: 5 + rng.int(max(1, referral.distance(to: planDeadline) - 4)))
            : planDeadline.advanced(by: 1 + rng.int(15)), profile, month, calendar, &rng)
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
        let quality = onTime(T.mh8, profile, month), rework = onTime(T.mh3, profile, month), prap = onTime(T.mh9, profile, month)
        if before(plan) {
            submissions(caseID, document: "support_plan", first: plan, quality: quality, rework: rework, prap: prap, calendar, &rng, &part)
        }
        let review = completion(after: supportEnd, workingDays: 10, p: onTime(T.mh4, profile, month), calendar, &rng)
        if before(supportEnd) && before(review) {
            submissions(caseID, document: "six_month_report", first: review, quality: quality, rework: rework, prap: prap, calendar, &rng, &part)
        }
        if let sustainmentEnd {
            let exit = completion(after: sustainmentEnd, workingDays: 10, p: onTime(T.mh6, profile, month), calendar, &rng)
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
        let forwarded: Day? = completion(after: received, workingDays: aboutDWP ? 2 : 5, p: onTime(T.mh11, profile, month), calendar, &rng)
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
            func submit(_ kind: ReturnKind, period: Month, due: Day) {
                // On time with the provider's chance against a 100% target; a third of the rest never sent.
                let onTime = self.onTime(T.mh10, profile, period, cap: 1)
                let u = rng.unit()
                guard u < onTime + (1 - onTime) * 2 / 3 else { return }   // never sent
                let earliest = period.lastDay.advanced(by: 1)
                // On time: within 2 working days of the period's end, and never after the due date (a yearly
                // return is due 3 working days after the anniversary, before its month ends).
                let sent = u < onTime ? min(due, calendar.deadline(workingDays: rng.int(3), after: earliest))
                    : calendar.deadline(workingDays: 1 + rng.int(5), after: due)
                guard let shown = seen(sent) else { return }
                part.row(.returns) { b in
                    b.text(profile.id); b.comma(); b.text(profile.contract); b.comma(); b.text(kind.name); b.comma()
                    b.text(period.description); b.comma(); b.date(shown)
                }
            }
            var month = profile.serviceStart
            while month <= configuration.lastMonth {
                let next = month.advanced(by: 1)
                let thirdWorkingDay = calendar.workingDay(3, of: next)
                let fifteenth = calendar.workingDay(onOrAfter: Day(year: next.year, month: next.month, day: 15)!)
                if profile.contract == Self.contracts.support {
                    submit(.monthlyMI, period: month, due: thirdWorkingDay)
                    if month != profile.serviceStart && profile.serviceStart.distance(to: month) % 12 == 0 {
                        submit(.yearlyMI, period: month, due: calendar.deadline(workingDays: 3, after: month.firstDay))
                    }
                } else {
                    submit(.mmir, period: month, due: thirdWorkingDay)
                    submit(.customerInsight, period: month, due: fifteenth)
                    if month.isQuarterEnd {
                        submit(.socialValue, period: month, due: fifteenth)
                        let total = rng.uniform(40, 250)
                        let share = rng.uniform(0.018, 0.042)
                        let disabled = total * (profile.quality.map { max(0.001, T.ha6 + $0.points(in: month) / 100) } ?? share)
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
