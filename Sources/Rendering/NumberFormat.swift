import KPIEngine
import _ATWUtilities

/// The one number formatter of every result, as a result writes it: `value` (or `value` × 100 with `percent`)
/// with `places` decimals by the utilities' rule (``_decimalText(_:places:)``: half away from zero on the decimal
/// value): `formattedDecimal(0.96, places: 4, percent: true)` is `"96.0000"`, `formattedDecimal(2.5, places: 0)`
/// is `"3"`. `signed` writes the sign always (`+0.25`, `-0.00` for a negative number that rounds to zero); a
/// non-finite value is `nil`.
///
/// Every decimal a result writes (CSV, JSON, workbook, terminal) goes through here; rates that are exact
/// fractions of counts use ``RateComparison/percentText`` instead (exact rounding, no binary fraction).
package func formattedDecimal(_ value: Double, places: Int, percent: Bool = false, signed: Bool = false) -> String? {
    guard value.isFinite else { return nil }
    var text = percent ? _percentText(value, places: places) : _decimalText(value, places: places)
    if signed && !text.hasPrefix("-") { text = (value < 0 ? "-" : "+") + text }
    return text
}

/// ``formattedDecimal(_:places:percent:signed:)`` of an optional value as a result's value: empty when `nil` or
/// not finite.
package func decimalValue(_ value: Double?, places: Int, percent: Bool = false) -> ResultValue {
    .number(value.flatMap { formattedDecimal($0, places: places, percent: percent) })
}
