import Foundation
import _ATWUtilities

/// Writes that cannot half-happen: a file or a folder appears complete, or the previous one stays.
///
/// Rule (the DocC article "Reading a dataset"): a file is written to a temporary file beside it
/// (`.NAME.partial-PID`) and renamed over the target only when complete, so an interrupted or failed run leaves
/// the previous file intact and no partial file behind. A folder that does not exist yet is written under a
/// temporary name and renamed into place; into an existing folder every file is first written as a temporary
/// file, and only when all are complete are they renamed over the old ones (other files in the folder are
/// left alone).
///
/// ```swift
/// try AtomicWrite.file("report.csv") { temporary throws(DatasetError) in
///     try AtomicWrite.bytes(Array("a,b\n".utf8), to: temporary)
/// }
/// ```
public enum AtomicWrite {
    /// The temporary name of `path` in the same folder.
    static func temporary(_ path: String, _ tag: String = "partial") -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(tag)-\(getpid())").path
    }

    /// Runs `body` with a temporary path beside `path`, then renames it over `path`; on an error the temporary
    /// file is removed and `path` is untouched.
    public static func file(_ path: String, _ body: (String) throws(DatasetError) -> Void) throws(DatasetError) {
        let staging = temporary(path)
        do throws(DatasetError) {
            try body(staging)
        } catch {
            unlink(staging)
            throw error
        }
        guard rename(staging, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(staging)
            throw DatasetError(path: path, reason: "cannot replace the file (\(reason))")
        }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(DatasetError) {
        try file(path) { staging throws(DatasetError) in try self.bytes(bytes, to: staging) }
    }

    /// Writes `bytes` to a new file at `path` (not atomically: for the staging file of ``file(_:_:)``).
    public static func bytes(_ bytes: [UInt8], to path: String) throws(DatasetError) {
        let writer = try _FileWriter.creating(path)
        do throws(DatasetError) {
            try writer.append(bytes)
        } catch {
            try? writer.close()
            throw error
        }
        try writer.finish()
    }

    /// Writes the files of a folder: `body` receives a folder to write every file into and returns the file
    /// names it wrote; they appear in `folder` all together or not at all.
    public static func folder(_ folder: String, _ body: (String) throws(DatasetError) -> [String]) throws(DatasetError) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw DatasetError(path: folder, reason: "exists and is not a folder") }
        let staging = temporary(folder)
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw DatasetError(path: folder, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        let names: [String]
        do throws(DatasetError) {
            names = try body(staging)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        if !exists {
            guard rename(staging, folder) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: staging)
                throw DatasetError(path: folder, reason: "cannot create the folder (\(reason))")
            }
            return
        }
        // Into an existing folder: every file is complete in the staging folder; rename each into place.
        for name in names {
            let target = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            guard rename(staging + "/" + name, target) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: staging)
                throw DatasetError(path: target, reason: "cannot replace the file (\(reason))")
            }
        }
        try? FileManager.default.removeItem(atPath: staging)
    }
}
