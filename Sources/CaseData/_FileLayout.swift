import WorkingDays

/// How one file's text is laid out: what the decoder needs of a ``TableDescription`` (the canonical layout
/// when the dataset has none).
package struct _FileLayout: Sendable {
    package var separator: UInt8 = _CSVScanner.comma
    package var headerRow: Int = 1
    package var columns: [String: ColumnDescription] = [:]
    /// Whether fields are trimmed of surrounding spaces (a described layout: fixed-width database exports pad
    /// their values; the canonical layout reads values as they are).
    package var trims = false

    package static let canonical = _FileLayout()

    package init(separator: UInt8 = _CSVScanner.comma, headerRow: Int = 1, columns: [String: ColumnDescription] = [:],
                 trims: Bool = false) {
        self.separator = separator
        self.headerRow = headerRow
        self.columns = columns
        self.trims = trims
    }
}

extension DateFormat {
    /// The decoder's code for the format (0: ISO, the canonical layout's).
    var code: UInt8 {
        switch self {
        case .iso: 0
        case .dayMonthYear: 1
        case .monthDayYear: 2
        case .dayMonthNameYear: 3
        }
    }

    /// The format's name in a rejection's reason.
    static func name(ofCode code: UInt8) -> String {
        allCases.first { $0.code == code }?.rawValue ?? "yyyy-mm-dd"
    }
}

/// The English month names, lowercase, January first: what `dd-mmm-yyyy` dates are read with and written in.
let _monthNames: [[UInt8]] = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                              "october", "november", "december"].map { Array($0.utf8) }

extension _FileDecoder {
    /// A date written in a described format (``DateFormat``), or `nil` when it is not one.
    ///
    /// Rule: `d/m/yyyy` or `m/d/yyyy` with `/`, `-` or `.` (one kind in a value), one or two digits for day and
    /// month; `d-Mon-yyyy` or `d Month yyyy`; then optionally a time (` hh:mm`, ` hh:mm:ss`, `Thh:mm…`), whose
    /// value is not checked beyond its shape. Example: `29/04/2024 09:15` → 2024-04-29.
    static func parseDate(_ v: UnsafeBufferPointer<UInt8>, format: UInt8) -> Day? {
        let n = v.count
        var i = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0, digits = 0
            while i < n, digits < maxDigits, v[i] >= 48, v[i] <= 57 { value = value * 10 + Int(v[i] - 48); i += 1; digits += 1 }
            return digits == 0 ? nil : value
        }
        guard let first = number(maxDigits: 2), i < n else { return nil }
        let separator = v[i]
        let month: Int, day: Int
        if format == 3 {
            guard separator == 45 || separator == 32 else { return nil }
            i += 1
            let nameStart = i
            while i < n, (v[i] | 0x20) >= 97, (v[i] | 0x20) <= 122 { i += 1 }
            guard let m = _monthNumber(UnsafeBufferPointer(rebasing: v[nameStart..<i])), i < n, v[i] == separator else { return nil }
            month = m
            day = first
        } else {
            guard separator == 47 || separator == 45 || separator == 46 else { return nil }
            i += 1
            guard let second = number(maxDigits: 2), i < n, v[i] == separator else { return nil }
            (day, month) = format == 2 ? (second, first) : (first, second)
        }
        i += 1
        let yearStart = i
        guard let year = number(maxDigits: 4), i - yearStart == 4 else { return nil }
        if i < n {
            // A time part: [space or T]hh:mm[:ss], nothing after it.
            guard v[i] == 32 || v[i] == 84 else { return nil }
            i += 1
            guard let hour = number(maxDigits: 2), hour < 24, i < n, v[i] == 58 else { return nil }
            i += 1
            let minuteStart = i
            guard let minute = number(maxDigits: 2), i - minuteStart == 2, minute < 60 else { return nil }
            if i < n {
                guard v[i] == 58 else { return nil }
                i += 1
                let secondStart = i
                guard let second = number(maxDigits: 2), i - secondStart == 2, second < 60, i == n else { return nil }
            }
        }
        return Day.day(year: year, month: month, day: day)
    }

    /// An English month name (three letters or in full, `sept` too, any case) as 1-12; no allocation (it runs for
    /// every value of a `dd-mmm-yyyy` column).
    static func _monthNumber(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        guard name.count >= 3 else { return nil }
        for (index, full) in _monthNames.enumerated() {
            let matches = name.count == full.count || name.count == 3 || (name.count == 4 && index == 8)
            guard matches, name.count <= full.count else { continue }
            var same = true
            for k in 0..<name.count where name[k] | 0x20 != full[k] { same = false; break }
            if same { return index + 1 }
        }
        return nil
    }

    /// The file value's replacement under a column's value map: the side range it maps to, or `nil`.
    ///
    /// Rule: matched ignoring ASCII case and surrounding spaces.
    @inline(__always)
    static func mapped(_ value: UnsafeBufferPointer<UInt8>, _ map: [(key: [UInt8], value: Range<Int>)]) -> Range<Int>? {
        var lo = 0, hi = value.count
        while lo < hi && (value[lo] == 32 || value[lo] == 9) { lo += 1 }
        while hi > lo && (value[hi - 1] == 32 || value[hi - 1] == 9) { hi -= 1 }
        outer: for entry in map where entry.key.count == hi - lo {
            for k in 0..<entry.key.count where lower(value[lo + k]) != entry.key[k] { continue outer }
            return entry.value
        }
        return nil
    }
}

/// A hint for a header that lacks required columns: another delimiter that would have found them, or headers
/// that match the schema once case, spaces and punctuation are set aside (`Referral Received`).
func _headerHint(names: [String], specs: [ColumnSpec], separator: UInt8) -> String {
    let required = specs.filter(\.required).map(\.name)
    for (byte, _) in DatasetDescription.delimiters where byte != separator {
        let split = names.flatMap { $0.split(separator: Character(UnicodeScalar(byte)), omittingEmptySubsequences: false) }
            .map { String($0).trimmingASCIIWhitespace() }
        if split.count > names.count, required.allSatisfy(split.contains) {
            let shown = DatasetDescription.delimiterName(byte)
            return ". The header splits into the required columns at \"\(shown)\": the file looks \(shown)-separated; set \"delimiter\" in dataset.json or run `kpi describe`"
        }
    }
    func normal(_ s: String) -> String { String(s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init)) }
    let normalised = Set(names.map(normal))
    let matches = required.filter { !names.contains($0) && normalised.contains(normal($0)) }
    if !matches.isEmpty {
        return ". Headers such as \(names.filter { matches.map(normal).contains(normal($0)) }.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")) name these columns in other words: run `kpi describe` to write a dataset.json that maps them"
    }
    return ". Map the file's headers to these columns in dataset.json (run `kpi describe` to infer one)"
}
