import Foundation

// Helpers for reading JSON data files (contract definitions in KPIEngine, PMIR policies in PMIR) with
// JSONSerialization, which bridges numbers and booleans alike to NSNumber.

/// A parsed JSON value as an error message shows it.
package func _shown(_ value: Any) -> String {
    if let text = value as? String { return "\"\(text)\"" }
    if value is [Any] { return "an array" }
    if value is [String: Any] { return "an object" }
    if _isBoolean(value) { return (value as? Bool) == true ? "true" : "false" }
    return "\(value)"
}

/// Whether a parsed JSON value is `true` or `false` (Foundation bridges them to NSNumber, like 0 and 1).
package func _isBoolean(_ value: Any) -> Bool {
    if value is Bool && !(value is NSNumber) { return true }
    guard let number = value as? NSNumber else { return false }
    return String(cString: number.objCType) == "c"
}

/// A JSON boolean (not a number that bridges to one).
package func _boolean(_ value: Any) -> Bool? {
    _isBoolean(value) ? value as? Bool : nil
}

/// A JSON whole number in `range` (not a boolean, not a fraction).
package func _wholeNumber(_ value: Any, in range: ClosedRange<Int>) -> Int? {
    guard !_isBoolean(value), let number = value as? Double, number.rounded() == number,
          let whole = Int(exactly: number), range.contains(whole) else { return nil }
    return whole
}
