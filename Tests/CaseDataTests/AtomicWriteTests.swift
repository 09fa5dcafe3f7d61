import CaseData
import Foundation
import Testing
import _TestSupport

@Suite("Writes that cannot half-happen")
struct AtomicWriteTests {
    @Test func aFailedWriteLeavesThePreviousFileAndNoPartialFile() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.csv").path
        try AtomicWrite.write(Array("old\n".utf8), to: path)
        // A writer that fails half way: it has written part of the new file when it throws.
        #expect(throws: DatasetError.self) {
            try AtomicWrite.file(path) { staging throws(DatasetError) in
                try AtomicWrite.bytes(Array("new, half".utf8), to: staging)
                throw DatasetError(path: staging, reason: "interrupted")
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.csv"])
        try AtomicWrite.write(Array("new\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
    }

    @Test func aFolderAppearsWholeOrTheOldFilesStay() throws {
        let root = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("dataset").path
        // A new folder that fails is not created at all.
        #expect(throws: DatasetError.self) {
            try AtomicWrite.folder(target) { staging throws(DatasetError) in
                try AtomicWrite.bytes(Array("a".utf8), to: staging + "/a.csv")
                throw DatasetError(path: staging, reason: "interrupted")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        try AtomicWrite.folder(target) { staging throws(DatasetError) in
            try AtomicWrite.bytes(Array("a1".utf8), to: staging + "/a.csv")
            try AtomicWrite.bytes(Array("b1".utf8), to: staging + "/b.csv")
            return ["a.csv", "b.csv"]
        }
        try "keep".write(toFile: target + "/notes.txt", atomically: false, encoding: .utf8)
        // Into an existing folder: a failure after the first file leaves both old files.
        #expect(throws: DatasetError.self) {
            try AtomicWrite.folder(target) { staging throws(DatasetError) in
                try AtomicWrite.bytes(Array("a2".utf8), to: staging + "/a.csv")
                throw DatasetError(path: staging, reason: "interrupted")
            }
        }
        #expect(try String(contentsOfFile: target + "/a.csv", encoding: .utf8) == "a1")
        try AtomicWrite.folder(target) { staging throws(DatasetError) in
            try AtomicWrite.bytes(Array("a3".utf8), to: staging + "/a.csv")
            try AtomicWrite.bytes(Array("b3".utf8), to: staging + "/b.csv")
            return ["a.csv", "b.csv"]
        }
        #expect(try String(contentsOfFile: target + "/b.csv", encoding: .utf8) == "b3")
        // Other files of the folder are left alone; no staging folder remains.
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).sorted() == ["a.csv", "b.csv", "notes.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["dataset"])
    }
}
