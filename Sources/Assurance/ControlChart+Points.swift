import WorkingDays

/// One month of a KPI's control chart.
public struct SPCPoint: Sendable, Equatable {
    public var month: Month
    public var met: Int64
    public var measured: Int64
    /// met / measured (0…1).
    public var rate: Double
    public var centre: Double
    /// The 3σ limits, clipped to 0…1.
    public var lower: Double
    public var upper: Double
    /// σ of this point (its limits before clipping are centre ± 3σ).
    public var sigma: Double
    /// How much more the segment's baseline months vary than binomial chance explains, as a variance ratio
    /// φ = σz² (Laney's σz squared, at least 1; 1 for the p-chart and XmR).
    public var dispersion: Double
    /// The special-cause rule that flags the point (by precedence), or `nil`.
    public var rule: SpecialCauseRule?
    public var variation: Variation
    /// `nil` when the KPI has no target to be assured against.
    public var assurance: TargetAssurance?
    /// Whether the point starts a segment (the series' first point, or the first from a rebase month).
    public var startsSegment: Bool
}

/// A KPI's monthly rates on a control chart: centre, limits, special causes, variation and assurance.
///
/// Rule: one point per month with at least one measured item (a month with none is a gap: it neither breaks
/// nor extends a run, and is reported in ``warnings``); see ``ControlChartKind`` for the limits,
/// ``SPCOptions`` for baselines and rebasing, ``SpecialCauseRule``, ``Variation`` and ``TargetAssurance`` for
/// the labels. A series with fewer than 12 points is charted but warned about: its limits rest on little.
///
/// ```swift
/// let chart = ControlChart(months: months, met: met, measured: measured, target: 0.96)
/// chart.points.last?.variation   // .concern after seven months below the centre
/// ```
public struct ControlChart: Sendable, Equatable {
    public var points: [SPCPoint]
    /// Months with nothing measured between the first and the last that did.
    public var gaps: [Month]

    /// Points below which a chart's limits are provisional.
    public static let minimumPoints = 12

    /// Whether the limits rest on fewer than ``minimumPoints`` points.
    public var isProvisional: Bool { points.count < Self.minimumPoints }

    /// Short sentences: too few points, gaps.
    public var warnings: [String] {
        var warnings: [String] = []
        if isProvisional {
            warnings.append("\(points.count) point\(points.count == 1 ? "" : "s") (fewer than \(Self.minimumPoints)): limits are provisional")
        }
        if !gaps.isEmpty { warnings.append("no items measured in \(gaps.map(\.description).joined(separator: ", "))") }
        return warnings
    }

    /// Charts the months that measured something; `met`, `measured` and `months` run in parallel, in order.
    public init(months: [Month], met: [Int64], measured: [Int64], target: Double?, higherIsBetter: Bool = true,
                options: SPCOptions = SPCOptions()) {
        var kept: [(month: Month, met: Int64, measured: Int64)] = []
        var gaps: [Month] = []
        for i in months.indices {
            if measured[i] > 0 { kept.append((months[i], min(met[i], measured[i]), measured[i])) } else { gaps.append(months[i]) }
        }
        // A gap only counts between the first and the last measured month.
        if let first = kept.first?.month, let last = kept.last?.month { gaps = gaps.filter { $0 > first && $0 < last } } else { gaps = [] }
        self.gaps = gaps
        let rebases = options.rebases.sorted()
        var segments: [Range<Int>] = []
        var start = 0
        for i in kept.indices where i > 0 {
            if rebases.contains(where: { kept[i - 1].month < $0 && $0 <= kept[i].month }) {
                segments.append(start..<i)
                start = i
            }
        }
        if !kept.isEmpty { segments.append(start..<kept.count) }
        var points: [SPCPoint] = []
        points.reserveCapacity(kept.count)
        for segment in segments {
            let rows = Array(kept[segment])
            let rates = rows.map { Double($0.met) / Double($0.measured) }
            let limits = Self.limits(rows: rows, rates: rates, baseline: max(1, options.baselinePoints), chart: options.chart)
            var segmentPoints = rows.indices.map { j in
                let (centre, sigma) = (limits.centre, limits.sigma[j])
                return SPCPoint(month: rows[j].month, met: rows[j].met, measured: rows[j].measured, rate: rates[j],
                                centre: centre, lower: max(0, centre - 3 * sigma), upper: min(1, centre + 3 * sigma),
                                sigma: sigma, dispersion: limits.dispersion, rule: nil, variation: .commonCause, assurance: nil, startsSegment: j == 0)
            }
            Self.flag(&segmentPoints, options: options, higherIsBetter: higherIsBetter)
            if let target {
                for j in segmentPoints.indices {
                    segmentPoints[j].assurance = Self.assurance(segmentPoints[j], target: target, higherIsBetter: higherIsBetter)
                }
            }
            points += segmentPoints
        }
        self.points = points
    }

    /// The centre and each point's σ for one segment whose first `baseline` rows are its baseline.
    static func limits(rows: [(month: Month, met: Int64, measured: Int64)], rates: [Double], baseline: Int,
                       chart: ControlChartKind) -> (centre: Double, sigma: [Double], dispersion: Double) {
        let base = 0..<min(baseline, rows.count)
        switch chart {
        case .xmr:
            let centre = base.reduce(0.0) { $0 + rates[$1] } / Double(base.count)
            let ranges = base.dropFirst().map { abs(rates[$0] - rates[$0 - 1]) }
            let sigma = ranges.isEmpty ? 0 : ranges.reduce(0, +) / Double(ranges.count) / 1.128
            return (centre, [Double](repeating: sigma, count: rows.count), 1)
        case .p, .laney:
            let met = base.reduce(Int64(0)) { $0 + rows[$1].met }, measured = base.reduce(Int64(0)) { $0 + rows[$1].measured }
            let centre = Double(met) / Double(measured)
            let spread = centre * (1 - centre)
            var sigmaZ = 1.0
            if chart == .laney && spread > 0 && base.count >= 2 {
                let z = base.map { (rates[$0] - centre) / (spread / Double(rows[$0].measured)).squareRoot() }
                let ranges = z.indices.dropFirst().map { abs(z[$0] - z[$0 - 1]) }
                sigmaZ = max(1, ranges.reduce(0, +) / Double(ranges.count) / 1.128)
            }
            return (centre, rows.map { (spread / Double($0.measured)).squareRoot() * sigmaZ }, sigmaZ * sigmaZ)
        }
    }

    /// Applies the special-cause rules to one segment's points (in precedence order, the first rule wins).
    static func flag(_ points: inout [SPCPoint], options: SPCOptions, higherIsBetter: Bool) {
        let n = points.count
        // Direction of each rule's flag per point: +1 up, -1 down, 0 none; one row per rule, in precedence order.
        let rules = SpecialCauseRule.allCases
        var flags = [[Int]](repeating: [Int](repeating: 0, count: n), count: rules.count)
        let trend = rules.firstIndex(of: .trend)!, shift = rules.firstIndex(of: .shift)!
        let twoOfThree = rules.firstIndex(of: .twoOfThree)!, outside = rules.firstIndex(of: .outsideLimits)!
        // Trend: runs of strictly rising (or falling) values.
        var runStart = 0
        var direction = 0
        func closeTrend(_ end: Int) {   // points runStart...end form a monotone run in `direction`
            if direction != 0 && end - runStart + 1 >= options.trendLength {
                for k in runStart...end { flags[trend][k] = direction }
            }
        }
        for i in 1..<max(1, n) {
            let step = points[i].rate > points[i - 1].rate ? 1 : points[i].rate < points[i - 1].rate ? -1 : 0
            if step != 0 && step == direction { continue }
            closeTrend(i - 1)
            direction = step
            runStart = step == 0 ? i : i - 1
        }
        if n > 0 { closeTrend(n - 1) }
        // Shift: runs strictly on one side of the centre.
        var side = 0
        runStart = 0
        func closeShift(_ end: Int) {
            if side != 0 && end - runStart + 1 >= options.runLength { for k in runStart...end { flags[shift][k] = side } }
        }
        for i in 0..<n {
            let s = points[i].rate > points[i].centre ? 1 : points[i].rate < points[i].centre ? -1 : 0
            if s != 0 && s == side && i > 0 { continue }
            if i > 0 { closeShift(i - 1) }
            side = s
            runStart = i
        }
        if n > 0 { closeShift(n - 1) }
        // Two of three beyond 2σ on the same side.
        func beyond2(_ i: Int) -> Int {
            let p = points[i]
            guard p.sigma > 0 else { return 0 }
            return p.rate > p.centre + 2 * p.sigma ? 1 : p.rate < p.centre - 2 * p.sigma ? -1 : 0
        }
        let far = (0..<n).map(beyond2)
        if n >= 2 {
            for start in 0..<n {
                let window = start..<min(n, start + 3)
                for s in [1, -1] {
                    let hits = window.filter { far[$0] == s }
                    if hits.count >= 2 { for k in hits { flags[twoOfThree][k] = s } }
                }
            }
        }
        // Outside the limits.
        for i in 0..<n {
            if points[i].rate > points[i].upper { flags[outside][i] = 1 } else if points[i].rate < points[i].lower { flags[outside][i] = -1 }
        }
        let good = higherIsBetter ? 1 : -1
        for i in 0..<n {
            for (r, rule) in rules.enumerated() where flags[r][i] != 0 {
                points[i].rule = rule
                points[i].variation = flags[r][i] == good ? .improvement : .concern
                break
            }
        }
    }

    /// Where a point's limits sit against the target.
    static func assurance(_ point: SPCPoint, target: Double, higherIsBetter: Bool) -> TargetAssurance {
        if higherIsBetter {
            if point.lower >= target { return .pass }
            if point.upper < target { return .fail }
        } else {
            if point.upper <= target { return .pass }
            if point.lower > target { return .fail }
        }
        return .hitAndMiss
    }
}
