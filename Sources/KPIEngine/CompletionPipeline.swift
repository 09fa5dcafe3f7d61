/// How each provider series' deadline items have recently finished, and which are still open: what the
/// forecast needs to give every open item its own chance of completing in time.
///
/// Rule: the history is every deadline item (not share items, complaints or MI returns) decided in the
/// ``historyDays`` days up to the as-of date: a missed item in bucket 0, an item met with k working days to
/// spare in bucket 1 + k (k ≥ 32 together in the last). An item still open with r working days left was
/// "open with r left" in its history exactly when it finished with fewer than r to spare (or missed), so
/// P(met | open, r left) = #{0 ≤ spare < r} / #{spare < r} (``chanceOfMeetingDeadline(series:workingDaysLeft:prior:weight:)``).
/// Open items are the pending ones whose deadline falls in the as-of month (0) or the next (1), by working
/// days left after the as-of date (r ≥ 33 together in the last bucket).
///
/// ```swift
/// let evaluation = KPIEvaluation(dataset: dataset, catalog: .builtIn, asOf: day, collectingPipeline: true)
/// evaluation.pipeline!.chanceOfMeetingDeadline(series: 0, workingDaysLeft: 2, prior: 0.95)
/// ```
public struct CompletionPipeline: Sendable, Equatable {
    /// Buckets per series in ``slack`` and per series and month in ``pending``.
    public static let buckets = 34
    /// Days of decided items that make the completion-time history.
    public static let historyDays = 182
    /// Provider series (the first ones of ``KPIEvaluation/series``).
    public let seriesCount: Int
    /// `slack[series * buckets + b]`.
    public internal(set) var slack: [Int32]
    /// `pending[(series * 2 + month) * buckets + r]`, month 0 the as-of month, 1 the next.
    public internal(set) var pending: [Int32]

    public init(seriesCount: Int) {
        self.seriesCount = seriesCount
        slack = [Int32](repeating: 0, count: seriesCount * Self.buckets)
        pending = [Int32](repeating: 0, count: seriesCount * 2 * Self.buckets)
    }

    /// The chance that an item of `series` still open with `r` working days left meets its deadline, from
    /// the series' history, with `weight` items' worth of `prior` (so a series with little history leans on
    /// the forecast rate).
    ///
    /// For example, with history: 2 missed, 3 met with 0 spare, 5 met with 4 spare, an item with 1 working
    /// day left was open-with-1-left in 2 + 3 cases and met in 3: (3 + 2·prior) / (5 + 2).
    public func chanceOfMeetingDeadline(series: Int, workingDaysLeft r: Int, prior: Double, weight: Double = 2) -> Double {
        Self.chance(slack[(series * Self.buckets)..<((series + 1) * Self.buckets)], workingDaysLeft: r, prior: prior, weight: weight)
    }

    /// As ``chanceOfMeetingDeadline(series:workingDaysLeft:prior:weight:)`` over a histogram (summed over a
    /// pool's members, say).
    public static func chance(_ histogram: some Collection<Int32>, workingDaysLeft r: Int, prior: Double, weight: Double = 2) -> Double {
        var open = 0.0, met = 0.0
        for (b, count) in histogram.enumerated() {
            // Bucket 0: missed (open at every r); bucket 1 + k: met with k to spare (open while k < r).
            if b == 0 { open += Double(count); continue }
            if b - 1 < r { open += Double(count); met += Double(count) }
        }
        return (met + weight * prior) / (open + weight)
    }
}
