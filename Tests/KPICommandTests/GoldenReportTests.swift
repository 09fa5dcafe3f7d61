import Foundation
import Testing
import _TestSupport

/// Data-driven end-to-end tests: each folder of `Golden/` holds `arguments` (one line; `{fixtures}` is the
/// Golden folder) and `expected` (the exact standard output). Inputs and expected outputs were worked out
/// by hand; each folder's README.md or its data's says how.
@Suite("kpi golden outputs")
struct GoldenReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0 + "/arguments").path) }
            .sorted()
    }

    @Test(arguments: cases)
    func outputMatchesExactly(_ name: String) throws {
        let folder = Self.root.appendingPathComponent(name)
        let line = try String(contentsOf: folder.appendingPathComponent("arguments"), encoding: .utf8)
        let arguments = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
            .map { $0.replacingOccurrences(of: "{fixtures}", with: Self.root.path) }
        let expected = try String(contentsOf: folder.appendingPathComponent("expected"), encoding: .utf8)
        let result = try KPIBinary.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected)
    }

    @Test func everyGoldenFolderIsFound() {
        #expect(Self.cases == ["calendar-scotland-2026", "cases-worked-examples", "mi-due-dates-worked-examples",
                               "notice-worked-examples", "notice-worked-examples-json", "worked-examples",
                               "worked-examples-json", "worked-examples-table"])
    }
}
