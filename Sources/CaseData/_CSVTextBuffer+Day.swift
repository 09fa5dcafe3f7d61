import WorkingDays
import _ATWUtilities

extension _CSVTextBuffer {
    /// `YYYY-MM-DD`, or nothing for `nil`.
    @inline(__always) package mutating func date(_ day: Day?) {
        guard let day else { return }
        let (y, m, d) = day.components
        date(year: y, month: m, day: d)
    }
}
