/// XML text with escaping, built as bytes.
struct _XMLText {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 16) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Text or an attribute value: `& < > "` escaped; characters XML 1.0 forbids (controls other than tab,
    /// LF and CR) written as U+FFFD, so a stray control byte in the data cannot make the file unreadable.
    mutating func escaped(_ text: String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": raw("&amp;")
            case "<": raw("&lt;")
            case ">": raw("&gt;")
            case "\"": raw("&quot;")
            case "\t", "\n", "\r": bytes.append(UInt8(scalar.value))
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    raw("\u{FFFD}")
                } else {
                    bytes.append(contentsOf: String(scalar).utf8)
                }
            }
        }
    }

    /// A number as both formats read it: integers without a decimal point, others with Swift's shortest
    /// round-trip form.
    mutating func number(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { raw(String(Int64(value))) } else { raw(value.description) }
    }
}
