import _ATWUtilities

extension DatasetError {
    /// A file-writing failure as the data layer reports it.
    package init(_ error: _FileError) { self.init(path: error.path, reason: error.reason) }
}

extension _FileWriter {
    /// A new file at `path`, failing with a ``DatasetError``.
    package static func creating(_ path: String) throws(DatasetError) -> _FileWriter {
        do throws(_FileError) { return try _FileWriter(path: path) } catch { throw DatasetError(error) }
    }

    /// Appends `bytes`, failing with a ``DatasetError``.
    package func append(_ bytes: [UInt8]) throws(DatasetError) {
        do throws(_FileError) { try write(bytes) } catch { throw DatasetError(error) }
    }

    /// Appends `raw`, failing with a ``DatasetError``.
    package func append(_ raw: UnsafeRawBufferPointer) throws(DatasetError) {
        do throws(_FileError) { try write(raw) } catch { throw DatasetError(error) }
    }

    /// Closes the file, failing with a ``DatasetError``.
    package func finish() throws(DatasetError) {
        do throws(_FileError) { try close() } catch { throw DatasetError(error) }
    }
}
