import Foundation
import KPIEngine
import LinearAlgebra
import WorkingDays

/// The forecast of one series for one month: expected met, its variance, and the measured volume.
struct _MonthForecast {
    /// Items already decided in the month (the month in progress only).
    var knownMet = 0.0
    var knownVolume = 0.0
    /// Items still to be decided: expected met, its variance, expected measured.
    var met = 0.0
    var variance = 0.0
    var volume = 0.0
    /// Open items forecast one by one from the completion-time history.
    var open = 0.0
    /// Items not yet arrived (within `volume`): their expected count and its variance.
    var arriving = 0.0
    var arrivingVariance = 0.0

    /// Adds an independent part (a pool's member, or another month of a window).
    mutating func add(_ part: _MonthForecast) {
        knownMet += part.knownMet
        knownVolume += part.knownVolume
        met += part.met
        variance += part.variance
        volume += part.volume
        open += part.open
        arriving += part.arriving
        arrivingVariance += part.arrivingVariance
    }
}

/// The fitted model of every series, and the rows it produces.
struct _ForecastModel {
    let evaluation: KPIEvaluation
    let lastComplete: Month
    let inProgress: Month?
    /// Per series: the fitted level at the last complete month (shrunk), trend and holiday-month effect.
    var level: [Double] = []
    var slope: [Double] = []
    var slopeWeight: [Double] = []
    var holidayEffect: [Double] = []
    /// Recency-weighted measured items of the history (the weight of the series' own evidence).
    var history: [Double] = []
    var monthsWithData: [Int] = []
    var volume: [Double] = []       // expected items per month
    var dispersion: [Double] = []   // beta-binomial ρ
    /// Provider series whose pipeline each series holds (itself, or a pool's members).
    var memberSeries: [[Int]] = []
    /// Per series, when its deviations from its long-run level cycle or persist enough to forecast
    /// (``_CycleFit``): the fit, else `nil`.
    var cycle: [_CycleFit?] = []
    /// Per series: the long-run level and holiday effect (months weighted alike) the deviations are taken from.
    var longRunLevel: [Double] = []
    var longRunHoliday: [Double] = []
    /// The providers' conditions, which the series with a lag follow (``_ProviderConditions``).
    var conditions: _ProviderConditions
    /// The open items' completion history, when the forecast uses it (not at the selection's inner origins).
    let pipeline: CompletionPipeline?
    /// Per series: the other method the selection chose (``_MethodSelection``), else `nil` (this model).
    var override: [_CandidateForecast?]
    /// Per series: the factor κ on this model's variance from the selection's backtest.
    var inflation: [Double]
    /// Per series: what its leading indicators add to its rate in the forecast months (``_MethodSelection``).
    var indicatorShift: [Double]
    /// Per series: the index of dispersion of its month's item count about the smoothed volume
    /// (``volumeDispersion(series:measured:)``), for the items still to arrive.
    var volumeDispersion: [Double] = []

    static let slopePrior = 400.0, levelPrior = 50.0, holidayPrior = 2000.0, maximumTrendStep = 0.10
    static let minimumSpread = 0.99 * 0.01
    /// The month in progress's rate, updated by the items decided so far in it, and the over-dispersion left for
    /// the items still to be decided.
    ///
    /// Rule: the month's own rate θ varies around the method's rate `p` as a beta distribution whose
    /// beta-binomial ρ is the method's over-dispersion, that is with m = (1 − ρ) / ρ items' worth of `p`
    /// (ρ at least 0.0001); `known` items decided so far, `knownMet` of them met, make its mean
    /// (m·p + knownMet) / (m + known) and leave ρ = 1 / (m + known + 1) for the rest. A steady series (small ρ)
    /// keeps its rate; one whose months swing (large ρ) follows what this month has shown.
    ///
    /// Example: p = 90% and ρ = 0.01 (m = 99 items), 40 of 50 decided so far met: (89.1 + 40) / 149 = 86.64%, and
    /// ρ = 1 / 150 for the items still to come.
    static func updatedRate(_ p: Double, rho: Double, knownMet: Double, known: Double) -> (rate: Double, rho: Double) {
        let m = (1 - min(max(rho, 0.0001), 0.5)) / min(max(rho, 0.0001), 0.5)
        return ((m * p + knownMet) / (m + known), 1 / (m + known + 1))
    }
    /// Items' worth of the forecast rate in the open items' chances and in the new items' rate.
    static let openItemPrior = 2.0, newItemPrior = 20.0
    /// Open items must be at least this share of the month's usual volume for the pipeline to be used.
    static let materialOpenShare = 0.35
    /// Pools of at least this many members have their variance floored by their own history's.
    static let commonErrorMembers = 10
    /// Weight of a month `age` months before the last complete one: λ^age.
    static let recency = 0.9

    /// Months with fewer working days and more leave, when rates dip: August and December.
    static func isHolidayMonth(_ month: Month) -> Bool { month.month == 8 || month.month == 12 }

    init(evaluation: KPIEvaluation, lastComplete: Month, inProgress: Month?, usingPipeline: Bool = true) throws(LinearAlgebraError) {
        self.evaluation = evaluation
        self.lastComplete = lastComplete
        self.inProgress = inProgress
        pipeline = usingPipeline ? evaluation.pipeline : nil
        let series = evaluation.series, counts = evaluation.counts
        override = [_CandidateForecast?](repeating: nil, count: series.count)
        inflation = [Double](repeating: 1, count: series.count)
        indicatorShift = inflation.map { _ in 0 }
        let h = RiskForecast.historyMonths
        let historyMonths = (0..<h).map { lastComplete.advanced(by: $0 - (h - 1)) }
        let holidayMonths = historyMonths.map(Self.isHolidayMonth)
        let weights = (0..<h).map { pow(Self.recency, Double(h - 1 - $0)) }
        let count = series.count
        var met = [Double](repeating: 0, count: count), measured = met, weighted = met
        var monthly = [[(met: Double, measured: Double)]](repeating: [], count: count)
        for s in 0..<count {
            for (t, month) in historyMonths.enumerated() {
                let m = counts[series: s, status: .met, month: month], x = counts[series: s, status: .missed, month: month]
                monthly[s].append((m, m + x))
                met[s] += m
                measured[s] += m + x
                weighted[s] += weights[t] * (m + x)
            }
        }
        // Right-hand sides: monthly rates, months without items at the series' pooled rate (then they neither
        // pull nor push). Rows scaled by √weight: weighted least squares, one design for every series.
        var design = Matrix(rows: h, columns: 3)
        for t in 0..<h {
            let root = weights[t].squareRoot()
            design[t, 0] = root
            design[t, 1] = root * Double(t - (h - 1))
            design[t, 2] = root * (holidayMonths[t] ? 1 : 0)
        }
        // The monthly rates as they are (the long-run fit below uses them), and scaled for this fit.
        var plain = Matrix(rows: h, columns: count), rates = Matrix(rows: h, columns: count)
        var pooled = [Double](repeating: 0, count: count)
        for s in 0..<count {
            let target = Double(Self.kpi(evaluation, s).target.rawValue) / 10_000
            pooled[s] = measured[s] > 0 ? met[s] / measured[s] : target
            for t in 0..<h {
                let (m, n) = monthly[s][t]
                plain[t, s] = n > 0 ? m / n : pooled[s]
                rates[t, s] = weights[t].squareRoot() * plain[t, s]
            }
        }
        let fit = try Matrix.leastSquares(design, rates)
        var national: [Int: (level: Double, holiday: Double)] = [:]
        for (s, item) in series.enumerated() where item.scope == .national && measured[s] > 0 {
            national[item.contractIndex * 1000 + item.kpiIndex] = (fit[0, s], fit[2, s])
        }
        var providerSeries: [Int: Int] = [:]   // provider row × 1000 + KPI → series
        for (s, item) in series.enumerated() {
            if case .provider(let row) = item.scope { providerSeries[row * 1000 + item.kpiIndex] = s }
        }
        memberSeries = series.map { item in item.members.compactMap { providerSeries[$0 * 1000 + item.kpiIndex] } }
        volumeDispersion = Self.volumeDispersion(series: series, measured: monthly.map { $0.map(\.measured) })
        for s in 0..<count {
            let n = weighted[s]
            let withData = monthly[s].filter { $0.measured > 0 }.count
            let reference = national[series[s].contractIndex * 1000 + series[s].kpiIndex] ?? (fit[0, s], fit[2, s])
            let fitted = withData >= 3 ? fit[0, s] : pooled[s]
            level.append((n * fitted + Self.levelPrior * reference.level) / (n + Self.levelPrior))
            slope.append(fit[1, s])
            slopeWeight.append(withData >= 3 ? n / (n + Self.slopePrior) : 0)
            let ownHoliday = withData >= 3 ? fit[2, s] : reference.holiday
            holidayEffect.append((n * ownHoliday + Self.holidayPrior * reference.holiday) / (n + Self.holidayPrior))
            history.append(n)
            monthsWithData.append(withData)
            let recent = monthly[s].suffix(3).filter { $0.measured > 0 }
            // The latest month's volume: a small series' breach turns on its exact number of items, and the
            // latest month tells it best (backtest at 2M: 27.9% below the better baseline, 26.7% with the mean
            // of the last three months and 26.7% with that mean corrected for holiday months).
            volume.append(recent.last?.measured ?? 0)
            // Over-dispersion from the weighted residuals: Var(rate) = p(1-p)/n · (1 + (n-1)ρ).
            var ratio = 0.0, items = 0.0, total = 0.0, used = 0
            let p = min(max(pooled[s], 0.001), 0.999)
            for t in 0..<h where monthly[s][t].measured > 0 {
                let (m, x) = monthly[s][t]
                let line = fit[0, s] + fit[1, s] * Double(t - (h - 1)) + fit[2, s] * (holidayMonths[t] ? 1 : 0)
                let residual = m / x - line
                ratio += weights[t] * residual * residual / (p * (1 - p) / x)
                items += weights[t] * x
                total += weights[t]
                used += 1
            }
            if used > 3 && items / total > 1 {
                let phi = ratio / total * Double(used) / Double(used - 3)   // three fitted coefficients
                dispersion.append(min(max((phi - 1) / (items / total - 1), 0), 0.5))
            } else {
                dispersion.append(0)
            }
        }
        // A series' own ρ rests on a few points, and a quiet spell says little about next month's shock: no
        // provider series of a KPI gets less than the median of that KPI's provider series, and a pool no less
        // than that median over its number of members.
        var byKPI: [Int: [Double]] = [:]
        for (s, item) in series.enumerated() where !item.isPooled && monthsWithData[s] > 3 {
            byKPI[item.contractIndex * 1000 + item.kpiIndex, default: []].append(dispersion[s])
        }
        let median = byKPI.mapValues { values in values.sorted()[values.count / 2] }
        for (s, item) in series.enumerated() {
            let floor = median[item.contractIndex * 1000 + item.kpiIndex] ?? 0
            dispersion[s] = max(dispersion[s], item.isPooled ? floor / Double(max(item.members.count, 1)) : floor)
        }
        // Cycles: the long-run level and holiday effect of every series in one more least-squares call (the
        // design [1, holiday month] is shared, months weighted alike), then each series' deviations from it.
        var meanDesign = Matrix(rows: h, columns: 2)
        for t in 0..<h {
            meanDesign[t, 0] = 1
            meanDesign[t, 1] = holidayMonths[t] ? 1 : 0
        }
        let longRun = try Matrix.leastSquares(meanDesign, plain)
        longRunLevel = (0..<count).map { longRun[0, $0] }
        longRunHoliday = (0..<count).map { longRun[1, $0] }
        let line = (0..<count).map { s in (0..<h).map { t in longRun[0, s] + (holidayMonths[t] ? longRun[1, s] : 0) } }
        conditions = Self.providerConditions(series, (0..<count).map { Self.kpi(evaluation, $0).isQuarterly }, monthly, line)
        cycle = (0..<count).map { s in
            _CycleFit(months: monthly[s], holiday: holidayMonths, level: longRun[0, s], holidayEffect: longRun[1, s])
        }
        for s in 0..<count {
            guard let fit = cycle[s] else { continue }
            // The cycle's own one-step errors beyond the binomial set the series' shared noise (ρ).
            let p = min(max(fit.level, 0.001), 0.999)
            dispersion[s] = min(max(fit.excessVariance / (p * (1 - p)), 0), 0.5)
        }
    }

    /// Takes the selection's choice of method for every series.
    mutating func use(_ selection: _MethodSelection) {
        if selection.shift.count == indicatorShift.count { indicatorShift = selection.shift }
        for s in override.indices {
            let c = selection.chosen[s]
            if c == .model {
                inflation[s] = selection.inflation[s]
            } else if let index = ForecastCandidate.allCases.firstIndex(of: c) {
                override[s] = selection.forecasts[s][index]
            }
        }
    }

    /// The providers' conditions from every provider series' deviations from its long-run level.
    static func providerConditions(_ series: [KPISeries], _ quarterly: [Bool], _ monthly: [[(met: Double, measured: Double)]],
                                   _ expected: [[Double]]) -> _ProviderConditions {
        var providers: [Int: Int] = [:], kpis: [Int: Int] = [:]
        var provider: [Int] = [], kpi: [Int] = []
        var deviations: [[Double]] = [], rates: [[Double]] = [], measured: [[Double]] = []
        for (s, item) in series.enumerated() {
            if case .provider(let row) = item.scope, !quarterly[s] {
                if providers[row] == nil { providers[row] = providers.count }
                provider.append(providers[row]!)
            } else {
                provider.append(-1)
            }
            let key = item.contractIndex * 1000 + item.kpiIndex
            if kpis[key] == nil { kpis[key] = kpis.count }
            kpi.append(kpis[key]!)
            rates.append(monthly[s].map { $0.measured > 0 ? $0.met / $0.measured : .nan })
            measured.append(monthly[s].map(\.measured))
            deviations.append(rates[s].indices.map { t in rates[s][t] - expected[s][t] })
        }
        return _ProviderConditions(deviations: deviations, rates: rates, measured: measured, provider: provider, kpi: kpi)
    }

    static func kpi(_ evaluation: KPIEvaluation, _ s: Int) -> KPIDefinition {
        evaluation.definition(ofSeries: s)
    }

    /// The forecast rate of series `s` for `month` (months after the last complete one) by the method the
    /// selection chose: another candidate's rate, the blend's mean of it and the model's, or the model's.
    ///
    /// The series' leading indicators move it by ``indicatorShift`` (``_MethodSelection/fitIndicators(_:levelCorrection:)``).
    func rate(_ s: Int, month: Month, following: (value: Double, variance: Double)?) -> Double {
        min(max(methodRate(s, month: month, following: following) + indicatorShift[s], 0), 1)
    }

    func methodRate(_ s: Int, month: Month, following: (value: Double, variance: Double)?) -> Double {
        let ahead = lastComplete.distance(to: month)
        if let other = override[s] {
            guard other.candidate == .blend else { return other.rate(ahead: ahead) }
            let own = modelRate(s, month: month, following: conditions.deviation(s, ahead: ahead))
            return (own + other.rate(ahead: ahead)) / 2
        }
        return modelRate(s, month: month, following: following)
    }

    /// The rate model's own rate: the level, the weighted trend step (capped at ±10 points) and the
    /// holiday-month effect in August and December.
    ///
    /// `following` is the series' deviation by its provider's conditions in that month
    /// (``_ProviderConditions/deviation(_:ahead:)``), when it follows them: then the long-run level, its holiday
    /// effect and that deviation make the rate; else a cycle (``_CycleFit``) when the series has one.
    func modelRate(_ s: Int, month: Month, following: (value: Double, variance: Double)?) -> Double {
        let holidayMonth = Self.isHolidayMonth(month), ahead = lastComplete.distance(to: month)
        if let (deviation, _) = following {
            return min(max(longRunLevel[s] + (holidayMonth ? longRunHoliday[s] : 0) + deviation, 0), 1)
        }
        if let fit = cycle[s] { return fit.rate(ahead: ahead, holiday: holidayMonth) }
        let step = min(max(slopeWeight[s] * slope[s] * Double(ahead), -Self.maximumTrendStep), Self.maximumTrendStep)
        let holiday = holidayMonth ? holidayEffect[s] : 0
        return min(max(level[s] + step + holiday, 0), 1)
    }

    /// Series `s` in `month`: items already decided in it (when it is the month in progress) count as they
    /// are; items still open with their deadline in it each get their own chance of completing in time from
    /// the series' completion-time history (when the evaluation collected its pipeline); the rest of the
    /// expected volume is forecast at the series' rate.
    ///
    /// A pool's forecast is the sum of its members': each follows its own provider's conditions, pipeline and
    /// known items. With at least ``commonErrorMembers`` members, its variance is at least what the pool's
    /// own history gives (``ownForecast(_:_:)`` scaled to the members' volume): many members' errors do not
    /// cancel like independent noise (a holiday month, a level misjudged for many providers at once), and a
    /// national series forecast from its members alone was overconfident (backtest at 2M, seed 1: national
    /// rows forecast at 0.03 breached 0.25 of the time). Regions, of a few members, keep the plain sum.
    func monthForecast(_ s: Int, _ month: Month) -> _MonthForecast {
        guard evaluation.series[s].isPooled && !memberSeries[s].isEmpty else { return ownForecast(s, month) }
        var sum = memberSeries[s].reduce(into: _MonthForecast()) { $0.add(ownForecast($1, month)) }
        guard memberSeries[s].count >= Self.commonErrorMembers else { return sum }
        let own = ownForecast(s, month)
        if own.volume > 0 {
            let scale = sum.volume / own.volume
            sum.variance = max(sum.variance, own.variance * scale * scale)
        }
        return sum
    }

    /// Series `s` in `month` from its own history (a pool's from its own counts): see
    /// ``monthForecast(_:_:)``.
    func ownForecast(_ s: Int, _ month: Month) -> _MonthForecast {
        let other = override[s]
        let following = other == nil ? conditions.deviation(s, ahead: lastComplete.distance(to: month)) : nil
        let counts = evaluation.counts
        var knownMet = 0.0, knownMissed = 0.0
        if month == inProgress {
            knownMet = counts[series: s, status: .met, month: month]
            knownMissed = counts[series: s, status: .missed, month: month]
        }
        let known = knownMet + knownMissed
        var p = rate(s, month: month, following: following)
        // The month in progress: its own rate varies around p (a beta with m = (1 − ρ) / ρ items of prior, ρ the
        // method's over-dispersion), and the items decided so far update it (``updatedRate(_:rho:knownMet:known:)``).
        var updatedRho: Double?
        if month == inProgress && known > 0 {
            (p, updatedRho) = Self.updatedRate(p, rho: other?.rho ?? dispersion[s], knownMet: knownMet, known: known)
        }
        // Open items with their deadline in the month.
        var openMet = 0.0, openVariance = 0.0, open = 0.0
        // Items not yet open at the as-of date, decided within the month: by default the rest of the usual
        // volume at the series' rate.
        var remaining = 0.0, remainingRate = p
        let offset = Month(containing: evaluation.asOf).distance(to: month)
        var usedPipeline = false
        // A series that follows its provider's conditions has its open items' fate in them already (they are
        // read at its lag); the completion-time history is a half-year average that cannot see them. Another
        // method's series keep their rate for open items too: the selection scored them without the pipeline,
        // and with it they were worse (``_MethodSelection``).
        if let pipeline, offset == 0 || offset == 1, !memberSeries[s].isEmpty, following == nil, other == nil {
            let buckets = CompletionPipeline.buckets
            var histogram = [Int32](repeating: 0, count: buckets), withdrawn = histogram, left = histogram
            var newMet = 0.0, newItems = 0.0
            for m in memberSeries[s] {
                for b in 0..<buckets {
                    histogram[b] += pipeline.slack[m * buckets + b]
                    withdrawn[b] += pipeline.withdrawn[m * buckets + b]
                    left[b] += pipeline.pending[(m * 2 + offset) * buckets + b]
                }
                newMet += Double(pipeline.newMet[m])
                newItems += Double(pipeline.newMet[m] + pipeline.newMissed[m])
            }
            // The open items carry information the rate model lacks only when they are a material share of
            // the month (long deadlines: HA-3, MH-2, MH-4, MH-6); otherwise the rate model is steadier.
            let openShare = Double(left.reduce(0, +)) / max(volume[s], 1)
            if histogram.contains(where: { $0 > 0 }) && openShare >= Self.materialOpenShare {
                usedPipeline = true
                // Each open item is met (q), missed, or excluded (e: withdrawn in time, so not measured).
                for r in 0..<buckets where left[r] > 0 {
                    let (q, e) = CompletionPipeline.outlook(met: histogram, withdrawn: withdrawn, workingDaysLeft: r, prior: p, weight: Self.openItemPrior)
                    let n = Double(left[r])
                    openMet += n * q
                    openVariance += n * q * (1 - q)
                    open += n * (1 - e)
                }
                // New items: as many as the series decides in their own start month, at that rate (moved by
                // the forecast's trend step); in the month in progress, for the part of it still to come.
                let perMonth = newItems / Double(CompletionPipeline.newItemMonths)
                let share = month == inProgress
                    ? Double(month.lastDay.rawValue - evaluation.asOf.rawValue) / Double(month.lastDay.rawValue - month.firstDay.rawValue + 1)
                    : 1
                remaining = perMonth * share
                remainingRate = min(max((newMet + Self.newItemPrior * p) / (newItems + Self.newItemPrior) + (p - level[s]), 0), 1)
            }
        }
        if !usedPipeline {
            if month == inProgress {
                open = counts[series: s, status: .pending, month: month]
                openMet = open * p
                openVariance = open * p * (1 - p)
            }
            remaining = max((other?.volume ?? volume[s]) - known - open, 0)
        }
        // Items still to be decided vary one by one (binomial), and together with the month's conditions
        // (staffing, a backlog): the beta-binomial's shared part N(N−1)·ρ·p(1−p), ρ the series'
        // over-dispersion; the level's own uncertainty comes on top.
        let undecided = open + remaining
        let binomial = openVariance + remaining * remainingRate * (1 - remainingRate)
        // p(1−p) of the shared terms is kept off zero (as if p were at most 99%), so a series that has been
        // perfect still carries the risk of a bad month.
        let spread = max(p * (1 - p), Self.minimumSpread)
        let shared: Double, levelUncertainty: Double
        if let other {
            // The method's own backtest errors beyond the binomial (``_MethodSelection``).
            shared = undecided * max(undecided - 1, 0) * (updatedRho ?? other.rho) * spread
            levelUncertainty = 0
        } else if let (_, variance) = following {
            // The series' own excess beyond its provider's conditions, and their forecast error.
            shared = undecided * max(undecided - 1, 0) * (conditions.excessVariance[s] + variance)
            levelUncertainty = 0
        } else {
            shared = undecided * max(undecided - 1, 0) * (updatedRho ?? dispersion[s]) * spread
            levelUncertainty = undecided * undecided * spread / (history[s] + Self.levelPrior)
        }
        return _MonthForecast(knownMet: knownMet, knownVolume: known, met: openMet + remaining * remainingRate,
                              variance: (binomial + shared + levelUncertainty) * (other == nil ? inflation[s] : 1),
                              volume: undecided, open: usedPipeline ? max(open, 1e-9) : 0,
                              arriving: remaining, arrivingVariance: remaining * volumeDispersion[s])
    }

    /// The rows of every series in `order` (the report's order, ``KPIReport/orderedSeries(_:)``).
    func rows(months: [Month], order: [Int]) -> [ForecastRow] {
        var rows: [ForecastRow] = []
        for s in order {
            let item = evaluation.series[s]
            let kpi = Self.kpi(evaluation, s)
            if kpi.isQuarterly { continue }
            for month in months where month >= item.firstMonth {
                for window in [ReportWindow.inMonth, .rolling3, .rolling12] {
                    rows.append(row(s, item, kpi, month, window))
                }
            }
        }
        return rows
    }

    func row(_ s: Int, _ item: KPISeries, _ kpi: KPIDefinition, _ month: Month, _ window: ReportWindow) -> ForecastRow {
        let span = window == .rolling3 ? 3 : window == .rolling12 ? 12 : 1
        // Known: months over, and what is decided of the month in progress; forecast: the rest.
        var sum = _MonthForecast()
        for back in 0..<span {
            let m = month.advanced(by: -back)
            if m < item.firstMonth { break }
            if m <= lastComplete {
                let x = evaluation.counts[series: s, status: .met, month: m]
                sum.knownMet += x
                sum.knownVolume += x + evaluation.counts[series: s, status: .missed, month: m]
            } else {
                sum.add(monthForecast(s, m))
            }
        }
        let (knownMet, knownVolume, met, variance, volume, open) =
            (sum.knownMet, sum.knownVolume, sum.met, sum.variance, sum.volume, sum.open)
        let target = kpi.target
        let totalMet = knownMet + met, totalVolume = knownVolume + volume
        var result = ForecastRow(
            providerID: item.providerID, contract: item.contract, kpi: kpi.id, month: month, window: window,
            expectedRate: nil, lower: nil, upper: nil, pBelowTarget: nil, expectedVolume: totalVolume, headroom: nil,
            method: .none, target: target, seriesIndex: s)
        guard totalVolume > 0, history[s] > 0 || month == inProgress else {
            result.note = totalVolume > 0 ? "nothing measured in the series' history to forecast from"
                : "no item expected in the window"
            return result
        }
        let threshold = Double(target.rawValue) * totalVolume / 10_000
        result.expectedRate = totalMet / totalVolume
        // The interval and the probability from one predictive distribution of the undecided items.
        // The rate's evidence: the series' history, and the items decided so far in the month in progress (a
        // series that starts this month has no history, yet its decided items say its rate is not 50%).
        let covered = (0..<span).contains { month.advanced(by: -$0) == inProgress }
        var evidence = history[s]
        if let inProgress, covered {
            evidence += evaluation.counts[series: s, status: .met, month: inProgress]
                + evaluation.counts[series: s, status: .missed, month: inProgress]
        }
        let predictive = _Predictive(met: met, variance: variance, volume: volume, historyWeight: evidence,
                                     arriving: sum.arriving, arrivingVariance: sum.arrivingVariance)
        let below = Self.probabilityBelow(target: target, knownMet: knownMet, knownVolume: knownVolume, predictive)
        let n = Double(predictive.n)
        if n > 0 {
            result.lower = predictive.rateQuantile(0.1, knownMet: knownMet, knownVolume: knownVolume)
            result.upper = predictive.rateQuantile(0.9, knownMet: knownMet, knownVolume: knownVolume)
        } else {
            result.lower = knownVolume > 0 ? knownMet / knownVolume : result.expectedRate
            result.upper = result.lower
        }
        result.pBelowTarget = below.p
        result.decided = below.decided
        if below.decided { result.note = "decided by the known counts" }
        result.headroom = Int((totalMet - threshold).rounded(.down))
        let base: ForecastMethod.Base
        if monthsWithData[s] < 3 {
            base = .level
        } else if let other = override[s] {
            switch other.candidate {
            case .localLevel: base = .localLevel
            case .dampedTrend: base = .dampedTrend
            case .longRun: base = .longRun
            case .lastMonth: base = .lastMonth
            case .blend: base = .blend
            case .model: base = .trend
            }
        } else if conditions.deviation(s, ahead: lastComplete.distance(to: month)) != nil {
            base = .conditions
        } else {
            base = cycle[s] != nil ? .cycle : .trend
        }
        result.method = ForecastMethod(base, base == .level ? nil : covered ? .known : open > 0 ? .pipeline : nil)
        return result
    }
}

extension _ForecastModel {
    /// Per series, the index of dispersion of a month's item count about its smoothed forecast, pooled over the
    /// provider series of its KPI: Σ (nₜ₊₁ − vₜ)² / Σ vₜ over the history months, vₜ the volume smoothed as the
    /// candidates smooth it (``_MethodSelection/volumePastWeight``). Above 1, the count of items still to arrive
    /// is summed over (``_Predictive``); at most 1, the history's counts are steadier than chance and the count is
    /// taken as forecast.
    ///
    /// Example: counts 10, 14, 8 smoothed with weight 0.6 on the latest: v = 10, then 12.4; errors 4 and −4.4 give
    /// (16 + 19.36) / 22.4 = 1.58.
    static func volumeDispersion(series: [KPISeries], measured: [[Double]]) -> [Double] {
        var squared: [Int: Double] = [:], total: [Int: Double] = [:]
        for (s, item) in series.enumerated() where !item.isPooled {
            let key = item.contractIndex * 1000 + item.kpiIndex
            var smoothed: Double?
            // From the series' first month with items (a provider not yet started has no count to forecast).
            for n in measured[s].drop(while: { $0 == 0 }) {
                if let v = smoothed, v > 0 {
                    squared[key, default: 0] += (n - v) * (n - v)
                    total[key, default: 0] += v
                }
                smoothed = smoothed.map { $0 + (1 - _MethodSelection.volumePastWeight) * (n - $0) } ?? n
            }
        }
        return series.map { item in
            let key = item.contractIndex * 1000 + item.kpiIndex
            guard let t = total[key], t > 0 else { return 0 }
            return squared[key, default: 0] / t
        }
    }

    /// Up to this many undecided items, the probability is summed exactly over a beta-binomial; above it,
    /// the normal approximation is used.
    static let exactItems = 400

    /// P(the window ends below target): P((knownMet + X) · 10000 < target · (knownVolume + N)), and whether the
    /// known counts decide it.
    ///
    /// Rule: X, the met items among the N undecided, follows the predictive distribution (``_Predictive``). The
    /// known counts decide the window when it stays at or above target even if every undecided item is missed (0),
    /// falls below it even if every one is met (1), or nothing is left to decide; otherwise the probability is
    /// strictly between 0 and 1. When the count of items still to arrive is uncertain, the window is decided only
    /// when it is for every count (``_Predictive/probabilityBelow(target:knownMet:knownVolume:)``).
    static func probabilityBelow(target: BasisPoints, knownMet: Double, knownVolume: Double,
                                 _ predictive: _Predictive) -> (p: Double, decided: Bool) {
        let n = predictive.n
        let t = Double(target.rawValue)
        guard n > 0 else { return (knownMet * 10_000 < t * knownVolume ? 1 : 0, true) }
        if let mixed = predictive.probabilityBelow(target: target, knownMet: knownMet, knownVolume: knownVolume) {
            return mixed.decided ? mixed : (min(max(mixed.p, Double.leastNonzeroMagnitude), 1 - Double.ulpOfOne), false)
        }
        // Below target ⇔ X < limit, limit = (target · (knownVolume + n) − 10000 · knownMet) / 10000.
        let limit = (t * (knownVolume + Double(n)) - 10_000 * knownMet) / 10_000
        let lastBelow = Int(limit.rounded(.up)) - 1   // X ≤ lastBelow
        if lastBelow < 0 { return (0, true) }
        if lastBelow >= n { return (1, true) }
        return (min(max(predictive.cdf(lastBelow), Double.leastNonzeroMagnitude), 1 - Double.ulpOfOne), false)
    }

    /// As ``probabilityBelow(target:knownMet:knownVolume:_:)`` for a forecast given by its mean and variance, with no
    /// floor on the rate (the backtest's baselines at binomial noise).
    static func probabilityBelow(target: BasisPoints, knownMet: Double, knownVolume: Double,
                                 met: Double, variance: Double, volume: Double) -> Double {
        probabilityBelow(target: target, knownMet: knownMet, knownVolume: knownVolume,
                         _Predictive(met: met, variance: variance, volume: volume, historyWeight: .infinity)).p
    }
}

/// A series' deviations from its long-run level as a second-order autoregression: d(t) = a·d(t−1) + b·d(t−2).
///
/// Rule: over the trailing run of consecutive history months with measured items (at least
/// ``minimumMonths``), the deviations of the monthly rate from the series' long-run level (with its holiday
/// effect) are regressed on their two previous values, months weighted by their measured items. The fit is
/// kept only when it is stationary and its one-step errors are at most ``maximumErrorShare`` of the
/// deviations' own size (it explains at least a fifth of them); then the month h ahead is forecast as the
/// level, the holiday effect in August and December, and the deviation carried h steps by the recursion.
/// Such deviations are what a provider's staffing cycles, backlogs and recoveries look like: they persist,
/// and they turn. A flat series, or one whose wobble is binomial noise, keeps the trend model.
