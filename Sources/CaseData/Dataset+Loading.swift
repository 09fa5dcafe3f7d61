import Foundation
import WorkingDays
import _ATWUtilities

extension Dataset {
    /// Reads and validates a dataset folder.
    ///
    /// Rule: providers.csv and cases.csv must exist; the other files are optional. A file that cannot be read
    /// as CSV at all (unreadable, empty, no header, a required column missing) is a ``DatasetError``. Any row
    /// that breaks a rule is rejected with file, line, column and reason (``rejections``) and every file's
    /// summary keeps rows read = accepted + rejected. See the DocC article "Reading a dataset" for the rules.
    ///
    /// `rules` are the contracts' own row rules (``DatasetRules``; KPIEngine's `ContractCatalog.dataRules` gives
    /// those of the definitions); without them no contract-specific rule is checked.
    public static func load(folder: String, rules: DatasetRules = .none) throws(DatasetError) -> Dataset {
        try load(folder: folder, description: nil, rules: rules).dataset
    }

    /// Reads and validates a dataset folder through a description (``DatasetDescription``): the one given, else
    /// the folder's `dataset.json`, else the canonical layout. Returns the tables with the files they came from.
    ///
    /// Rule: a table the description names is read from its file (CSV in its encoding, delimiter and header
    /// row, or a workbook's sheet); any other table from `<table>.csv`, else `<table>.xlsx` (its first sheet,
    /// canonical headers). A required table with neither is a ``DatasetError`` that names what the folder holds.
    public static func load(folder: String, description given: DatasetDescription?,
                            rules: DatasetRules = .none) throws(DatasetError) -> DatasetInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(path: folder, reason: "no such dataset folder")
        }
        let base = URL(fileURLWithPath: folder)
        var description = given
        var descriptionPath: String?
        if description == nil {
            let path = base.appendingPathComponent(DatasetDescription.fileName).path
            if FileManager.default.fileExists(atPath: path) {
                description = try DatasetDescription.load(path: path)
                descriptionPath = path
            }
        }
        var inputs: [InputFile] = []
        let dataset = try load(rules: rules) { (file) throws(DatasetError) -> _SourceFile? in
            guard let source = try _SourceFile.open(file, folder: base, description: description?.tables[file]) else { return nil }
            inputs.append(source.input)
            return source
        }
        return DatasetInput(dataset: dataset, files: inputs, descriptionPath: descriptionPath, description: description)
    }

    /// Validates a dataset given as file contents (absent files omitted); used by tests and the fuzz suite.
    public static func load(contents: [DatasetFile: [UInt8]], rules: DatasetRules = .none) throws(DatasetError) -> Dataset {
        try _load(contents: contents, chunks: nil, rules: rules)
    }

    /// As ``load(contents:rules:)`` with a forced number of chunks per file.
    package static func _load(contents: [DatasetFile: [UInt8]], chunks: Int?, rules: DatasetRules = .none) throws(DatasetError) -> Dataset {
        try load(chunks: chunks, rules: rules) { (file) throws(DatasetError) -> _SourceFile? in
            contents[file].map { _SourceFile(canonical: file, bytes: _FileBytes(copying: $0), path: file.fileName) }
        }
    }

    static func load(
        chunks: Int? = nil, rules: DatasetRules, _ read: (DatasetFile) throws(DatasetError) -> _SourceFile?
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
        var providers = try _FileDecoder.decode(.providers, bytes: providerFile.bytes, path: providerFile.path, layout: providerFile.layout, cases: .empty, chunks: chunks)
        dataset.providers = _build(&providers, providers: ProviderTable(), cases: CaseTable(), rules: rules)
        decoded[.providers] = providers.outcome

        // cases.csv
        guard let caseFile = try read(.cases) else {
            throw DatasetError(path: DatasetFile.cases.fileName, reason: "required file is missing from the dataset")
        }
        var lookup: _CaseLookup
        do {
            var cases = try _FileDecoder.decode(.cases, bytes: caseFile.bytes, path: caseFile.path, layout: caseFile.layout, cases: .empty, chunks: chunks)
            lookup = _buildCases(&cases, providers: dataset.providers, rules: rules, into: &dataset.cases)
            decoded[.cases] = cases.outcome
        }

        // The other files, each resolved against the accepted providers and cases: decoded as one parallel
        // job, then checked by their rules, the reports (the biggest) beside all the rest.
        var others: [(file: DatasetFile, bytes: _FileBytes, path: String, layout: _FileLayout)] = []
        for file in DatasetFile.allCases where file != .providers && file != .cases {
            guard let source = try read(file) else { continue }
            others.append((file, source.bytes, source.path, source.layout))
        }
        let tables = try _FileDecoder.decode(others, cases: lookup, chunks: chunks)
        lookup = .empty   // the case-id index: only decoding needs it
        let base = dataset, files = others.map(\.file)
        let built: [(Dataset, [DatasetFile: _FileOutcome])] = _parallelMap(2) { half in
            var part = base
            var checked: [DatasetFile: _FileOutcome] = [:]
            for (i, file) in files.enumerated() where (file == .reports) == (half == 0) {
                var table = tables[i]
                let (p, c) = (base.providers, base.cases)
                switch file {
                case .reports: part.reports = _build(&table, providers: p, cases: c, rules: rules)
                case .complaints: part.complaints = _build(&table, providers: p, cases: c, rules: rules)
                case .cancellations: part.cancellations = _build(&table, providers: p, cases: c, rules: rules)
                case .recommendations: part.recommendations = _build(&table, providers: p, cases: c, rules: rules)
                case .typeChanges: part.typeChanges = _build(&table, providers: p, cases: c, rules: rules)
                case .survey: part.survey = _build(&table, providers: p, cases: c, rules: rules)
                case .workforce: part.workforce = _build(&table, providers: p, cases: c, rules: rules)
                case .returns: part.returns = _build(&table, providers: p, cases: c, rules: rules)
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

/// A decoded file's table: its columns' ranges and its rules (``_TableRules``) checked, the rows they refuse
/// rejected, and the table built from the rest.
func _build<T: _TableRules>(_ t: inout _DecodedTable, providers: ProviderTable, cases: CaseTable, rules: DatasetRules) -> T {
    _checkedTable(&t, providers: providers, cases: cases, rules: rules).table
}

/// As ``_build(_:providers:cases:)``, with the new row of every decoded row (-1 for a rejected one).
private func _checkedTable<T: _TableRules>(_ t: inout _DecodedTable, providers: ProviderTable, cases: CaseTable,
                                           rules: DatasetRules) -> (table: T, newRow: [Int32]) {
    var problems = T._rangeProblems(t)
    let providerRows = T.hasProviderColumn ? _providerRows(t, providers, problems: &problems) : []
    let lines = t.lines
    let context = _RuleContext(providers: providers, cases: cases, rules: rules, position: { "line \(lines[$0])" })
    problems += T._ruleProblems(T(t, providerRows: providerRows), context)
    let newRow = t.reject(problems)
    return (T(t, providerRows: _kept(providerRows, newRow)), newRow)
}

/// The cases' table (as ``_build(_:providers:cases:)``), and the look-up from case_id to accepted row that the
/// other files are decoded with.
func _buildCases(_ t: inout _DecodedTable, providers: ProviderTable, rules: DatasetRules, into table: inout CaseTable) -> _CaseLookup {
    let newRow: [Int32]
    (table, newRow) = _checkedTable(&t, providers: providers, cases: CaseTable(), rules: rules)
    // Id codes were row numbers before the rules ran; map them to accepted rows.
    return _CaseLookup(ids: t.identifiers ?? .empty, rowOfCode: newRow, rejectedIDs: t.rejectedIdentifiers)
}

/// The provider rows of the rows a file's rules kept (`newRow[r]` ≥ 0).
private func _kept(_ providerRow: [Int32], _ newRow: [Int32]) -> [Int32] {
    guard !providerRow.isEmpty else { return [] }
    var kept: [Int32] = []
    kept.reserveCapacity(newRow.count)
    for r in newRow.indices where newRow[r] >= 0 { kept.append(providerRow[r]) }
    return kept
}

extension _RowTable {
    /// Whether the table has a provider column (read from `provider_id` and `contract`).
    static var hasProviderColumn: Bool {
        schema.contains { if case .provider = $0.domain { true } else { false } }
    }
}
