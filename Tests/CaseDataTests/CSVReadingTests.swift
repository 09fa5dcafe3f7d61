import CaseData
import SyntheticData
import Testing
import WorkingDays

@Suite("Reading CSV (RFC 4180)")
struct CSVReadingTests {
    @Test func quotesAndLineFeedsAreCountedAsOneByOneAcrossLongRuns() {
        // Lengths around the eight-byte words and the 255-word rounds of per-lane counting.
        var state: UInt64 = 12345
        for length in [0, 7, 8, 9, 2039, 2040, 2041, 2048, 4087, 5000, 70_001] {
            let bytes = (0..<length).map { _ -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                switch state >> 61 { case 0: return 34; case 1, 2: return 10; default: return UInt8(truncatingIfNeeded: state >> 40) }
            }
            let counted = bytes.withUnsafeBufferPointer { _CSVScanner.countQuotesAndLineFeeds($0) }
            #expect(counted.quotes == bytes.filter { $0 == 34 }.count && counted.lines == bytes.filter { $0 == 10 }.count,
                    "length \(length)")
        }
        let allLineFeeds = [UInt8](repeating: 10, count: 8 * 600)
        #expect(allLineFeeds.withUnsafeBufferPointer { _CSVScanner.countQuotesAndLineFeeds($0) } == (0, 4800))
    }

    @Test func quotedFieldsWithCommasQuotesAndLineBreaksAndCRLFAndBOM() throws {
        let providers = Array("\u{FEFF}".utf8) + Array(("Division, Provider_ID ,contract,service_start,unused\r\n"
            + "england-and-wales,P1,atw-ha,2026-01-01,\"x\r\ny\"\r\n").utf8)
        let cases = csv(
            "referral_received,case_id,provider_id,contract,assessment_type,withdrawal_reason,withdrawn",
            "2026-02-02,C1,P1,atw-ha,enhanced,\"Left, then \"\"came back\"\"\nand left again\",2026-02-03",
            "2026-02-02T09:15,C2,P1,atw-ha,ENHANCED,,",
            "",
            "2026-02-02 10:00:59,C3,P1,atw-ha,virtual_standard,plain,")
        let dataset = try Dataset.load(contents: [.providers: providers, .cases: cases])
        #expect(dataset.rejections.isEmpty, "\(rejectionLines(dataset))")
        #expect(dataset.providers.divisions == [.englandAndWales])
        #expect(dataset.cases.count == 3)
        #expect(dataset.cases.withdrawalReason[0] == "Left, then \"came back\"\nand left again")
        #expect(dataset.cases.withdrawalReason[1] == nil)
        #expect(dataset.cases.caseIDs[2] == "C3")
        #expect(dataset.cases.referralReceived.day(1) == Day("2026-02-02"))
        #expect(dataset.cases.assessmentType == [2, 2, 0])
        #expect(dataset.summaries.first { $0.file == .cases }?.rowsRead == 3)   // the empty line is not a row
    }

    @Test func rejectedRowsNameThePhysicalLineWhereTheRecordStarts() throws {
        let cases = csv(
            casesHeader,
            "C1,P1,atw-ha,2026-02-02,,,enhanced,,,,,,\"multi",
            "line",
            "source\",,",
            "C2,P1,atw-ha,2026-02-30,,,enhanced,,,,,,,,",
            "C3,P1,atw-ha,2026-02-02,,,enhanced,,,,,,,")
        let dataset = try Dataset.load(contents: [.providers: providersCSV, .cases: cases])
        #expect(rejectionLines(dataset) == [
            "cases.csv:5: referral_received: \"2026-02-30\" is not a date (YYYY-MM-DD)",
            "cases.csv:6: expected 15 fields as in the header, found 14",
        ])
        #expect(dataset.cases.infoSource[0] == "multi\nline\nsource")
    }

    @Test func brokenQuotingIsRejectedWithTheLinesItSpans() throws {
        // A stray quote opens a quoted stretch until the next quote (the parity rule that makes chunked reading
        // exact), so the rejection names every line the broken record took.
        let cases = csv(
            casesHeader,
            "C1,P1,atw-ha,2026-02-02,,,enhanced,,,,,,\"closed\"junk,,",
            "C2,P1,atw-ha,2026-02-02,,,enhanced,,,,,,half\"quote,,",
            "C2b,P1,atw-ha,2026-02-02,,,enhanced,,,,,,x\"y,,",
            "C3,P1,atw-ha,2026-02-02,,,enhanced,,,,,,,,",
            "C4,P1,atw-ha,2026-02-02,,,enhanced,,,,,,\"never closed,,")
        let dataset = try Dataset.load(contents: [.providers: providersCSV, .cases: cases])
        #expect(rejectionLines(dataset) == [
            "cases.csv:2: malformed quoting: text after a closing quote",
            "cases.csv:3: malformed quoting: a quote inside an unquoted field (the record spans lines 3-4)",
            "cases.csv:6: malformed quoting: a quoted field is never closed",
        ])
        #expect(dataset.cases.count == 1 && dataset.cases.caseIDs[0] == "C3")
        #expect(dataset.summaries.first { $0.file == .cases }?.description == "cases.csv: 4 rows read = 1 accepted + 3 rejected")
    }

    @Test func aTenMegabyteFieldIsReadAndAnUnterminatedOneIsRejected() throws {
        let big = String(repeating: "ab,\n\"\"", count: 2_000_000)   // 10 MB once unescaped: commas, line breaks, quotes
        var cases = csv(casesHeader, "C1,P1,atw-ha,2026-02-02,,,enhanced,,,,,,\"" + big + "\",,")
        var dataset = try Dataset.load(contents: [.providers: providersCSV, .cases: cases])
        #expect(dataset.rejections.isEmpty)
        #expect(dataset.cases.infoSource[0]?.utf8.count == 10_000_000)
        cases = csv(casesHeader, "C1,P1,atw-ha,2026-02-02,,,enhanced,,,,,,\"" + big + ",,")
        dataset = try Dataset.load(contents: [.providers: providersCSV, .cases: cases])
        #expect(rejectionLines(dataset) == ["cases.csv:2: malformed quoting: a quoted field is never closed (the record spans lines 2-2000002)"])
    }

    @Test func chunkingDoesNotChangeTheResult() throws {
        // A dataset with quoted multi-line comments, read whole and in 2, 3 and 7 chunks per file.
        let folder = try _TestFolder()
        try SyntheticDataset.write(SyntheticDatasetConfiguration(providers: 4, months: 6, cases: 3_000, seed: 11), to: folder.path)
        var contents: [DatasetFile: [UInt8]] = [:]
        for file in DatasetFile.allCases { contents[file] = try folder.bytes(file.fileName) }
        // Add a broken row so rejections take part too.
        contents[.cases]! += Array("C99999999,P001,atw-ha,2026-13-01,,,enhanced,,,,,,,,\n".utf8)
        contents[.reports]! += Array("not,a,report\n".utf8)
        contents[.survey]! += Array("P001,atw-ha,2026-01-05,9,,\n".utf8)
        let whole = try Dataset._load(contents: contents, chunks: 1)
        #expect(whole.rejections.map(\.file) == [.cases, .reports, .survey])
        for chunks in [2, 3, 7] {
            #expect(try Dataset._load(contents: contents, chunks: chunks) == whole, "\(chunks) chunks")
        }
        // The default path decodes all files after cases.csv as one parallel job and checks them side by side.
        #expect(try Dataset.load(contents: contents) == whole)
    }
}
