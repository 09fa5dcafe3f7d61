import CaseData
import Foundation
import KPIEngine
import PMIR
import Spreadsheets
import WorkingDays

/// One input surface of the engine, driven by arbitrary bytes: the body of a libFuzzer harness and of the tests that
/// replay its corpus and every input that ever crashed.
///
/// Rule: ``run(_:)`` hands the bytes to the library's own reader (through a scratch folder where the reader takes a
/// path or a folder) and returns how the reader answered: the input read, or refused with the reader's error text.
/// It never throws and never traps; a trap, a sanitizer report or a refusal without the file's name is a bug of the
/// reader, which the fuzzer reports as a crash. Where an input is read, a little of what commands do next is run too
/// (the KPI evaluation of a dataset, the timeline of a policy, the calendar of holidays), so a value a reader let
/// through that breaks later code is found as well.
///
/// ```swift
/// let outcome = FuzzHarness.store.run(Array(try Data(contentsOf: url)))
/// // .refused("damaged.store: the store's directory is corrupt (checksum mismatch)")
/// ```
public enum FuzzHarness: String, CaseIterable, Sendable {
    /// One CSV table (the first byte picks which), with a fixed valid providers and cases file beside it; read whole
    /// and in forced chunks, then offered to `kpi describe`'s inference.
    case csvTable = "csv-table"
    /// A whole dataset in memory: sections split by byte 0x1E, in ``DatasetFile`` order (an empty section: absent).
    case csvDataset = "csv-dataset"
    /// An `.xlsx` workbook: every sheet read, then the workbook as a dataset's cases table, then described.
    case xlsx
    /// A dataset folder with its description: sections split by 0x1E, each `name\ncontent` (``FuzzFolder``); the
    /// folder is read through its `dataset.json` and described.
    case description
    /// A store file (`kpi ingest`), loaded as it is and again with its checksums made to match.
    case store
    /// Month counts files (sections split by 0x1E), evaluated as of 2026-10-31 and reported.
    case counts
    /// A contract definition (JSON), with the built-in ones beside it, used to evaluate a small dataset.
    case contracts
    /// A PMIR policy (JSON), run over a small dataset's report.
    case policies
    /// GOV.UK's `bank-holidays.json`, used by each division's working-day calendar.
    case holidays

    /// How a reader answered an input.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// Read; a short summary of what was read.
        case read(String)
        /// Refused with the reader's error text.
        case refused(String)

        public var description: String {
            switch self {
            case .read(let summary): "read: \(summary)"
            case .refused(let message): "refused: \(message)"
            }
        }
    }

    /// Runs the harness on `bytes`.
    public func run(_ bytes: [UInt8]) -> Outcome {
        switch self {
        case .csvTable: _FuzzReaders.csvTable(bytes)
        case .csvDataset: _FuzzReaders.csvDataset(bytes)
        case .xlsx: _FuzzReaders.xlsx(bytes)
        case .description: _FuzzReaders.description(bytes)
        case .store: _FuzzReaders.store(bytes)
        case .counts: _FuzzReaders.counts(bytes)
        case .contracts: _FuzzReaders.contracts(bytes)
        case .policies: _FuzzReaders.policies(bytes)
        case .holidays: _FuzzReaders.holidays(bytes)
        }
    }

    /// Runs the harness on the bytes libFuzzer hands to `LLVMFuzzerTestOneInput`.
    public func run(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Outcome {
        guard let data, count > 0 else { return run([]) }
        return run(Array(UnsafeBufferPointer(start: data, count: count)))
    }
}

/// The sections of a fuzz input: its bytes split at every 0x1E (ASCII record separator).
///
/// ```swift
/// FuzzFolder.sections(Array("a\u{1E}b".utf8))   // [[0x61], [0x62]]
/// ```
public enum FuzzFolder {
    /// The separator between sections.
    public static let separator: UInt8 = 0x1E

    /// `bytes` split at every separator (empty sections kept).
    public static func sections(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: separator, omittingEmptySubsequences: false).map(Array.init)
    }

    /// Named files from sections `name\ncontent`: a name is kept to letters, digits, spaces, `.`, `-` and `_` (at most 40,
    /// not starting with `.`); a section without a usable name is skipped, a repeated name keeps the first.
    public static func files(_ bytes: [UInt8]) -> [(name: String, bytes: [UInt8])] {
        var files: [(name: String, bytes: [UInt8])] = []
        for section in sections(bytes) {
            guard let newline = section.firstIndex(of: 0x0A) else { continue }
            let name = String(decoding: section[..<newline], as: UTF8.self)
            guard (1...40).contains(name.utf8.count), !name.hasPrefix("."),
                  name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._- ".unicodeScalars.contains($0)) }),
                  !files.contains(where: { $0.name == name }) else { continue }
            files.append((name, Array(section[(newline + 1)...])))
        }
        return files
    }

    /// The input `run` expects for named files: each `name\ncontent`, joined by the separator.
    public static func pack(_ files: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, file) in files.enumerated() {
            if i > 0 { out.append(separator) }
            out += Array(file.name.utf8) + [0x0A] + file.bytes
        }
        return out
    }
}
