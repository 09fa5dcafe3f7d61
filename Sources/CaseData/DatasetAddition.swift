import WorkingDays
import _ATWUtilities

/// Rows that arrive after a dataset was loaded (a new month's extract), table by table.
///
/// Rule: `provider` columns are rows of the dataset's providers table (which an addition cannot change);
/// `caseRow` columns are rows of the dataset's cases *followed by* the addition's own cases, so a report of an
/// existing case points at its existing row and a report of a new case at `dataset.cases.count + i`. Text
/// columns carry their own values and are re-coded when appended.
///
/// ```swift
/// var (base, april) = full.split(from: Day("2026-04-01")!)   // as it stood on 31 March, and April's rows
/// try base.append(april)                                      // the same rows as `full`, new cases last
/// ```
public struct DatasetAddition: Sendable, Equatable {
    public var cases = CaseTable()
    public var reports = ReportTable()
    public var complaints = ComplaintTable()
    public var cancellations = CancellationTable()
    public var recommendations = RecommendationTable()
    public var typeChanges = TypeChangeTable()
    public var survey = SurveyTable()
    public var workforce = WorkforceTable()
    public var returns = ReturnTable()

    public init() {}

    /// Rows in all tables.
    public var rowCount: Int {
        cases.count + reports.count + complaints.count + cancellations.count + recommendations.count
            + typeChanges.count + survey.count + workforce.count + returns.count
    }
}

extension Dataset {
    /// Appends an addition's rows to every table, after checking every reference, code and date in it.
    ///
    /// Rule: an addition is refused whole, with the table, row (1-based within the addition), column and value
    /// at fault, when a provider or case row points nowhere, a code is not in its vocabulary, a date lies
    /// outside the calendar's supported years, an attempt is outside 1-999 (``Vocabulary/attempts``, as at
    /// ingest and in the store), the same case, document and attempt come twice among the new reports, an FTE
    /// figure is negative or a disabled FTE exceeds the total, a case is dated before its provider's service start, or a case id is
    /// repeated within the addition. Checking that a new case id is not already in the dataset costs an index
    /// over every id, so it is left to the caller (``CaseTable/caseIDs`` can build one).
    ///
    /// `rules` are the contracts' own row rules, as at ingest (``DatasetRules``).
    public mutating func append(_ addition: DatasetAddition, rules: DatasetRules = .none) throws(DatasetError) {
        try _check(addition, rules: rules)
        _appendChecked(addition)
    }

    /// Appends an addition that ``_check(_:rules:)`` has accepted (callers that check first, once).
    package mutating func _appendChecked(_ addition: DatasetAddition) {
        // The two big tables on two cores: each is taken out of `self` (so it stays uniquely held and grows in
        // its room) and put back.
        nonisolated(unsafe) var cases = CaseTable(), reports = ReportTable()
        swap(&cases, &self.cases)
        swap(&reports, &self.reports)
        // SAFETY: worker 0 touches only `cases`, worker 1 only `reports`, and both are back before the swap.
        _ = _parallelMap(2) { part in part == 0 ? cases.append(addition.cases) : reports.append(addition.reports) }
        swap(&cases, &self.cases)
        swap(&reports, &self.reports)
        complaints.append(addition.complaints)
        cancellations.append(addition.cancellations)
        recommendations.append(addition.recommendations)
        typeChanges.append(addition.typeChanges)
        survey.append(addition.survey)
        workforce.append(addition.workforce)
        returns.append(addition.returns)
    }

    /// Makes room in every table's columns for an eighth more rows, so that appending a month copies no column
    /// (see `Array._appendWithRoom(_:)`).
    package mutating func _reserveRoom() {
        func room<T: _RowTable>(_ table: inout T) { table._reserveRoom(_growthRoom(table.count)) }
        room(&cases)
        room(&reports)
        room(&complaints)
        room(&cancellations)
        room(&recommendations)
        room(&typeChanges)
        room(&survey)
        room(&workforce)
        room(&returns)
    }

    /// The dataset as it stood before `cutoff`, and the rows that arrived from `cutoff` on.
    ///
    /// Rule: a row arrives on its first date: a case on its referral, a report when submitted, a complaint when
    /// received, a cancellation when cancelled, a type change when changed, a survey response when given, a
    /// workforce return at its quarter end, an MI return when submitted; a recommendation with its case. A row
    /// of an arriving case arrives with it. Rows that stay keep every date they hold, also those from
    /// `cutoff` on (an evaluation as of an earlier day treats them as not yet happened). The addition's new
    /// cases keep their order; appending the addition gives every row of `self`, new cases last.
    public func split(from cutoff: Day) -> (before: Dataset, addition: DatasetAddition) {
        var before = self
        let addition = before.splitOff(from: cutoff)
        return (before, addition)
    }

    /// Removes the rows that arrived from `cutoff` on (the rule of ``split(from:)``) and returns them.
    ///
    /// The staying rows move up in place, so a dataset held once is split without a second copy of its columns
    /// (peak memory: the dataset plus the addition).
    public mutating func splitOff(from cutoff: Day) -> DatasetAddition {
        let day = cutoff.rawValue
        var addition = DatasetAddition()
        let arriving = cases.referralReceived.map { $0 >= day }
        // New case rows: staying cases keep their order first, then the arriving ones.
        var newRow = [Int32](repeating: 0, count: cases.count)
        var next: Int32 = 0
        for c in 0..<cases.count where !arriving[c] { newRow[c] = next; next += 1 }
        let stayingCount = Int(next)
        for c in 0..<cases.count where arriving[c] { newRow[c] = next; next += 1 }
        func arrives(_ caseRow: Int32, _ date: Int32) -> Bool {
            date >= day || (caseRow != _missing32 && arriving[Int(caseRow)])
        }
        /// Moves the arriving rows of `table` into the returned table, case rows renumbered in both.
        func divide<T: _RowTable>(_ table: inout T, _ late: [Bool]) -> T {
            var arrived = table.selecting(late.indices.filter { late[$0] })
            table._removeRows(late)
            arrived._renumberCases(newRow)
            table._renumberCases(newRow)
            return arrived
        }
        let late = (
            reports: (0..<reports.count).map { arrives(reports.caseRow[$0], reports.submitted[$0]) },
            complaints: (0..<complaints.count).map { arrives(complaints.caseRow[$0], complaints.received[$0]) },
            cancellations: (0..<cancellations.count).map { arrives(cancellations.caseRow[$0], cancellations.cancelled[$0]) },
            recommendations: recommendations.caseRow.map { arrives($0, .min) },
            typeChanges: (0..<typeChanges.count).map { arrives(typeChanges.caseRow[$0], typeChanges.changed[$0]) },
            survey: survey.responded.map { $0 >= day },
            workforce: workforce.quarterEnd.map { $0 >= day },
            returns: returns.submitted.map { $0 >= day })
        addition.cases = divide(&cases, arriving)
        addition.reports = divide(&reports, late.reports)
        addition.complaints = divide(&complaints, late.complaints)
        addition.cancellations = divide(&cancellations, late.cancellations)
        addition.recommendations = divide(&recommendations, late.recommendations)
        addition.typeChanges = divide(&typeChanges, late.typeChanges)
        addition.survey = divide(&survey, late.survey)
        addition.workforce = divide(&workforce, late.workforce)
        addition.returns = divide(&returns, late.returns)
        precondition(cases.count == stayingCount)
        return addition
    }

    /// Refuses an addition whose rows would point nowhere or hold values the tables cannot.
    ///
    /// The cases' columns, their ids and the other tables are checked on all cores; a fault among the cases is
    /// reported first.
    package func _check(_ addition: DatasetAddition, rules: DatasetRules = .none) throws(DatasetError) {
        let outcomes = _parallelMap(3) { part in Result { () throws(DatasetError) in try _check(addition, part: part, rules: rules) } }
        for part in [0, 2, 1] { try outcomes[part].get() }
    }

    /// Part 0 of ``_check(_:rules:)``: the cases' columns; part 1: the other tables; part 2: the cases' ids (a hash
    /// index of every new id, the longest single check).
    ///
    /// Every declared column is checked against its domain (``_RowTable/_firstProblem(_:sizes:)``, as the
    /// store's columns are), then the rules between columns and rows that ingest also holds.
    func _check(_ addition: DatasetAddition, part: Int, rules: DatasetRules) throws(DatasetError) {
        let sizes = _ReferenceSizes(providers: providers.count, cases: cases.count + addition.cases.count)
        let check = _AdditionCheck()
        let context = _RuleContext(providers: providers, cases: cases, addedCases: addition.cases, rules: rules,
                                   position: { "row \($0 + 1)" })
        /// The table's columns against their domains, then its rules: the first problem refuses the addition.
        func table<T: _TableRules>(_ rows: T) throws(DatasetError) {
            if let (column, row, reason) = rows._firstProblem(sizes: sizes) {
                throw check.error(T.file.rawValue, row, column, reason)
            }
            if let problem = T._ruleProblems(rows, context).first {
                throw check.error(T.file.rawValue, problem.row, problem.column, problem.reason)
            }
        }
        if part == 0 {
            try table(addition.cases)
            return
        }
        if part == 2 {
            let c = addition.cases
            if let r = c.caseIDs.firstRepeatedRow() { throw check.error("cases", r, "case_id", "\(c.caseIDs[r]) appears twice") }
            return
        }

        // Part 1: the other tables, and the rules that reach the dataset's own rows.
        try table(addition.reports)
        try _checkRepeatedAttempts(addition.reports, check)
        try table(addition.complaints)
        try table(addition.cancellations)
        try table(addition.recommendations)
        try table(addition.typeChanges)
        try table(addition.survey)
        try table(addition.workforce)
        try _checkRepeatedQuarters(addition.workforce, check)
        try table(addition.returns)
    }

    /// Refuses a new workforce return for a provider and quarter the dataset already has a return for (a repeat
    /// among the new returns is the table's own rule).
    func _checkRepeatedQuarters(_ w: WorkforceTable, _ check: _AdditionCheck) throws(DatasetError) {
        let quarters = Set((0..<workforce.count).map(workforce.quarterKey))
        for r in 0..<w.count where quarters.contains(w.quarterKey(r)) {
            throw check.error("workforce", r, "quarter_end", "duplicate return for quarter ending \(Day(rawValue: w.quarterEnd[r])) (already in the dataset)")
        }
    }

    /// Refuses a new report whose case, document and attempt a report of the dataset already holds (a repeat
    /// among the new reports is the table's own rule).
    ///
    /// The dataset's reports are scanned once, and only those of the cases the new reports name are looked up:
    /// a bitmap of the cases first, so a month's addition to a national dataset costs one pass over the case
    /// column.
    func _checkRepeatedAttempts(_ p: ReportTable, _ check: _AdditionCheck) throws(DatasetError) {
        func key(_ caseRow: Int32, _ document: UInt8, _ attempt: Int32) -> Int64 {
            Int64(caseRow) << 24 | Int64(document) << 16 | Int64(attempt)
        }
        var seen: [Int64: Int] = [:]
        var touched = [UInt64](repeating: 0, count: cases.count / 64 + 1)
        for r in 0..<p.count where Int(p.caseRow[r]) < cases.count {
            seen[key(p.caseRow[r], p.document[r], p.attempt[r])] = r
            let c = Int(p.caseRow[r])
            touched[c >> 6] |= 1 << UInt64(c & 63)
        }
        guard touched.contains(where: { $0 != 0 }) else { return }
        let existing = reports
        for r in 0..<existing.count {
            let c = Int(existing.caseRow[r])
            guard touched[c >> 6] & (1 << UInt64(c & 63)) != 0,
                  let row = seen[key(existing.caseRow[r], existing.document[r], existing.attempt[r])] else { continue }
            throw check.error("reports", row, "attempt", "duplicate attempt \(p.attempt[row]) of \(Vocabulary.documents[Int(p.document[row])]) for case \(cases.caseIDs[c]) (already in the dataset)")
        }
    }
}
