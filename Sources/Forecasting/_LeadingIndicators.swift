import Foundation
import KPIEngine

/// What the dataset records by a month's end that moves a provider's rates the month after: demand and open
/// work. The forecast reads them as inputs (``_IndicatorFit``); the backtest reports each one's contribution.
public enum LeadingIndicator: String, CaseIterable, Sendable {
    /// The provider's referrals in the month against the three months before: log((R(t) + 1) / (mean + 1)).
    case referrals
    /// The same one month earlier: a surge's second month still adds to the backlog.
    case referralsLastMonth = "referrals-last-month"
    /// The series' items open at the month's end against its throughput (the mean measured items of the month
    /// and the two before), on the log scale, less the same ratio's mean over the twelve months before: work in
    /// progress above its usual level.
    case openItems = "open-items"
    /// Completion-time drift: the median working days to spare of the series' items decided in the month (a
    /// missed item below every met one) against the median over the twelve months before, as
    /// (usual − recent) / (usual + 1): positive when the work is being done closer to its deadlines.
    case completionTime = "completion-time"
}

extension LeadingIndicator {
    /// The indicators the forecast reads: those that earned their place on the backtests of every generator (the
    /// DocC article "Forecasting", "Leading indicators"). ``completionTime`` is computed and scored by the backtest
    /// (`forecast-with-completion-time`) but left out: with it, the mean Brier ratio to the EWMA reference over 20
    /// datasets was 0.9043 against 0.9034 without.
    public static let forecastSet: [LeadingIndicator] = [.referrals, .referralsLastMonth, .openItems]
}

/// Every provider series' leading indicators, month by month on the evaluation's axis, from the counts and
/// pipeline histories recorded by the as-of date.
///
/// Rule (the DocC article "Forecasting", "Leading indicators"): a value exists only when its history does:
/// referrals need the month and the three before within the provider's service (the month before those for
/// ``LeadingIndicator/referralsLastMonth``); open items need six months of the ratio before, and are 0 for a
/// series that never has an item open at a month's end (complaints, MI returns, shares, work done within its
/// month). Completion time needs six months with decided items in the twelve before; it is 0 in a month without
/// one, and for a series without deadlines. Pools and quarterly KPIs have none.
///
/// Example: referrals of 100, 100, 100 and then 160 give log(161 / 101) = 0.466 for the fourth month. A median of
/// 3 working days to spare over the year before and of 1.5 this month give (3 − 1.5) / 4 = 0.375.
struct _LeadingIndicators {
    static let kinds = LeadingIndicator.allCases.count
    /// Months of the three-month referral base and of the open items' usual level.
    static let referralBase = 3, openItemsBase = 12, openItemsMinimum = 6

    /// The median of a days-to-spare histogram (``CompletionPipeline/spare``'s buckets: bucket b holds the value
    /// b − 1, a missed item −1), each value spread over the unit interval around it: the value at which half the
    /// items lie below. `nil` without items.
    ///
    /// Example: 1 missed, 2 met with 0 to spare and 1 with 3: half of 4 items is 2, reached 1 item into bucket 1
    /// (value 0, holding 2): −0.5 + 1/2 = 0.
    static func medianSpare(_ histogram: some Collection<Int32>) -> Double? {
        let total = histogram.reduce(0) { $0 + Double($1) }
        guard total > 0 else { return nil }
        var below = 0.0
        for (b, count) in histogram.enumerated() where count > 0 {
            let c = Double(count)
            if below + c >= total / 2 { return Double(b - 1) - 0.5 + (total / 2 - below) / c }
            below += c
        }
        return Double(histogram.count - 2) + 0.5
    }

    let monthCount: Int
    /// `values[(s * kinds + k) * monthCount + t]`; NaN where it does not exist.
    private(set) var values: [Double]

    /// The indicators of every provider series, or `nil` when the evaluation did not collect its pipeline.
    init?(_ evaluation: KPIEvaluation) {
        guard let pipeline = evaluation.pipeline, pipeline.monthCount == evaluation.counts.monthCount else { return nil }
        let months = pipeline.monthCount, counts = evaluation.counts
        monthCount = months
        values = [Double](repeating: .nan, count: evaluation.series.count * Self.kinds * months)
        let providerCount = pipeline.referrals.count / max(months, 1)
        for (s, item) in evaluation.series.enumerated() {
            guard case .provider(let row) = item.scope, s < pipeline.seriesCount, row < providerCount else { continue }
            let definition = evaluation.definition(ofSeries: s)
            guard !definition.isQuarterly else { continue }
            let first = max(counts.firstMonth.distance(to: item.firstMonth), 0)
            // Referrals against their recent level.
            func referralRatio(_ t: Int) -> Double {
                guard t - Self.referralBase >= first, t < months else { return .nan }
                let recent = pipeline.referrals[row * months + t]
                var base = 0.0
                for u in (t - Self.referralBase)..<t { base += Double(pipeline.referrals[row * months + u]) }
                return log((Double(recent) + 1) / (base / Double(Self.referralBase) + 1))
            }
            for t in 0..<months {
                values[index(s, .referrals, t)] = referralRatio(t)
                values[index(s, .referralsLastMonth, t)] = t > 0 ? referralRatio(t - 1) : .nan
            }
            // Open items against throughput, less their own usual level.
            var ratio = [Double](repeating: .nan, count: months)
            var hasOpen = false
            for t in 0..<months where t - 2 >= first {
                var measured = 0.0
                for u in (t - 2)...t {
                    measured += counts[series: s, status: .met, month: counts.firstMonth.advanced(by: u)]
                        + counts[series: s, status: .missed, month: counts.firstMonth.advanced(by: u)]
                }
                let open = Double(pipeline.open[s * months + t])
                if open > 0 { hasOpen = true }
                ratio[t] = log((open + 1) / (measured / 3 + 1))
            }
            completionTimes(s, pipeline, first: first)
            // A series that never has an open item at a month's end (complaints, returns, shares, or work done
            // within the month) has nothing above its usual level: 0 wherever the referrals exist.
            guard hasOpen else {
                for t in 0..<months where !values[index(s, .referrals, t)].isNaN { values[index(s, .openItems, t)] = 0 }
                continue
            }
            for t in 0..<months where !ratio[t].isNaN {
                var sum = 0.0, n = 0
                for u in max(t - Self.openItemsBase, 0)..<t where !ratio[u].isNaN {
                    sum += ratio[u]
                    n += 1
                }
                if n >= Self.openItemsMinimum { values[index(s, .openItems, t)] = ratio[t] - sum / Double(n) }
            }
        }
    }

    /// ``LeadingIndicator/completionTime`` of provider series `s` for every month from `first`.
    private mutating func completionTimes(_ s: Int, _ pipeline: CompletionPipeline, first: Int) {
        let months = monthCount, buckets = CompletionPipeline.spareBuckets
        guard first < months, pipeline.spare.count >= (s + 1) * months * buckets else { return }
        func histogram(_ t: Int) -> ArraySlice<Int32> {
            pipeline.spare[((s * months + t) * buckets)..<((s * months + t + 1) * buckets)]
        }
        let medians = (0..<months).map { t in t >= first ? Self.medianSpare(histogram(t)) : nil }
        // A series without a decided deadline item (shares, complaints, returns) has no drift: 0.
        guard medians.contains(where: { $0 != nil }) else {
            for t in first..<months { values[index(s, .completionTime, t)] = 0 }
            return
        }
        // The twelve months before t, as a running sum: month t − 1 comes in, month t − 13 goes out.
        var usual = [Int32](repeating: 0, count: buckets), monthsWithItems = 0
        for t in first..<months {
            if t - 1 >= first, medians[t - 1] != nil {
                monthsWithItems += 1
                for (b, count) in histogram(t - 1).enumerated() { usual[b] += count }
            }
            if t - 1 - Self.openItemsBase >= first, medians[t - 1 - Self.openItemsBase] != nil {
                monthsWithItems -= 1
                for (b, count) in histogram(t - 1 - Self.openItemsBase).enumerated() { usual[b] -= count }
            }
            guard monthsWithItems >= Self.openItemsMinimum, let base = Self.medianSpare(usual) else { continue }
            values[index(s, .completionTime, t)] = medians[t].map { (base - $0) / (max(base, 0) + 1) } ?? 0
        }
    }

    @inline(__always)
    func index(_ s: Int, _ kind: LeadingIndicator, _ t: Int) -> Int {
        (s * Self.kinds + LeadingIndicator.allCases.firstIndex(of: kind)!) * monthCount + t
    }

    /// The indicators `used` of series `s` at month index `t`, or `nil` when one of them does not exist.
    func features(_ s: Int, _ t: Int, _ used: [LeadingIndicator]) -> [Double]? {
        guard t >= 0, t < monthCount, (s + 1) * Self.kinds * monthCount <= values.count else { return nil }
        var x: [Double] = []
        x.reserveCapacity(used.count)
        for kind in used {
            let v = values[index(s, kind, t)]
            if v.isNaN { return nil }
            x.append(v)
        }
        return x
    }
}
