import Foundation
import ZIPFoundation

/// The zip container of both formats, through ZIPFoundation: entries in order, the first optionally stored
/// (ODS's `mimetype`), the rest deflated, every entry dated 1 January 2000 so the bytes are reproducible.
enum _ZipContainer {
    static func archive(_ entries: [(path: String, bytes: [UInt8])], storeFirst: Bool) throws(WorkbookError) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            let date = Date(timeIntervalSince1970: 946_684_800)
            for (i, entry) in entries.enumerated() {
                let data = Data(entry.bytes)
                try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                     compressionMethod: storeFirst && i == 0 ? .none : .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw WorkbookError("the zip container was not written") }
            return data
        } catch let error as WorkbookError {
            throw error
        } catch {
            throw WorkbookError("cannot write the zip container (\(error))")
        }
    }
}
