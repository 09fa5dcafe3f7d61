import CaseData
import Foundation
import Spreadsheets
import Testing
import WorkingDays

/// Reading foreign files through a dataset description: column map, constants, value maps, date formats,
/// delimiters, encodings, header rows and workbooks, each rule with values worked out by hand.
@Suite("Reading a dataset through its description")
struct DescribedReadingTests {
    let providers = "provider_id,contract,service_start\nP1,atw-ha,2026-01-01\n"

    func load(_ files: [String: [UInt8]], description: String?) throws -> DatasetInput {
        let folder = try _TestFolder()
        for (name, bytes) in files { try folder.write(name, bytes) }
        if let description { try folder.write("dataset.json", Array(description.utf8)) }
        return try Dataset.load(folder: folder.path, description: nil)
    }

    @Test func renamedHeadersConstantsValueMapsAndUKDatesReadAsTheCanonicalRow() throws {
        let input = try load([
            "providers.csv": Array(providers.utf8),
            "Cases extract.csv": Array("""
                Title line of the extract
                Case ID;Provider;Referral Received;Type;Apprentice;Acknowledged
                C1;P1;29/04/2026 09:15;Virtual;Y;30/4/2026
                C2;P1;02-04-2026;F2F;N;n/a

                """.utf8),
        ], description: """
            {"tables": {"cases": {"file": "Cases extract.csv", "delimiter": ";", "header_row": 2, "columns": {
              "case_id": {"from": "Case ID"}, "provider_id": {"from": "provider"}, "contract": {"constant": "atw-ha"},
              "referral_received": {"from": "Referral Received", "format": "dd/mm/yyyy hh:mm"},
              "acknowledged": {"format": "dd/mm/yyyy", "values": {"N/A": ""}},
              "assessment_type": {"from": "Type", "values": {"virtual": "virtual_standard", "F2F": "f2f_standard"}},
              "apprentice": {"values": {"Y": "true", "N": "false"}}}}}}
            """)
        let cases = input.dataset.cases
        #expect(input.dataset.rejections.isEmpty)
        #expect(cases.count == 2)
        #expect(cases.referralReceived.day(0) == Day("2026-04-29") && cases.referralReceived.day(1) == Day("2026-04-02"))
        #expect(cases.acknowledged.day(0) == Day("2026-04-30") && cases.acknowledged.day(1) == nil)
        #expect(cases.assessmentType == [0, 1])
        #expect(cases.apprentice == [1, 0])
        #expect(input.dataset.providers.contracts[Int(cases.provider[1])] == "atw-ha")
        #expect(input.files.map(\.fileName) == ["providers.csv", "Cases extract.csv"])
        #expect(input.files[1].layout == "CSV (utf-8, \";\", header on line 2)")
    }

    @Test func describedFieldsLoseTheirPaddingAndCountsTheirZeroFraction() throws {
        // A fixed-width export pads its values; pandas writes counts as 2.0.
        let input = try load([
            "providers.csv": Array(providers.utf8),
            "cases.csv": Array("case_id,provider_id,contract,referral_received,assessment_type\nC1   ,P1  ,atw-ha,2026-02-02 ,enhanced\n".utf8),
            "cancellations.csv": Array("case_id,cancelled,by,contact_attempts\nC1,2026-02-03,provider,2.0\n".utf8),
        ], description: #"{"tables": {"cases": {"file": "cases.csv"}, "cancellations": {"file": "cancellations.csv"}}}"#)
        #expect(input.dataset.rejections.isEmpty)
        #expect(input.dataset.cases.caseIDs[0] == "C1" && input.dataset.cancellations.contactAttempts == [2])
    }

    @Test func aDescribedDateThatDoesNotFitIsRejectedNamingItsFormatAndLine() throws {
        let input = try load([
            "providers.csv": Array(providers.utf8),
            "cases.csv": Array("case_id,provider_id,contract,referral_received,assessment_type\nC1,P1,atw-ha,31/02/2026,enhanced\nC2,P1,atw-ha,2026-02-03,enhanced\nC3,P1,atw-ha,3-Feb-2026,enhanced\n".utf8),
        ], description: #"{"tables": {"cases": {"file": "cases.csv", "columns": {"referral_received": {"format": "dd-mmm-yyyy"}}}}}"#)
        #expect(input.dataset.rejections.map(\.description) == [
            "cases.csv:2: referral_received: \"31/02/2026\" is not a date (dd-mmm-yyyy)",
            "cases.csv:3: referral_received: \"2026-02-03\" is not a date (dd-mmm-yyyy)",
        ])
        #expect(input.dataset.cases.count == 1 && input.dataset.cases.referralReceived.day(0) == Day("2026-02-03"))
    }

    @Test func eachDateFormatReadsItsForms() throws {
        func days(_ format: String, _ values: [String]) throws -> [Day?] {
            let rows = values.enumerated().map { "C\($0.offset),P1,atw-ha,\"\($0.element)\",enhanced" }.joined(separator: "\n")
            let input = try load(["providers.csv": Array(providers.utf8),
                                  "cases.csv": Array("case_id,provider_id,contract,referral_received,assessment_type\n\(rows)\n".utf8)],
                                 description: #"{"tables": {"cases": {"file": "cases.csv", "columns": {"referral_received": {"format": "\#(format)"}}}}}"#)
            return (0..<input.dataset.cases.count).map { input.dataset.cases.referralReceived.day($0) }
        }
        #expect(try days("mm/dd/yyyy", ["04/29/2026", "4/2/2026 23:59:59"]) == [Day("2026-04-29"), Day("2026-04-02")])
        #expect(try days("dd-mmm-yyyy", ["02-Apr-2026", "2 april 2026", "15 Sept 2026 09:00"]) == [Day("2026-04-02"), Day("2026-04-02"), Day("2026-09-15")])
        #expect(try days("dd/mm/yyyy", ["29.04.2026", "1/12/2026T08:00"]) == [Day("2026-04-29"), Day("2026-12-01")])
    }

    @Test func windows1252IsTranscodedAndAnUndefinedByteNamesItsLine() throws {
        var bytes = Array("case_id,provider_id,contract,referral_received,assessment_type,info_source\nC1,P1,atw-ha,2026-02-02,enhanced,Caf".utf8) + [0xE9, 0x20, 0x96, 0x20] + Array("x\n".utf8)
        let description = #"{"tables": {"cases": {"file": "cases.csv", "encoding": "windows-1252"}}}"#
        let input = try load(["providers.csv": Array(providers.utf8), "cases.csv": bytes], description: description)
        #expect(input.dataset.cases.infoSource[0] == "Café – x")
        bytes += Array("C2,P1,atw-ha,2026-02-02,enhanced,".utf8) + [0x81] + [10]
        #expect(throws: DatasetError.self) { try load(["providers.csv": Array(providers.utf8), "cases.csv": bytes], description: description) }
        do {
            _ = try load(["providers.csv": Array(providers.utf8), "cases.csv": bytes], description: description)
        } catch let error as DatasetError {
            #expect(error.reason.hasPrefix("line 3: byte 0x81 is not a Windows-1252 character"))
        }
    }

    @Test func aDescriptionWithAnUnknownMemberOrColumnIsRefusedNamingIt() throws {
        #expect(throws: DatasetError(path: "d.json", reason: "tables.cases.columns.referal_received: unknown member (expected one of acknowledged, appointment_booked, appointment_made, apprentice, assessment_type, case_id, contract, info_source, initial_contact, provider_id, referral_received, support_period_end, sustainment_end, withdrawal_reason, withdrawn)")) {
            try DatasetDescription(json: Data(#"{"tables": {"cases": {"file": "x.csv", "columns": {"referal_received": {}}}}}"#.utf8), file: "d.json")
        }
        #expect(throws: DatasetError(path: "d.json", reason: "tables.cases.columns.case_id.constant: an identifier cannot be one value for every row")) {
            try DatasetDescription(json: Data(#"{"tables": {"cases": {"file": "x.csv", "columns": {"case_id": {"constant": "C1"}}}}}"#.utf8), file: "d.json")
        }
        #expect(throws: DatasetError(path: "d.json", reason: "tables.cases.columns.contract.format: only a date column has a format")) {
            try DatasetDescription(json: Data(#"{"tables": {"cases": {"file": "x.csv", "columns": {"contract": {"format": "dd/mm/yyyy"}}}}}"#.utf8), file: "d.json")
        }
    }

    /// A workbook's cases: date cells, text cells and a wrong-type cell, read through a description naming the sheet.
    func casesWorkbook(_ rows: [[WorkbookCell]]) throws -> [UInt8] {
        var table = WorkbookTable(name: "Cases", title: "Cases", columns: [
            WorkbookColumn("Case ID", .text, ""), WorkbookColumn("Provider", .text, ""), WorkbookColumn("Contract", .text, ""),
            WorkbookColumn("Referral Received", .date, ""), WorkbookColumn("Type", .text, "")])
        table.rows = rows
        return [UInt8](try Workbook(title: "Extract", cover: [], tables: [table]).xlsx())
    }

    @Test func workbookDateCellsAndTextReadAndARejectionNamesTheCell() throws {
        let book = try casesWorkbook([
            [.text("C1"), .text("P1"), .text("atw-ha"), .date(year: 2026, month: 4, day: 29), .text("Virtual Standard")],
            [.text("C2"), .text("P1"), .text("atw-ha"), .text("soon"), .text("enhanced")],
            [.text("C3"), .text("P1"), .text("atw-ha"), .text("02/04/2026"), .text("enhanced")],
        ])
        let input = try load(["providers.csv": Array(providers.utf8), "cases.xlsx": book], description: """
            {"tables": {"cases": {"file": "cases.xlsx", "sheet": "Cases", "columns": {"case_id": {"from": "Case ID"},
              "provider_id": {"from": "Provider"}, "referral_received": {"from": "Referral Received", "format": "dd/mm/yyyy"},
              "assessment_type": {"from": "Type", "values": {"Virtual Standard": "virtual_standard"}}}}}}
            """)
        #expect(input.dataset.cases.count == 2)
        #expect(input.dataset.cases.referralReceived.day(0) == Day("2026-04-29"))
        #expect(input.dataset.cases.referralReceived.day(1) == Day("2026-04-02"))
        #expect(input.dataset.rejections.map(input.describe) == ["cases.xlsx!Cases!D3: referral_received: \"soon\" is not a date (dd/mm/yyyy)"])
        #expect(input.files[1].layout == "workbook sheet Cases")
    }

    @Test func damagedWorkbooksAreDatasetErrorsNotCrashes() throws {
        let book = try casesWorkbook([[.text("C1"), .text("P1"), .text("atw-ha"), .date(year: 2026, month: 4, day: 29), .text("enhanced")]])
        let description = #"{"tables": {"cases": {"file": "cases.xlsx", "sheet": "Cases", "columns": {"case_id": {"from": "Case ID"}, "provider_id": {"from": "Provider"}, "referral_received": {"from": "Referral Received"}, "assessment_type": {"from": "Type"}}}}}"#
        // The whole workbook reads.
        #expect(try load(["providers.csv": Array(providers.utf8), "cases.xlsx": book], description: description).dataset.cases.count == 1)
        // Truncated, a sheet the workbook lacks, and bytes flipped all through the file: an error, never a trap.
        #expect(throws: DatasetError.self) { try load(["providers.csv": Array(providers.utf8), "cases.xlsx": Array(book.prefix(book.count / 2))], description: description) }
        let missingSheet = description.replacingOccurrences(of: #""sheet": "Cases""#, with: #""sheet": "Referrals""#)
        do {
            _ = try load(["providers.csv": Array(providers.utf8), "cases.xlsx": book], description: missingSheet)
            Issue.record("a missing sheet was read")
        } catch let error as DatasetError {
            #expect(error.reason.contains("Referrals"))
        }
        var flipped = 0
        for offset in stride(from: 0, to: book.count, by: max(1, book.count / 150)) {
            var damaged = book
            damaged[offset] ^= 0x5A
            do { _ = try load(["providers.csv": Array(providers.utf8), "cases.xlsx": damaged], description: description) } catch is DatasetError { flipped += 1 }
        }
        #expect(flipped > 0)
    }

    @Test func sha256MatchesTheStandardVectors() {
        func hex(_ text: String) -> String {
            var h = SHA256()
            Array(text.utf8).withUnsafeBytes { h.update($0) }
            return h.finalize().map { String(format: "%02x", $0) }.joined()
        }
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func theGateFailsOnNothingAcceptedOrTooManyRejected() throws {
        func quality(_ cases: String, max: Double = DataQuality.defaultMaxRejectedPercent) throws -> DataQuality {
            DataQuality(try Dataset.load(contents: [.providers: Array(providers.utf8), .cases: Array(cases.utf8)]), maxRejectedPercent: max)
        }
        let header = "case_id,provider_id,contract,referral_received,assessment_type\n"
        #expect(try quality(header).failures == ["cases.csv: no row accepted (0 read)"])
        let fifty = (1...50).map { "C\($0),P1,atw-ha,\($0 <= 3 ? "2026-02-30" : "2026-02-02"),enhanced" }.joined(separator: "\n") + "\n"
        #expect(try quality(header + fifty).failures == ["cases.csv: 3 of 50 rows rejected (6%, more than the 5% allowed)"])
        #expect(try quality(header + fifty, max: 6).passes)
        #expect(try quality(header + fifty, max: 6).reasons.map(\.rows) == [3])
        #expect(try quality(header + fifty, max: 6).reasons[0].reason == "\"…\" is not a date (YYYY-MM-DD)")
        #expect(try !quality(header + fifty, max: 0).passes)
    }
}
