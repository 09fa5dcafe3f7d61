import WorkingDays

// The rules between a row's columns, and between rows, written once per table and held on both paths by which
// rows arrive: ingest (a file's rows) and an addition (a store holds only rows that passed them). Each
// column's own domain is checked apart
// (``_RowTable/_firstProblem(_:sizes:)``); these rules assume it holds, except that ingest passes rows whose
// provider is unknown as provider -1 (already rejected), which every rule skips.

/// What a table's rules read besides the table itself.
package struct _RuleContext: Sendable {
    package var providers: ProviderTable
    /// The dataset's cases; an addition's case rows continue into ``addedCases``.
    package var cases: CaseTable
    package var addedCases = CaseTable()
    /// How a reason names another row of the same table: `line 12` (a file) or `row 3` (an addition).
    package var position: @Sendable (Int) -> String
    /// The contracts' own row rules, from their definitions.
    package var rules: DatasetRules

    package init(providers: ProviderTable, cases: CaseTable, addedCases: CaseTable = CaseTable(), rules: DatasetRules,
                 position: @escaping @Sendable (Int) -> String) {
        self.providers = providers
        self.cases = cases
        self.addedCases = addedCases
        self.rules = rules
        self.position = position
    }

    @inline(__always) func referral(_ c: Int) -> Int32 {
        c < cases.count ? cases.referralReceived[c] : addedCases.referralReceived[c - cases.count]
    }
    @inline(__always) func provider(ofCase c: Int) -> Int32 {
        c < cases.count ? cases.provider[c] : addedCases.provider[c - cases.count]
    }
    func caseID(_ c: Int) -> String { c < cases.count ? cases.caseIDs[c] : addedCases.caseIDs[c - cases.count] }
    var caseCount: Int { cases.count + addedCases.count }
}

/// The problems of a table's rows under its rules, in the order they are checked (the first of a row is its
/// rejection reason at ingest; the first of all is an addition's error).
package protocol _TableRules: _RowTable {
    static func _ruleProblems(_ table: Self, _ context: _RuleContext) -> [_RowProblem]
}

/// The first row of each key, for the rules that refuse a second one.
private struct _FirstRows<Key: Hashable> {
    var rows: [Key: Int] = [:]

    /// The row that first held `key`, or `nil` (and `row` is remembered as its first).
    mutating func earlier(_ key: Key, _ row: Int) -> Int? {
        if let first = rows[key] { return first }
        rows[key] = row
        return nil
    }
}

/// Rows whose `late` date is before their `early` one (both set): `decided 2026-01-02 is before submitted 2026-01-05`.
private func _order(_ early: [Int32], _ earlyName: String, _ late: [Int32], _ lateName: String, into problems: inout [_RowProblem]) {
    for r in late.indices where late[r] != _missing32 && early[r] != _missing32 && late[r] < early[r] {
        problems.append(_RowProblem(r, lateName, "\(lateName) \(Day(rawValue: late[r])) is before \(earlyName) \(Day(rawValue: early[r]))"))
    }
}

/// Rows dated before their provider's service start: nothing can be measured for a service that had not begun.
private func _serviceStarted(_ provider: [Int32], _ dates: [Int32], _ column: String, _ context: _RuleContext,
                             into problems: inout [_RowProblem]) {
    for r in dates.indices where provider[r] >= 0 && dates[r] != _missing32 {
        let start = context.providers.serviceStarts[Int(provider[r])]
        if dates[r] < start.rawValue {
            problems.append(_RowProblem(r, column, "\(column) \(Day(rawValue: dates[r])) is before the provider's service_start \(start)"))
        }
    }
}

/// Rows dated before their case's referral: `cancelled 2026-01-02 is before the case's referral_received 2026-01-05`.
private func _afterReferral(_ caseRow: [Int32], _ dates: [Int32], _ column: String, _ context: _RuleContext,
                            into problems: inout [_RowProblem]) {
    for r in dates.indices where caseRow[r] != _missing32 && dates[r] != _missing32 {
        let referral = context.referral(Int(caseRow[r]))
        if dates[r] < referral {
            problems.append(_RowProblem(r, column, "\(column) \(Day(rawValue: dates[r])) is before the case's referral_received \(Day(rawValue: referral))"))
        }
    }
}

extension ProviderTable: _TableRules {
    /// A provider and contract pair given twice.
    package static func _ruleProblems(_ t: ProviderTable, _ context: _RuleContext) -> [_RowProblem] {
        var problems: [_RowProblem] = [], first = _FirstRows<String>()
        for r in 0..<t.count {
            if let earlier = first.earlier(t.providerIDs[r] + "\u{0}" + t.contracts[r], r) {
                problems.append(_RowProblem(r, "provider_id", "duplicate provider_id and contract (first on \(context.position(earlier)))"))
            }
        }
        return problems
    }
}

extension CaseTable: _TableRules {
    /// Referral before the provider's service start; a case without the assessment type its contract needs
    /// (``ContractDataRules/assessmentTypeRequired``); a case event before the referral; the sustainment before
    /// the support period's end.
    package static func _ruleProblems(_ t: CaseTable, _ context: _RuleContext) -> [_RowProblem] {
        var problems: [_RowProblem] = []
        let providers = context.providers
        let starts = providers.serviceStarts.map(\.rawValue)
        let needsType = context.rules.assessmentTypeRequired(providers)
        for r in 0..<t.count where t.provider[r] >= 0 {
            let p = Int(t.provider[r])
            if t.referralReceived[r] < starts[p] {
                problems.append(_RowProblem(r, "referral_received", "referral_received \(Day(rawValue: t.referralReceived[r])) is before the provider's service_start \(providers.serviceStarts[p])"))
            }
            if needsType[p] && t.assessmentType[r] == _missing8 {
                problems.append(_RowProblem(r, "assessment_type", "missing required value (\(providers.contracts[p]) cases need an assessment_type)"))
            }
        }
        for (name, column) in [("acknowledged", t.acknowledged), ("appointment_booked", t.appointmentBooked),
                               ("initial_contact", t.initialContact), ("appointment_made", t.appointmentMade),
                               ("support_period_end", t.supportPeriodEnd), ("sustainment_end", t.sustainmentEnd),
                               ("withdrawn", t.withdrawn)] {
            _order(t.referralReceived, "referral_received", column, name, into: &problems)
        }
        _order(t.supportPeriodEnd, "support_period_end", t.sustainmentEnd, "sustainment_end", into: &problems)
        return problems
    }
}

extension ReportTable: _TableRules {
    /// A document its case's contract does not have (``ContractDataRules/documents``); submitted before the referral; an outcome without its decision date or
    /// the reverse; decided or PRaP recorded before submitted; the same case, document and attempt twice.
    package static func _ruleProblems(_ t: ReportTable, _ context: _RuleContext) -> [_RowProblem] {
        var problems: [_RowProblem] = []
        let documents = context.rules.documentCodes(context.providers)
        for r in 0..<t.count {
            let c = Int(t.caseRow[r])
            let provider = Int(context.provider(ofCase: c))
            if let allowed = documents[provider], !allowed.contains(t.document[r]) {
                problems.append(_RowProblem(r, "document", "document \(Vocabulary.documents[Int(t.document[r])]) does not belong to a \(context.providers.contracts[provider]) case"))
            }
            let referral = context.referral(c)
            if t.submitted[r] < referral {
                problems.append(_RowProblem(r, "submitted", "submitted \(Day(rawValue: t.submitted[r])) is before the case's referral_received \(Day(rawValue: referral))"))
            }
            if t.outcome[r] != _missing8 && t.decided[r] == _missing32 {
                problems.append(_RowProblem(r, "decided", "outcome \(Vocabulary.outcomes[Int(t.outcome[r])]) needs the date it was decided"))
            }
            if t.outcome[r] == _missing8 && t.decided[r] != _missing32 {
                problems.append(_RowProblem(r, "outcome", "decided is set but outcome is empty"))
            }
        }
        _order(t.submitted, "submitted", t.decided, "decided", into: &problems)
        _order(t.submitted, "submitted", t.prapRecorded, "prap_recorded", into: &problems)
        // Duplicate (case, document, attempt): rows grouped by case with a counting sort, compared within a case.
        let caseCount = context.caseCount
        var start = [Int32](repeating: 0, count: caseCount + 1)
        for r in 0..<t.count { start[Int(t.caseRow[r]) + 1] += 1 }
        for c in 0..<caseCount { start[c + 1] += start[c] }
        var order = [Int32](repeating: 0, count: t.count)
        var fill = start
        for r in 0..<t.count { order[Int(fill[Int(t.caseRow[r])])] = Int32(r); fill[Int(t.caseRow[r])] += 1 }
        for c in 0..<caseCount where start[c + 1] - start[c] > 1 {
            let group = order[Int(start[c])..<Int(start[c + 1])]
            for (i, a) in group.enumerated() {
                for b in group.prefix(i) where t.document[Int(b)] == t.document[Int(a)] && t.attempt[Int(b)] == t.attempt[Int(a)] {
                    problems.append(_RowProblem(Int(a), "attempt", "duplicate attempt \(t.attempt[Int(a)]) of \(Vocabulary.documents[Int(t.document[Int(a)])]) for case \(context.caseID(c)) (first on \(context.position(Int(b))))"))
                    break
                }
            }
        }
        return problems
    }
}

extension ComplaintTable: _TableRules {
    /// The named case belongs to another provider; received before the service start; a step before received.
    package static func _ruleProblems(_ t: ComplaintTable, _ context: _RuleContext) -> [_RowProblem] {
        var problems: [_RowProblem] = []
        _serviceStarted(t.provider, t.received, "received", context, into: &problems)
        let providers = context.providers
        for r in 0..<t.count where t.provider[r] >= 0 && t.caseRow[r] != _missing32 {
            let c = Int(t.caseRow[r]), owner = context.provider(ofCase: c)
            if owner != t.provider[r] {
                problems.append(_RowProblem(r, "case_id", "case \(context.caseID(c)) belongs to provider \(providers.providerIDs[Int(owner)]) (\(providers.contracts[Int(owner)])), not this complaint's provider"))
            }
        }
        for (name, column) in [("forwarded_to_dwp", t.forwardedToDWP), ("referred_to_dwp", t.referredToDWP), ("resolved", t.resolved)] {
            _order(t.received, "received", column, name, into: &problems)
        }
        return problems
    }
}

extension CancellationTable: _TableRules {
    /// Cancelled before the case's referral; rebooked before cancelled.
    package static func _ruleProblems(_ t: CancellationTable, _ context: _RuleContext) -> [_RowProblem] {
        var problems: [_RowProblem] = []
        _afterReferral(t.caseRow, t.cancelled, "cancelled", context, into: &problems)
        _order(t.cancelled, "cancelled", t.rebooked, "rebooked", into: &problems)
        return problems
    }
}

extension RecommendationTable: _TableRules {
    /// No rule beyond the columns' own.
    package static func _ruleProblems(_ t: RecommendationTable, _ context: _RuleContext) -> [_RowProblem] { [] }
}

extension TypeChangeTable: _TableRules {
    /// Changed before the case's referral; a change from a type to itself.
    package static func _ruleProblems(_ t: TypeChangeTable, _ context: _RuleContext) -> [_RowProblem] {
        var problems: [_RowProblem] = []
        for r in 0..<t.count {
            let referral = context.referral(Int(t.caseRow[r]))
            if t.changed[r] < referral {
                problems.append(_RowProblem(r, "changed", "changed \(Day(rawValue: t.changed[r])) is before the case's referral_received \(Day(rawValue: referral))"))
            }
            if t.from[r] == t.to[r] {
                problems.append(_RowProblem(r, "to", "from and to are both \(Vocabulary.assessmentTypes[Int(t.to[r])])"))
            }
        }
        return problems
    }
}

extension SurveyTable: _TableRules {
    /// Responded before the provider's service start.
    package static func _ruleProblems(_ t: SurveyTable, _ context: _RuleContext) -> [_RowProblem] {
        var problems: [_RowProblem] = []
        _serviceStarted(t.provider, t.responded, "responded", context, into: &problems)
        return problems
    }
}

extension WorkforceTable: _TableRules {
    /// A quarter end before the service start or not the last day of a quarter; a disabled FTE above the
    /// total; a second return for the same provider and quarter.
    package static func _ruleProblems(_ t: WorkforceTable, _ context: _RuleContext) -> [_RowProblem] {
        var problems: [_RowProblem] = []
        _serviceStarted(t.provider, t.quarterEnd, "quarter_end", context, into: &problems)
        var first = _FirstRows<Int64>()
        for r in 0..<t.count {
            let day = Day(rawValue: t.quarterEnd[r])
            let dayOfMonth = day.components.day
            if !Month(containing: day).isQuarterEnd || day != Month(containing: day).lastDay || dayOfMonth < 28 {
                problems.append(_RowProblem(r, "quarter_end", "\(day) is not the last day of a quarter (31 Mar, 30 Jun, 30 Sep, 31 Dec)"))
            }
            if t.fteDisabled[r] > t.fteTotal[r] {
                problems.append(_RowProblem(r, "fte_disabled", "fte_disabled \(_shortestText(t.fteDisabled[r])) is more than fte_total \(_shortestText(t.fteTotal[r]))"))
            }
            guard t.provider[r] >= 0 else { continue }
            if let earlier = first.earlier(t.quarterKey(r), r) {
                problems.append(_RowProblem(r, "quarter_end", "duplicate return for quarter ending \(day) (first on \(context.position(earlier)))"))
            }
        }
        return problems
    }
}

extension WorkforceTable {
    /// Row `r`'s provider and quarter as one key: a provider sends one return a quarter.
    func quarterKey(_ r: Int) -> Int64 { Int64(provider[r]) << 32 | Int64(UInt32(bitPattern: quarterEnd[r])) }
}

extension ReturnTable: _TableRules {
    /// Submitted before its period began; a period before the month of the provider's service start.
    package static func _ruleProblems(_ t: ReturnTable, _ context: _RuleContext) -> [_RowProblem] {
        var problems: [_RowProblem] = []
        for r in 0..<t.count {
            let first = Month(rawValue: t.period[r]).firstDay
            if t.submitted[r] < first.rawValue {
                problems.append(_RowProblem(r, "submitted", "submitted \(Day(rawValue: t.submitted[r])) is before its period \(Month(rawValue: t.period[r])) began"))
            }
            if t.provider[r] >= 0, Month(containing: context.providers.serviceStarts[Int(t.provider[r])]).rawValue > t.period[r] {
                problems.append(_RowProblem(r, "period", "period \(Month(rawValue: t.period[r])) is before the month of the provider's service_start \(context.providers.serviceStarts[Int(t.provider[r])])"))
            }
        }
        return problems
    }
}
