/// How each provider series' deadline items have recently finished, and which are still open: what the
/// forecast needs to give every open item its own chance of completing in time.
///
/// Rule: the history is every deadline item (not share items, complaints or MI returns) whose deadline fell
/// in the ``historyDays`` days before the as-of date, so its outcome is final whichever it is (choosing by the
/// day decided instead would keep early-met items and drop late-missed ones at the window's edges): in ``slack``, a missed item in bucket 0 and an item met with k
/// working days to spare in bucket 1 + k (k ≥ 32 together in the last); in ``withdrawn``, an excluded item
/// (its case withdrawn before the deadline) in bucket k, k the working days its withdrawal left to spare.
/// An item still open with r working days left was "open with r left" in its history exactly when it
/// finished (or was withdrawn) with fewer than r to spare, or was missed, so
/// P(met | open, r left) = #{met, 0 ≤ spare < r} / #{open with r left} and
/// P(excluded | open, r left) = #{withdrawn, spare < r} / #{open with r left} (``outlook(met:withdrawn:workingDaysLeft:prior:weight:)``).
/// Open items are the pending ones whose deadline falls in the as-of month (0) or the next (1), by working
/// days left after the as-of date (r ≥ 33 together in the last bucket).
///
/// ```swift
/// let evaluation = KPIEvaluation(dataset: dataset, catalog: .builtIn, asOf: day, collectingPipeline: true)
/// evaluation.pipeline!.outlook(series: 0, workingDaysLeft: 2, prior: 0.95).met
/// ```
public struct CompletionPipeline: Sendable, Equatable {
    /// Buckets per series in ``slack`` and ``withdrawn``, and per series and month in ``pending``.
    public static let buckets = 34
    /// Days of deadlines that make the completion-time history.
    public static let historyDays = 182
    /// Provider series (the first ones of ``KPIEvaluation/series``).
    public let seriesCount: Int
    /// `slack[series * buckets + b]`: missed (b = 0) and met items (b = 1 + working days to spare).
    public internal(set) var slack: [Int32]
    /// `withdrawn[series * buckets + k]`: excluded items by working days their withdrawal left to spare.
    public internal(set) var withdrawn: [Int32]
    /// `pending[(series * 2 + month) * buckets + r]`, month 0 the as-of month, 1 the next.
    public internal(set) var pending: [Int32]
    /// Months of history for items decided in the month they started.
    public static let newItemMonths = 6
    /// Per series: items met / missed in the month they started, over the last ``newItemMonths`` complete
    /// months. A forecast month gets such items on top of those already open at the as-of date; with a long
    /// deadline (MH-2's calendar month) nearly all of them are met, since a miss waits for the deadline.
    public internal(set) var newMet: [Int32]
    public internal(set) var newMissed: [Int32]
    /// Months of the evaluation's month axis (``KPIEvaluation/counts``), which the two histories below share.
    public let monthCount: Int
    /// `open[series * monthCount + t]`: the series' deadline items in hand at the end of month t of the axis:
    /// started by then, neither ended nor withdrawn by then (as recorded by the as-of date), and with a deadline
    /// no earlier than month t (an item overdue for a whole month is stale, not work in hand). The months from the
    /// as-of month on hold the items open at the as-of date.
    ///
    /// Example: an item started 10 March and met 4 April is open at the end of March only; one started 10 March,
    /// due 12 March and never done is open at the end of March and no later.
    public internal(set) var open: [Int32]
    /// `referrals[providerRow * monthCount + t]`: the cases referred to the provider row (of providers.csv)
    /// in month t of the axis, up to the as-of date.
    public internal(set) var referrals: [Int32]
    /// Buckets per series and month in ``spare``: a missed item, then 0 … `spareBuckets − 3` working days to
    /// spare, then more.
    public static let spareBuckets = 24
    /// `spare[(series * monthCount + t) * spareBuckets + b]`: the series' deadline items decided in month t of the
    /// axis (the month they count in), missed (b = 0) or met with b − 1 working days to spare (the last bucket
    /// holding more): how fast the work was done, month by month.
    ///
    /// Example: an item due 14 March and met on 10 March (Monday to Friday, no holiday) counts in March's bucket
    /// 1 + 4 = 5; one missed counts in bucket 0 of the month after its deadline's day.
    public internal(set) var spare: [Int32]

    public init(seriesCount: Int, monthCount: Int = 0) {
        self.seriesCount = seriesCount
        self.monthCount = monthCount
        slack = [Int32](repeating: 0, count: seriesCount * Self.buckets)
        withdrawn = slack
        pending = [Int32](repeating: 0, count: seriesCount * 2 * Self.buckets)
        newMet = [Int32](repeating: 0, count: seriesCount)
        newMissed = newMet
        open = [Int32](repeating: 0, count: seriesCount * monthCount)
        referrals = []   // counted over the cases once the items are (``_EvaluationPlan/referralsPerMonth(_:providers:)``)
        spare = [Int32](repeating: 0, count: seriesCount * monthCount * Self.spareBuckets)
    }

    /// The chances that an item of `series` still open with `r` working days left is met, or is excluded
    /// (withdrawn in time), from the series' history, with `weight` items' worth of `prior` for meeting it (so
    /// a series with little history leans on the forecast rate).
    public func outlook(series: Int, workingDaysLeft r: Int, prior: Double, weight: Double = 2) -> (met: Double, excluded: Double) {
        let range = (series * Self.buckets)..<((series + 1) * Self.buckets)
        return Self.outlook(met: slack[range], withdrawn: withdrawn[range], workingDaysLeft: r, prior: prior, weight: weight)
    }

    /// As ``outlook(series:workingDaysLeft:prior:weight:)`` over histograms (summed over a pool's members, say).
    ///
    /// For example, with 2 missed, 3 met with 0 working days to spare, 5 met with 4 to spare, and 1 withdrawn
    /// with 0 to spare: an item with 1 working day left was open-with-1-left in 2 + 3 + 1 cases, met in 3 and
    /// excluded in 1: met (3 + 2·prior) / (6 + 2), excluded 1 / (6 + 2).
    public static func outlook(
        met histogram: some Collection<Int32>, withdrawn: some Collection<Int32>, workingDaysLeft r: Int,
        prior: Double, weight: Double = 2
    ) -> (met: Double, excluded: Double) {
        var open = 0.0, met = 0.0, excluded = 0.0
        for (b, count) in histogram.enumerated() {
            // Bucket 0: missed (open at every r); bucket 1 + k: met with k to spare (open while k < r).
            if b == 0 { open += Double(count); continue }
            if b - 1 < r { open += Double(count); met += Double(count) }
        }
        for (k, count) in withdrawn.enumerated() where k < r {
            open += Double(count)
            excluded += Double(count)
        }
        return ((met + weight * prior) / (open + weight), excluded / (open + weight))
    }
}
