import _ATWUtilities

extension XLSXWorkbookReader {
    /// The largest serial a spreadsheet shows as a date: 9999-12-31.
    static let maximumSerial = 2_958_465

    /// The civil date and time of day of a serial in the 1900 date system; nil for the fictitious
    /// 1900-02-29, negative, NaN or beyond 9999-12-31.
    ///
    /// Rule: the whole part counts days with serial 1 = 1900-01-01 and, from Lotus 1-2-3's leap-year bug that
    /// Excel keeps, serial 60 = 1900-02-29, a day that never was (nil here, whatever the time of day), so
    /// serial 61 = 1900-03-01; serial 0 (a time with no date) is 1899-12-31. The fraction is the time of day,
    /// rounded to the nearest second (a time that rounds up to midnight is the next day at 0 seconds).
    ///
    /// ```swift
    /// XLSXWorkbookReader.serialToCivil(45411.385416666664)   // (2024, 4, 29, 33_300): 09:15:00
    /// XLSXWorkbookReader.serialToCivil(60)                   // nil
    /// ```
    public static func serialToCivil(_ serial: Double) -> (year: Int, month: Int, day: Int, secondsOfDay: Int)? {
        guard serial.isFinite, serial >= 0, serial < Double(maximumSerial + 1) else { return nil }
        let seconds = Int((serial * 86_400).rounded())
        var days = seconds / 86_400
        let secondsOfDay = seconds % 86_400
        guard days != 60, days <= maximumSerial else { return nil }
        if days > 60 { days -= 1 }
        // Day 0 is 1899-12-31, 25,568 days before 1970-01-01.
        let civil = _CivilDate.civil(daysSinceEpoch: days - 25_568)
        return (civil.year, civil.month, civil.day, secondsOfDay)
    }

    /// The serial (1900 date system) of an ISO 8601 date or date-time, as `t="d"` cells hold: `2024-04-01`,
    /// `2024-04-29T09:15:00`, `2024-04-29T09:15:00.5Z`, or a time alone `09:15:00`; a time zone offset is
    /// ignored (the wall-clock time is kept). Nil when malformed or outside 1900-01-01…9999-12-31.
    static func serial(iso8601 text: String) -> Double? {
        let bytes = Array(text.utf8)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= bytes.count else { return nil }
            var n = 0
            for _ in 0..<count {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                n = n * 10 + Int(d)
                i += 1
            }
            return n
        }
        func skip(_ byte: Character) -> Bool {
            guard i < bytes.count, bytes[i] == byte.asciiValue! else { return false }
            i += 1
            return true
        }
        var days = 0
        let timeOnly = bytes.count >= 3 && bytes[2] == UInt8(ascii: ":")
        if !timeOnly {
            guard let year = digits(4), skip("-"), let month = digits(2), skip("-"), let day = digits(2),
                  (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
                  day <= _CivilDate.daysInMonth(year, month) else { return nil }
            // Days from 1899-12-31; from 1900-03-01 one more, for the fictitious 1900-02-29.
            days = _CivilDate.daysSinceEpoch(year, month, day) + 25_568
            if days >= 60 { days += 1 }
            if i == bytes.count { return Double(days) }
            guard skip("T") || skip(" ") else { return nil }
        }
        guard let hour = digits(2), skip(":"), let minute = digits(2), hour <= 24, minute <= 59 else { return nil }
        var seconds = Double(hour * 3600 + minute * 60)
        if skip(":") {
            guard let second = digits(2), second <= 60 else { return nil }
            seconds += Double(second)
            if skip(".") || skip(",") {
                var scale = 0.1, any = false
                while i < bytes.count, case let d = bytes[i] &- UInt8(ascii: "0"), d < 10 {
                    seconds += Double(d) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        if skip("Z") {
        } else if skip("+") || skip("-") {
            guard digits(2) != nil else { return nil }
            _ = skip(":")
            guard digits(2) != nil else { return nil }
        }
        guard i == bytes.count, seconds <= 86_400 else { return nil }
        return Double(days) + seconds / 86_400
    }
}
