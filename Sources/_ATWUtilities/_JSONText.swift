/// A JSON string literal.
package func _jsonString(_ s: String) -> String {
    var out = ""
    _appendJSONString(s, to: &out)
    return out
}

/// Appends `s` as a JSON string literal (RFC 8259: quote, backslash and control characters escaped, the rest as it
/// is); the one escaper of the dataset description file and of Rendering's `JSONValue`.
///
/// ```swift
/// _jsonString("a\"b\u{1}é")   // "\"a\\\"b\\u0001é\""
/// ```
package func _appendJSONString(_ s: String, to out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    out += "\""
}
