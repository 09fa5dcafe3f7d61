import Foundation
import KPIEngine
import _ATWUtilities

/// When a KPI's shortfall is *material*: statistical evidence that it is real, not chance.
///
/// Rule: a KPI below target in a month has evidence when at least one enabled test says so:
/// - the one-sided exact binomial test (``Assurance/ShortfallTest``) on ``testWindow`` (its months so far when
///   the window is partial) is significant at ``confidence`` with at least ``minimumItems`` items;
/// - ``spcConcern``: its in-month control chart point is a special cause of concern;
/// - ``assuranceFail``: its in-month control limits sit wholly below the target.
/// When ``required`` is false (the strict contractual reading) every shortfall counts, evidence or not.
public struct PMIREvidence: Sendable, Equatable {
    public var required: Bool
    public var testWindow: ReportWindow
    public var confidence: Double
    public var minimumItems: Int
    public var spcConcern: Bool
    public var assuranceFail: Bool

    public init(required: Bool, testWindow: ReportWindow = .rolling3, confidence: Double = 0.95, minimumItems: Int = 30,
                spcConcern: Bool = true, assuranceFail: Bool = true) {
        self.required = required
        self.testWindow = testWindow
        self.confidence = confidence
        self.minimumItems = minimumItems
        self.spcConcern = spcConcern
        self.assuranceFail = assuranceFail
    }

    /// No evidence needed: every shortfall counts.
    public static let none = PMIREvidence(required: false)
}

/// The thresholds of the Performance Management and Intervention Regime, as data.
///
/// Rule: two policies ship (``PMIRPolicy/shippedNames``): `default` (`pmir-default.json`), in which a shortfall
/// counts against a provider only with evidence (``PMIREvidence``), and `strict-contract`
/// (`pmir-strict-contract.json`), the literal contractual reading in which any month below target counts.
/// `--policy NAME|FILE` picks one or reads a file of the same form. Every threshold is a whole number of
/// months (≥ 1), or `0` to switch a trigger off. An unknown key, a missing key or a value of the wrong kind
/// is an error naming the file and the field. Files of format 1 (this project's first form, without
/// `evidence`) are still read, as strict policies.
///
/// ```json
/// {"format": 2, "name": "…",
///  "evidence": {"required": true, "test_window": "rolling_3", "confidence": 0.95, "minimum_items": 30,
///               "spc_concern": true, "assurance_fail": true},
///  "to_enhanced": {"in_month_below_target_consecutive_months": 0, "rolling_3_below_target_consecutive_months": 2,
///                  "partial_rolling_3_counts": true},
///  "to_informal": {"months_at_enhanced_still_below_target": 2, "still_below_target_window": "rolling_3",
///                  "still_below_same_kpi": true, "lowest_rating_consecutive_months": 2},
///  "to_formal": {"months_at_informal": 3, "rolling_3_not_improving_over_months": 3},
///  "step_down": {"months_every_kpi_on_target": 3}}
/// ```
public struct PMIRPolicy: Sendable, Equatable {
    public var name: String
    /// What makes a shortfall material.
    public var evidence: PMIREvidence
    /// Level 1 → 2: a KPI below target in-month for this many consecutive months (0: off).
    public var inMonthBelowTargetMonths: Int
    /// Level 1 → 2: a KPI below target on its rolling 3-month window for this many consecutive months (0: off).
    public var rolling3BelowTargetMonths: Int
    /// Whether a rolling 3-month window that reaches before the service start can be below target.
    public var partialRolling3Counts: Bool
    /// Level 2 → 3: this many consecutive months at level 2 with some KPI still below target …
    public var monthsAtEnhancedStillBelow: Int
    /// … on this window (in-month or rolling 3); also the window of level 3 → 4's failing KPI …
    public var stillBelowWindow: ReportWindow
    /// … and whether it must be the same KPI every month (rather than any KPI each month).
    public var stillBelowSameKPI: Bool
    /// Levels 1-2 → 3: a KPI in its lowest tier (or Red) for this many consecutive months (0: off).
    public var lowestRatingMonths: Int
    /// Level 3 → 4: this many months at level 3 …
    public var monthsAtInformal: Int
    /// … with a failing KPI whose rolling 3-month rate is no better than this many months before.
    public var notImprovingOverMonths: Int
    /// Down one level after this many consecutive months with no KPI counting against the provider.
    public var stepDownMonths: Int

    /// The policies shipped with the engine, by the name `--policy` takes.
    public static let shippedNames = ["default", "strict-contract"]

    /// The evidence-based default policy.
    public static var `default`: PMIRPolicy {
        get throws(PMIRPolicyError) { try shipped("default") }
    }

    /// The literal contractual policy: any month below target counts.
    public static var strictContract: PMIRPolicy {
        get throws(PMIRPolicyError) { try shipped("strict-contract") }
    }

    /// A shipped policy by name (``shippedNames``).
    public static func shipped(_ name: String) throws(PMIRPolicyError) -> PMIRPolicy {
        guard let text = shippedText(name) else {
            throw PMIRPolicyError(file: name, field: "", reason: "no shipped policy of that name (shipped: \(shippedNames.joined(separator: ", ")))")
        }
        return try PMIRPolicy(json: Data(text.utf8), file: "pmir-\(name).json")
    }

    /// The built-in default policy file's text (to copy and edit).
    public static var defaultText: String { shippedText("default") ?? "" }

    /// A shipped policy file's text, or `nil` for an unknown name.
    public static func shippedText(_ name: String) -> String? {
        guard shippedNames.contains(name),
              let url = Bundle.module.url(forResource: "pmir-\(name)", withExtension: "json", subdirectory: "Policies"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return text
    }

    /// Reads a policy file.
    public init(file path: String) throws(PMIRPolicyError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PMIRPolicyError(file: path, field: "", reason: "cannot read the file")
        }
        try self.init(json: data, file: path)
    }

    /// Parses a policy from JSON; `file` names it in errors.
    public init(json data: Data, file: String) throws(PMIRPolicyError) {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw PMIRPolicyError(file: file, field: "", reason: "not a JSON object")
        }
        func fail(_ field: String, _ reason: String) -> PMIRPolicyError { PMIRPolicyError(file: file, field: field, reason: reason) }
        func object(_ parent: [String: Any], _ key: String, keys: Set<String>) throws(PMIRPolicyError) -> [String: Any] {
            guard let value = parent[key] else { throw fail(key, "missing") }
            guard let dictionary = value as? [String: Any] else { throw fail(key, "expected an object") }
            if let unknown = Set(dictionary.keys).subtracting(keys).sorted().first {
                throw fail(key + "." + unknown, "unknown field (expected one of \(keys.sorted().joined(separator: ", ")))")
            }
            return dictionary
        }
        func value(_ parent: [String: Any], _ key: String, path: String) throws(PMIRPolicyError) -> Any {
            guard let value = parent[key] else { throw fail(path + "." + key, "missing") }
            return value
        }
        func months(_ parent: [String: Any], _ key: String, path: String) throws(PMIRPolicyError) -> Int {
            let v = try value(parent, key, path: path)
            guard let n = _wholeNumber(v, in: 0...120) else {
                throw fail(path + "." + key, "expected a whole number of months from 0 to 120, got \(_shown(v))")
            }
            return n
        }
        func flag(_ parent: [String: Any], _ key: String, path: String) throws(PMIRPolicyError) -> Bool {
            let v = try value(parent, key, path: path)
            guard let flag = _boolean(v) else { throw fail(path + "." + key, "expected true or false, got \(_shown(v))") }
            return flag
        }
        func window(_ parent: [String: Any], _ key: String, path: String, allowed: [ReportWindow]) throws(PMIRPolicyError) -> ReportWindow {
            let v = try value(parent, key, path: path)
            guard let text = v as? String, let w = ReportWindow(rawValue: text), allowed.contains(w) else {
                throw fail(path + "." + key, "expected one of \(allowed.map(\.rawValue).joined(separator: ", ")), got \(_shown(v))")
            }
            return w
        }
        guard let formatValue = root["format"], let format = _wholeNumber(formatValue, in: 1...2) else {
            throw fail("format", "expected 1 or 2 (the formats this version reads)")
        }
        let top: Set = format == 1 ? ["format", "name", "to_enhanced", "to_informal", "to_formal", "step_down"]
            : ["format", "name", "evidence", "to_enhanced", "to_informal", "to_formal", "step_down"]
        if let unknown = Set(root.keys).subtracting(top).sorted().first {
            throw fail(unknown, "unknown field (expected one of \(top.sorted().joined(separator: ", ")))")
        }
        name = root["name"] as? String ?? file
        if format == 1 {
            evidence = .none
            let enhanced = try object(root, "to_enhanced", keys: ["in_month_below_target_consecutive_months", "rolling_3_below_target"])
            inMonthBelowTargetMonths = try months(enhanced, "in_month_below_target_consecutive_months", path: "to_enhanced")
            rolling3BelowTargetMonths = try flag(enhanced, "rolling_3_below_target", path: "to_enhanced") ? 1 : 0
            partialRolling3Counts = false
            let informal = try object(root, "to_informal", keys: ["months_at_enhanced_still_below_target", "lowest_rating_consecutive_months"])
            monthsAtEnhancedStillBelow = try months(informal, "months_at_enhanced_still_below_target", path: "to_informal")
            stillBelowWindow = .inMonth
            stillBelowSameKPI = false
            lowestRatingMonths = try months(informal, "lowest_rating_consecutive_months", path: "to_informal")
        } else {
            let e = try object(root, "evidence", keys: ["required", "test_window", "confidence", "minimum_items", "spc_concern", "assurance_fail"])
            let confidenceValue = try value(e, "confidence", path: "evidence")
            guard let confidence = (confidenceValue as? NSNumber)?.doubleValue, !_isBoolean(confidenceValue),
                  confidence >= 0.5, confidence < 1 else {
                throw fail("evidence.confidence", "expected a number from 0.5 to below 1 (e.g. 0.95), got \(_shown(confidenceValue))")
            }
            let minimumValue = try value(e, "minimum_items", path: "evidence")
            guard let minimum = _wholeNumber(minimumValue, in: 0...1_000_000) else {
                throw fail("evidence.minimum_items", "expected a whole number of items from 0 to 1000000, got \(_shown(minimumValue))")
            }
            evidence = PMIREvidence(
                required: try flag(e, "required", path: "evidence"),
                testWindow: try window(e, "test_window", path: "evidence", allowed: ReportWindow.monthly),
                confidence: confidence, minimumItems: minimum,
                spcConcern: try flag(e, "spc_concern", path: "evidence"),
                assuranceFail: try flag(e, "assurance_fail", path: "evidence"))
            let enhanced = try object(root, "to_enhanced", keys: ["in_month_below_target_consecutive_months",
                                                                  "rolling_3_below_target_consecutive_months", "partial_rolling_3_counts"])
            inMonthBelowTargetMonths = try months(enhanced, "in_month_below_target_consecutive_months", path: "to_enhanced")
            rolling3BelowTargetMonths = try months(enhanced, "rolling_3_below_target_consecutive_months", path: "to_enhanced")
            partialRolling3Counts = try flag(enhanced, "partial_rolling_3_counts", path: "to_enhanced")
            let informal = try object(root, "to_informal", keys: ["months_at_enhanced_still_below_target", "still_below_target_window",
                                                                  "still_below_same_kpi", "lowest_rating_consecutive_months"])
            monthsAtEnhancedStillBelow = try months(informal, "months_at_enhanced_still_below_target", path: "to_informal")
            stillBelowWindow = try window(informal, "still_below_target_window", path: "to_informal", allowed: [.inMonth, .rolling3])
            stillBelowSameKPI = try flag(informal, "still_below_same_kpi", path: "to_informal")
            lowestRatingMonths = try months(informal, "lowest_rating_consecutive_months", path: "to_informal")
        }
        let formal = try object(root, "to_formal", keys: ["months_at_informal", "rolling_3_not_improving_over_months"])
        monthsAtInformal = try months(formal, "months_at_informal", path: "to_formal")
        notImprovingOverMonths = try months(formal, "rolling_3_not_improving_over_months", path: "to_formal")
        let down = try object(root, "step_down", keys: ["months_every_kpi_on_target"])
        stepDownMonths = try months(down, "months_every_kpi_on_target", path: "step_down")
    }
}

/// A policy file that cannot be used: which file, which field, why.
public struct PMIRPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var field: String
    public var reason: String
    public var description: String { field.isEmpty ? "\(file): \(reason)" : "\(file): \(field): \(reason)" }
}
