import Foundation
import KPIEngine

/// The thresholds of the Performance Management and Intervention Regime, as data.
///
/// Rule: the SPEC's default ships as `pmir-default.json` (``PMIRPolicy/default``); `--policy FILE` replaces it
/// with a file of the same form. Every threshold is a whole number of months (≥ 1), or `0` / `false` to switch
/// a trigger off. An unknown key, a missing key or a value of the wrong kind is an error naming the file and
/// the field.
///
/// ```json
/// {"format": 1, "name": "…",
///  "to_enhanced": {"in_month_below_target_consecutive_months": 2, "rolling_3_below_target": true},
///  "to_informal": {"months_at_enhanced_still_below_target": 3, "lowest_rating_consecutive_months": 2},
///  "to_formal": {"months_at_informal": 3, "rolling_3_not_improving_over_months": 3},
///  "step_down": {"months_every_kpi_on_target": 3}}
/// ```
public struct PMIRPolicy: Sendable, Equatable {
    public var name: String
    /// Level 1 → 2: a KPI below target in-month for this many consecutive months (0: off).
    public var inMonthBelowTargetMonths: Int
    /// Level 1 → 2: a KPI below target on its rolling 3-month window.
    public var rolling3BelowTarget: Bool
    /// Level 2 → 3: this many consecutive months at level 2 with some KPI still below target in-month.
    public var monthsAtEnhancedStillBelow: Int
    /// Levels 1-2 → 3: a KPI in its lowest tier (or Red) for this many consecutive months (0: off).
    public var lowestRatingMonths: Int
    /// Level 3 → 4: this many months at level 3 …
    public var monthsAtInformal: Int
    /// … with a KPI below target whose rolling 3-month rate is no better than this many months before.
    public var notImprovingOverMonths: Int
    /// Down one level after this many consecutive months with every KPI on target.
    public var stepDownMonths: Int

    /// The SPEC's default policy.
    public static var `default`: PMIRPolicy {
        get throws(PMIRPolicyError) {
            guard let url = Bundle.module.url(forResource: "pmir-default", withExtension: "json", subdirectory: "Policies"),
                  let data = try? Data(contentsOf: url) else {
                throw PMIRPolicyError(file: "pmir-default.json", field: "", reason: "the built-in policy is missing from the bundle")
            }
            return try PMIRPolicy(json: data, file: "pmir-default.json")
        }
    }

    /// The built-in policy file's text (to copy and edit).
    public static var defaultText: String {
        guard let url = Bundle.module.url(forResource: "pmir-default", withExtension: "json", subdirectory: "Policies"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
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
        func object(_ parent: [String: Any], _ key: String, path: String, keys: Set<String>) throws(PMIRPolicyError) -> [String: Any] {
            guard let value = parent[key] else { throw PMIRPolicyError(file: file, field: path, reason: "missing") }
            guard let dictionary = value as? [String: Any] else { throw PMIRPolicyError(file: file, field: path, reason: "expected an object") }
            if let unknown = Set(dictionary.keys).subtracting(keys).sorted().first {
                throw PMIRPolicyError(file: file, field: path + "." + unknown, reason: "unknown field (expected one of \(keys.sorted().joined(separator: ", ")))")
            }
            return dictionary
        }
        func months(_ parent: [String: Any], _ key: String, path: String) throws(PMIRPolicyError) -> Int {
            let field = path + "." + key
            guard let value = parent[key] else { throw PMIRPolicyError(file: file, field: field, reason: "missing") }
            guard let n = _wholeNumber(value, in: 0...120) else {
                throw PMIRPolicyError(file: file, field: field, reason: "expected a whole number of months from 0 to 120, got \(_shown(value))")
            }
            return n
        }
        func flag(_ parent: [String: Any], _ key: String, path: String) throws(PMIRPolicyError) -> Bool {
            let field = path + "." + key
            guard let value = parent[key] else { throw PMIRPolicyError(file: file, field: field, reason: "missing") }
            guard let flag = _boolean(value) else {
                throw PMIRPolicyError(file: file, field: field, reason: "expected true or false, got \(_shown(value))")
            }
            return flag
        }
        let top: Set = ["format", "name", "to_enhanced", "to_informal", "to_formal", "step_down"]
        if let unknown = Set(root.keys).subtracting(top).sorted().first {
            throw PMIRPolicyError(file: file, field: unknown, reason: "unknown field (expected one of \(top.sorted().joined(separator: ", ")))")
        }
        guard let format = root["format"], _wholeNumber(format, in: 1...1) == 1 else {
            throw PMIRPolicyError(file: file, field: "format", reason: "expected 1 (the only format this version reads)")
        }
        name = root["name"] as? String ?? file
        let enhanced = try object(root, "to_enhanced", path: "to_enhanced",
                                  keys: ["in_month_below_target_consecutive_months", "rolling_3_below_target"])
        inMonthBelowTargetMonths = try months(enhanced, "in_month_below_target_consecutive_months", path: "to_enhanced")
        rolling3BelowTarget = try flag(enhanced, "rolling_3_below_target", path: "to_enhanced")
        let informal = try object(root, "to_informal", path: "to_informal",
                                  keys: ["months_at_enhanced_still_below_target", "lowest_rating_consecutive_months"])
        monthsAtEnhancedStillBelow = try months(informal, "months_at_enhanced_still_below_target", path: "to_informal")
        lowestRatingMonths = try months(informal, "lowest_rating_consecutive_months", path: "to_informal")
        let formal = try object(root, "to_formal", path: "to_formal", keys: ["months_at_informal", "rolling_3_not_improving_over_months"])
        monthsAtInformal = try months(formal, "months_at_informal", path: "to_formal")
        notImprovingOverMonths = try months(formal, "rolling_3_not_improving_over_months", path: "to_formal")
        let down = try object(root, "step_down", path: "step_down", keys: ["months_every_kpi_on_target"])
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
