import CaseData
import WorkingDays
import _ATWUtilities

/// Every item of every KPI of a dataset, evaluated as of a date and counted per series and month.
///
/// Rule: one pass over the columns of each table, on all cores, with no allocation per item. Each item gets
/// its ``ItemStatus`` and attribution month by the rules of the DocC article "Item status and attribution"; deadlines use the working-day calendar of
/// the provider's division. Series are every provider row of a contract with a definition × that contract's
/// KPIs, then per contract a `NATIONAL` pool and a `REGION:<region>` pool per region named in providers.csv.
///
/// ```swift
/// let dataset = try Dataset.load(folder: "Datasets/sample")
/// let evaluation = try KPIEvaluation(dataset: dataset, catalog: .builtIn, asOf: dataset.latestRecordedDay!)
/// evaluation.series.count     // providers × KPIs, plus the pools
/// ```
public struct KPIEvaluation: Sendable {
    /// The as-of date: nothing dated after it has happened.
    public let asOf: Day
    public let catalog: ContractCatalog
    /// Provider series first (in providers.csv order), then each contract's pools.
    public let series: [KPISeries]
    public let counts: MonthCounts
    /// KPIs whose source file is absent, per contract that has providers.
    public let notMeasured: [UnmeasuredKPI]
    /// Contracts named in providers.csv that have no definition, with their number of providers.
    public let undefinedContracts: [(contract: String, providers: Int)]
    /// Items whose attribution day fell outside the month axis. Always 0 for a validated dataset (no row is
    /// dated before its provider's service start); reported rather than dropped silently.
    public let unattributedItems: Int

    /// Months beyond the as-of month kept on the axis so that a pending item, counted in its deadline's
    /// month, always has one: the longest deadline a definition can hold (500 working days or 24 calendar
    /// months) is under 26 months.
    public static let pendingHorizonMonths = 26
    /// The completion-time history and open items of the provider series, when asked for
    /// (`collectingPipeline`); the forecast uses it.
    public let pipeline: CompletionPipeline?
    /// What the item loops need to run again (``items(in:series:month:status:)``).
    let _contractIndex: [Int]
    let _seriesBase: [Int32]
    let _firstMonth: Month
    let _monthCount: Int

    /// The series of provider row `row` (of providers.csv) and its contract's KPI `kpiIndex`, or `nil` when the
    /// provider's contract has no definition. Provider series sit together, KPIs in definition order.
    public func series(providerRow row: Int, kpiIndex: Int) -> Int? {
        guard row < _seriesBase.count, _seriesBase[row] >= 0 else { return nil }
        return Int(_seriesBase[row]) + kpiIndex
    }

    /// Evaluates every KPI of every provider whose contract `catalog` defines; with `collectingPipeline`,
    /// also collects ``pipeline`` in the same pass.
    public init(dataset: Dataset, catalog: ContractCatalog, asOf: Day, collectingPipeline: Bool = false) {
        let layout = _SeriesLayout(dataset: dataset, catalog: catalog)
        let monthCount = layout.monthCount(asOf: asOf)
        var plan = layout.plan(dataset: dataset, monthCount: monthCount, asOf: asOf)
        let (counts, pipeline) = plan.evaluate(dataset: dataset, providerSeriesCount: layout.providerSeriesCount,
                                               pipeline: collectingPipeline)
        self.init(layout: layout, asOf: asOf, providerCounts: counts.values, monthCount: monthCount,
                  unattributed: plan.unattributed, pipeline: pipeline)
    }

    /// An evaluation from provider-series counts already made (``LiveEvaluation`` keeps them up to date);
    /// the pools are summed here.
    init(layout: _SeriesLayout, asOf: Day, providerCounts: [Double], monthCount: Int, unattributed: Int,
         pipeline: CompletionPipeline?) {
        self.asOf = asOf
        catalog = layout.catalog
        series = layout.series
        notMeasured = layout.notMeasured
        undefinedContracts = layout.undefinedContracts
        unattributedItems = unattributed
        self.pipeline = pipeline
        _contractIndex = layout.contractIndex
        _seriesBase = layout.seriesBase
        let firstMonth = layout.firstMonth(asOf: asOf)
        _firstMonth = firstMonth
        _monthCount = monthCount
        // Pools: Σ of their members' counts, month by month.
        var counts = MonthCounts(firstMonth: firstMonth, monthCount: monthCount, seriesCount: series.count)
        counts.values.replaceSubrange(0..<providerCounts.count, with: providerCounts)
        let block = 4 * monthCount, all = layout.series
        counts.values.withUnsafeMutableBufferPointer { values in
            for (s, item) in all.enumerated() where item.isPooled {
                for p in item.members {
                    let source = (Int(layout.seriesBase[p]) + item.kpiIndex) * block
                    for i in 0..<block { values[s * block + i] += values[source + i] }
                }
            }
        }
        self.counts = counts
    }
}

/// The series of a dataset and catalog, and where each provider's series start: what every evaluation of the
/// same providers shares, whatever its as-of date.
struct _SeriesLayout: Sendable {
    let catalog: ContractCatalog
    /// Provider series first (in providers.csv order), then each contract's pools.
    let series: [KPISeries]
    let seriesBase: [Int32]
    let contractIndex: [Int]
    let notMeasured: [UnmeasuredKPI]
    let undefinedContracts: [(contract: String, providers: Int)]
    /// The earliest service start month of a provider with a defined contract.
    let earliestMonth: Month?
    let providerSeriesCount: Int

    init(dataset: Dataset, catalog: ContractCatalog) {
        self.init(providers: dataset.providers, catalog: catalog) { _, kpi in
            dataset.isPresent(kpi.sourceFile) ? nil : "\(kpi.sourceFile.fileName) is absent from the dataset"
        }
    }

    /// The layout of `providers`; `unmeasured` gives the reason a contract's KPI is not measured, or `nil`.
    init(providers: ProviderTable, catalog: ContractCatalog,
         unmeasured: (ContractDefinition, KPIDefinition) -> String?) {
        self.catalog = catalog
        let contractIndex = providers.contracts.map { c in catalog.definitions.firstIndex { $0.contract == c } ?? -1 }

        // Series: providers, then pools per contract.
        var series: [KPISeries] = []
        var seriesBase = [Int32](repeating: -1, count: providers.count)
        for p in 0..<providers.count where contractIndex[p] >= 0 {
            let ci = contractIndex[p]
            seriesBase[p] = Int32(series.count)
            for k in catalog.definitions[ci].kpis.indices {
                series.append(KPISeries(scope: .provider(row: p), providerID: providers.providerIDs[p],
                                        contract: providers.contracts[p], contractIndex: ci, kpiIndex: k,
                                        firstMonth: Month(containing: providers.serviceStarts[p]), members: [p]))
            }
        }
        providerSeriesCount = series.count
        var notMeasured: [UnmeasuredKPI] = []
        for (ci, definition) in catalog.definitions.enumerated() {
            let members = (0..<providers.count).filter { contractIndex[$0] == ci }
            guard !members.isEmpty else { continue }
            for kpi in definition.kpis {
                if let reason = unmeasured(definition, kpi) {
                    notMeasured.append(UnmeasuredKPI(contract: definition.contract, kpi: kpi.id, reason: reason))
                }
            }
            var pools: [(KPISeries.Scope, String, [Int])] = [(.national, "NATIONAL", members)]
            let regions = Set(members.compactMap { providers.regions[$0] }).sorted()
            for region in regions {
                pools.append((.region(region), "REGION:" + region, members.filter { providers.regions[$0] == region }))
            }
            for (scope, label, rows) in pools {
                let first = rows.map { Month(containing: providers.serviceStarts[$0]) }.min()!
                for k in definition.kpis.indices {
                    series.append(KPISeries(scope: scope, providerID: label, contract: definition.contract,
                                            contractIndex: ci, kpiIndex: k, firstMonth: first, members: rows))
                }
            }
        }
        var undefined: [String: Int] = [:]
        for p in 0..<providers.count where contractIndex[p] < 0 { undefined[providers.contracts[p], default: 0] += 1 }
        undefinedContracts = undefined.keys.sorted().map { ($0, undefined[$0]!) }
        self.notMeasured = notMeasured
        self.series = series
        self.seriesBase = seriesBase
        self.contractIndex = contractIndex
        earliestMonth = (0..<providers.count).filter { contractIndex[$0] >= 0 }
            .map { Month(containing: providers.serviceStarts[$0]) }.min()
    }

    /// The month axis starts at the earliest service start (the as-of month when no provider is defined).
    func firstMonth(asOf: Day) -> Month { earliestMonth ?? Month(containing: asOf) }

    /// The month axis: its first month through the as-of month, plus the pending horizon.
    func monthCount(asOf: Day) -> Int {
        max(0, firstMonth(asOf: asOf).distance(to: Month(containing: asOf)) + 1) + KPIEvaluation.pendingHorizonMonths
    }

    /// The item loops' plan for an as-of date on a month axis of `monthCount` months; `deadlines`, when given,
    /// are an earlier plan's (they depend on the catalog only), which saves building them (about a millisecond).
    func plan(dataset: Dataset, monthCount: Int, asOf: Day, deadlines: _DeadlineTable? = nil) -> _EvaluationPlan {
        _EvaluationPlan(dataset: dataset, catalog: catalog, contractIndex: contractIndex, seriesBase: seriesBase,
                        firstMonth: firstMonth(asOf: asOf), monthCount: monthCount, asOf: asOf, deadlines: deadlines)
    }
}

extension Dataset {
    /// The default as-of date: the latest date on which something was recorded.
    ///
    /// Rule: the latest event date of any table: referrals, acknowledgements, bookings, contacts,
    /// appointments, withdrawals; reports submitted, decided and recorded on PRaP; complaints received,
    /// forwarded, referred and resolved; cancellations; type changes; survey responses; returns submitted.
    /// Planned or period dates (support_period_end, sustainment_end, rebooked appointments, quarter_end,
    /// service_start) do not count. `nil` when the dataset records no event.
    public var latestRecordedDay: Day? {
        let columns: [[Int32]] = [
            cases.referralReceived, cases.acknowledged, cases.appointmentBooked, cases.initialContact,
            cases.appointmentMade, cases.withdrawn, reports.submitted, reports.decided, reports.prapRecorded,
            complaints.received, complaints.forwardedToDWP, complaints.referredToDWP, complaints.resolved,
            cancellations.cancelled, typeChanges.changed, survey.responded, returns.submitted,
        ]
        // Missing dates are Int32.min, below every real one; the columns are scanned on all cores.
        let latest = _parallelMap(columns.count) { i in
            var m = Int32.min
            for value in columns[i] where value > m { m = value }
            return m
        }.max() ?? .min
        return latest == .min ? nil : Day(rawValue: latest)
    }
}
