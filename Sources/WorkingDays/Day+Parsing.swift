extension Day {
    /// Parses `YYYY-MM-DD`, or a timestamp `YYYY-MM-DDTHH:MM[:SS]` / `YYYY-MM-DD HH:MM[:SS]` whose date part
    /// alone counts. Returns `nil` for anything else, including impossible dates such as `2026-02-30`.
    ///
    /// ```swift
    /// Day("2026-03-31")            // 31 March 2026
    /// Day("2026-03-31 23:59:59")   // 31 March 2026
    /// Day("31/03/2026")            // nil
    /// ```
    public init?(_ text: some StringProtocol) {
        var utf8 = Array(text.utf8)
        guard let day = utf8.withUnsafeMutableBufferPointer({ Day.parse(UnsafeBufferPointer($0)) }) else {
            return nil
        }
        self = day
    }

    /// Parses the date at the start of a UTF-8 field (see ``init(_:)``); the byte-level form the CSV reader uses.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Day? {
        let n = bytes.count
        guard n == 10 || n >= 16 else { return nil }
        if n == 10, let base = bytes.baseAddress {
            // The usual `YYYY-MM-DD`, eight bytes at once: bytes 4 and 7 must be '-', bytes 0-3, 5, 6 digits
            // (x ^ 0x30 is the digit when its high nibble is clear and, plus 6, it stays below 0x10).
            // SAFETY: the load reads bytes 0..<8 of the 10.
            let w = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
            let d = w ^ 0x3030_3030_3030_3030
            let high: UInt64 = 0x00F0_F000_F0F0_F0F0
            let d8 = base[8] &- 48, d9 = base[9] &- 48
            guard w & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000, d & high == 0,
                  (d &+ 0x0006_0600_0606_0606) & high == 0, d8 < 10, d9 < 10 else { return nil }
            @inline(__always) func digit(_ i: Int) -> Int { Int(truncatingIfNeeded: (d >> UInt64(8 * i)) & 0xF) }
            let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
            return day(year: year, month: digit(5) * 10 + digit(6), day: Int(d8) * 10 + Int(d9))
        }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let b = bytes[i]
            return b >= 48 && b <= 57 ? Int(b - 48) : nil
        }
        guard let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3), bytes[4] == 45,
              let m0 = digit(5), let m1 = digit(6), bytes[7] == 45, let d0 = digit(8), let d1 = digit(9)
        else { return nil }
        if n > 10 {
            // Time part: [T or space]HH:MM, optionally :SS; nothing else after it.
            guard bytes[10] == 84 || bytes[10] == 32, let h0 = digit(11), let h1 = digit(12), bytes[13] == 58,
                  let i0 = digit(14), let i1 = digit(15), h0 * 10 + h1 < 24, i0 * 10 + i1 < 60 else { return nil }
            if n != 16 {
                guard n == 19, bytes[16] == 58, let s0 = digit(17), let s1 = digit(18), s0 * 10 + s1 < 60
                else { return nil }
            }
        }
        return day(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
    }

    /// The day of a parsed year, month and day of month, or `nil` when there is no such date.
    @inline(__always)
    package static func day(year: Int, month: Int, day: Int) -> Day? {
        if year >= _monthTableFirstYear && year <= _monthTableLastYear && month >= 1 && month <= 12 {
            // Common case: a table lookup instead of the civil-date arithmetic.
            let index = (year - _monthTableFirstYear) * 12 + month - 1
            let first = _monthFirstDays[index], length = _monthFirstDays[index + 1] - first
            return day >= 1 && Int32(day) <= length ? Day(rawValue: first + Int32(day) - 1) : nil
        }
        return Day(year: year, month: month, day: day)
    }
}

private let _monthTableFirstYear = 1995, _monthTableLastYear = 2100

/// The day number of the first of every month from January 1995 to January 2101 (the parser's lookup table).
private let _monthFirstDays: [Int32] = (0...(_monthTableLastYear - _monthTableFirstYear + 1) * 12).map { i in
    Int32(Day.daysFromCivil(year: _monthTableFirstYear + i / 12, month: i % 12 + 1, day: 1))
}
