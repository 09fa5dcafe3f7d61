import CaseData
import Foundation
import WorkingDays
import _ATWUtilities

/// A contract definition file that cannot be used: which file, which field, and why.
public struct ContractDefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// The field's path, such as `kpis[2].deadline.working_days`.
    public var field: String
    public var reason: String

    public init(file: String, field: String, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String { field.isEmpty ? "\(file): \(reason)" : "\(file): \(field): \(reason)" }
}

extension ContractDefinition {
    /// The definition file format this engine reads.
    public static let formatVersion = 1

    /// Parses a definition file (JSON); `file` names it in errors.
    ///
    /// Rule: every field is checked, unknown fields are refused (a misspelt key must not be ignored), and
    /// the error names the file and the field's path:
    /// `atw-ha.json: kpis[1].deadline.working_days: expected a whole number from 0 to 500, got -1`.
    public init(json data: Data, file: String) throws(ContractDefinitionError) {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ContractDefinitionError(file: file, field: "", reason: "not valid JSON (\(error.localizedDescription))")
        }
        var reader = _DefinitionReader(file: file)
        self = try reader.contract(root)
    }
}

/// Walks the parsed JSON of a definition file, keeping the path for error messages.
struct _DefinitionReader {
    let file: String

    func fail(_ path: String, _ reason: String) -> ContractDefinitionError {
        ContractDefinitionError(file: file, field: path, reason: reason)
    }

    func object(_ value: Any?, _ path: String, allowed: Set<String>) throws(ContractDefinitionError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw fail(path, "expected an object") }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw fail(path.isEmpty ? unknown : path + "." + unknown,
                       "unknown field (expected one of \(allowed.sorted().joined(separator: ", ")))")
        }
        return object
    }

    func string(_ value: Any?, _ path: String) throws(ContractDefinitionError) -> String {
        guard let value else { throw fail(path, "missing") }
        guard let text = value as? String, !text.isEmpty else { throw fail(path, "expected a non-empty string") }
        return text
    }

    func choice(_ value: Any?, _ path: String, from options: [String]) throws(ContractDefinitionError) -> Int {
        let text = try string(value, path)
        guard let index = options.firstIndex(of: text) else {
            throw fail(path, "unknown value \"\(text)\" (expected one of \(options.joined(separator: ", ")))")
        }
        return index
    }

    func wholeNumber(_ value: Any?, _ path: String, in range: ClosedRange<Int>) throws(ContractDefinitionError) -> Int {
        guard let value else { throw fail(path, "missing") }
        guard !_isBoolean(value), let number = value as? Double, number.rounded() == number,
              number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw fail(path, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(_shown(value))")
        }
        return Int(number)
    }

    /// A percentage with at most two decimals, 0-100, as basis points.
    func percentage(_ value: Any?, _ path: String) throws(ContractDefinitionError) -> BasisPoints {
        guard let value else { throw fail(path, "missing") }
        guard !_isBoolean(value), let number = value as? Double, number >= 0, number <= 100,
              (number * 100).rounded() == (number * 100 * 1e6).rounded() / 1e6 else {
            throw fail(path, "expected a percentage from 0 to 100 with at most two decimals, got \(_shown(value))")
        }
        return BasisPoints(Int((number * 100).rounded()))
    }

    mutating func contract(_ root: Any) throws(ContractDefinitionError) -> ContractDefinition {
        let top = try object(root, "", allowed: ["format", "contract", "name", "kpis", "returns", "mi_figures", "cabinet_office", "notice", "comment"])
        let format = try wholeNumber(top["format"], "format", in: 1...1_000)
        guard format == ContractDefinition.formatVersion else {
            throw fail("format", "format \(format) is not supported (this kpi reads format \(ContractDefinition.formatVersion))")
        }
        let id = try string(top["contract"], "contract")
        let name = try top["name"].map { v throws(ContractDefinitionError) in try string(v, "name") } ?? id
        guard let list = top["kpis"] as? [Any], !list.isEmpty else { throw fail("kpis", "expected a non-empty array of KPIs") }
        var kpis: [KPIDefinition] = []
        for (i, element) in list.enumerated() {
            let kpi = try self.kpi(element, "kpis[\(i)]")
            if kpis.contains(where: { $0.id == kpi.id }) { throw fail("kpis[\(i)].id", "duplicate KPI id \"\(kpi.id)\"") }
            kpis.append(kpi)
        }
        var definition = ContractDefinition(contract: id, name: name, kpis: kpis, publication: try publication(top, kpis))
        if let list = top["returns"] {
            guard let list = list as? [Any] else { throw fail("returns", "expected an array of return schedules") }
            for (i, element) in list.enumerated() {
                let schedule = try schedule(element, "returns[\(i)]")
                guard !definition.contractReturns.contains(where: { $0.kind == schedule.kind }) else {
                    throw fail("returns[\(i)].return", "\"\(schedule.kind.name)\" is listed twice")
                }
                definition.contractReturns.append(schedule)
            }
        }
        if let list = top["mi_figures"] {
            guard let list = list as? [Any] else { throw fail("mi_figures", "expected an array of {measure, kpi, percentage}") }
            for (i, element) in list.enumerated() {
                let path = "mi_figures[\(i)]"
                let fields = try object(element, path, allowed: ["measure", "kpi", "percentage", "comment"])
                let kpi = try string(fields["kpi"], path + ".kpi")
                guard kpis.contains(where: { $0.id == kpi }) else {
                    throw fail(path + ".kpi", "\"\(kpi)\" is not a KPI of this contract (\(kpis.map(\.id).joined(separator: ", ")))")
                }
                var percentage = false
                if let flag = fields["percentage"] {
                    guard let value = _boolean(flag) else { throw fail(path + ".percentage", "expected true or false") }
                    percentage = value
                }
                definition.miFigures.append(MIFigure(measure: try string(fields["measure"], path + ".measure"), kpi: kpi, percentage: percentage))
            }
        }
        return definition
    }

    /// The contract's `cabinet_office` and `notice` blocks; every KPI they name must be one of `kpis`.
    func publication(_ top: [String: Any], _ kpis: [KPIDefinition]) throws(ContractDefinitionError) -> PublicationSettings {
        func ids(_ value: Any?, _ path: String, allowEmpty: Bool) throws(ContractDefinitionError) -> [String] {
            guard let list = value as? [Any], allowEmpty || !list.isEmpty else {
                throw fail(path, "expected \(allowEmpty ? "an" : "a non-empty") array of KPI ids")
            }
            var out: [String] = []
            for (i, element) in list.enumerated() {
                let id = try string(element, path + "[\(i)]")
                guard kpis.contains(where: { $0.id == id }) else {
                    throw fail(path + "[\(i)]", "\"\(id)\" is not a KPI of this contract (\(kpis.map(\.id).joined(separator: ", ")))")
                }
                guard !out.contains(id) else { throw fail(path + "[\(i)]", "\"\(id)\" is listed twice") }
                out.append(id)
            }
            return out
        }
        var settings = PublicationSettings()
        if let block = top["cabinet_office"] {
            let fields = try object(block, "cabinet_office", allowed: ["top_kpis", "social_value", "comment"])
            settings.cabinetOfficeKPIs = try ids(fields["top_kpis"], "cabinet_office.top_kpis", allowEmpty: false)
            settings.socialValueKPIs = try fields["social_value"].map { v throws(ContractDefinitionError) in
                try ids(v, "cabinet_office.social_value", allowEmpty: true)
            } ?? []
            for (i, id) in settings.cabinetOfficeKPIs.enumerated() where kpis.first(where: { $0.id == id })!.isQuarterly {
                throw fail("cabinet_office.top_kpis[\(i)]", "\(id) is quarterly: list it under social_value")
            }
        }
        if let block = top["notice"] {
            let fields = try object(block, "notice", allowed: ["kpis", "minimum_items", "comment"])
            settings.noticeKPIs = try fields["kpis"].map { v throws(ContractDefinitionError) in
                try ids(v, "notice.kpis", allowEmpty: false)
            }
            if let minimum = fields["minimum_items"] {
                settings.noticeMinimumItems = try wholeNumber(minimum, "notice.minimum_items", in: 0...1_000_000)
            }
        }
        return settings
    }

    /// A KPI's `notice` block: the notice rating of each of its bands (tiers `"4"`…`"1"`, RAG `"G"`, `"A"`,
    /// `"R"`, or `"met"` and `"missed"` without bands) and an optional `inadequate_below` percentage.
    func noticeRatings(_ value: Any?, _ path: String, _ bands: RatingBands) throws(ContractDefinitionError) -> NoticeRatingMap {
        var map = NoticeRatingMap.standard
        guard let value else { return map }
        let keys: [String]
        switch bands {
        case .cabinetOffice: keys = ["4", "3", "2", "1"]
        case .rag: keys = ["G", "A", "R"]
        case .none: keys = ["met", "missed"]
        }
        let fields = try object(value, path, allowed: Set(keys + ["inadequate_below", "comment"]))
        let names = NoticeRating.allCases.map(\.rawValue)
        var chosen: [NoticeRating] = []
        for key in keys {
            guard let text = fields[key] else { chosen.append(NoticeRating.standardRating(key)); continue }
            chosen.append(NoticeRating.allCases[try choice(text, path + "." + key, from: names)])
        }
        switch bands {
        case .cabinetOffice: map.tiers = chosen
        case .rag: map.rag = chosen
        case .none: map.targetMet = chosen[0]; map.targetMissed = chosen[1]
        }
        if let bound = fields["inadequate_below"] {
            map.inadequateBelow = try percentage(bound, path + ".inadequate_below")
        }
        return map
    }

    func kpi(_ value: Any, _ path: String) throws(ContractDefinitionError) -> KPIDefinition {
        let fields = try object(value, path, allowed: [
            "id", "title", "short_name", "items", "start", "end", "deadline", "document", "documents", "about_dwp", "returns",
            "target", "tiers", "rag", "exclusions", "direction", "notice", "comment",
        ])
        let id = try string(fields["id"], path + ".id")
        let title = try fields["title"].map { v throws(ContractDefinitionError) in try string(v, path + ".title") } ?? id
        let shortName = try fields["short_name"].map { v throws(ContractDefinitionError) in try string(v, path + ".short_name") }
        if let shortName, shortName.count > KPIDefinition.shortNameLimit {
            throw fail(path + ".short_name", "\"\(shortName)\" has \(shortName.count) characters; at most \(KPIDefinition.shortNameLimit) fit a chart title")
        }
        let kinds = ["case", "rejected_report", "accepted_report", "first_submission", "complaint", "mi_return", "workforce"]
        let kind = kinds[try choice(fields["items"], path + ".items", from: kinds)]
        // Fields each kind uses; any other is a mistake worth naming.
        let uses: [String: Set<String>] = [
            "case": ["start", "end", "deadline"], "rejected_report": ["document", "deadline"],
            "accepted_report": ["document", "deadline"], "first_submission": ["documents"],
            "complaint": ["about_dwp", "deadline"], "mi_return": ["returns"], "workforce": [],
        ]
        for key in ["start", "end", "deadline", "document", "documents", "about_dwp", "returns"]
        where fields[key] != nil && !uses[kind]!.contains(key) {
            throw fail(path + "." + key, "not used by items \"\(kind)\"")
        }
        let items: MeasuredItems
        switch kind {
        case "case":
            let start = try caseField(fields["start"], path + ".start")
            items = .caseEvent(start: start, end: try caseEnd(fields["end"], path + ".end"),
                               deadline: try deadline(fields["deadline"], path + ".deadline"))
        case "rejected_report":
            items = .rejectedReport(document: try document(fields["document"], path + ".document"),
                                    deadline: try deadline(fields["deadline"], path + ".deadline"))
        case "accepted_report":
            items = .acceptedReport(document: try document(fields["document"], path + ".document"),
                                    deadline: try deadline(fields["deadline"], path + ".deadline"))
        case "first_submission":
            guard let list = fields["documents"] as? [Any], !list.isEmpty else {
                throw fail(path + ".documents", "expected a non-empty array of documents")
            }
            var documents: [UInt8] = []
            for (i, element) in list.enumerated() { documents.append(try document(element, path + ".documents[\(i)]")) }
            items = .firstSubmission(documents: documents)
        case "complaint":
            guard let about = fields["about_dwp"].flatMap(_boolean) else { throw fail(path + ".about_dwp", "expected true or false") }
            items = .complaint(aboutDWP: about, deadline: try deadline(fields["deadline"], path + ".deadline"))
        case "mi_return":
            guard let list = fields["returns"] as? [Any], !list.isEmpty else {
                throw fail(path + ".returns", "expected a non-empty array of return schedules")
            }
            var schedules: [ReturnSchedule] = []
            for (i, element) in list.enumerated() { schedules.append(try schedule(element, path + ".returns[\(i)]")) }
            items = .miReturn(schedules: schedules)
        default:
            items = .workforceRatio
        }
        let target = try percentage(fields["target"], path + ".target")
        if fields["tiers"] != nil && fields["rag"] != nil { throw fail(path, "give tiers or rag, not both") }
        var rating = RatingBands.none
        if let tiers = fields["tiers"] {
            guard let list = tiers as? [Any], list.count == 3 else {
                throw fail(path + ".tiers", "expected three lower bounds [good, near target, needs improvement]")
            }
            var bounds: [BasisPoints] = []
            for (i, element) in list.enumerated() { bounds.append(try percentage(element, path + ".tiers[\(i)]")) }
            guard bounds[0] >= bounds[1], bounds[1] >= bounds[2] else {
                throw fail(path + ".tiers", "bounds must not increase (\(bounds.map(\.description).joined(separator: ", ")))")
            }
            rating = .cabinetOffice(good: bounds[0], nearTarget: bounds[1], needsImprovement: bounds[2])
        }
        if let rag = fields["rag"] {
            let bands = try object(rag, path + ".rag", allowed: ["green", "red"])
            let green = try percentage(bands["green"], path + ".rag.green")
            let red = try percentage(bands["red"], path + ".rag.red")
            guard red <= green else { throw fail(path + ".rag", "red (\(red)) must not be above green (\(green))") }
            rating = .rag(green: green, red: red)
        }
        var allowsExclusion: Bool
        switch items {
        case .firstSubmission, .miReturn, .workforceRatio: allowsExclusion = false
        default: allowsExclusion = true
        }
        if let exclusions = fields["exclusions"] {
            guard let flag = _boolean(exclusions) else { throw fail(path + ".exclusions", "expected true or false") }
            if flag, case .workforceRatio = items { throw fail(path + ".exclusions", "workforce items have no case to withdraw") }
            if flag, case .miReturn = items { throw fail(path + ".exclusions", "return items have no case to withdraw") }
            allowsExclusion = flag
        }
        let directions = ["higher", "lower"]
        let higherIsBetter = try fields["direction"].map { v throws(ContractDefinitionError) in
            try choice(v, path + ".direction", from: directions) == 0
        } ?? true
        return KPIDefinition(id: id, title: title, shortName: shortName, items: items, target: target, rating: rating,
                             allowsExclusion: allowsExclusion, higherIsBetter: higherIsBetter,
                             noticeRatings: try noticeRatings(fields["notice"], path + ".notice", rating))
    }

    func caseField(_ value: Any?, _ path: String) throws(ContractDefinitionError) -> CaseDateField {
        CaseDateField.allCases[try choice(value, path, from: CaseDateField.allCases.map(\.rawValue))]
    }

    func document(_ value: Any?, _ path: String) throws(ContractDefinitionError) -> UInt8 {
        UInt8(try choice(value, path, from: Vocabulary.documents))
    }

    func caseEnd(_ value: Any?, _ path: String) throws(ContractDefinitionError) -> CaseEnd {
        if value is String { return .field(try caseField(value, path)) }
        guard let fields = value as? [String: Any] else {
            throw fail(path, value == nil ? "missing" : "expected a case date field name or an object with first_submitted or latest_of")
        }
        let object = try self.object(fields, path, allowed: ["first_submitted", "latest_of"])
        guard object.count == 1 else { throw fail(path, "give exactly one of first_submitted or latest_of") }
        if let document = object["first_submitted"] {
            return .firstSubmitted(document: try self.document(document, path + ".first_submitted"))
        }
        guard let list = object["latest_of"] as? [Any], !list.isEmpty else {
            throw fail(path + ".latest_of", "expected a non-empty array of case date fields")
        }
        var fieldsList: [CaseDateField] = []
        for (i, element) in list.enumerated() { fieldsList.append(try caseField(element, path + ".latest_of[\(i)]")) }
        // The item loop keeps four end columns per KPI (documented in the Item status article).
        let distinct = Set(fieldsList).count
        guard distinct <= 4 else { throw fail(path + ".latest_of", "at most 4 different fields, got \(distinct)") }
        return .latestOf(fieldsList)
    }

    func deadline(_ value: Any?, _ path: String) throws(ContractDefinitionError) -> Deadline {
        let fields = try object(value, path, allowed: ["working_days", "receipt_day", "calendar_months"])
        let limit = WorkingDayCalendar.maximumWorkingDayOffset
        if let months = fields["calendar_months"] {
            guard fields["working_days"] == nil, fields["receipt_day"] == nil else {
                throw fail(path, "give working_days (with an optional receipt_day) or calendar_months, not both")
            }
            return .calendarMonths(try wholeNumber(months, path + ".calendar_months", in: 0...24))
        }
        guard let days = fields["working_days"] else { throw fail(path, "give working_days or calendar_months") }
        var receiptDay = ReceiptDay.dayZero
        if let text = fields["receipt_day"] {
            receiptDay = try choice(text, path + ".receipt_day", from: ["day0", "day1"]) == 0 ? .dayZero : .dayOne
        }
        if let perType = days as? [String: Any] {
            let object = try self.object(perType, path + ".working_days", allowed: Set(Vocabulary.assessmentTypes))
            var values: [Int] = []
            for type in Vocabulary.assessmentTypes {
                values.append(try wholeNumber(object[type], path + ".working_days." + type, in: 0...limit))
            }
            return .workingDays(values.max()!, perAssessmentType: values, receiptDay: receiptDay)
        }
        return .workingDays(try wholeNumber(days, path + ".working_days", in: 0...limit), perAssessmentType: nil,
                            receiptDay: receiptDay)
    }

    func schedule(_ value: Any, _ path: String) throws(ContractDefinitionError) -> ReturnSchedule {
        let fields = try object(value, path, allowed: ["return", "every", "due"])
        let kind = ReturnKind.allCases[try choice(fields["return"], path + ".return", from: Vocabulary.returnKinds)]
        let everyNames: [ReturnSchedule.Periods] = [.monthly, .quarterly, .anniversary]
        let periods = everyNames[try choice(fields["every"], path + ".every", from: everyNames.map(\.rawValue))]
        let due = try object(fields["due"], path + ".due", allowed: ["working_day_of_next_month", "day_of_next_month", "working_days_after_anniversary"])
        guard due.count == 1 else {
            throw fail(path + ".due", "give exactly one of working_day_of_next_month, day_of_next_month or working_days_after_anniversary")
        }
        let limit = WorkingDayCalendar.maximumWorkingDayOffset
        if let n = due["working_day_of_next_month"] {
            guard periods != .anniversary else { throw fail(path + ".due", "working_day_of_next_month needs every \"month\" or \"quarter\"") }
            return ReturnSchedule(kind: kind, periods: periods,
                                  due: .workingDayOfNextMonth(try wholeNumber(n, path + ".due.working_day_of_next_month", in: 1...23)))
        }
        if let n = due["day_of_next_month"] {
            guard periods != .anniversary else { throw fail(path + ".due", "day_of_next_month needs every \"month\" or \"quarter\"") }
            return ReturnSchedule(kind: kind, periods: periods,
                                  due: .dayOfNextMonth(try wholeNumber(n, path + ".due.day_of_next_month", in: 1...31)))
        }
        guard periods == .anniversary else { throw fail(path + ".due", "working_days_after_anniversary needs every \"anniversary\"") }
        return ReturnSchedule(kind: kind, periods: periods, due: .workingDaysAfterAnniversary(
            try wholeNumber(due["working_days_after_anniversary"], path + ".due.working_days_after_anniversary", in: 0...limit)))
    }
}
