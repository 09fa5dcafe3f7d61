import Foundation

/// Runs the real `kpi` executable that `swift build` placed beside the test bundle.
public enum KPIBinary {
    /// What one run of `kpi` produced.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The built `kpi` executable (in the same products folder as the running test binary).
    public static var url: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test runner is `<pkg>PackageTests.xctest` in the products folder itself.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("kpi")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/kpi")
    }

    /// Runs `kpi` with `arguments`, optionally in `directory`, and waits for it.
    public static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}

/// Temporary folders for tests, removed by the caller.
public enum TemporaryFolder {
    /// A new empty folder under the system's temporary directory.
    public static func make(_ label: String = "kpi-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Folders of this repository that tests read.
public enum RepositoryFolder {
    /// `Datasets/sample`, the bundled sample dataset.
    public static var sampleDataset: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Datasets/sample").path
    }
}

/// Files of the workplace's `shared/` folder, which exists beside the repository on development machines
/// and in CI but is never needed at run time; tests that use it are skipped when it is absent.
public enum SharedReference {
    /// The GOV.UK bank holidays CSV (`division,date,title,notes,bunting`), if present.
    public static var govUKBankHolidaysCSV: URL? {
        let here = URL(fileURLWithPath: #filePath)
        var folder = here.deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("shared/data/gov-uk-bank-holidays-2012-2028.csv")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }
}
