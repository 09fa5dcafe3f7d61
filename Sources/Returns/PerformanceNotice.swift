import KPIEngine
import WorkingDays
import _ATWUtilities

/// One line of a contract performance notice: a KPI's pooled figures over the period and its rating, or
/// the contract's summary (`kpi` is `overall`).
public struct NoticeRow: Sendable, Equatable {
    public var providerID: String
    public var contract: String
    /// The KPI id, or `overall` for the contract's summary line.
    public var kpi: String
    /// The months pooled: the period, from the provider's service start when that is later.
    public var from: Month
    public var to: Month
    /// Met and measured items (FTE in `unitsPerCount` units for a share KPI); 0 for the summary line.
    public var met: Int64
    public var measured: Int64
    public var unitsPerCount: Int
    /// The target (`nil` on the summary line).
    public var target: BasisPoints?
    public var rating: NoticeRating
    /// Why: the band the rate fell in, or why the rating is Other; on the summary line, the count per rating.
    public var reason: String

    /// The pooled rate (4 decimals), or empty.
    public var rateText: String { RateComparison(met: met, measured: measured).percentText ?? "" }
}

/// The Procurement Act 2023 contract performance notice (s.52, s.71) per provider and contract.
///
/// Rule (the DocC article "Publications"): for each KPI the contract's `notice.kpis` name (all by default)
/// the items of every month of the period from the provider's service start are pooled, and the pooled rate
/// is rated by the KPI's ``NoticeRatingMap`` (Good, Approaching target, Requires improvement, Inadequate).
/// The rating is **Other** when nothing was measured, or when fewer items (FTE for a share KPI) were measured
/// than `notice.minimum_items` (30 by default); the reason says which. The summary line (`overall`) carries
/// the worst rating among the KPIs rated, or Other when none was, and the count of each rating.
///
/// Example: HA-3 pooled over 2025-10…2026-09 at 720 of 760 items is 94.7368%, tier 3 (Near Target, ≥ 93.5%),
/// so Approaching target; the reason says so with the band's bounds: `94.7% of 760 items: Cabinet Office T3 Near
/// Target (93.5% to under 96%) → Approaching target`. A KPI without bands says so: `98.9% of 753 items: target
/// missed (HA-1 has no rating bands; target 99%) → Requires improvement`.
public struct PerformanceNotice: Sendable {
    public let rows: [NoticeRow]
    public let period: ClosedRange<Month>

    /// The notice of every provider in `evaluation` (or only `providerID`, only `contract`) over `period`; with `kpi`,
    /// only that KPI's line of each provider (the overall line rates every KPI, so it is left out).
    public init(evaluation: KPIEvaluation, period: ClosedRange<Month>, providerID: String? = nil, contract: String? = nil,
                kpi only: String? = nil) {
        self.period = period
        var rows: [NoticeRow] = []
        var byProvider: [Int: [Int]] = [:]
        var order: [Int] = []
        for (s, series) in evaluation.series.enumerated() {
            guard case .provider(let row) = series.scope, providerID == nil || series.providerID == providerID,
                  contract == nil || series.contract == contract else { continue }
            if byProvider[row] == nil { order.append(row) }
            byProvider[row, default: []].append(s)
        }
        for row in order {
            let list = byProvider[row]!
            guard let first = list.first else { continue }
            let series = evaluation.series[first]
            let definition = evaluation.catalog.definitions[series.contractIndex]
            let from = max(period.lowerBound, series.firstMonth)
            var lines: [NoticeRow] = []
            for kpi in definition.noticeKPIs {
                guard let k = definition.kpis.firstIndex(of: kpi) else { continue }
                var pooled = RateComparison(met: 0, measured: 0)
                if let s = evaluation.series(providerRow: row, kpiIndex: k), from <= period.upperBound {
                    pooled = evaluation.counts.comparison(series: s, months: from...period.upperBound)
                }
                let (rating, reason) = Self.rate(pooled, kpi, minimum: definition.publication.noticeMinimumItems)
                lines.append(NoticeRow(providerID: series.providerID, contract: definition.contract, kpi: kpi.id,
                                       from: from, to: period.upperBound, met: pooled.met, measured: pooled.measured,
                                       unitsPerCount: kpi.unitsPerCount, target: kpi.target, rating: rating, reason: reason))
            }
            guard !lines.isEmpty else { continue }
            if let only {
                rows += lines.filter { $0.kpi == only }
                continue
            }
            rows += lines
            rows.append(Self.summary(lines))
        }
        self.rows = rows
    }

    /// A KPI's notice rating and its reason.
    static func rate(_ comparison: RateComparison, _ kpi: KPIDefinition, minimum: Int) -> (NoticeRating, String) {
        let items = _countText(comparison.measured, unitsPerCount: kpi.unitsPerCount)
            + (kpi.unitsPerCount > 1 ? " FTE" : comparison.measured == 1 ? " item" : " items")
        guard comparison.measured > 0, let rating = kpi.noticeRatings.rating(comparison, kpi) else {
            return (.other, "not measured in the period")
        }
        guard comparison.measured >= Int64(minimum) * Int64(kpi.unitsPerCount) else {
            return (.other, "\(items) measured, fewer than the \(minimum) a rating needs")
        }
        let rate = comparison.percentText(places: 1) ?? ""
        if let bound = kpi.noticeRatings.inadequateBelow, !comparison.isAtLeast(bound) {
            return (rating, "\(rate)% of \(items) is under the \(bound)% lower bound: Inadequate")
        }
        // The band the rating comes from, with its bounds: KPIs have different bands (HA-1 none, HA-4 tiers).
        let band: String
        switch comparison.rating(kpi.rating) {
        case let found?:
            let scale = found == .green || found == .amber || found == .red ? "RAG" : "Cabinet Office"
            band = "\(scale) \(found.label) (\(kpi.rating.range(of: found) ?? ""))"
        case nil:
            band = (comparison.isAtLeast(kpi.target) ? "target met" : "target missed") + " (\(kpi.id) has no rating bands; target \(kpi.target)%)"
        }
        return (rating, "\(rate)% of \(items): \(band) → \(rating)")
    }

    /// The contract's summary line: the worst rating among the KPIs rated, and the count of each rating.
    static func summary(_ lines: [NoticeRow]) -> NoticeRow {
        let rated = lines.filter { $0.rating != .other }
        let worst = rated.min { $0.rating.severity < $1.rating.severity }?.rating ?? .other
        let counts = NoticeRating.allCases.compactMap { r -> String? in
            let n = lines.filter { $0.rating == r }.count
            return n == 0 ? nil : "\(r) \(n)"
        }
        let first = lines[0]
        return NoticeRow(providerID: first.providerID, contract: first.contract, kpi: "overall", from: first.from, to: first.to,
                         met: 0, measured: 0, unitsPerCount: 1, target: nil, rating: worst,
                         reason: "\(lines.count) KPIs: " + counts.joined(separator: ", ")
                             + (rated.isEmpty ? "; none could be rated" : "; the lowest rating is \(worst)"))
    }
}
