import WorkingDays

extension _FileDecoder {
    // MARK: Field parsers

    static func quoted(_ value: UnsafeBufferPointer<UInt8>) -> String {
        let limit = 60
        var text = String(decoding: value.prefix(limit), as: UTF8.self)
        if value.count > limit { text += "…" }
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar == "\u{7F}" {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    static func parseBool(_ v: UnsafeBufferPointer<UInt8>) -> Bool? {
        func equals(_ word: StaticString) -> Bool {
            guard v.count == word.utf8CodeUnitCount else { return false }
            for i in 0..<v.count where lower(v[i]) != word.utf8Start[i] { return false }
            return true
        }
        if equals("true") || equals("yes") || equals("1") { return true }
        if equals("false") || equals("no") || equals("0") { return false }
        return nil
    }

    /// A field of at most 16 bytes as its length and two words: its first 8 bytes and its last 8 (overlapping
    /// when shorter than 16; one zero-padded word below 8), which together hold every byte.
    @inline(__always)
    static func enumKey(_ v: UnsafeBufferPointer<UInt8>) -> _EnumKey? {
        let n = v.count
        guard n <= 16, let base = v.baseAddress else { return nil }
        if n >= 8 {
            // SAFETY: both 8-byte loads lie inside the field's n >= 8 bytes.
            let raw = UnsafeRawPointer(base)
            return _EnumKey(length: n, first: raw.loadUnaligned(as: UInt64.self),
                            last: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        var word: UInt64 = 0
        for i in 0..<n { word |= UInt64(base[i]) << UInt64(8 * i) }
        return _EnumKey(length: n, first: word, last: 0)
    }

    /// As ``matchEnum(_:_:)``, comparing ``enumKey(_:)`` with the values' keys first.
    @inline(__always)
    static func matchEnum(_ v: UnsafeBufferPointer<UInt8>, _ values: [[UInt8]], keys: [_EnumKey?]) -> Int? {
        if let key = enumKey(v) {
            for i in keys.indices where keys[i] == key { return i }
        }
        return matchEnum(v, values)
    }

    static func matchEnum(_ v: UnsafeBufferPointer<UInt8>, _ values: [[UInt8]]) -> Int? {
        // Exact bytes first (the usual spelling), then without regard to ASCII case.
        for (index, candidate) in values.enumerated() where candidate.count == v.count {
            if candidate.withUnsafeBufferPointer({ $0.elementsEqual(v) }) { return index }
        }
        outer: for (index, candidate) in values.enumerated() where candidate.count == v.count {
            for i in 0..<v.count where lower(v[i]) != candidate[i] { continue outer }
            return index
        }
        return nil
    }

    static func parseCount(_ v: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard !v.isEmpty, v.count <= 9 else { return wholeWithZeroFraction(v) }
        var n: Int32 = 0
        for b in v {
            guard b >= 48 && b <= 57 else { return wholeWithZeroFraction(v) }
            n = n * 10 + Int32(b - 48)
        }
        return n
    }

    /// A whole number written with a zero fraction (`2.0`, `12.000`, as spreadsheets and pandas write counts).
    static func wholeWithZeroFraction(_ v: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard let dot = v.firstIndex(of: 46), dot > 0, dot < v.count - 1, v[(dot + 1)...].allSatisfy({ $0 == 48 }) else { return nil }
        let whole = UnsafeBufferPointer(rebasing: v[..<dot])
        guard whole.count <= 9, whole.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return whole.reduce(Int32(0)) { $0 * 10 + Int32($1 - 48) }
    }

    static func parseDecimal(_ v: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !v.isEmpty, v.count <= 24 else { return nil }
        var whole: Double = 0
        var i = 0
        var digits = 0
        while i < v.count && v[i] >= 48 && v[i] <= 57 { whole = whole * 10 + Double(v[i] - 48); i += 1; digits += 1 }
        var fraction: Double = 0, scale: Double = 1
        if i < v.count && v[i] == 46 {
            i += 1
            while i < v.count && v[i] >= 48 && v[i] <= 57 {
                fraction = fraction * 10 + Double(v[i] - 48); scale *= 10; i += 1; digits += 1
            }
        }
        guard i == v.count, digits > 0 else { return nil }
        return whole + fraction / scale
    }

    static func parseMonth(_ v: UnsafeBufferPointer<UInt8>) -> Month? {
        guard v.count == 7, v[4] == 45 else { return nil }
        var digits: [Int] = []
        for (i, b) in v.enumerated() where i != 4 {
            guard b >= 48 && b <= 57 else { return nil }
            digits.append(Int(b - 48))
        }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let month = digits[4] * 10 + digits[5]
        guard (1...12).contains(month), WorkingDayCalendar.supportedYears.contains(year) else { return nil }
        return Month(year: year, month: month)
    }

    /// Why a text cell cannot be stored: invalid UTF-8 or a NUL byte; `nil` when it is fine.
    static func textProblem(_ v: UnsafeBufferPointer<UInt8>) -> String? {
        // Eight bytes at a time: any byte with its high bit set (not ASCII) or equal to zero (NUL)?
        var ascii = true
        var i = 0
        if let base = v.baseAddress {
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= v.count {
                // SAFETY: i + 8 <= v.count, so the load stays inside the field.
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if (~(((w & low7) &+ low7) | w) & high) != 0 { break }  // a zero byte: finish byte by byte
                if w & high != 0 { ascii = false }
                i += 8
            }
        }
        while i < v.count {
            if v[i] == 0 { return "contains a NUL byte" }
            if v[i] >= 0x80 { ascii = false }
            i += 1
        }
        if ascii { return nil }
        var iterator = v.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return nil
            case .error: return "is not valid UTF-8"
            }
        }
    }
}
