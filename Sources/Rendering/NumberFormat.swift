import KPIEngine

/// The one number formatter of every result: `value × times` with `places` decimals, rounded half away from
/// zero on `value × (times × 10^places)` (one multiplication, so a percentage and its fraction round alike):
/// `formattedDecimal(0.96, places: 4, times: 100)` is `"96.0000"`, `formattedDecimal(2.5, places: 0)` is `"3"`.
/// `signed` writes the sign always (`+0.25`, `-0.00` for a negative number that rounds to zero); a non-finite
/// value is `nil`.
///
/// Every decimal a result writes (CSV, JSON, workbook, terminal) goes through here; rates that are exact
/// fractions of counts use ``RateComparison/percentText`` instead (exact rounding, no binary fraction).
package func formattedDecimal(_ value: Double, places: Int, times: Double = 1, signed: Bool = false) -> String? {
    guard value.isFinite else { return nil }
    var scale = times
    for _ in 0..<places { scale *= 10 }
    let scaled = (value * scale).rounded()
    var text = _fixedPoint(Int64(scaled), places: places)
    if signed && !text.hasPrefix("-") { text = (value < 0 ? "-" : "+") + text }
    return text
}

/// ``formattedDecimal(_:places:times:signed:)`` of an optional value as a result's value: empty when `nil` or
/// not finite.
package func decimalValue(_ value: Double?, places: Int, times: Double = 1) -> ResultValue {
    .number(value.flatMap { formattedDecimal($0, places: places, times: times) })
}
