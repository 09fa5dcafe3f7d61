import Foundation

/// The start of one foreign file, read into text cells: what ``DatasetDescription/infer(_:knownContracts:)`` looks at.
///
/// A text file's sample comes from `_TextSniffer.sniff(_:fileName:maxRows:)`, with its encoding, delimiter and
/// header row and the evidence for them in `notes`; a workbook sheet's is filled by the workbook reader, dates
/// written as ISO text (`2026-04-02`, `2026-04-02T09:15:00`).
public struct FileSample: Sendable {
    /// The file's name relative to the dataset folder (`Cases extract.csv`).
    public var fileName: String
    /// The sheet of a workbook (`nil`: a text file, or a workbook's first sheet).
    public var sheet: String?
    public var isWorkbook: Bool
    public var encoding: TextEncoding
    /// The field separator of a text file (`,` `;` tab `|`).
    public var delimiter: UInt8
    /// The physical line (sheet row) of the header, from 1.
    public var headerRow: Int
    public var header: [String]
    /// The sampled rows below the header, cells trimmed of surrounding spaces.
    public var rows: [[String]]
    /// Why the encoding, delimiter and header row were chosen.
    public var notes: [String]

    public init(fileName: String, sheet: String? = nil, isWorkbook: Bool = false, encoding: TextEncoding = .utf8,
                delimiter: UInt8 = 44, headerRow: Int = 1, header: [String], rows: [[String]], notes: [String] = []) {
        self.fileName = fileName
        self.sheet = sheet
        self.isWorkbook = isWorkbook
        self.encoding = encoding
        self.delimiter = delimiter
        self.headerRow = headerRow
        self.header = header
        self.rows = rows
        self.notes = notes
    }
}

extension DatasetDescription {
    /// The description that reads `samples` as the dataset's tables, with why each choice was made.
    ///
    /// Rule: a sample fits a table by the columns its header matches (required ones counting twice, then the
    /// share of required ones matched); a file (or sheet) named after the table fits it first when it matches half
    /// its required columns. Each sample is offered only to the table it fits best, and the best-fitting sample
    /// takes the table; the others, and samples matching no required column, are ignored with evidence. Headers
    /// match columns ignoring case and anything not a letter or digit, then by ``columnSynonyms`` (a date
    /// column also as its name with "date" before or after). Dates, codes and yes/no values are read from the
    /// sample (`_dateVerdict`, `_codeValue`); what cannot be decided is left out and named in
    /// `evidence.unresolved`. A table lacking `contract` gets the providers' one contract as a constant.
    /// E.g. a header `Referral Received` with `29/04/2024` → `{"from": "Referral Received", "format": "dd/mm/yyyy"}`.
    /// A `contract` value that is another spelling (case, punctuation) of one of `knownContracts` (the ids of
    /// the contract definitions, which the caller hands in) is mapped to it.
    public static func infer(_ samples: [FileSample], knownContracts: [String] = [])
        -> (description: DatasetDescription, evidence: DescriptionEvidence) {
        var description = DatasetDescription(), evidence = DescriptionEvidence()
        struct Candidate {
            var sample: Int, table: DatasetFile, matches: [String: (index: Int, how: String)]
            var required: Int, requiredMatched: Int, score: Int, named: Bool
            var nameWins: Bool { named && requiredMatched * 2 >= required }
        }
        var candidates: [Candidate] = []
        for (s, sample) in samples.enumerated() {
            let names = [sample.sheet, _stem(sample.fileName)].compactMap { $0.map(_normalised) }
            for table in DatasetFile.allCases {
                let specs = table.columns, matches = _matchHeaders(sample.header, specs)
                let required = specs.filter(\.required).count
                let requiredMatched = specs.filter { $0.required && matches[$0.name] != nil }.count
                guard requiredMatched > 0 else { continue }
                candidates.append(Candidate(sample: s, table: table, matches: matches, required: required,
                                            requiredMatched: requiredMatched, score: requiredMatched + matches.count,
                                            named: names.contains(_normalised(table.rawValue))))
            }
        }
        candidates.sort { a, b in
            if a.nameWins != b.nameWins { return a.nameWins }
            if a.score != b.score { return a.score > b.score }
            let (x, y) = (a.requiredMatched * b.required, b.requiredMatched * a.required)
            if x != y { return x > y }
            if a.named != b.named { return a.named }
            return (a.sample, a.table.ordinal) < (b.sample, b.table.ordinal)
        }
        // Each sample is offered only to the table it fits best; the best-fitting sample takes a table.
        var chosen: [DatasetFile: Candidate] = [:], best: [Int: Candidate] = [:]
        for c in candidates where best[c.sample] == nil { best[c.sample] = c }
        for c in candidates where best[c.sample]?.table == c.table && chosen[c.table] == nil { chosen[c.table] = c }
        let usedSamples = Set(chosen.values.map(\.sample))
        for (s, sample) in samples.enumerated() where !usedSamples.contains(s) {
            // A file that fits a table another file took is for the user to settle; one that fits no table (a
            // summary sheet, a notes file) is only said.
            if let reason = best[s].flatMap({ c in chosen[c.table].map { "its best match, \(c.table.rawValue), is read from \(_quotedText(_label(samples[$0.sample])))" } }) {
                evidence.unresolved.append("\(_quotedText(_label(sample))): ignored: \(reason)")
            } else {
                evidence.ignored.append("\(_quotedText(_label(sample))): its headers match no required column of any table")
            }
        }
        for table in DatasetFile.allCases where table.isRequired && chosen[table] == nil {
            evidence.unresolved.append("\(table.rawValue): no file matched (providers and cases are required)")
        }

        // The providers' one contract, for tables that lack the column.
        var oneContract: String?
        if let p = chosen[.providers], let i = p.matches["contract"]?.index {
            let values = samples[p.sample].rows.map { $0.count > i ? $0[i] : "" }
            if let first = values.first, !first.isEmpty, values.allSatisfy({ $0 == first }) { oneContract = first }
        }

        // Date columns the file alone cannot decide, and the decided ones of every file (a system writes its dates
        // one way: ambiguous and empty columns follow the dataset's decided ones when those all agree).
        var deferred: [(table: DatasetFile, name: String, verdict: _DateVerdict)] = []
        var emptyDates: [(table: DatasetFile, name: String)] = []
        var datasetDecided: [(place: String, format: DateFormat, separator: Character?)] = []
        for table in DatasetFile.allCases {
            guard let c = chosen[table] else { continue }
            let sample = samples[c.sample], specs = table.columns
            var t = TableDescription(file: sample.fileName, sheet: sample.sheet, delimiter: sample.isWorkbook ? 44 : sample.delimiter,
                                     encoding: sample.isWorkbook ? .utf8 : sample.encoding, headerRow: sample.headerRow)
            evidence.tables[table] = sample.notes + ["\(_quotedText(_label(sample))) matches \(c.matches.count) of \(specs.count) columns, "
                + "\(c.requiredMatched) of \(c.required) required" + (c.named ? "; its name is the table's" : "")]
            var notes: [String: [String]] = [:], dates: [(name: String, verdict: _DateVerdict)] = []
            for spec in specs {
                guard let m = c.matches[spec.name] else {
                    if spec.name == "contract", let oneContract, table != .providers {
                        t.columns[spec.name] = ColumnDescription(constant: oneContract)
                        notes[spec.name] = ["no contract column; every sampled provider row has contract \(oneContract)"]
                    } else if spec.required {
                        let used = Set(c.matches.values.map(\.index)), key = _normalised(spec.name)
                        let closest = sample.header.indices.filter { !used.contains($0) && !sample.header[$0].isEmpty }
                            .map { (i: $0, d: _editDistance(_normalised(sample.header[$0]), key)) }
                            .sorted { ($0.d, $0.i) < ($1.d, $1.i) }.prefix(2).map { _quotedText(sample.header[$0.i]) }
                        evidence.unresolved.append("\(table.rawValue): required column \(spec.name) not matched; "
                            + (closest.isEmpty ? "no other headers" : "closest headers: " + closest.joined(separator: ", ")))
                    }
                    continue
                }
                var column = ColumnDescription(), why: [String] = []
                if sample.header[m.index] != spec.name {
                    column.from = sample.header[m.index]
                    why.append(m.how)
                }
                let place = "\(table.rawValue).\(spec.name)"
                let cells = sample.rows.map { m.index < $0.count ? $0[m.index] : "" }
                let (translations, translated, unmatched) = _valueTranslations(cells, spec.kind)
                column.values = translations
                why += translated
                if spec.name == "contract" {
                    // Contract ids are matched exactly by the definitions: another spelling of a known one is mapped.
                    for value in Set(cells.map { $0.trimmingCharacters(in: .whitespaces) }).sorted() where !value.isEmpty {
                        guard let known = knownContracts.first(where: { _normalised($0) == _normalised(value) }), known != value else { continue }
                        column.values[value] = known
                        why.append("\(_quotedText(value)) → \(known) (the contract's id as its definition spells it)")
                    }
                }
                if !unmatched.isEmpty {
                    let allowed: String
                    if case .enumeration(let list) = spec.kind { allowed = list.joined(separator: ", ") } else { allowed = "true, false, yes, no, 1, 0, Y, N" }
                    evidence.unresolved.append("\(place): \(unmatched.prefix(5).joined(separator: ", ")) match\(unmatched.count == 1 ? "es" : "") none of \(allowed): add \(unmatched.count == 1 ? "it" : "them") to its values in dataset.json")
                }
                if case .date = spec.kind {
                    let values = cells.filter { !$0.isEmpty && !Self.missingMarkers.contains($0.lowercased()) }
                    if values.isEmpty { emptyDates.append((table, spec.name)) }
                    let verdict = _dateVerdict(values)
                    dates.append((spec.name, verdict))
                    column.format = verdict.format
                    if let note = verdict.note { why.append(note) }
                    if let unfit = verdict.unfit { evidence.unresolved.append("\(place): \(unfit)") }
                }
                notes[spec.name] = why
                t.columns[spec.name] = column
            }
            // Ambiguous day-month columns follow the file's decided ones when those agree and are written alike.
            let decided = dates.filter { $0.verdict.format == .dayMonthYear || $0.verdict.format == .monthDayYear }
            for (name, verdict) in dates where verdict.ambiguousRows > 0 {
                let place = "\(table.rawValue).\(name)"
                if let model = decided.first(where: { $0.verdict.separator == verdict.separator }),
                   decided.allSatisfy({ $0.verdict.format == model.verdict.format }), let format = model.verdict.format {
                    t.columns[name]?.format = format
                    notes[name, default: []].append("every day and month is 12 or less in \(_rows(verdict.ambiguousRows)); "
                        + "\(format.rawValue) as \(model.name), written the same way, which has a \(format == .dayMonthYear ? "day" : "second part") above 12")
                } else {
                    deferred.append((table, name, verdict))
                }
            }
            for d in dates {
                if let format = t.columns[d.name]?.format, format != .iso, d.verdict.ambiguousRows == 0 {
                    datasetDecided.append(("\(table.rawValue).\(d.name)", format, d.verdict.separator))
                }
            }
            // Optional columns not found while the file has headers nothing used: the user must say whether any are
            // the same (an unmapped column changes the figures without an error).
            let usedHeaders = Set(c.matches.values.map(\.index))
            let unused = sample.header.indices.filter { !usedHeaders.contains($0) && !sample.header[$0].trimmingCharacters(in: .whitespaces).isEmpty }
            let absent = specs.filter { c.matches[$0.name] == nil && !$0.required && t.columns[$0.name]?.constant == nil }.map(\.name)
            if !unused.isEmpty && !absent.isEmpty {
                evidence.unresolved.append("\(table.rawValue): columns not found: \(absent.joined(separator: ", ")); headers not used: "
                    + unused.prefix(12).map { _quotedText(sample.header[$0]) }.joined(separator: ", ")
                    + ". If any header is one of these columns, give it as the column's \"from\"; missing columns leave KPIs that need them unmeasured or their items open")
            }
            for (name, column) in t.columns where column == ColumnDescription() { t.columns[name] = nil }
            for (name, why) in notes where t.columns[name] != nil && !why.isEmpty { evidence.columns[table, default: [:]][name] = why }
            description.tables[table] = t
        }
        let agreed = datasetDecided.first.flatMap { first in datasetDecided.allSatisfy { $0.format == first.format } ? first : nil }
        for d in deferred {
            let place = "\(d.table.rawValue).\(d.name)"
            if let model = agreed, model.format != .dayMonthNameYear, datasetDecided.contains(where: { $0.separator == d.verdict.separator }) {
                description.tables[d.table]?.columns[d.name, default: ColumnDescription()].format = model.format
                evidence.columns[d.table, default: [:]][d.name, default: []].append("every day and month is 12 or less in \(_rows(d.verdict.ambiguousRows)); "
                    + "\(model.format.rawValue) as every decided date column of the dataset (e.g. \(model.place)), written the same way")
            } else {
                evidence.unresolved.append("\(place): every day is 12 or less in \(_rows(d.verdict.ambiguousRows)), so dd/mm/yyyy and mm/dd/yyyy cannot be told apart: set its format in dataset.json")
            }
        }
        if let model = agreed {
            for e in emptyDates {
                description.tables[e.table]?.columns[e.name, default: ColumnDescription()].format = model.format
                evidence.columns[e.table, default: [:]][e.name, default: []].append("no value in the sample; \(model.format.rawValue) as every decided date column of the dataset (e.g. \(model.place))")
            }
        }
        return (description, evidence)
    }

    /// Other names files give a column, normalised (letters and digits, lowercase): the one list of synonyms.
    /// Besides these, a date column matches its own name with "date" before or after (`Date submitted`).
    package static let columnSynonyms: [String: [String]] = [
        "case_id": ["caseref", "casereference", "caseno", "casenumber", "case"],
        "complaint_id": ["complaintref", "complaintreference", "complaintno", "complaintnumber", "complaint"],
        "provider_id": ["provider", "providercode", "providerref"],
        "contract": ["contractid", "contractcode"],
        "provider_name": ["name"],
        "service_start": ["startdate", "servicestartdate", "contractstart"],
        "referral_received": ["referraldate", "datereferralreceived", "referralreceiveddate", "datereceived"],
        "assessment_type": ["type", "hatype", "assessment"],
        "withdrawal_reason": ["reasonforwithdrawal"],
        "fte_total": ["totalfte"],
        "fte_disabled": ["disabledfte"],
        "return": ["returntype"],
    ]

    /// Other spellings of code values, normalised: the one list (besides equality ignoring case and punctuation).
    package static let valueSynonyms: [String: String] = [
        "virtual": "virtual_standard", "f2f": "f2f_standard", "facetoface": "f2f_standard",
        "facetofacestandard": "f2f_standard", "englandwales": "england-and-wales",
    ]

    /// Cell values that mean "missing" in any column but an identifier (matched ignoring case).
    package static let missingMarkers: Set<String> = ["n/a", "#n/a", "-", "--", "null"]
}

/// Each schema column's header (its index) and how it matched: the normalised name, then a synonym.
func _matchHeaders(_ header: [String], _ specs: [ColumnSpec]) -> [String: (index: Int, how: String)] {
    let keys = header.map(_normalised)
    var result: [String: (index: Int, how: String)] = [:], used = Set<Int>()
    for pass in 0..<2 {
        for spec in specs where result[spec.name] == nil {
            let name = _normalised(spec.name)
            var names = pass == 0 ? [name] : DatasetDescription.columnSynonyms[spec.name] ?? []
            if pass == 1, case .date = spec.kind { names += [name + "date", "date" + name] }
            guard let i = keys.indices.first(where: { !used.contains($0) && names.contains(keys[$0]) }) else { continue }
            used.insert(i)
            let how = pass == 0 ? "\(spec.name) ignoring case and punctuation"
                : keys[i] == name + "date" || keys[i] == "date" + name ? "\(spec.name) with \"date\"" : "a synonym of \(spec.name)"
            result[spec.name] = (i, "header \(_quotedText(header[i])): \(how)")
        }
    }
    return result
}

/// Lowercase letters and digits only: `Referral Received` and `referral_received` → `referralreceived`.
func _normalised(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }

/// A file name without its folder and extension: `in/Type changes.csv` → `Type changes`.
func _stem(_ name: String) -> String {
    let base = name.split(separator: "/").last.map(String.init) ?? name
    return base.lastIndex(of: ".").map { String(base[..<$0]) } ?? base
}

/// The file and sheet a sample came from, for evidence.
func _label(_ sample: FileSample) -> String { sample.fileName + (sample.sheet.map { ", sheet " + $0 } ?? "") }

/// The Levenshtein distance between two texts.
func _editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in a.indices {
        var current = [i + 1] + Array(repeating: 0, count: b.count)
        for j in b.indices {
            current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// The translations a column's sampled cells need, why, and the values that match nothing (quoted, with counts).
///
/// Rule: a missing marker (`N/A`, `-`, `null`, …) → `""` in any column but an identifier; a code column's value
/// by ``_codeValue(_:_:)``, a boolean's by ``_boolValue(_:)``; one entry per value ignoring case, under its
/// first spelling. E.g. `["Y", "y", "N", "N/A"]` in a boolean → `["Y": "true", "N": "false", "N/A": ""]`.
func _valueTranslations(_ cells: [String], _ kind: ColumnKind) -> (values: [String: String], why: [String], unmatched: [String]) {
    var result: (values: [String: String], why: [String], unmatched: [String]) = ([:], [], [])
    switch kind {
    case .identifier, .caseReference: return result
    default: break
    }
    var seen: [String: (spelling: String, rows: Int)] = [:]
    for cell in cells where !cell.isEmpty { seen[cell.lowercased(), default: (cell, 0)].rows += 1 }
    for (key, v) in seen.sorted(by: { $0.key < $1.key }) {
        let mapped: (value: String, how: String)?
        if DatasetDescription.missingMarkers.contains(key) {
            result.values[v.spelling] = ""
            result.why.append("\(_quotedText(v.spelling)) in \(_rows(v.rows)) read as missing")
            continue
        }
        switch kind {
        case .enumeration(let allowed): mapped = _codeValue(key, allowed)
        case .bool: mapped = _boolValue(key)
        default: continue
        }
        guard let mapped else { result.unmatched.append("\(_quotedText(v.spelling)) (\(_rows(v.rows)))"); continue }
        guard !mapped.value.isEmpty else { continue }
        result.values[v.spelling] = mapped.value
        result.why.append("\(_quotedText(v.spelling)) in \(_rows(v.rows)) → \(mapped.value) (\(mapped.how))")
    }
    return result
}

/// The code a file's value (lowercased) stands for: normalised equality, then ``DatasetDescription/valueSynonyms``;
/// `""` for a value already canonical; `nil` when none matches.
func _codeValue(_ value: String, _ allowed: [String]) -> (value: String, how: String)? {
    if allowed.contains(where: { $0.lowercased() == value }) { return ("", "") }
    let key = _normalised(value)
    if let code = allowed.first(where: { _normalised($0) == key }) { return (code, "same ignoring case and punctuation") }
    if let code = DatasetDescription.valueSynonyms[key], allowed.contains(code) { return (code, "a synonym") }
    return nil
}

/// What a boolean column's value (lowercased) means: `y`/`t` true, `n`/`f` false; `""` for the values read
/// natively (`true`/`false`, `yes`/`no`, `1`/`0`); `nil` for anything else.
func _boolValue(_ value: String) -> (value: String, how: String)? {
    switch value {
    case "true", "false", "yes", "no", "1", "0": ("", "")
    case "y", "t": ("true", "yes")
    case "n", "f": ("false", "no")
    default: nil
    }
}

/// What a date column's sampled values say about its format.
struct _DateVerdict {
    var format: DateFormat?
    var note: String?
    /// Rows of a day-month column in which both parts are 12 or less in every row (0: not ambiguous).
    var ambiguousRows = 0
    /// The separator of a day-month column.
    var separator: Character?
    /// Values that fit no date shape, or fit another shape than most, with an example.
    var unfit: String?
}

/// The format of a date column from its non-empty values.
///
/// Rule: all ISO → no format (the default); `a/b/yyyy` (`/`, `-` or `.`, an optional time): a first part above 12
/// in some row and no second part above 12 → dd/mm/yyyy; the reverse → mm/dd/yyyy; both parts 12 or less in
/// every row → ambiguous, no format; `2 Apr 2026` or `02-April-2026` → dd-mmm-yyyy. The shape most values take
/// decides; the others are named as unfit. E.g. `29/04/2024`, `03/05/2024` → dd/mm/yyyy.
func _dateVerdict(_ values: [String]) -> _DateVerdict {
    var verdict = _DateVerdict()
    var shapes: [Int] = [0, 0, 0]   // ISO, day-month, named month
    var firstAbove = 0, secondAbove = 0, firstExample = "", secondExample = "", separators: [Character: Int] = [:]
    var unfit: [String] = [], parsed: [(shape: Int, value: String)] = []
    for value in values {
        guard let d = _dateParts(value) else { unfit.append(value); continue }
        shapes[d.shape] += 1
        parsed.append((d.shape, value))
        if d.shape == 1 {
            separators[d.separator, default: 0] += 1
            if d.first > 12 { firstAbove += 1; if firstExample.isEmpty { firstExample = value } }
            if d.second > 12 { secondAbove += 1; if secondExample.isEmpty { secondExample = value } }
        }
    }
    guard let shape = shapes.indices.max(by: { (shapes[$0], -$0) < (shapes[$1], -$1) }), shapes[shape] > 0 else {
        if let example = unfit.first { verdict.unfit = "no value is a date (e.g. \(_quotedText(example)))" }
        return verdict
    }
    unfit += parsed.filter { $0.shape != shape }.map(\.value)
    if let example = unfit.first {
        verdict.unfit = "values that do not fit the column's date shape in \(_rows(unfit.count)) of \(_grouped(values.count)) (e.g. \(_quotedText(example)))"
    }
    let rows = shapes[shape]
    switch shape {
    case 0:
        verdict.note = "ISO dates in \(_rows(rows))"
    case 2:
        verdict.format = .dayMonthNameYear
        verdict.note = "a month name in \(_rows(rows)) (e.g. \(_quotedText(parsed.first { $0.shape == 2 }!.value))): dd-mmm-yyyy"
    default:
        verdict.separator = separators.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key
        switch (firstAbove > 0, secondAbove > 0) {
        case (true, false):
            verdict.format = .dayMonthYear
            verdict.note = "a day above 12 in \(_rows(firstAbove)) (e.g. \(_quotedText(firstExample))): dd/mm/yyyy"
        case (false, true):
            verdict.format = .monthDayYear
            verdict.note = "a second part above 12 in \(_rows(secondAbove)) (e.g. \(_quotedText(secondExample))): mm/dd/yyyy"
        case (true, true):
            verdict.unfit = "the first part is above 12 in \(_rows(firstAbove)) (e.g. \(_quotedText(firstExample))) and the second in "
                + "\(_grouped(secondAbove)) (e.g. \(_quotedText(secondExample))): not one date format; set its format in dataset.json"
        case (false, false):
            verdict.ambiguousRows = rows
        }
    }
    return verdict
}

/// A date's shape (0 ISO, 1 day and month as numbers, 2 a month name), its first two parts and the separator.
///
/// Rule: a time (`09:15`, `09:15:30`, `09:15:30.5`) may follow after a space or `T`; ISO is `yyyy-m-d`; numbers
/// are `a/b/yyyy` with `/`, `-` or `.` used twice, each part 1-31 and one of them 12 or less; a month name
/// (English, three letters or in full) sits between a day and a year with `-` or spaces.
func _dateParts(_ text: String) -> (shape: Int, first: Int, second: Int, separator: Character)? {
    var s = Substring(text)
    if let colon = s.firstIndex(of: ":") {
        guard let cut = s[..<colon].lastIndex(where: { $0 == " " || $0 == "T" }) else { return nil }
        let time = s[s.index(after: cut)...].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(time.count), (1...2).contains(time[0].count), time[0].allSatisfy(\.isASCIIDigit),
              time.dropFirst().allSatisfy({ $0.count >= 2 && $0.prefix(2).allSatisfy(\.isASCIIDigit) && $0.dropFirst(2).allSatisfy { $0.isASCIIDigit || $0 == "." } })
        else { return nil }
        s = s[..<cut]
    }
    let parts = s.split(omittingEmptySubsequences: false) { "/-. ".contains($0) }
    guard parts.count == 3, s[parts[0].endIndex] == s[parts[1].endIndex] else { return nil }
    let separator = s[parts[0].endIndex]
    let numbers = parts.map { $0.allSatisfy(\.isASCIIDigit) ? Int($0) : nil }
    if parts[0].count == 4, separator == "-", let m = numbers[1], let d = numbers[2], parts[1].count <= 2, parts[2].count <= 2,
       (1...12).contains(m), (1...31).contains(d) {
        return (0, m, d, separator)
    }
    guard parts[2].count == 4, numbers[2] != nil, (1...2).contains(parts[0].count), let day = numbers[0], (1...31).contains(day) else { return nil }
    if separator != " ", let b = numbers[1], parts[1].count <= 2, (1...31).contains(b), min(day, b) <= 12 {
        return (1, day, b, separator)
    }
    let name = Array(parts[1].utf8)
    guard separator == "-" || separator == " ",
          let month = name.withUnsafeBufferPointer({ _FileDecoder._monthNumber($0) }) else { return nil }
    return (2, day, month, separator)
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
