/// An integer holding a number scaled by 10^`places`, written with that many decimals: `_fixedPoint(935000,
/// places: 4)` is `"93.5000"`, `_fixedPoint(-5, places: 4)` is `"-0.0005"`, `places` 0 the integer itself.
/// This only writes the digits of a number already scaled and rounded (the report's rates are exact integer
/// arithmetic); a `Double` goes through ``_decimalText(_:places:)``, which rounds by the one rule.
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

/// `value` written with exactly `places` decimals (0...18), rounded half away from zero on its decimal value:
/// the one number formatter of the outputs. Non-finite values are empty (as the outputs write a missing figure);
/// a value that rounds to zero has no sign.
///
/// Rule: the decimal value is the shortest decimal that reads back as the same `Double` (what `print` shows), so
/// `1.005` is 1.005 and rounds to `"1.01"` although the nearest binary number is a little below it; ties go away
/// from zero (`2.5` → `"3"`, `-2.5` → `"-3"`); the sign is an ASCII hyphen-minus.
///
/// ```swift
/// _decimalText(93.5, places: 4)        // "93.5000"
/// _decimalText(0.125, places: 2)       // "0.13"
/// _decimalText(-0.001, places: 2)      // "0.00"
/// ```
package func _decimalText(_ value: Double, places: Int) -> String {
    _roundedText(value, shift: 0, places: places)
}

/// `share` (a fraction, 0.935) as a percentage with `places` decimals (`"93.50"` at 2), by the rule of
/// ``_decimalText(_:places:)`` applied to the decimal value of `share` times 100 (the shift is exact).
package func _percentText(_ share: Double, places: Int) -> String {
    _roundedText(share, shift: 2, places: places)
}

/// `value` × 10^`shift` rounded half away from zero at `places` decimals, by its decimal value.
private func _roundedText(_ value: Double, shift: Int, places: Int) -> String {
    precondition((0...18).contains(places) && (0...4).contains(shift), "places 0...18, shift 0...4")
    guard value.isFinite else { return "" }
    var unit = 1.0
    for _ in 0..<(places + shift) { unit *= 10 }   // exact: 10^22 and below are doubles
    let product = value * unit
    let magnitude = product.magnitude
    // Fast path: the binary product decides whenever it is clearly away from a tie (its error against the
    // decimal value times `unit` is a few units in the last place); near a tie, or too large for Int64, the
    // decimal digits decide.
    if magnitude < 1e15 {
        let whole = magnitude.rounded(.down)
        let fraction = magnitude - whole   // exact below 2^53
        if (fraction - 0.5).magnitude > 8 * magnitude.ulp {
            let rounded = Int64(fraction > 0.5 ? whole + 1 : whole)
            return _fixedPoint(product < 0 ? -rounded : rounded, places: places)
        }
    }
    return _decimalDigitsRounded(value, shift: shift, places: places)
}

/// The exact path of ``_roundedText``: the digits of `value`'s shortest decimal, rounded by hand.
private func _decimalDigitsRounded(_ value: Double, shift: Int, places: Int) -> String {
    // "1.2345e+20", "96.00005", "5e-324", "100.0": mantissa digits and the position of the decimal point.
    let text = value.magnitude.description
    var digits: [UInt8] = []
    var point: Int? = nil
    var exponent = 0
    var utf8 = text.utf8[...]
    while let c = utf8.first {
        if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            exponent = Int(String(decoding: utf8.dropFirst(), as: UTF8.self))!
            break
        }
        if c == UInt8(ascii: ".") { point = digits.count } else { digits.append(c - 48) }
        utf8 = utf8.dropFirst()
    }
    // value = 0.d1d2d3… × 10^pointPosition.
    let pointPosition = (point ?? digits.count) + exponent + shift
    // The scaled integer has the digits before position `pointPosition + places`; the next digit rounds it.
    let keep = pointPosition + places
    var scaled: [UInt8]
    if keep < 0 {
        scaled = []
    } else {
        scaled = Array(digits.prefix(keep))
        scaled += [UInt8](repeating: 0, count: keep - scaled.count)
        if keep < digits.count && digits[keep] >= 5 {
            var i = scaled.count - 1
            while i >= 0 && scaled[i] == 9 { scaled[i] = 0; i -= 1 }
            if i >= 0 { scaled[i] += 1 } else { scaled.insert(1, at: 0) }
        }
    }
    // At least one integer digit, no leading zeros beyond it.
    if scaled.count < places + 1 { scaled = [UInt8](repeating: 0, count: places + 1 - scaled.count) + scaled }
    while scaled.count > places + 1 && scaled[0] == 0 { scaled.removeFirst() }
    let isZero = !scaled.contains { $0 != 0 }
    var out = value < 0 && !isZero ? "-" : ""
    out += String(decoding: scaled[..<(scaled.count - places)].map { $0 + 48 }, as: UTF8.self)
    if places > 0 { out += "." + String(decoding: scaled[(scaled.count - places)...].map { $0 + 48 }, as: UTF8.self) }
    return out
}

/// A decimal number's text rounded half away from zero to `places` decimals by its digits, not through a binary
/// `Double` (`"96.8500"` → `"96.9"`, where `Double("96.85")` lies just below it): how a table shows a figure the
/// CSV writes with more decimals. `nil` for text that is not `[-]digits[.digits]`. A negative that rounds to zero
/// loses its sign (`"-0.04"` → `"0.0"`).
package func _roundedDecimalText(_ text: some StringProtocol, places: Int) -> String? {
    precondition(places >= 0, "places 0 or more")
    var bytes = Array(text.utf8)
    let negative = bytes.first == UInt8(ascii: "-")
    if negative { bytes.removeFirst() }
    let dot = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
    let whole = Array(bytes[..<dot]), fraction = dot < bytes.count ? Array(bytes[(dot + 1)...]) : []
    guard !whole.isEmpty, (whole + fraction).allSatisfy({ (48...57).contains($0) }) else { return nil }
    var kept = whole + fraction.prefix(places) + [UInt8](repeating: 48, count: max(0, places - fraction.count))
    if fraction.count > places, fraction[places] >= 53 {
        var i = kept.count - 1
        while i >= 0, kept[i] == 57 { kept[i] = 48; i -= 1 }
        if i >= 0 { kept[i] += 1 } else { kept.insert(49, at: 0) }
    }
    while kept.count - places > 1, kept.first == 48 { kept.removeFirst() }
    let split = kept.count - places
    var out = String(decoding: kept[..<split], as: UTF8.self)
    if places > 0 { out += "." + String(decoding: kept[split...], as: UTF8.self) }
    return (negative && kept.contains { $0 != 48 } ? "-" : "") + out
}
