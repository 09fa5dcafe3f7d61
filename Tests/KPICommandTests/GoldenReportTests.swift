import Foundation
import Testing
import _TestSupport

/// Data-driven end-to-end tests: each folder of `Golden/` holds `arguments` (one line; `{fixtures}` is the
/// Golden folder) and `expected` (the exact standard output), and optionally `status` (the exit status, 0 when
/// absent) and `stderr` (the exact standard error). `{fixtures}` in the outputs stands for the Golden folder's
/// path. Inputs and expected outputs were worked out by hand; each folder's README.md or its data's says how.
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
        let status = (try? String(contentsOf: folder.appendingPathComponent("status"), encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        let result = try KPIBinary.run(arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stdout.replacingOccurrences(of: Self.root.path, with: "{fixtures}") == expected)
        if let stderr = try? String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8) {
            #expect(result.stderr.replacingOccurrences(of: Self.root.path, with: "{fixtures}") == stderr)
        }
    }

    /// Every folder of `Golden/` is a case: none is skipped for want of its `arguments` or `expected`.
    @Test func everyGoldenFolderIsACase() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.path).filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(name).path, isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
        #expect(Self.cases == folders)
        for name in folders {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(name + "/expected").path), "\(name) has no expected")
        }
        // The commands covered.
        let commands = Set(try folders.map { try String(contentsOf: Self.root.appendingPathComponent($0 + "/arguments"), encoding: .utf8).split(separator: " ")[0] })
        #expect(commands == ["calendar", "cases", "describe", "forecast", "mi", "notice", "pmir", "report", "sample", "validate"])
    }
}
