import CaseData
import WorkingDays

/// Where the item loops send each evaluated item: the month counters, and optionally the forecast's
/// pipeline collector. Generic, so each kind of sink gets its own specialised loop.
protocol _ItemSink: Sendable {
    /// One item: its status and attribution day; `deadline` and `end` are `_missing32` for a share item.
    mutating func add(series: Int, status: UInt8, day: Int32, deadline: Int32, end: Int32, division: UInt8)
}

/// Counts items per (series, status, month).
struct _MonthCounter: _ItemSink {
    let plan: _EvaluationPlan
    var counts: [Int32]
    var lost = 0

    init(plan: _EvaluationPlan, size: Int) {
        self.plan = plan
        counts = [Int32](repeating: 0, count: size)
    }

    @inline(__always)
    mutating func add(series: Int, status: UInt8, day: Int32, deadline: Int32, end: Int32, division: UInt8) {
        if let s = plan.slot(series: series, status: status, day: day) { counts[s] &+= 1 } else { lost += 1 }
    }
}

/// Two sinks fed the same items.
struct _BothSinks<First: _ItemSink, Second: _ItemSink>: _ItemSink {
    var first: First
    var second: Second

    @inline(__always)
    mutating func add(series: Int, status: UInt8, day: Int32, deadline: Int32, end: Int32, division: UInt8) {
        first.add(series: series, status: status, day: day, deadline: deadline, end: end, division: division)
        second.add(series: series, status: status, day: day, deadline: deadline, end: end, division: division)
    }
}

/// Collects ``CompletionPipeline``: how recently decided deadline items finished, and the open ones.
struct _PipelineCollector: _ItemSink {
    let asOf: Int32
    /// Items decided on or after this day make the completion-time history.
    let historyStart: Int32
    /// First days of the as-of month, the next month and the month after.
    let monthStarts: (Int32, Int32, Int32)
    let table: _DeadlineTable
    var pipeline: CompletionPipeline

    init(plan: _EvaluationPlan, seriesCount: Int) {
        asOf = plan.asOf
        historyStart = plan.asOf - Int32(CompletionPipeline.historyDays) + 1
        let month = Month(containing: Day(rawValue: plan.asOf))
        monthStarts = (month.firstDay.rawValue, month.advanced(by: 1).firstDay.rawValue, month.advanced(by: 2).firstDay.rawValue)
        table = plan.deadlines
        pipeline = CompletionPipeline(seriesCount: seriesCount)
    }

    /// Working days in (a, b] in a division's calendar (0 when b ≤ a).
    @inline(__always)
    func workingDays(after a: Int32, through b: Int32, division: UInt8) -> Int {
        guard b > a else { return 0 }
        let offset = table.beforeOffset[Int(division)]
        let limit = table.beforeOffset.count > Int(division) + 1 ? table.beforeOffset[Int(division) + 1] : table.workingBefore.count
        let i = min(offset + Int(b &+ 1 &- table.first), limit - 1), j = min(offset + Int(a &+ 1 &- table.first), limit - 1)
        return Int(table.workingBefore[i] - table.workingBefore[j])
    }

    @inline(__always)
    mutating func add(series: Int, status: UInt8, day: Int32, deadline: Int32, end: Int32, division: UInt8) {
        guard deadline != _missing32 else { return }
        let buckets = CompletionPipeline.buckets
        switch status {
        case 0 where day >= historyStart:
            let slack = workingDays(after: end, through: deadline, division: division)
            pipeline.slack[series * buckets + 1 + min(slack, buckets - 2)] += 1
        case 1 where day >= historyStart && day <= asOf:
            pipeline.slack[series * buckets] += 1
        case 2 where deadline >= monthStarts.0 && deadline < monthStarts.2:
            let month = deadline < monthStarts.1 ? 0 : 1
            let left = workingDays(after: asOf, through: deadline, division: division)
            pipeline.pending[(series * 2 + month) * buckets + min(left, buckets - 1)] += 1
        default:
            break
        }
    }

    mutating func merge(_ other: _PipelineCollector) {
        for i in pipeline.slack.indices { pipeline.slack[i] += other.pipeline.slack[i] }
        for i in pipeline.pending.indices { pipeline.pending[i] += other.pipeline.pending[i] }
    }
}
