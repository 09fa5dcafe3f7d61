import Foundation
import Testing
import _ATWFuzzing

/// The checked-in fuzz corpus and every input that ever crashed a harness, replayed through the harnesses' bodies.
struct CorpusReplayTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ kind: String, _ harness: FuzzHarness) -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(harness.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".expected") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test("every harness has a corpus, and every corpus input runs to an answer", arguments: FuzzHarness.allCases)
    func corpusInputsRunWithoutTrapping(_ harness: FuzzHarness) throws {
        let inputs = Self.inputs("Corpus", harness)
        #expect(!inputs.isEmpty, "Tests/Fuzz/Corpus/\(harness.rawValue) is empty")
        var read = 0
        for url in inputs {
            if case .read = harness.run(Array(try Data(contentsOf: url))) { read += 1 }
        }
        // A corpus that only ever reaches the first refusal explores nothing: some of its inputs must read.
        #expect(read > 0, "no input of the \(harness.rawValue) corpus is read")
    }

    @Test("every input that ever crashed a harness gets its recorded answer", arguments: FuzzHarness.allCases)
    func crashInputsGetTheirRecordedAnswer(_ harness: FuzzHarness) throws {
        for url in Self.inputs("Crashes", harness) {
            let expected = try String(contentsOf: url.appendingPathExtension("expected"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let outcome = harness.run(Array(try Data(contentsOf: url)))
            // Scratch folders differ between runs: compare from the file name on.
            #expect(Self.normalised("\(outcome)") == expected, "\(url.lastPathComponent)")
        }
    }

    /// `text` with scratch folder paths (`/tmp/atw-fuzz-<uuid>/`) removed.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: #"/[^ ]*atw-fuzz-[0-9A-F-]+/"#, with: "", options: .regularExpression)
    }
}
