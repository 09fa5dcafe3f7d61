import WorkingDays

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
    public mutating func append(_ addition: DatasetAddition) throws(DatasetError) {
        try _check(addition)
        _appendChecked(addition)
    }

    /// Appends an addition that ``_check(_:)`` has accepted (callers that check first, once).
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
        /// Case rows in their new numbering, in place.
        func renumber(_ rows: inout [Int32]) {
            rows.withUnsafeMutableBufferPointer { rows in
                for i in rows.indices where rows[i] != _missing32 { rows[i] = newRow[Int(rows[i])] }
            }
        }
        /// Moves the arriving rows of `table` into the returned table, case rows renumbered in both.
        func divide<T: _RowTable>(_ table: inout T, _ late: [Bool], caseRow: WritableKeyPath<T, [Int32]>? = nil) -> T {
            var arrived = table.selecting(late.indices.filter { late[$0] })
            table._removeRows(late)
            if let caseRow {
                renumber(&arrived[keyPath: caseRow])
                renumber(&table[keyPath: caseRow])
            }
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
        addition.reports = divide(&reports, late.reports, caseRow: \.caseRow)
        addition.complaints = divide(&complaints, late.complaints, caseRow: \.caseRow)
        addition.cancellations = divide(&cancellations, late.cancellations, caseRow: \.caseRow)
        addition.recommendations = divide(&recommendations, late.recommendations, caseRow: \.caseRow)
        addition.typeChanges = divide(&typeChanges, late.typeChanges, caseRow: \.caseRow)
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
    package func _check(_ addition: DatasetAddition) throws(DatasetError) {
        let outcomes = _parallelMap(3) { part in Result { () throws(DatasetError) in try _check(addition, part: part) } }
        for part in [0, 2, 1] { try outcomes[part].get() }
    }

    /// Part 0 of ``_check(_:)``: the cases' columns; part 1: the other tables; part 2: the cases' ids (a hash
    /// index of every new id, the longest single check).
    func _check(_ addition: DatasetAddition, part: Int) throws(DatasetError) {
        let providerCount = providers.count, caseCount = cases.count + addition.cases.count
        let range = WorkingDayCalendar.supportedRange
        let check = _AdditionCheck()
        func dates(_ table: String, _ name: String, _ column: [Int32]) throws(DatasetError) {
            if let r = _firstOutside(column, range.lowerBound.rawValue, range.upperBound.rawValue, skipping: _missing32) {
                throw check.error(table, r, name, "day number \(column[r]) is outside \(range.lowerBound)…\(range.upperBound)")
            }
        }
        func rows(_ table: String, _ name: String, _ column: [Int32], count: Int, of target: String,
                  optional: Bool = false) throws(DatasetError) {
            if let r = _firstOutside(column, below: count, skipping: optional ? _missing32 : nil) {
                throw check.error(table, r, name, "row \(column[r]) is not a row of \(target) (\(count) rows)")
            }
        }
        func codes(_ table: String, _ name: String, _ column: [UInt8], _ vocabulary: [String]) throws(DatasetError) {
            if let r = _firstOutside(column, below: vocabulary.count, skipping: _missing8) {
                throw check.error(table, r, name, "code \(column[r]) is not one of \(vocabulary.joined(separator: ", "))")
            }
        }
        func text(_ table: String, _ name: String, _ column: TextColumn, rows count: Int) throws(DatasetError) {
            guard column.codes.count == count else {
                throw check.error(table, 0, name, "\(column.codes.count) codes for \(count) rows")
            }
            if let r = _firstOutside(column.codes, below: column.values.count, skipping: _missing32) {
                throw check.error(table, r, name, "code \(column.codes[r]) has no value (\(column.values.count) values)")
            }
        }
        func sized<T: _RowTable>(_ table: String, _ rows: T) throws(DatasetError) {
            let counts = rows.columnLengths
            if Set(counts).count > 1 { throw check.error(table, 0, "columns", "columns of different lengths \(counts)") }
        }

        // Part 0: the cases.
        if part == 0 {
            let c = addition.cases
            try sized("cases", c)
            try rows("cases", "provider", c.provider, count: providerCount, of: "providers")
            for (name, column) in [("referral_received", c.referralReceived), ("acknowledged", c.acknowledged),
                                   ("appointment_booked", c.appointmentBooked), ("initial_contact", c.initialContact),
                                   ("appointment_made", c.appointmentMade), ("support_period_end", c.supportPeriodEnd),
                                   ("sustainment_end", c.sustainmentEnd), ("withdrawn", c.withdrawn)] {
                try dates("cases", name, column)
            }
            for r in 0..<c.count where c.referralReceived[r] == _missing32
                || c.referralReceived[r] < providers.serviceStarts[Int(c.provider[r])].rawValue {
                let start = providers.serviceStarts[Int(c.provider[r])]
                throw check.error("cases", r, "referral_received", c.referralReceived[r] == _missing32 ? "missing"
                                    : "\(Day(rawValue: c.referralReceived[r])) is before the provider's service start \(start)")
            }
            try codes("cases", "assessment_type", c.assessmentType, Vocabulary.assessmentTypes)
            try codes("cases", "apprentice", c.apprentice, Vocabulary.booleans)
            try text("cases", "info_source", c.infoSource, rows: c.count)
            try text("cases", "withdrawal_reason", c.withdrawalReason, rows: c.count)
            return
        }
        if part == 2 {
            let c = addition.cases
            if let r = c.caseIDs.firstRepeatedRow() { throw check.error("cases", r, "case_id", "\(c.caseIDs[r]) appears twice") }
            return
        }

        // Part 1: the other tables.
        let p = addition.reports
        try sized("reports", p)
        try rows("reports", "case", p.caseRow, count: caseCount, of: "cases")
        try codes("reports", "document", p.document, Vocabulary.documents)
        try codes("reports", "outcome", p.outcome, Vocabulary.outcomes)
        try codes("reports", "employment_confirmed", p.employmentConfirmed, Vocabulary.booleans)
        if let r = _firstOutside(p.attempt, Vocabulary.attempts.lowerBound, Vocabulary.attempts.upperBound, skipping: nil) {
            throw check.error("reports", r, "attempt", Vocabulary.attemptProblem(p.attempt[r])!)
        }
        // The same (case, document, attempt) twice among the new rows, as ingest refuses it.
        var seen: [Int64: Int] = [:]
        for r in 0..<p.count {
            let key = Int64(p.caseRow[r]) << 24 | Int64(p.document[r]) << 16 | Int64(p.attempt[r])
            if let first = seen[key] {
                throw check.error("reports", r, "attempt", "duplicate attempt \(p.attempt[r]) of \(Vocabulary.documents[Int(p.document[r])]) for the same case (first on row \(first + 1))")
            }
            seen[key] = r
        }
        for r in 0..<p.count where p.document[r] == _missing8 || p.submitted[r] == _missing32 {
            throw check.error("reports", r, p.document[r] == _missing8 ? "document" : "submitted", "missing")
        }
        try dates("reports", "submitted", p.submitted)
        try dates("reports", "decided", p.decided)
        try dates("reports", "prap_recorded", p.prapRecorded)

        let m = addition.complaints
        try sized("complaints", m)
        try rows("complaints", "provider", m.provider, count: providerCount, of: "providers")
        try rows("complaints", "case", m.caseRow, count: caseCount, of: "cases", optional: true)
        try codes("complaints", "about_dwp", m.aboutDWP, Vocabulary.booleans)
        for r in 0..<m.count where m.received[r] == _missing32 { throw check.error("complaints", r, "received", "missing") }
        for (name, column) in [("received", m.received), ("forwarded_to_dwp", m.forwardedToDWP),
                               ("referred_to_dwp", m.referredToDWP), ("resolved", m.resolved)] {
            try dates("complaints", name, column)
        }

        let x = addition.cancellations
        try sized("cancellations", x)
        try rows("cancellations", "case", x.caseRow, count: caseCount, of: "cases")
        try codes("cancellations", "cancelled_by", x.by, Vocabulary.cancelledBy)
        try text("cancellations", "reason", x.reason, rows: x.count)
        try dates("cancellations", "cancelled", x.cancelled)
        try dates("cancellations", "rebooked", x.rebooked)

        let s = addition.recommendations
        try sized("recommendations", s)
        try rows("recommendations", "case", s.caseRow, count: caseCount, of: "cases")
        try text("recommendations", "solution", s.solution, rows: s.count)

        let t = addition.typeChanges
        try sized("type_changes", t)
        try rows("type_changes", "case", t.caseRow, count: caseCount, of: "cases")
        try codes("type_changes", "from", t.from, Vocabulary.assessmentTypes)
        try codes("type_changes", "to", t.to, Vocabulary.assessmentTypes)
        try text("type_changes", "reason", t.reason, rows: t.count)
        try dates("type_changes", "changed", t.changed)

        let v = addition.survey
        try sized("survey", v)
        try rows("survey", "provider", v.provider, count: providerCount, of: "providers")
        try codes("survey", "satisfaction", v.satisfaction, Vocabulary.satisfaction)
        try text("survey", "comment", v.comment, rows: v.count)
        try text("survey", "channel", v.channel, rows: v.count)
        try dates("survey", "responded", v.responded)

        let w = addition.workforce
        try sized("workforce", w)
        try rows("workforce", "provider", w.provider, count: providerCount, of: "providers")
        for r in 0..<w.count where w.quarterEnd[r] == _missing32 { throw check.error("workforce", r, "quarter_end", "missing") }
        try dates("workforce", "quarter_end", w.quarterEnd)
        for r in 0..<w.count where !(w.fteTotal[r] >= 0 && w.fteTotal[r] < 1e9 && w.fteDisabled[r] >= 0 && w.fteDisabled[r] <= w.fteTotal[r]) {
            throw check.error("workforce", r, "fte_disabled", "\(w.fteDisabled[r]) of \(w.fteTotal[r]) FTE is not a share of a total")
        }

        let n = addition.returns
        try sized("returns", n)
        try rows("returns", "provider", n.provider, count: providerCount, of: "providers")
        try codes("returns", "return", n.kind, Vocabulary.returnKinds)
        for r in 0..<n.count where n.kind[r] == _missing8 || n.submitted[r] == _missing32 {
            throw check.error("returns", r, n.kind[r] == _missing8 ? "return" : "submitted", "missing")
        }
        try dates("returns", "submitted", n.submitted)
        let periods = Month(containing: range.lowerBound).rawValue...Month(containing: range.upperBound).rawValue
        for (r, period) in n.period.enumerated() where !periods.contains(period) {
            throw check.error("returns", r, "period", "month number \(period) is outside the supported years")
        }
    }
}

/// Builds the errors of ``Dataset/append(_:)``.
