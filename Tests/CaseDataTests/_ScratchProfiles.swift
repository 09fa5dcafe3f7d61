@testable import CaseData
import Foundation
import Testing
import WorkingDays

@Test func _scratchDumpProfiles() {
    guard ProcessInfo.processInfo.environment["DUMP_PROFILES"] != nil else { return }
    let plan = _GenerationPlan(SyntheticDatasetConfiguration(providers: 40, months: 36, cases: 2_000_000, seed: 1))
    var out = ""
    for p in plan.profiles {
        for m in 0..<36 {
            let month = plan.configuration.firstMonth.advanced(by: m)
            out += "\(p.id),\(month),\(plan.onTime(0.992, p, month)),\(plan.onTime(0.965, p, month)),\(plan.onTime(0.962, p, month))\n"
        }
    }
    try! out.write(toFile: "/tmp/profiles.csv", atomically: true, encoding: .utf8)
}
