import CaseData
import WorkingDays

/// Where the item loops send each measured item: the month counters, and optionally the forecast's
/// pipeline collector. Generic, so each kind of sink gets its own specialised loop.
protocol _ItemSink: Sendable {
    /// One item, with the facts its status follows from (the sink asks ``_Item/status(asOf:)`` for the day it
    /// counts as of).
    mutating func add(_ item: _Item)

    /// Which of case `row`'s items the loop should send (bit k: its contract's k-th case KPI, for k < 7; the
    /// later ones are always sent: ``_OpenParts``); asked once per case, before its items. Every sink but the
    /// live one wants them all.
    mutating func parts(ofCase row: Int) -> UInt8

    /// Which of report `row`'s items the loop should send (bit k: the k-th report KPI of its contract and
    /// document, for k < 7; bit 7: the eighth and every later one); asked once per report, before its items.
    mutating func parts(ofReport row: Int) -> UInt8
}

extension _ItemSink {
    @inline(__always) mutating func parts(ofCase row: Int) -> UInt8 { 0xFF }
    @inline(__always) mutating func parts(ofReport row: Int) -> UInt8 { 0xFF }
}

/// The table an item comes from.
enum _SourceTable: UInt8, Sendable {
    case cases, reports, complaints, returnPeriods
}

/// Where an item comes from: a row of cases, reports or complaints, or an MI return's period (a missing return
/// has no row).
struct _ItemSource: Sendable {
    var table: _SourceTable
    /// The row, or for a return the period's month (raw value).
    var row: Int32
}

/// One measured item's facts, which do not depend on the as-of day; its status as of a day does.
///
/// Rule: the item exists from ``visible`` on (its start is known then: a referral, a decision, a submission);
/// as of an earlier day it is not counted at all. From then its status is a step function of the day that
/// steps only on the item's own dates (``nextChange(after:)``), which lets a live evaluation re-evaluate an
/// item only when one of them comes.
struct _Item: Sendable {
    var series: Int
    /// The first day on which the item is counted.
    var visible: Int32
    var start: Int32
    /// `_missing32` for a share item (HA-4, MH-8), which follows ``outcome`` and ``decided`` instead.
    var deadline: Int32
    var end: Int32 = _missing32
    /// The case's withdrawal, only when the KPI allows exclusions (`_missing32` otherwise).
    var withdrawn: Int32 = _missing32
    /// A share item's report outcome and decision day.
    var outcome: UInt8 = _missing8
    var decided: Int32 = _missing32
    var division: UInt8
    var source: _ItemSource
    /// The item's place among its row's items (see ``_ItemSink/parts(ofCase:)``).
    var part: UInt8 = 0

    /// The status and attribution day as of `asOf`, or `nil` when the item is not visible yet (not counted).
    @inline(__always)
    func counted(asOf: Int32) -> (status: ItemStatus, day: Int32)? {
        visible <= asOf ? status(asOf: asOf) : nil
    }

    /// The status and attribution day as of `asOf` (a day on or after ``visible``).
    @inline(__always)
    func status(asOf: Int32) -> (status: ItemStatus, day: Int32) {
        deadline == _missing32
            ? _shareStatus(outcome: outcome, decided: decided, submitted: start, asOf: asOf)
            : _deadlineStatus(end: end, deadline: deadline, withdrawn: withdrawn, asOf: asOf, allowsExclusion: true)
    }

    /// The first day after `day` on which the item's status or attribution day can differ from
    /// `status(asOf: day)` (`Int32.max`: never, unless its data change).
    ///
    /// Rule: not yet visible: the day it becomes so. Met and missed are final (a late end or withdrawal cannot
    /// undo a passed deadline). Excluded turns met if the end comes by the deadline: on its end day, or, while
    /// the end is unknown (a report not yet submitted), it stays open until the day after the deadline. Pending
    /// turns on its end, on a withdrawal, or the day after its deadline; a pending share item on its decision.
    ///
    /// Example: an HA-2 item, deadline Fri 15 May 2026, case withdrawn on 12 May and no end yet, is excluded as
    /// of 13 May; its next change is 16 May (an end on or before 15 May would make it met).
    @inline(__always)
    func nextChange(after day: Int32) -> Int32 {
        visible > day ? visible : nextChange(after: day, status: status(asOf: day).status)
    }

    /// ``nextChange(after:)`` of a visible item whose status as of `day` is `status`.
    @inline(__always)
    func nextChange(after day: Int32, status: ItemStatus) -> Int32 {
        if deadline == _missing32 {
            return outcome != _missing8 && decided != _missing32 && decided > day ? decided : .max
        }
        switch status {
        case .pending:
            var next = deadline &+ 1
            if end != _missing32 && end > day { next = min(next, end) }
            if withdrawn != _missing32 && withdrawn > day { next = min(next, withdrawn) }
            return next
        case .excluded:
            // An end still unknown may yet come (an appended report) by the deadline.
            if end == _missing32 { return deadline >= day ? deadline &+ 1 : .max }
            return end > day && end <= deadline ? end : .max
        default:
            return .max
        }
    }
}

/// Keeps the items of one series (optionally one month and status) with their dates.
struct _ItemCollector: _ItemSink {
    /// For each series, where its items go in `items`, or -1 when it is not collected.
    let slot: [Int]
    let plan: _EvaluationPlan
    let month: Int32?
    let status: ItemStatus?
    /// Only items whose attribution day falls in this range (a pending item's is its deadline), when given.
    let days: ClosedRange<Int32>?
    var items: [[(status: ItemStatus, day: Int32, start: Int32, deadline: Int32, end: Int32, source: _ItemSource)]]

    init(series: [Int], seriesCount: Int, plan: _EvaluationPlan, month: Int32?, status: ItemStatus?,
         days: ClosedRange<Int32>? = nil) {
        self.days = days
        var slot = [Int](repeating: -1, count: seriesCount)
        for (k, s) in series.enumerated() where slot[s] < 0 { slot[s] = k }
        self.slot = slot
        self.plan = plan
        self.month = month
        self.status = status
        items = Array(repeating: [], count: series.count)
    }

    mutating func add(_ item: _Item) {
        let k = slot[item.series]
        guard k >= 0, let (status, day) = item.counted(asOf: plan.asOf) else { return }
        guard self.status == nil || self.status == status else { return }
        if let month, Month(containing: Day(rawValue: day)).rawValue != month { return }
        if let days, !days.contains(day) { return }
        items[k].append((status, day, item.start, item.deadline, item.end, item.source))
    }
}

/// Counts items per (series, status, month).
struct _MonthCounter: _ItemSink, @unchecked Sendable {
    // @unchecked: each worker owns its counter and its buffer; they are read only after the workers finish.
    let plan: _EvaluationPlan
    let counts: _CountBuffer
    var lost = 0

    init(plan: _EvaluationPlan, size: Int) {
        self.plan = plan
        counts = _CountBuffer(count: size)
    }

    @inline(__always)
    mutating func add(_ item: _Item) {
        guard let (status, day) = item.counted(asOf: plan.asOf) else { return }
        if let s = plan.slot(series: item.series, status: status, day: day) { counts.increment(s) } else { lost += 1 }
    }
}

/// Zeroed Int32 counters in memory of their own, so the hot loop increments them with no copy-on-write check.
final class _CountBuffer: @unchecked Sendable {
    // @unchecked: a buffer is written by the one worker that made it, and read once the workers have finished.
    let count: Int
    private let base: UnsafeMutablePointer<Int32>

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { base.deallocate() }

    @inline(__always) subscript(i: Int) -> Int32 {
        precondition(i >= 0 && i < count, "counter index out of range")
        return base[i]
    }

    /// Adds one to counter `i`.
    @inline(__always) func increment(_ i: Int) { add(i, 1) }

    /// Adds `amount` to counter `i`.
    @inline(__always) func add(_ i: Int, _ amount: Int32) {
        // SAFETY: `i` comes from `_EvaluationPlan.slot`, which only returns indexes below the counter size
        // (series · 4 + status) · months + month, or from `_PipelineCollector`, series · months + a month index
        // taken from the axis's own table (below months); checked in debug builds.
        assert(i >= 0 && i < count)
        base[i] &+= amount
    }

    /// Adds each counter to the same place of `target` (at least as long).
    func add(into target: inout [Int64]) {
        precondition(target.count >= count, "\(target.count) counters for \(count)")
        target.withUnsafeMutableBufferPointer { target in
            for i in 0..<count { target[i] &+= Int64(base[i]) }
        }
    }

    /// The counters as doubles.
    var doubles: [Double] {
        [Double](unsafeUninitializedCapacity: count) { values, initialized in
            for i in 0..<count { values[i] = Double(base[i]) }
            initialized = count
        }
    }
}

/// Two sinks fed the same items.
struct _BothSinks<First: _ItemSink, Second: _ItemSink>: _ItemSink {
    var first: First
    var second: Second

    @inline(__always)
    mutating func add(_ item: _Item) {
        first.add(item)
        second.add(item)
    }
}

/// Collects ``CompletionPipeline``: how recently decided deadline items finished, and the open ones.
struct _PipelineCollector: _ItemSink {
    let asOf: Int32
    /// Items whose deadline falls on or after this day (and before the as-of date) make the history.
    let historyStart: Int32
    /// First days of the as-of month, the next month and the month after.
    let monthStarts: (Int32, Int32, Int32)
    let table: _DeadlineTable
    /// The last ``CompletionPipeline/newItemMonths`` complete months, as days [from, to).
    let newItemsFrom: Int32, newItemsTo: Int32
    /// First day of each month from `newItemsFrom`'s month, by day offset.
    let monthFirstDays: [Int32]
    /// The month axis: the month index of each day from `dayBase`.
    let monthOfDay: [Int32], dayBase: Int32
    /// Work in progress as changes per series and month (``finishOpenItems()`` sums them into the pipeline), in a
    /// buffer of the worker's own, so the item loop writes it without a copy-on-write check.
    let openChanges: _CountBuffer
    /// ``CompletionPipeline/spare`` as the worker counts it (copied in by ``finishOpenItems()``).
    let spareCounts: _CountBuffer
    var pipeline: CompletionPipeline

    init(plan: _EvaluationPlan, seriesCount: Int) {
        monthOfDay = plan.monthOfDay
        dayBase = plan.dayBase
        openChanges = _CountBuffer(count: seriesCount * plan.monthCount)
        spareCounts = _CountBuffer(count: seriesCount * plan.monthCount * CompletionPipeline.spareBuckets)
        asOf = plan.asOf
        historyStart = plan.asOf - Int32(CompletionPipeline.historyDays) + 1
        let month = Month(containing: Day(rawValue: plan.asOf))
        monthStarts = (month.firstDay.rawValue, month.advanced(by: 1).firstDay.rawValue, month.advanced(by: 2).firstDay.rawValue)
        table = plan.deadlines
        pipeline = CompletionPipeline(seriesCount: seriesCount, monthCount: plan.monthCount)
        let lastComplete = Day(rawValue: plan.asOf) == month.lastDay ? month : month.advanced(by: -1)
        let firstNew = lastComplete.advanced(by: 1 - CompletionPipeline.newItemMonths)
        newItemsFrom = firstNew.firstDay.rawValue
        newItemsTo = lastComplete.advanced(by: 1).firstDay.rawValue
        var firsts: [Int32] = []
        for m in 0..<CompletionPipeline.newItemMonths {
            let current = firstNew.advanced(by: m)
            for _ in current.firstDay.rawValue...current.lastDay.rawValue { firsts.append(current.firstDay.rawValue) }
        }
        monthFirstDays = firsts
    }

    /// The first day of the month holding `day` (within the new-item months).
    @inline(__always)
    func monthFirstDay(of day: Int32) -> Int32 { monthFirstDays[Int(day - newItemsFrom)] }

    /// Working days in (a, b] in a division's calendar (0 when b ≤ a).
    @inline(__always)
    func workingDays(after a: Int32, through b: Int32, division: UInt8) -> Int {
        guard b > a else { return 0 }
        let offset = table.beforeOffset[Int(division)]
        let limit = table.beforeOffset.count > Int(division) + 1 ? table.beforeOffset[Int(division) + 1] : table.workingBefore.count
        let i = min(offset + Int(b &+ 1 &- table.first), limit - 1), j = min(offset + Int(a &+ 1 &- table.first), limit - 1)
        return Int(table.workingBefore[i] - table.workingBefore[j])
    }

    /// The month index on the axis of `day`, clamped to the axis.
    @inline(__always)
    func monthIndex(_ day: Int32) -> Int {
        Int(monthOfDay[min(max(Int(day) - Int(dayBase), 0), monthOfDay.count - 1)])
    }

    @inline(__always)
    mutating func add(_ item: _Item) {
        guard item.deadline != _missing32, let (status, day) = item.counted(asOf: asOf) else { return }
        let series = item.series, start = item.start, deadline = item.deadline, end = item.end, division = item.division
        let buckets = CompletionPipeline.buckets
        // Work in progress: +1 from the start's month, −1 from the month it ended or was withdrawn (as
        // recorded by the as-of date), or the month after its deadline's when that is sooner (an item overdue for
        // a whole month is stale, not work in hand); ``finishOpenItems()`` sums them up month by month.
        if start != _missing32 && !monthOfDay.isEmpty {
            let months = pipeline.monthCount, row = series * months, from = monthIndex(start)
            let closed = end != _missing32 && end <= asOf ? end
                : item.withdrawn != _missing32 && item.withdrawn <= asOf ? item.withdrawn : _missing32
            // Most items leave in the month they started, never open at a month's end: one lookup decides.
            var leaves = closed != _missing32 ? monthIndex(closed) : months
            if leaves > from {
                leaves = min(leaves, Int(deadline) - Int(dayBase) >= monthOfDay.count ? months : monthIndex(deadline) + 1)
            }
            if leaves > from {
                openChanges.add(row + from, 1)
                if leaves < months { openChanges.add(row + leaves, -1) }
            }
        }
        // How fast each month's decided items were done: working days to spare, a missed item apart.
        if (status == .met || status == .missed) && !monthOfDay.isEmpty {
            let bucket = status == .missed ? 0
                : 1 + min(workingDays(after: end, through: deadline, division: division), CompletionPipeline.spareBuckets - 2)
            spareCounts.increment((series * pipeline.monthCount + monthIndex(day)) * CompletionPipeline.spareBuckets + bucket)
        }
        // Items decided in the month they started, over the last complete months: the ones a forecast
        // month gets on top of the items already open.
        if (status == .met || status == .missed) && day >= newItemsFrom && day < newItemsTo && start >= monthFirstDay(of: day) {
            if status == .met { pipeline.newMet[series] += 1 } else { pipeline.newMissed[series] += 1 }
        }
        if deadline < asOf {
            // Deadline passed: the outcome is final, whichever it is, so the cohort is not censored.
            guard deadline >= historyStart else { return }
            switch status {
            case .met:
                let spare = workingDays(after: end, through: deadline, division: division)
                pipeline.slack[series * buckets + 1 + min(spare, buckets - 2)] += 1
            case .missed:
                pipeline.slack[series * buckets] += 1
            case .excluded:
                // Excluded: withdrawn on `day`, with this many working days to spare.
                let spare = workingDays(after: day, through: deadline, division: division)
                pipeline.withdrawn[series * buckets + min(spare, buckets - 1)] += 1
            default:
                break
            }
        } else if status == .pending && deadline < monthStarts.2 {
            let month = deadline < monthStarts.1 ? 0 : 1
            let left = workingDays(after: asOf, through: deadline, division: division)
            pipeline.pending[(series * 2 + month) * buckets + min(left, buckets - 1)] += 1
        }
    }

    mutating func merge(_ other: _PipelineCollector) {
        for i in pipeline.slack.indices { pipeline.slack[i] += other.pipeline.slack[i] }
        for i in pipeline.withdrawn.indices { pipeline.withdrawn[i] += other.pipeline.withdrawn[i] }
        for i in pipeline.newMet.indices {
            pipeline.newMet[i] += other.pipeline.newMet[i]
            pipeline.newMissed[i] += other.pipeline.newMissed[i]
        }
        for i in pipeline.pending.indices { pipeline.pending[i] += other.pipeline.pending[i] }
        for i in 0..<openChanges.count { openChanges.add(i, other.openChanges[i]) }
        for i in 0..<spareCounts.count { spareCounts.add(i, other.spareCounts[i]) }
    }

    /// Sums the work-in-progress changes into the items open at each month's end, and copies the months' days to
    /// spare (once, after merging).
    mutating func finishOpenItems() {
        for i in 0..<spareCounts.count { pipeline.spare[i] = spareCounts[i] }
        let months = pipeline.monthCount
        for s in 0..<pipeline.seriesCount {
            var running: Int32 = 0
            for t in 0..<months {
                running &+= openChanges[s * months + t]
                pipeline.open[s * months + t] = running
            }
        }
    }
}
