/// A byte buffer for writing CSV rows quickly (dates from a lookup table, integers without String).
package struct _CSVTextBuffer: Sendable {
    package var bytes: [UInt8] = []

    package init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    @inline(__always) package mutating func comma() { bytes.append(44) }
    @inline(__always) package mutating func newline() { bytes.append(10) }

    @inline(__always) package mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A text field, quoted per RFC 4180 when it needs to be.
    package mutating func field(_ s: String) {
        if s.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
            bytes.append(34)
            for b in s.utf8 { bytes.append(b); if b == 34 { bytes.append(34) } }
            bytes.append(34)
        } else {
            text(s)
        }
    }

    @inline(__always) package mutating func int(_ value: Int) {
        if value < 0 { bytes.append(45); int(-value); return }
        if value >= 10 { int(value / 10) }
        bytes.append(UInt8(48 + value % 10))
    }

    /// `YYYY-MM-DD` of a civil date (CaseData adds the same for a `Day?`).
    @inline(__always) package mutating func date(year y: Int, month m: Int, day d: Int) {
        bytes.append(UInt8(48 + y / 1000)); bytes.append(UInt8(48 + y / 100 % 10))
        bytes.append(UInt8(48 + y / 10 % 10)); bytes.append(UInt8(48 + y % 10))
        bytes.append(45); bytes.append(UInt8(48 + m / 10)); bytes.append(UInt8(48 + m % 10))
        bytes.append(45); bytes.append(UInt8(48 + d / 10)); bytes.append(UInt8(48 + d % 10))
    }

    /// A fixed-point decimal with `places` decimals, rounded by the one rule (``_decimalText(_:places:)``).
    package mutating func decimal(_ value: Double, places: Int) {
        text(_decimalText(value, places: places))
    }
}
