/// An integer holding a number scaled by 10^`places`, written with that many decimals: `_fixedPoint(935000,
/// places: 4)` is `"93.5000"`, `_fixedPoint(-5, places: 4)` is `"-0.0005"`, `places` 0 the integer itself.
/// Callers round as their rule says; this only writes the digits (the report's rates, SPC and PMIR figures,
/// the pack's captions).
package func _fixedPoint(_ scaled: Int64, places: Int) -> String {
    var unit: Int64 = 1
    for _ in 0..<places { unit *= 10 }
    let magnitude = scaled.magnitude, whole = magnitude / UInt64(unit)
    let sign = scaled < 0 ? "-" : ""
    guard places > 0 else { return sign + String(whole) }
    let fraction = String(magnitude % UInt64(unit))
    return sign + String(whole) + "." + String(repeating: "0", count: places - fraction.count) + fraction
}

/// A count held in `unitsPerCount` units, as the outputs write it: whole for item KPIs, a trimmed decimal for
/// FTE (`_countText(35_000, unitsPerCount: 10_000)` is `"3.5"`).
package func _countText(_ units: Int64, unitsPerCount: Int) -> String {
    guard unitsPerCount > 1 else { return String(units) }
    var places = 0, scale = unitsPerCount
    while scale > 1 { scale /= 10; places += 1 }
    var text = _fixedPoint(units, places: places)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
