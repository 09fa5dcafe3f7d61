import Foundation
import WorkingDays

extension Dataset {
    /// Writes every table as a dataset folder of CSV files that ``load(folder:)`` reads back unchanged.
    ///
    /// Rule: the columns of each file are the ones the engine reads (``DatasetFile/columns``), in that order;
    /// dates as `YYYY-MM-DD`, enumerations in their lower-case spelling, booleans `true`/`false`, FTE with up to
    /// four decimals, text quoted per RFC 4180 when it needs to be; missing cells empty. Every file is written,
    /// a table with no rows as its header alone.
    ///
    /// ```swift
    /// try dataset.writeCSV(to: "cleaned")   // validated data, rejected rows left out
    /// ```
    public func writeCSV(to folder: String) throws(DatasetError) {
        try AtomicWrite.folder(folder) { staging throws(DatasetError) in
            try writeFiles(into: staging)
            return DatasetFile.allCases.map(\.fileName)
        }
    }

    /// Writes every table's CSV file into `folder` (which exists).
    func writeFiles(into folder: String) throws(DatasetError) {
        for file in DatasetFile.allCases {
            var out = _CSVTextBuffer(capacity: 1 << 16)
            out.text(file.columns.map(\.name).joined(separator: ","))
            out.newline()
            let rows = rowCount(file)
            for r in 0..<rows {
                writeRow(file, r, &out)
                out.newline()
            }
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file.fileName).path
            try AtomicWrite.bytes(out.bytes, to: path)
        }
    }

    func rowCount(_ file: DatasetFile) -> Int {
        switch file {
        case .providers: providers.count
        case .cases: cases.count
        case .reports: reports.count
        case .complaints: complaints.count
        case .cancellations: cancellations.count
        case .recommendations: recommendations.count
        case .typeChanges: typeChanges.count
        case .survey: survey.count
        case .workforce: workforce.count
        case .returns: returns.count
        }
    }

    /// One row of `file`, cells in ``DatasetFile/columns`` order.
    func writeRow(_ file: DatasetFile, _ r: Int, _ out: inout _CSVTextBuffer) {
        func date(_ column: [Int32]) { out.date(column.day(r)) }
        func choice(_ column: [UInt8], _ values: [String]) { if column[r] != _missing8 { out.text(values[Int(column[r])]) } }
        func flag(_ column: [UInt8]) { if column[r] != _missing8 { out.text(column[r] == 1 ? "true" : "false") } }
        func text(_ column: TextColumn) { if let value = column[r] { out.field(value) } }
        func number(_ column: [Int32]) { if column[r] != _missing32 { out.int(Int(column[r])) } }
        func provider(_ row: Int32) {
            out.field(providers.providerIDs[Int(row)]); out.comma(); out.field(providers.contracts[Int(row)])
        }
        func caseID(_ row: Int32) { if row != _missing32 { out.field(cases.caseIDs[Int(row)]) } }
        func c() { out.comma() }
        switch file {
        case .providers:
            out.field(providers.providerIDs[r]); c(); out.field(providers.contracts[r]); c()
            out.date(providers.serviceStarts[r]); c(); if let name = providers.names[r] { out.field(name) }; c()
            if let region = providers.regions[r] { out.field(region) }; c(); out.text(providers.divisions[r].rawValue)
        case .cases:
            out.field(cases.caseIDs[r]); c(); provider(cases.provider[r]); c(); date(cases.referralReceived); c()
            date(cases.acknowledged); c(); date(cases.appointmentBooked); c()
            choice(cases.assessmentType, Vocabulary.assessmentTypes); c(); date(cases.initialContact); c()
            date(cases.appointmentMade); c(); flag(cases.apprentice); c(); date(cases.supportPeriodEnd); c()
            date(cases.sustainmentEnd); c(); text(cases.infoSource); c(); date(cases.withdrawn); c()
            text(cases.withdrawalReason)
        case .reports:
            caseID(reports.caseRow[r]); c(); choice(reports.document, Vocabulary.documents); c()
            number(reports.attempt); c(); date(reports.submitted); c(); choice(reports.outcome, Vocabulary.outcomes); c()
            date(reports.decided); c(); date(reports.prapRecorded); c(); flag(reports.employmentConfirmed)
        case .complaints:
            out.field(complaints.complaintIDs[r]); c(); provider(complaints.provider[r]); c(); date(complaints.received); c()
            caseID(complaints.caseRow[r]); c(); flag(complaints.aboutDWP); c(); date(complaints.forwardedToDWP); c()
            date(complaints.referredToDWP); c(); date(complaints.resolved)
        case .cancellations:
            caseID(cancellations.caseRow[r]); c(); date(cancellations.cancelled); c()
            choice(cancellations.by, Vocabulary.cancelledBy); c(); text(cancellations.reason); c()
            date(cancellations.rebooked); c(); number(cancellations.contactAttempts); c()
            number(cancellations.appointmentsOffered)
        case .recommendations:
            caseID(recommendations.caseRow[r]); c(); text(recommendations.solution)
        case .typeChanges:
            caseID(typeChanges.caseRow[r]); c(); date(typeChanges.changed); c()
            choice(typeChanges.from, Vocabulary.assessmentTypes); c(); choice(typeChanges.to, Vocabulary.assessmentTypes); c()
            text(typeChanges.reason)
        case .survey:
            provider(survey.provider[r]); c(); date(survey.responded); c()
            choice(survey.satisfaction, Vocabulary.satisfaction); c(); text(survey.comment); c(); text(survey.channel)
        case .workforce:
            provider(workforce.provider[r]); c(); date(workforce.quarterEnd); c()
            out.decimal(workforce.fteTotal[r], places: 4); c(); out.decimal(workforce.fteDisabled[r], places: 4)
        case .returns:
            provider(returns.provider[r]); c(); choice(returns.kind, Vocabulary.returnKinds); c()
            out.text(Month(rawValue: returns.period[r]).description); c(); date(returns.submitted)
        }
    }

    /// The dataset cut down to some cases and every record of theirs: the cases, their reports, complaints,
    /// cancellations, recommendations and type changes. Providers stay whole; provider-level tables (survey,
    /// workforce, returns) and complaints with no case are left out.
    public func restricted(toCases rows: [Int]) -> Dataset {
        var newRow = [Int32](repeating: -1, count: cases.count)
        for (i, r) in rows.sorted().enumerated() { newRow[r] = Int32(i) }
        let keep = rows.sorted()
        func remap(_ column: [Int32], _ kept: [Int]) -> [Int32] { kept.map { newRow[Int(column[$0])] } }
        func pick<T>(_ column: [T], _ kept: [Int]) -> [T] { kept.map { column[$0] } }
        func pick(_ column: TextColumn, _ kept: [Int]) -> TextColumn { TextColumn(codes: pick(column.codes, kept), values: column.values) }
        func pick(_ ids: IdentifierColumn, _ kept: [Int]) -> IdentifierColumn {
            var column = IdentifierColumn()
            for r in kept {
                column.heap += ids.heap[Int(ids.offsets[r])..<Int(ids.offsets[r + 1])]
                column.offsets.append(UInt32(column.heap.count))
            }
            return column
        }
        func of(_ caseRows: [Int32]) -> [Int] { caseRows.indices.filter { caseRows[$0] != _missing32 && newRow[Int(caseRows[$0])] >= 0 } }
        var out = Dataset()
        out.providers = providers
        var c = CaseTable()
        c.caseIDs = pick(cases.caseIDs, keep); c.provider = pick(cases.provider, keep)
        c.referralReceived = pick(cases.referralReceived, keep); c.acknowledged = pick(cases.acknowledged, keep)
        c.appointmentBooked = pick(cases.appointmentBooked, keep); c.assessmentType = pick(cases.assessmentType, keep)
        c.initialContact = pick(cases.initialContact, keep); c.appointmentMade = pick(cases.appointmentMade, keep)
        c.apprentice = pick(cases.apprentice, keep); c.supportPeriodEnd = pick(cases.supportPeriodEnd, keep)
        c.sustainmentEnd = pick(cases.sustainmentEnd, keep); c.infoSource = pick(cases.infoSource, keep)
        c.withdrawn = pick(cases.withdrawn, keep); c.withdrawalReason = pick(cases.withdrawalReason, keep)
        out.cases = c
        let rp = of(reports.caseRow)
        out.reports = ReportTable(
            caseRow: remap(reports.caseRow, rp), document: pick(reports.document, rp), attempt: pick(reports.attempt, rp),
            submitted: pick(reports.submitted, rp), outcome: pick(reports.outcome, rp), decided: pick(reports.decided, rp),
            prapRecorded: pick(reports.prapRecorded, rp), employmentConfirmed: pick(reports.employmentConfirmed, rp))
        let cp = of(complaints.caseRow)
        out.complaints = ComplaintTable(
            complaintIDs: pick(complaints.complaintIDs, cp), provider: pick(complaints.provider, cp),
            received: pick(complaints.received, cp), caseRow: remap(complaints.caseRow, cp),
            aboutDWP: pick(complaints.aboutDWP, cp), forwardedToDWP: pick(complaints.forwardedToDWP, cp),
            referredToDWP: pick(complaints.referredToDWP, cp), resolved: pick(complaints.resolved, cp))
        let xp = of(cancellations.caseRow)
        out.cancellations = CancellationTable(
            caseRow: remap(cancellations.caseRow, xp), cancelled: pick(cancellations.cancelled, xp),
            by: pick(cancellations.by, xp), reason: pick(cancellations.reason, xp), rebooked: pick(cancellations.rebooked, xp),
            contactAttempts: pick(cancellations.contactAttempts, xp), appointmentsOffered: pick(cancellations.appointmentsOffered, xp))
        let sp = of(recommendations.caseRow)
        out.recommendations = RecommendationTable(caseRow: remap(recommendations.caseRow, sp), solution: pick(recommendations.solution, sp))
        let tp = of(typeChanges.caseRow)
        out.typeChanges = TypeChangeTable(
            caseRow: remap(typeChanges.caseRow, tp), changed: pick(typeChanges.changed, tp), from: pick(typeChanges.from, tp),
            to: pick(typeChanges.to, tp), reason: pick(typeChanges.reason, tp))
        return out
    }

    /// A reproducible random sample of `size` cases (all when fewer) among `candidates`, in row order.
    ///
    /// Rule: a partial Fisher-Yates shuffle driven by SplitMix64 from `seed`, so the same data, candidates,
    /// size and seed always give the same cases, on any machine.
    public static func sample(_ candidates: [Int], size: Int, seed: UInt64) -> [Int] {
        var pool = candidates
        var random = _Random(seed: seed, stream: 0x5A4D_504C_45)
        let n = min(max(size, 0), pool.count)
        for i in 0..<n { pool.swapAt(i, i + random.int(pool.count - i)) }
        return pool.prefix(n).sorted()
    }
}
