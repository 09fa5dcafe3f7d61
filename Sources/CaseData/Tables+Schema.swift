import WorkingDays

// The one declaration of every dataset column (the DocC article "Reading a dataset" lists them with their
// rules; "Internals" says what follows from these lists).

extension ProviderTable: _RowTable {
    package static var file: DatasetFile { .providers }
    package static let schema: [_TableColumn<Self>] = {
        [.init("provider_id", .strings(\.providerIDs), .text, required: true),
         .init("contract", .strings(\.contracts), .text, required: true),
         .init("service_start", .days(\.serviceStarts), .day, required: true),
         .init("provider_name", .optionalStrings(\.names), .text),
         .init("region", .optionalStrings(\.regions), .text),
         .init("division", .divisions(\.divisions), .code(Vocabulary.divisions), missingIsZero: true)]
    }()
}

extension CaseTable: _RowTable {
    package static var file: DatasetFile { .cases }
    package static let schema: [_TableColumn<Self>] = {
        [.init("case_id", .identifiers(\.caseIDs), .identifier, required: true),
         .init("provider", .int32(\.provider), .provider, required: true),
         .init("referral_received", .int32(\.referralReceived), .day, required: true),
         .init("acknowledged", .int32(\.acknowledged), .day),
         .init("appointment_booked", .int32(\.appointmentBooked), .day),
         .init("assessment_type", .uint8(\.assessmentType), .code(Vocabulary.assessmentTypes)),
         .init("initial_contact", .int32(\.initialContact), .day),
         .init("appointment_made", .int32(\.appointmentMade), .day),
         .init("apprentice", .uint8(\.apprentice), .flag),
         .init("support_period_end", .int32(\.supportPeriodEnd), .day),
         .init("sustainment_end", .int32(\.sustainmentEnd), .day),
         .init("info_source", .text(\.infoSource), .text),
         .init("withdrawn", .int32(\.withdrawn), .day),
         .init("withdrawal_reason", .text(\.withdrawalReason), .text)]
    }()
}

extension ReportTable: _RowTable {
    package static var file: DatasetFile { .reports }
    package static let schema: [_TableColumn<Self>] = {
        [.init("case", csv: "case_id", .int32(\.caseRow), .caseRow, required: true),
         .init("document", .uint8(\.document), .code(Vocabulary.documents), required: true),
         .init("attempt", .int32(\.attempt), .whole(Vocabulary.attempts), required: true),
         .init("submitted", .int32(\.submitted), .day, required: true),
         .init("outcome", .uint8(\.outcome), .code(Vocabulary.outcomes)),
         .init("decided", .int32(\.decided), .day),
         .init("prap_recorded", .int32(\.prapRecorded), .day),
         .init("employment_confirmed", .uint8(\.employmentConfirmed), .flag)]
    }()
}

extension ComplaintTable: _RowTable {
    package static var file: DatasetFile { .complaints }
    package static let schema: [_TableColumn<Self>] = {
        [.init("complaint_id", .identifiers(\.complaintIDs), .identifier, required: true),
         .init("provider", .int32(\.provider), .provider, required: true),
         .init("received", .int32(\.received), .day, required: true),
         .init("case", csv: "case_id", .int32(\.caseRow), .caseRow),
         .init("about_dwp", .uint8(\.aboutDWP), .flag, missingIsZero: true),
         .init("forwarded_to_dwp", .int32(\.forwardedToDWP), .day),
         .init("referred_to_dwp", .int32(\.referredToDWP), .day),
         .init("resolved", .int32(\.resolved), .day)]
    }()
}

extension CancellationTable: _RowTable {
    package static var file: DatasetFile { .cancellations }
    package static let schema: [_TableColumn<Self>] = {
        [.init("case", csv: "case_id", .int32(\.caseRow), .caseRow, required: true),
         .init("cancelled", .int32(\.cancelled), .day, required: true),
         .init("by", .uint8(\.by), .code(Vocabulary.cancelledBy), required: true),
         .init("reason", .text(\.reason), .text),
         .init("rebooked", .int32(\.rebooked), .day),
         .init("contact_attempts", .int32(\.contactAttempts), .whole(Vocabulary.counts)),
         .init("appointments_offered", .int32(\.appointmentsOffered), .whole(Vocabulary.counts))]
    }()
}

extension RecommendationTable: _RowTable {
    package static var file: DatasetFile { .recommendations }
    package static let schema: [_TableColumn<Self>] = {
        [.init("case", csv: "case_id", .int32(\.caseRow), .caseRow, required: true),
         .init("solution", .text(\.solution), .text, required: true)]
    }()
}

extension TypeChangeTable: _RowTable {
    package static var file: DatasetFile { .typeChanges }
    package static let schema: [_TableColumn<Self>] = {
        [.init("case", csv: "case_id", .int32(\.caseRow), .caseRow, required: true),
         .init("changed", .int32(\.changed), .day, required: true),
         .init("from", .uint8(\.from), .code(Vocabulary.assessmentTypes), required: true),
         .init("to", .uint8(\.to), .code(Vocabulary.assessmentTypes), required: true),
         .init("reason", .text(\.reason), .text)]
    }()
}

extension SurveyTable: _RowTable {
    package static var file: DatasetFile { .survey }
    package static let schema: [_TableColumn<Self>] = {
        [.init("provider", .int32(\.provider), .provider, required: true),
         .init("responded", .int32(\.responded), .day, required: true),
         .init("satisfaction", .uint8(\.satisfaction), .code(Vocabulary.satisfaction), required: true),
         .init("comment", .text(\.comment), .text),
         .init("channel", .text(\.channel), .text)]
    }()
}

extension WorkforceTable: _RowTable {
    package static var file: DatasetFile { .workforce }
    package static let schema: [_TableColumn<Self>] = {
        [.init("provider", .int32(\.provider), .provider, required: true),
         .init("quarter_end", .int32(\.quarterEnd), .day, required: true),
         .init("fte_total", .double(\.fteTotal), .amount(Vocabulary.fte), required: true),
         .init("fte_disabled", .double(\.fteDisabled), .amount(Vocabulary.fte), required: true)]
    }()
}

extension ReturnTable: _RowTable {
    package static var file: DatasetFile { .returns }
    package static let schema: [_TableColumn<Self>] = {
        [.init("provider", .int32(\.provider), .provider, required: true),
         .init("return", .uint8(\.kind), .code(Vocabulary.returnKinds), required: true),
         .init("period", .int32(\.period), .month, required: true),
         .init("submitted", .int32(\.submitted), .day, required: true)]
    }()
}

/// Calls a generic function once per table of a dataset.
package protocol _TableVisitor {
    mutating func visit<T: _TableRules>(_ table: inout T) throws(DatasetError)
}

extension Dataset {
    /// Every table, in ``DatasetFile`` order: the one list of the dataset's tables.
    package mutating func _visitTables<V: _TableVisitor>(_ visitor: inout V) throws(DatasetError) {
        try visitor.visit(&providers)
        try visitor.visit(&cases)
        try visitor.visit(&reports)
        try visitor.visit(&complaints)
        try visitor.visit(&cancellations)
        try visitor.visit(&recommendations)
        try visitor.visit(&typeChanges)
        try visitor.visit(&survey)
        try visitor.visit(&workforce)
        try visitor.visit(&returns)
    }
}

extension _RowTable {
    /// The store's name of each declared column, `<file>.<column>` (made once per process).
    package static var storeNames: [String] { DatasetFile._storeNames[file.ordinal] }
}

extension DatasetFile {
    /// Every table's store column names, in declaration order.
    static let _storeNames: [[String]] = {
        struct Collect: _TableVisitor {
            var names = [[String]](repeating: [], count: DatasetFile.allCases.count)
            mutating func visit<T: _TableRules>(_ table: inout T) { names[T.file.ordinal] = T.schema.map { T.file.rawValue + "." + $0.name } }
        }
        var collect = Collect(), empty = Dataset()
        try? empty._visitTables(&collect)
        return collect.names
    }()

    /// Every file's CSV columns, from the tables' declarations.
    static let _specs: [[ColumnSpec]] = {
        struct Collect: _TableVisitor {
            var specs = [[ColumnSpec]](repeating: [], count: DatasetFile.allCases.count)
            mutating func visit<T: _TableRules>(_ table: inout T) { specs[T.file.ordinal] = T.csvSpecs }
        }
        var collect = Collect(), empty = Dataset()
        try? empty._visitTables(&collect)
        return collect.specs
    }()
}
