import CaseData
import SyntheticData
import Foundation
import KPIEngine
import PMIR
import Testing
import WorkingDays

/// Twelve providers over 36 months (about 100 cases a month each) with fixed, known quality: in every block of
/// six, P1, P2, P4, P6 are half a point above target on every KPI, P3 is 3 points below throughout and P5
/// is half a point above until October 2025 and 3 points below from then.
private func timeline(seed: UInt64) throws -> (rows: [PMIRRow], roles: [String: String]) {
    var qualities: [String: ProviderQuality] = [:], roles: [String: String] = [:]
    for i in 1...12 {
        let id = "P" + String(format: "%03d", i)
        switch (i - 1) % 6 {
        case 2: qualities[id] = ProviderQuality("-3"); roles[id] = "bad"
        case 4: qualities[id] = ProviderQuality("+0.5,2025-10:-3"); roles[id] = "drop"
        default: qualities[id] = ProviderQuality("+0.5"); roles[id] = "good"
        }
    }
    let configuration = SyntheticDatasetConfiguration(providers: 12, months: 36, cases: 43_200, seed: seed, qualities: qualities)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quality-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try SyntheticDataset.write(configuration, to: folder)
    let dataset = try Dataset.load(folder: folder)
    let evaluation = KPIEvaluation(dataset: dataset, catalog: try ContractCatalog.builtIn, asOf: configuration.lastMonth.lastDay)
    return (PMIRTimeline(KPIReport(evaluation), policy: try .default).rows, roles)
}

@Suite("PMIR on generated data of known quality (default policy)")
struct GeneratedQualityTests {
    @Test(arguments: [1, 3, 4] as [UInt64])
    func goodProvidersStayStandardBadOnesAreFoundAndDropsAreSeen(seed: UInt64) throws {
        let (rows, roles) = try timeline(seed: seed)
        let drop = Month(year: 2025, month: 10)
        for (id, role) in roles.sorted(by: { $0.key < $1.key }) {
            let mine = rows.filter { $0.providerID == id }
            let levels = mine.map(\.level)
            switch role {
            case "good":
                // At level 1 in at least 90% of months, never above level 2.
                #expect(levels.filter { $0 == .standard }.count * 10 >= levels.count * 9, "\(id): \(levels)")
                #expect(levels.allSatisfy { $0 <= .enhanced }, "\(id): \(levels)")
            case "bad":
                // Level 3 within 6 months of the service start.
                #expect(levels.prefix(6).contains { $0 >= .informal }, "\(id): \(levels)")
            default:
                // Never above 2 before the drop; level 2 within 3 months of it.
                #expect(mine.filter { $0.month < drop }.allSatisfy { $0.level <= .enhanced }, "\(id): \(levels)")
                #expect(mine.filter { $0.month >= drop && $0.month <= drop.advanced(by: 3) }.contains { $0.level >= .enhanced }, "\(id): \(levels)")
            }
        }
    }
}
