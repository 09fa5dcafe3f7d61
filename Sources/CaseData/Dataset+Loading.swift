import Foundation
import WorkingDays

extension Dataset {
    /// Reads and validates a dataset folder.
    ///
    /// Rule: providers.csv and cases.csv must exist; the other files are optional. A file that cannot be read
    /// as CSV at all (unreadable, empty, no header, a required column missing) is a ``DatasetError``. Any row
    /// that breaks a rule is rejected with file, line, column and reason (``rejections``) and every file's
    /// summary keeps rows read = accepted + rejected. See the DocC article "Reading a dataset" for the rules.
    public static func load(folder: String) throws(DatasetError) -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(path: folder, reason: "no such dataset folder")
        }
        let base = URL(fileURLWithPath: folder)
        return try load { (file) throws(DatasetError) -> (bytes: _FileBytes, path: String)? in
            let path = base.appendingPathComponent(file.fileName).path
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return (try _FileBytes(path: path), path)
        }
    }

    /// Validates a dataset given as file contents (absent files omitted); used by tests and the fuzz suite.
    public static func load(contents: [DatasetFile: [UInt8]]) throws(DatasetError) -> Dataset {
        try _load(contents: contents, chunks: nil)
    }

    /// As ``load(contents:)`` with a forced number of chunks per file.
    package static func _load(contents: [DatasetFile: [UInt8]], chunks: Int?) throws(DatasetError) -> Dataset {
        try load(chunks: chunks) { (file) throws(DatasetError) -> (bytes: _FileBytes, path: String)? in
            contents[file].map { (_FileBytes(copying: $0), file.fileName) }
        }
    }

    static func load(
        chunks: Int? = nil, _ read: (DatasetFile) throws(DatasetError) -> (bytes: _FileBytes, path: String)?
    ) throws(DatasetError) -> Dataset {
        var dataset = Dataset()
        // What each file's summary needs, kept instead of its decoded table (whose lines and index are let go).
        var decoded: [DatasetFile: _FileOutcome] = [:]
        func summarize(_ file: DatasetFile) {
            let table = decoded[file]
            dataset.summaries.append(FileSummary(
                file: file, present: table != nil, rowsRead: table?.rowsRead ?? 0, rowsAccepted: table?.rowsAccepted ?? 0))
            dataset.rejections += table?.rejections ?? []
        }

        // providers.csv
        guard let providerFile = try read(.providers) else {
            throw DatasetError(path: DatasetFile.providers.fileName, reason: "required file is missing from the dataset")
        }
        var providers = try _FileDecoder.decode(.providers, bytes: providerFile.bytes, path: providerFile.path, cases: .empty, chunks: chunks)
        dataset.providers = _buildProviders(&providers)
        decoded[.providers] = providers.outcome

        // cases.csv
        guard let caseFile = try read(.cases) else {
            throw DatasetError(path: DatasetFile.cases.fileName, reason: "required file is missing from the dataset")
        }
        var lookup: _CaseLookup
        do {
            var cases = try _FileDecoder.decode(.cases, bytes: caseFile.bytes, path: caseFile.path, cases: .empty, chunks: chunks)
            lookup = _buildCases(&cases, providers: dataset.providers, into: &dataset.cases)
            decoded[.cases] = cases.outcome
        }

        // The other files, each resolved against the accepted providers and cases: decoded as one parallel
        // job, then checked by their rules, the reports (the biggest) beside all the rest.
        var others: [(file: DatasetFile, bytes: _FileBytes, path: String)] = []
        for file in DatasetFile.allCases where file != .providers && file != .cases {
            guard let source = try read(file) else { continue }
            others.append((file, source.bytes, source.path))
        }
        let tables = try _FileDecoder.decode(others, cases: lookup, chunks: chunks)
        lookup = .empty   // the case-id index: only decoding needs it
        let base = dataset, files = others.map(\.file)
        let built: [(Dataset, [DatasetFile: _FileOutcome])] = _parallelMap(2) { half in
            var part = base
            var checked: [DatasetFile: _FileOutcome] = [:]
            for (i, file) in files.enumerated() where (file == .reports) == (half == 0) {
                var table = tables[i]
                switch file {
                case .reports: part.reports = _buildReports(&table, cases: base.cases, providers: base.providers)
                case .complaints: part.complaints = _buildComplaints(&table, dataset: base)
                case .cancellations: part.cancellations = _buildCancellations(&table, cases: base.cases)
                case .recommendations: part.recommendations = _buildRecommendations(&table)
                case .typeChanges: part.typeChanges = _buildTypeChanges(&table, cases: base.cases)
                case .survey: part.survey = _buildSurvey(&table, providers: base.providers)
                case .workforce: part.workforce = _buildWorkforce(&table, providers: base.providers)
                case .returns: part.returns = _buildReturns(&table, providers: base.providers)
                case .providers, .cases: break
                }
                checked[file] = table.outcome
            }
            return (part, checked)
        }
        // The second half started from the same dataset and holds every table but the reports.
        dataset = built[1].0
        dataset.reports = built[0].0.reports
        for half in built { for (file, table) in half.1 { decoded[file] = table } }
        for file in DatasetFile.allCases { summarize(file) }
        return dataset
    }
}

// MARK: Rules per file

/// Resolves the provider_id and contract columns of a decoded table to provider rows.
private func _providerRows(_ t: _DecodedTable, _ providers: ProviderTable, problems: inout [_RowProblem]) -> [Int32] {
    let ids = t.int32("provider_id"), contracts = t.int32("contract")
    let idValues = t.dictionary("provider_id").strings, contractValues = t.dictionary("contract").strings
    var known: [String: Int32] = [:]
    for r in 0..<providers.count { known[providers.providerIDs[r] + "\u{0}" + providers.contracts[r]] = Int32(r) }
    let width = contractValues.count
    var pairRow = [Int32](repeating: -1, count: idValues.count * width)
    for i in 0..<idValues.count {
        for c in 0..<width { pairRow[i * width + c] = known[idValues[i] + "\u{0}" + contractValues[c]] ?? -1 }
    }
    var rows = [Int32](repeating: -1, count: t.rowCount)
    for r in 0..<t.rowCount {
        let row = pairRow[Int(ids[r]) * width + Int(contracts[r])]
        rows[r] = row
        if row < 0 {
            problems.append(_RowProblem(r, "provider_id", "unknown provider_id \"\(idValues[Int(ids[r])])\" with contract \"\(contractValues[Int(contracts[r])])\" (not in providers.csv)"))
        }
    }
    return rows
}

/// Rejects rows dated before their provider's service start: nothing can be measured for a service that had
/// not begun, and the KPI windows rely on it (no month before a provider's service start holds an item).
private func _checkServiceStarted(
    _ t: _DecodedTable, providerRows: [Int32], column: String, providers: ProviderTable, problems: inout [_RowProblem]
) {
    let dates = t.int32(column)
    for r in 0..<t.rowCount where providerRows[r] >= 0 && dates[r] != _missing32 {
        let start = providers.serviceStarts[Int(providerRows[r])]
        if dates[r] < start.rawValue {
            problems.append(_RowProblem(r, column, "\(column) \(Day(rawValue: dates[r])) is before the provider's service_start \(start)"))
        }
    }
}

/// Rejects rows whose `late` date falls before their `early` date (both columns of `t`, or `early` given).
private func _checkOrder(
    _ t: _DecodedTable, early: [Int32], earlyName: String, late names: [String], problems: inout [_RowProblem]
) {
    for name in names {
        let late = t.int32(name)
        for r in 0..<t.rowCount where late[r] != _missing32 && early[r] != _missing32 && late[r] < early[r] {
            problems.append(_RowProblem(r, name, "\(name) \(Day(rawValue: late[r])) is before \(earlyName) \(Day(rawValue: early[r]))"))
        }
    }
}

func _identifiers(_ t: _DecodedTable, _ name: String) -> IdentifierColumn {
    guard let index = t.identifiers else { preconditionFailure("\(name) is not an identifier column") }
    let rows = t.int32(name)
    if rows.count == index.count { return index.column }  // no row rejected by a rule
    var column = IdentifierColumn()
    column.offsets.reserveCapacity(rows.count + 1)
    column.heap.reserveCapacity(index.heap.count)
    for row in rows {
        column.heap.append(contentsOf: index.heap[index.offsets[Int(row)]..<index.offsets[Int(row) + 1]])
        column.offsets.append(UInt32(column.heap.count))
    }
    return column
}

func _buildProviders(_ t: inout _DecodedTable) -> ProviderTable {
    var problems: [_RowProblem] = []
    let ids = t.int32("provider_id"), contracts = t.int32("contract")
    var firstLine: [Int64: Int32] = [:]
    for r in 0..<t.rowCount {
        let key = Int64(ids[r]) << 32 | Int64(contracts[r])
        if let line = firstLine[key] {
            problems.append(_RowProblem(r, "provider_id", "duplicate provider_id and contract (first on line \(line))"))
        } else {
            firstLine[key] = t.lines[r]
        }
    }
    t.reject(problems)
    return ProviderTable(t)
}

func _buildCases(_ t: inout _DecodedTable, providers: ProviderTable, into table: inout CaseTable) -> _CaseLookup {
    var problems: [_RowProblem] = []
    let providerRow = _providerRows(t, providers, problems: &problems)
    let referral = t.int32("referral_received")
    let assessment = t.uint8("assessment_type")
    let starts = providers.serviceStarts.map(\.rawValue)
    let isHA = providers.contracts.map { $0 == Vocabulary.holisticAssessment }
    for r in 0..<t.rowCount where providerRow[r] >= 0 {
        let p = Int(providerRow[r])
        if referral[r] < starts[p] {
            problems.append(_RowProblem(r, "referral_received", "referral_received \(Day(rawValue: referral[r])) is before the provider's service_start \(providers.serviceStarts[p])"))
        }
        if isHA[p] && assessment[r] == _missing8 {
            problems.append(_RowProblem(r, "assessment_type", "missing required value (HA cases need an assessment_type)"))
        }
    }
    _checkOrder(t, early: referral, earlyName: "referral_received",
                late: ["acknowledged", "appointment_booked", "initial_contact", "appointment_made",
                       "support_period_end", "sustainment_end", "withdrawn"], problems: &problems)
    _checkOrder(t, early: t.int32("support_period_end"), earlyName: "support_period_end",
                late: ["sustainment_end"], problems: &problems)
    let ids = t.identifiers ?? .empty
    let newRow = t.reject(problems)
    table = CaseTable(t, providerRows: _kept(providerRow, newRow))
    // Id codes were row numbers before the rules ran; map them to accepted rows.
    return _CaseLookup(ids: ids, rowOfCode: newRow, rejectedIDs: t.rejectedIdentifiers)
}

func _buildReports(_ t: inout _DecodedTable, cases: CaseTable, providers: ProviderTable) -> ReportTable {
    var problems = ReportTable._rangeProblems(t)
    let caseRow = t.int32("case_id"), document = t.uint8("document"), attempt = t.int32("attempt")
    let submitted = t.int32("submitted"), outcome = t.uint8("outcome"), decided = t.int32("decided")
    // Per provider: 1 for an HA contract, 2 for MHSS, 0 for another (user-defined) contract.
    let contractKind: [UInt8] = providers.contracts.map {
        $0 == Vocabulary.holisticAssessment ? 1 : $0 == Vocabulary.mentalHealthSupport ? 2 : 0
    }
    for r in 0..<t.rowCount {
        let c = Int(caseRow[r])
        let kind = contractKind[Int(cases.provider[c])]
        let isHA = document[r] == 0
        if (kind == 1 && !isHA) || (kind == 2 && isHA) {
            let contract = providers.contracts[Int(cases.provider[c])]
            problems.append(_RowProblem(r, "document", "document \(Vocabulary.documents[Int(document[r])]) does not belong to a \(contract) case"))
        }
        if submitted[r] < cases.referralReceived[c] {
            problems.append(_RowProblem(r, "submitted", "submitted \(Day(rawValue: submitted[r])) is before the case's referral_received \(Day(rawValue: cases.referralReceived[c]))"))
        }
        if outcome[r] != _missing8 && decided[r] == _missing32 {
            problems.append(_RowProblem(r, "decided", "outcome \(Vocabulary.outcomes[Int(outcome[r])]) needs the date it was decided"))
        }
        if outcome[r] == _missing8 && decided[r] != _missing32 {
            problems.append(_RowProblem(r, "outcome", "decided is set but outcome is empty"))
        }
    }
    _checkOrder(t, early: submitted, earlyName: "submitted", late: ["decided", "prap_recorded"], problems: &problems)
    // Duplicate (case, document, attempt): group rows by case with a counting sort, then compare within a case.
    var start = [Int32](repeating: 0, count: cases.count + 1)
    for r in 0..<t.rowCount { start[Int(caseRow[r]) + 1] += 1 }
    for c in 0..<cases.count { start[c + 1] += start[c] }
    var order = [Int32](repeating: 0, count: t.rowCount)
    var fill = start
    for r in 0..<t.rowCount { order[Int(fill[Int(caseRow[r])])] = Int32(r); fill[Int(caseRow[r])] += 1 }
    for c in 0..<cases.count where start[c + 1] - start[c] > 1 {
        let group = order[Int(start[c])..<Int(start[c + 1])]
        for (i, a) in group.enumerated() {
            for b in group.prefix(i) where document[Int(b)] == document[Int(a)] && attempt[Int(b)] == attempt[Int(a)] {
                problems.append(_RowProblem(Int(a), "attempt", "duplicate attempt \(attempt[Int(a)]) of \(Vocabulary.documents[Int(document[Int(a)])]) for case \(cases.caseIDs[c]) (first on line \(t.lines[Int(b)]))"))
                break
            }
        }
    }
    t.reject(problems)
    return ReportTable(t)
}

func _buildComplaints(_ t: inout _DecodedTable, dataset: Dataset) -> ComplaintTable {
    var problems: [_RowProblem] = []
    let providerRow = _providerRows(t, dataset.providers, problems: &problems)
    let caseRow = t.int32("case_id")
    _checkServiceStarted(t, providerRows: providerRow, column: "received", providers: dataset.providers, problems: &problems)
    for r in 0..<t.rowCount where providerRow[r] >= 0 && caseRow[r] != _missing32 {
        let owner = dataset.cases.provider[Int(caseRow[r])]
        if owner != providerRow[r] {
            problems.append(_RowProblem(r, "case_id", "case \(dataset.cases.caseIDs[Int(caseRow[r])]) belongs to provider \(dataset.providers.providerIDs[Int(owner)]) (\(dataset.providers.contracts[Int(owner)])), not this complaint's provider"))
        }
    }
    _checkOrder(t, early: t.int32("received"), earlyName: "received",
                late: ["forwarded_to_dwp", "referred_to_dwp", "resolved"], problems: &problems)
    let newRow = t.reject(problems)
    return ComplaintTable(t, providerRows: _kept(providerRow, newRow))
}

func _buildCancellations(_ t: inout _DecodedTable, cases: CaseTable) -> CancellationTable {
    var problems = CancellationTable._rangeProblems(t)
    let caseRow = t.int32("case_id"), cancelled = t.int32("cancelled")
    for r in 0..<t.rowCount where cancelled[r] < cases.referralReceived[Int(caseRow[r])] {
        problems.append(_RowProblem(r, "cancelled", "cancelled \(Day(rawValue: cancelled[r])) is before the case's referral_received \(Day(rawValue: cases.referralReceived[Int(caseRow[r])]))"))
    }
    _checkOrder(t, early: cancelled, earlyName: "cancelled", late: ["rebooked"], problems: &problems)
    t.reject(problems)
    return CancellationTable(t)
}

func _buildRecommendations(_ t: inout _DecodedTable) -> RecommendationTable {
    RecommendationTable(t)
}

func _buildTypeChanges(_ t: inout _DecodedTable, cases: CaseTable) -> TypeChangeTable {
    var problems: [_RowProblem] = []
    let caseRow = t.int32("case_id"), changed = t.int32("changed"), from = t.uint8("from"), to = t.uint8("to")
    for r in 0..<t.rowCount {
        if changed[r] < cases.referralReceived[Int(caseRow[r])] {
            problems.append(_RowProblem(r, "changed", "changed \(Day(rawValue: changed[r])) is before the case's referral_received \(Day(rawValue: cases.referralReceived[Int(caseRow[r])]))"))
        }
        if from[r] == to[r] {
            problems.append(_RowProblem(r, "to", "from and to are both \(Vocabulary.assessmentTypes[Int(to[r])])"))
        }
    }
    t.reject(problems)
    return TypeChangeTable(t)
}

func _buildSurvey(_ t: inout _DecodedTable, providers: ProviderTable) -> SurveyTable {
    var problems: [_RowProblem] = []
    let providerRow = _providerRows(t, providers, problems: &problems)
    _checkServiceStarted(t, providerRows: providerRow, column: "responded", providers: providers, problems: &problems)
    let newRow = t.reject(problems)
    return SurveyTable(t, providerRows: _kept(providerRow, newRow))
}

func _buildWorkforce(_ t: inout _DecodedTable, providers: ProviderTable) -> WorkforceTable {
    var problems = WorkforceTable._rangeProblems(t)
    let providerRow = _providerRows(t, providers, problems: &problems)
    let quarterEnd = t.int32("quarter_end"), total = t.double("fte_total"), disabled = t.double("fte_disabled")
    _checkServiceStarted(t, providerRows: providerRow, column: "quarter_end", providers: providers, problems: &problems)
    var firstLine: [Int64: Int32] = [:]
    for r in 0..<t.rowCount {
        let day = Day(rawValue: quarterEnd[r])
        let (_, month, dayOfMonth) = day.components
        if month % 3 != 0 || day != Month(containing: day).lastDay || dayOfMonth < 28 {
            problems.append(_RowProblem(r, "quarter_end", "\(day) is not the last day of a quarter (31 Mar, 30 Jun, 30 Sep, 31 Dec)"))
        }
        if let problem = _fteProblem(total: total[r], disabled: disabled[r]) {
            problems.append(_RowProblem(r, "fte_disabled", problem))
        }
        let key = Int64(providerRow[r]) << 32 | Int64(UInt32(bitPattern: quarterEnd[r]))
        if providerRow[r] >= 0 {
            if let line = firstLine[key] {
                problems.append(_RowProblem(r, "quarter_end", "duplicate return for quarter ending \(day) (first on line \(line))"))
            } else {
                firstLine[key] = t.lines[r]
            }
        }
    }
    let newRow = t.reject(problems)
    return WorkforceTable(t, providerRows: _kept(providerRow, newRow))
}

func _buildReturns(_ t: inout _DecodedTable, providers: ProviderTable) -> ReturnTable {
    var problems: [_RowProblem] = []
    let providerRow = _providerRows(t, providers, problems: &problems)
    let period = t.int32("period"), submitted = t.int32("submitted")
    for r in 0..<t.rowCount {
        let first = Month(rawValue: period[r]).firstDay
        if submitted[r] < first.rawValue {
            problems.append(_RowProblem(r, "submitted", "submitted \(Day(rawValue: submitted[r])) is before its period \(Month(rawValue: period[r])) began"))
        }
        if providerRow[r] >= 0, Month(containing: providers.serviceStarts[Int(providerRow[r])]).rawValue > period[r] {
            problems.append(_RowProblem(r, "period", "period \(Month(rawValue: period[r])) is before the month of the provider's service_start \(providers.serviceStarts[Int(providerRow[r])])"))
        }
    }
    let newRow = t.reject(problems)
    return ReturnTable(t, providerRows: _kept(providerRow, newRow))
}

/// The provider rows of the rows a file's rules kept (`newRow[r]` ≥ 0).
private func _kept(_ providerRow: [Int32], _ newRow: [Int32]) -> [Int32] {
    var kept: [Int32] = []
    kept.reserveCapacity(newRow.count)
    for r in newRow.indices where newRow[r] >= 0 { kept.append(providerRow[r]) }
    return kept
}

/// Why a workforce return's FTE figures do not fit together, or `nil`: the disabled FTE must be a share of the
/// total (ingest and additions both hold this rule; each figure's own range is its column's).
func _fteProblem(total: Double, disabled: Double) -> String? {
    disabled > total ? "fte_disabled \(_decimalText(disabled)) is more than fte_total \(_decimalText(total))" : nil
}
