import LinearAlgebra
import WorkingDays

/// A span of months whose counts are pooled into one rate.
///
/// Rule (the DocC article "Windows, pools and ratings"): for a reporting month m, in-month is m; rolling 3 is m-2…m; rolling 12
/// is m-11…m; cumulative is the series' first month (service start) through m; quarter (HA-6 only) is the
/// calendar quarter ending in m. Months before a provider's service start do not exist for it: the window
/// is truncated there and a rolling window that reaches before it is *partial*.
public enum ReportWindow: String, Sendable, CaseIterable, CustomStringConvertible {
    case inMonth = "in_month"
    case rolling3 = "rolling_3"
    case rolling12 = "rolling_12"
    case cumulative
    case quarter

    public var description: String { rawValue }

    /// The windows of a monthly KPI, in reporting order.
    public static let monthly: [ReportWindow] = [.inMonth, .rolling3, .rolling12, .cumulative]

    /// The months of the window ending in `month`: the month and the 2 or 11 before for the rolling windows, the
    /// calendar quarter ending in or before it for a quarter, `first` (a series' first month) through it for
    /// cumulative.
    ///
    /// ```swift
    /// ReportWindow.rolling3.months(endingIn: Month("2026-09")!, from: Month("2024-04")!)   // 2026-07...2026-09
    /// ```
    public func months(endingIn month: Month, from first: Month) -> ClosedRange<Month> {
        switch self {
        case .quarter: month.latestQuarterEnd.advanced(by: -2)...month.latestQuarterEnd
        case .cumulative: min(first, month)...month
        default: month.advanced(by: 1 - (span ?? 1))...month
        }
    }

    /// The window in words: `in month`, `rolling 3 months`, `rolling 12 months`, `cumulative`, `quarter`.
    public var words: String {
        switch self {
        case .inMonth: "in month"
        case .rolling3: "rolling 3 months"
        case .rolling12: "rolling 12 months"
        case .cumulative: "cumulative"
        case .quarter: "quarter"
        }
    }

    /// Months in the window (nil for cumulative: from the first month).
    var span: Int? {
        switch self {
        case .inMonth: 1
        case .rolling3, .quarter: 3
        case .rolling12: 12
        case .cumulative: nil
        }
    }
}

/// The counts of every series over every window and month: one matrix product for all series.
///
/// Rule: with C the month counts (months down, each series' four statuses across) and W the stacked window
/// matrix ([in-month; rolling 3; rolling 12; cumulative], each months × months), the windowed counts are
/// W·C', computed for every series at once (through BLAS, as running totals: see ``windows(_:)``), where C'
/// is C with each series' months before its first month set to zero. That is the same as truncating each
/// series' windows at its first month (W·diag(mask) = W with those columns zeroed), so nothing counted before
/// a provider's service start enters a window. A quarter is the rolling 3 of its last month.
///
/// ```swift
/// let windows = WindowCounts(evaluation)
/// windows.count(series: 0, window: .rolling3, month: Month("2026-06")!, status: .met)
/// ```
public struct WindowCounts: Sendable {
    public let firstMonth: Month
    public let monthCount: Int
    /// First month of each series.
    let seriesFirst: [Int]
    /// (4 windows × months) rows by (series × 4 statuses) columns.
    @usableFromInline let product: Matrix

    public init(_ evaluation: KPIEvaluation) {
        let counts = evaluation.counts
        let t = counts.monthCount
        firstMonth = counts.firstMonth
        monthCount = t
        seriesFirst = evaluation.series.map { max(0, counts.firstMonth.distance(to: $0.firstMonth)) }
        var masked = Matrix(rows: t, columns: 4 * counts.seriesCount, columnMajor: counts.values)
        for (s, first) in seriesFirst.enumerated() where first > 0 {
            for status in 0..<4 {
                let column = (s * 4 + status) * t
                for m in 0..<min(first, t) { masked.elements[column + m] = 0 }
            }
        }
        product = t == 0 ? Matrix(rows: 0, columns: 4 * counts.seriesCount) : Self.windows(masked)
    }

    /// The stacked windows of `counts` (months down): the running totals L·C through BLAS (L the lower
    /// triangle of ones), then in-month C, rolling k as the running total less the one k months before, and
    /// cumulative as the running total: the same figures as W·C (the counts are whole numbers, so the
    /// differences are exact) for a quarter of the multiplications and a quarter of the matrix.
    static func windows(_ counts: Matrix) -> Matrix {
        let t = counts.rows, columns = counts.columns
        var lower = Matrix(rows: t, columns: t)
        for m in 0..<t { for k in 0...m { lower[m, k] = 1 } }
        let running = Matrix.product(lower, counts)
        // Every element is written below, so the result starts uninitialised (no zero fill to pay for).
        let elements = [Double](unsafeUninitializedCapacity: 4 * t * columns) { out, initialized in
            running.elements.withUnsafeBufferPointer { total in
                counts.elements.withUnsafeBufferPointer { month in
                    for j in 0..<columns {
                        let from = j * t, to = j * 4 * t
                        for m in 0..<t {
                            let c = total[from + m]
                            out[to + m] = month[from + m]
                            out[to + t + m] = c - (m >= 3 ? total[from + m - 3] : 0)
                            out[to + 2 * t + m] = c - (m >= 12 ? total[from + m - 12] : 0)
                            out[to + 3 * t + m] = c
                        }
                    }
                }
            }
            initialized = 4 * t * columns
        }
        return Matrix(rows: 4 * t, columns: columns, columnMajor: elements)
    }

    /// The stacked window matrix W for series whose first month is index `firstMonth`: row w·T + m sums the
    /// months of window w ending at m, never before `firstMonth` (the definition ``windows(_:)`` computes).
    static func windowMatrix(months t: Int, firstMonth: Int) -> Matrix {
        var w = Matrix(rows: 4 * t, columns: t)
        for (block, window) in ReportWindow.monthly.enumerated() {
            for m in 0..<t {
                let from = max(firstMonth, window.span.map { m - $0 + 1 } ?? firstMonth)
                guard from <= m else { continue }
                for k in from...m { w[block * t + m, k] = 1 }
            }
        }
        return w
    }

    /// The windowed count of one series, status and month (0 off the axis).
    public func count(series: Int, window: ReportWindow, month: Month, status: ItemStatus) -> Double {
        let all = counts(series: series, window: window, month: month)
        switch status {
        case .met: return Double(all.met)
        case .missed: return Double(all.missed)
        case .pending: return Double(all.pending)
        case .excluded: return Double(all.excluded)
        }
    }

    /// The four windowed counts (met, missed, pending, excluded) of one series and month; zeros off the axis.
    @inlinable
    public func counts(series: Int, window: ReportWindow, month: Month) -> (met: Int64, missed: Int64, pending: Int64, excluded: Int64) {
        let m = firstMonth.distance(to: month)
        guard m >= 0 && m < monthCount else { return (0, 0, 0, 0) }
        let block: Int
        switch window {
        case .inMonth: block = 0
        case .rolling3, .quarter: block = 1
        case .rolling12: block = 2
        case .cumulative: block = 3
        }
        let base = series * 4 * product.rows + block * monthCount + m
        let step = product.rows
        let e = product.elements
        return (Int64(e[base]), Int64(e[base + step]), Int64(e[base + 2 * step]), Int64(e[base + 3 * step]))
    }

    /// Whether the window of `month` reaches before the series' first month.
    public func isPartial(series: Int, window: ReportWindow, month: Month) -> Bool {
        guard let span = window.span else { return false }
        return firstMonth.distance(to: month) - span + 1 < seriesFirst[series]
    }
}
