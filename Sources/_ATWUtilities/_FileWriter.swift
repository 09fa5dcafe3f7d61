import Foundation

/// Why a file could not be written: the path and the system's reason.
package struct _FileError: Error, Sendable, Equatable {
    package var path: String
    package var reason: String

    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// Appends bytes to a new file (created or truncated; not atomic: the machinery under CaseData's
/// `AtomicWrite`, which writes through it into a staging file).
package struct _FileWriter {
    package let path: String
    let fd: Int32

    package init(path: String) throws(_FileError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw _FileError(path: path, reason: "cannot create the file (\(String(cString: strerror(errno))))") }
    }

    package func write(_ bytes: [UInt8]) throws(_FileError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(_FileError) in try write(raw) } }.get()
    }

    package func write(_ raw: UnsafeRawBufferPointer) throws(_FileError) {
        var done = 0
        while done < raw.count {
            // SAFETY: `done < raw.count`, so the pointer and the remaining length stay inside `raw`.
            let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw _FileError(path: path, reason: "writing failed (\(String(cString: strerror(errno))))")
            }
            done += n
        }
    }

    package func close() throws(_FileError) {
        if Foundation.close(fd) != 0 { throw _FileError(path: path, reason: "closing the file failed") }
    }
}
