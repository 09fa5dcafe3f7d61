import Foundation
import Testing
import _TestSupport

/// Data-driven end-to-end tests: each folder of `Golden/` holds `arguments` (one line; `{fixtures}` is the
/// Golden folder, `{out}` a fresh empty folder for files the command writes) and `expected` (the exact standard
/// output), and optionally `status` (the exit status, 0 when absent), `stderr` (the exact standard error) and
/// `files/` (each file the command must have written in `{out}`, by name: text files exactly; a workbook
/// (`.xlsx`, `.ods`) as `<name>.parts`, every part of its archive in order, "== path ==" and the part's text).
/// `{fixtures}` and `{out}` in the outputs stand for those paths. The worked-examples cases' inputs and outputs
/// were worked out by hand (each folder's README.md or its data's says how); the cases whose README.md says
/// "snapshot" hold the outside fixed while the inside is rebuilt: a change to them must be explained.
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
        let out = try TemporaryFolder.make("kpi-golden")
        defer { try? FileManager.default.removeItem(at: out) }
        let line = try String(contentsOf: folder.appendingPathComponent("arguments"), encoding: .utf8)
        let arguments = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
            .map { $0.replacingOccurrences(of: "{fixtures}", with: Self.root.path).replacingOccurrences(of: "{out}", with: out.path) }
        let expected = try String(contentsOf: folder.appendingPathComponent("expected"), encoding: .utf8)
        let status = (try? String(contentsOf: folder.appendingPathComponent("status"), encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        let result = try KPIBinary.run(arguments)
        func normalised(_ text: String) -> String {
            text.replacingOccurrences(of: out.path, with: "{out}").replacingOccurrences(of: Self.root.path, with: "{fixtures}")
        }
        #expect(result.status == status, "\(result.stderr)")
        #expect(normalised(result.stdout) == expected)
        if let stderr = try? String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8) {
            #expect(normalised(result.stderr) == stderr)
        }
        let files = folder.appendingPathComponent("files")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: files.path).sorted()) ?? [] {
            let want = try String(contentsOf: files.appendingPathComponent(file), encoding: .utf8)
            if file.hasSuffix(".parts") {
                let written = out.appendingPathComponent(String(file.dropLast(".parts".count)))
                // A row's height is estimated from its wrapped text, and the cover quotes the command line with the
                // fixtures' absolute path: heights are compared as present, not by value (the text itself is).
                #expect(Self.withoutRowHeights(normalised(try Self.parts(of: written))) == Self.withoutRowHeights(want), "\(name): \(file)")
            } else {
                let written = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
                #expect(normalised(written) == want, "\(name): \(file)")
            }
        }
    }

    /// A workbook part's text with each row height (`ht="87.0"`) as `ht="…"`.
    static func withoutRowHeights(_ text: String) -> String {
        text.replacing(/\sht="[0-9.]+"/, with: " ht=\"…\"")
    }

    /// Every part of a workbook archive, in the archive's order: "== path ==", then the part's text.
    static func parts(of workbook: URL) throws -> String {
        try workbookEntryList(workbook.path).map { "== \($0.path) ==\n" + $0.text + "\n" }.joined()
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
        // Every subcommand `kpi --help` lists has a case.
        let commands = Set(try folders.map {
            try String(contentsOf: Self.root.appendingPathComponent($0 + "/arguments"), encoding: .utf8)
                .split(whereSeparator: \.isWhitespace)[0]
        })
        // The SUBCOMMANDS section: lines up to the first blank one, a name in column 3 begins an entry.
        let help = try KPIBinary.run(["--help"]).stdout
        let section = help.components(separatedBy: "SUBCOMMANDS:\n").last!.components(separatedBy: "\n\n")[0]
        let listed = section.split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.compactMap { $0.split(separator: " ").first }
        #expect(!listed.isEmpty)
        for command in listed { #expect(commands.contains(command), "no golden case runs kpi \(command)") }
    }
}
