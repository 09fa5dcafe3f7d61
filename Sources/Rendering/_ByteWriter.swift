import KPIEngine

/// Appends report text as UTF-8 bytes, with number formatting that needs no intermediate strings.
package struct _ByteWriter {
    package var bytes: [UInt8] = []

    package init() { bytes.reserveCapacity(1 << 16) }

    package var text: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always) package mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    @inline(__always) package mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
    @inline(__always) package mutating func comma() { bytes.append(44) }
    @inline(__always) package mutating func newline() { bytes.append(10) }

    /// A non-negative integer in decimal, zero padded to `width` digits.
    package mutating func integer(_ value: Int64, width: Int = 1) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value.magnitude, n = 0
        if value < 0 { bytes.append(45) }
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            } while v > 0 || n < width
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }

    /// A count of `unitsPerCount`-ths: whole when it is 1, else a decimal with trailing zeros trimmed.
    package mutating func count(_ units: Int64, unitsPerCount: Int) {
        guard unitsPerCount > 1 else { integer(units); return }
        let scale = Int64(unitsPerCount)
        integer(units / scale)
        var fraction = units % scale
        guard fraction != 0 else { return }
        var width = String(scale).count - 1
        while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        bytes.append(46)
        integer(fraction, width: width)
    }

    /// ``RateComparison/percentText`` without the string: 4 decimals, or nothing when unmeasured.
    package mutating func rate(_ comparison: RateComparison) {
        guard let scaled = comparison.scaledPercent else { return }
        integer(scaled / 10_000)
        bytes.append(46)
        integer(scaled % 10_000, width: 4)
    }
}
