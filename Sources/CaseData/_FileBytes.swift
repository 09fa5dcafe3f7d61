import Foundation

/// A file's bytes, memory-mapped read-only (or copied from an array), released when the last reference goes.
///
/// Mapping instead of reading lets the decoding threads fault the pages in as they parse, in parallel, and
/// saves copying the whole file once through `read`.
package final class _FileBytes: @unchecked Sendable {
    /// The bytes; valid for the object's lifetime.
    package let buffer: UnsafeBufferPointer<UInt8>
    private let mapped: Bool

    /// Maps the file at `path`, or says why it cannot be read.
    package init(path: String) throws(DatasetError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DatasetError(path: path, reason: "cannot open the file (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DatasetError(path: path, reason: "cannot read the file's size") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw DatasetError(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else {
            buffer = UnsafeBufferPointer(start: nil, count: 0)
            mapped = false
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw DatasetError(path: path, reason: "cannot map the file (\(String(cString: strerror(errno))))")
        }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        // SAFETY: the mapping covers exactly `size` readable bytes until munmap in deinit.
        buffer = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
        mapped = true
    }

    /// Lets the kernel take the pages wholly inside `range` out of this process once they have been read, so a
    /// file read front to back never holds more than the pages being parsed (a later read maps them again from
    /// the page cache). Does nothing for copied bytes.
    package func dropPages(_ range: Range<Int>) {
        guard mapped, let base = buffer.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = Int(bitPattern: base)
        let low = (start + range.lowerBound + page - 1) / page * page, high = (start + range.upperBound) / page * page
        // SAFETY: [low, high) lies inside the mapping (page-aligned, as mmap returns it); the mapping is private and
        // read-only, so MADV_DONTNEED discards nothing that cannot be read again from the file.
        if high > low { _ = madvise(UnsafeMutableRawPointer(bitPattern: low), high - low, MADV_DONTNEED) }
    }

    /// A copy of `bytes` (datasets given in memory).
    package init(copying bytes: [UInt8]) {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = storage.initialize(from: bytes)
        buffer = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(storage)[0..<bytes.count])
        mapped = false
    }

    deinit {
        guard let base = buffer.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), buffer.count)
        } else {
            UnsafeMutablePointer(mutating: base).deallocate()
        }
    }
}
