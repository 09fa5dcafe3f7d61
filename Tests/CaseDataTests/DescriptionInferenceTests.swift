import Foundation
import Testing
@testable import CaseData

@Suite("Inferring a dataset description")
struct DescriptionInferenceTests {
    /// A text sample as the sniffer would give it (UTF-8, comma, header on line 1).
    func sample(_ name: String, _ header: [String], _ rows: [[String]]) -> FileSample {
        FileSample(fileName: name, header: header, rows: rows)
    }

    let providers = FileSample(fileName: "providers.csv", header: ["provider_id", "contract", "service_start"],
                               rows: [["P001", "atw-ha", "2024-04-01"], ["P003", "atw-ha", "2024-04-01"]])

    /// The cases columns with the given extra column and its values.
    func cases(_ header: String, _ values: [String], name: String = "cases.csv") -> FileSample {
        sample(name, ["case_id", "provider_id", "contract", "referral_received", header],
               values.enumerated().map { ["C\($0.offset)", "P001", "atw-ha", "2024-04-01", $0.element] })
    }

    // MARK: Headers and files

    @Test func renamedHeadersMatchIgnoringCaseSpacesAndPunctuation() {
        let file = sample("Cases extract.csv", ["Case ID", "PROVIDER-ID", " Contract ", "Referral Received", "Type", "Date acknowledged"],
                          [["C1", "P001", "atw-ha", "2024-04-29", "enhanced", "2024-04-30"]])
        let (d, e) = DatasetDescription.infer([providers, file])
        #expect(d.tables[.cases] == TableDescription(file: "Cases extract.csv", columns: [
            "case_id": ColumnDescription(from: "Case ID"),
            "provider_id": ColumnDescription(from: "PROVIDER-ID"),
            "contract": ColumnDescription(from: " Contract "),
            "referral_received": ColumnDescription(from: "Referral Received"),
            "assessment_type": ColumnDescription(from: "Type"),
            "acknowledged": ColumnDescription(from: "Date acknowledged"),
        ]))
        #expect(d.tables[.providers] == TableDescription(file: "providers.csv"))
        #expect(e.columns[.cases]?["assessment_type"] == ["header \"Type\": a synonym of assessment_type"])
        #expect(e.columns[.cases]?["case_id"] == ["header \"Case ID\": case_id ignoring case and punctuation"])
        #expect(e.columns[.cases]?["acknowledged"] == ["header \"Date acknowledged\": acknowledged with \"date\"", "ISO dates in 1 row"])
        #expect(e.tables[.cases] == ["\"Cases extract.csv\" matches 6 of 15 columns, 4 of 4 required"])
        #expect(e.unresolved == [])
    }

    @Test func filesGoToTheTableTheyMatchBestAndTheRestAreIgnored() {
        let complaints = sample("export_2.csv", ["Complaint Ref", "Provider", "Contract", "Date received", "Case Ref"],
                                [["K1", "P001", "atw-ha", "2024-05-01", "C1"]])
        let notes = sample("notes.csv", ["Note", "Author"], [["x", "y"]])
        let caseCopy = cases("withdrawn", ["2024-05-01"], name: "cases copy.csv")
        let (d, e) = DatasetDescription.infer([notes, complaints, caseCopy, cases("withdrawn", ["2024-05-01"]), providers])
        #expect(d.tables.keys.map(\.rawValue).sorted() == ["cases", "complaints", "providers"])
        #expect(d.tables[.cases]?.file == "cases.csv")
        #expect(d.tables[.complaints]?.columns == [
            "complaint_id": ColumnDescription(from: "Complaint Ref"), "provider_id": ColumnDescription(from: "Provider"),
            "contract": ColumnDescription(from: "Contract"), "received": ColumnDescription(from: "Date received"),
            "case_id": ColumnDescription(from: "Case Ref"),
        ])
        // A file another file's table took is a question for the user; one that fits no table is only said.
        #expect(e.unresolved == ["\"cases copy.csv\": ignored: its best match, cases, is read from \"cases.csv\""])
        #expect(e.ignored == ["\"notes.csv\": its headers match no required column of any table"])
    }

    @Test func aFileNamedAfterItsTableWinsWithHalfItsRequiredColumns() {
        let typeChanges = sample("Type Changes.csv", ["case_id", "changed"], [["C1", "2024-05-01"]])
        let other = sample("other.csv", ["case_id", "changed", "from", "to"], [["C1", "2024-05-01", "enhanced", "enhanced"]])
        let (d, e) = DatasetDescription.infer([other, typeChanges, providers, cases("withdrawn", [])])
        #expect(d.tables[.typeChanges]?.file == "Type Changes.csv")
        #expect(d.tables[.recommendations] == nil)
        #expect(e.unresolved == [
            "\"other.csv\": ignored: its best match, type_changes, is read from \"Type Changes.csv\"",
            "type_changes: required column from not matched; no other headers",
            "type_changes: required column to not matched; no other headers",
        ])
    }

    @Test func anUnmatchedRequiredColumnIsNamedWithTheClosestHeaders() {
        let file = sample("cases.csv", ["case_id", "provider_id", "contract", "Referral Rcvd", "Ref Date", "Notes"],
                          [["C1", "P001", "atw-ha", "2024-04-29", "2024-04-29", ""]])
        let (d, e) = DatasetDescription.infer([providers, file])
        #expect(d.tables[.cases]?.columns == [:])
        #expect(e.unresolved == ["cases: required column referral_received not matched; closest headers: \"Referral Rcvd\", \"Ref Date\"",
                                 "cases: columns not found: acknowledged, appointment_booked, assessment_type, initial_contact, appointment_made, apprentice, support_period_end, sustainment_end, info_source, withdrawn, withdrawal_reason; headers not used: \"Referral Rcvd\", \"Ref Date\", \"Notes\". If any header is one of these columns, give it as the column's \"from\"; missing columns leave KPIs that need them unmeasured or their items open"])
    }

    @Test func anotherSpellingOfAKnownContractIsMappedAndUnusedHeadersAreNamed() {
        let file = sample("cases.csv", ["case_id", "provider_id", "contract", "referral_received", "Appointment Date"],
                          [["C1", "P001", "ATW-HA", "2024-04-29", "2024-05-02"], ["C2", "P001", "atw-ha", "2024-04-30", ""]])
        let (d, e) = DatasetDescription.infer([providers, file], knownContracts: ["atw-ha", "atw-mhss"])
        #expect(d.tables[.cases]?.columns["contract"]?.values == ["ATW-HA": "atw-ha"])
        #expect(e.unresolved.count == 1 && e.unresolved[0].hasPrefix("cases: columns not found: acknowledged, appointment_booked,")
                && e.unresolved[0].contains("headers not used: \"Appointment Date\""))
    }

    @Test func aPandasIndexColumnDoesNotHideTheHeader() throws {
        let bytes = Array(",case_id,provider_id,contract,referral_received\n0,C1,P001,atw-ha,2024-04-29\n1,C2,P001,atw-ha,2024-04-30\n".utf8)
        let sampled = try _TextSniffer.sniff(bytes, fileName: "cases.csv")
        #expect(sampled.headerRow == 1 && sampled.header == ["", "case_id", "provider_id", "contract", "referral_received"])
    }

    @Test func textThatIsNotDelimitedTextIsRefusedSayingWhat() {
        #expect(throws: DatasetError(path: "a.csv", reason: "lines end with a carriage return only (an old Mac text file): save it with line feeds (LF or CRLF)")) {
            try _TextSniffer.sniff(Array("case_id,provider_id\rC1,P001\r".utf8), fileName: "a.csv")
        }
        #expect(throws: DatasetError(path: "a.xls", reason: "an Excel 97-2003 workbook (.xls) is not read: save it as .xlsx or CSV")) {
            try _TextSniffer.sniff([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1], fileName: "a.xls")
        }
        #expect(throws: DatasetError(path: "a.csv", reason: "the file looks like UTF-16 text (every other byte is NUL): save it as CSV UTF-8")) {
            try _TextSniffer.sniff(Array("c\0a\0s\0e\0\n\0".utf8), fileName: "a.csv")
        }
    }

    @Test func oneUndefinedByteAmongWindows1252PunctuationStaysWindows1252() throws {
        // A curly quote (0x93, 0x94) and a dash (0x96) with one stray 0x81: Windows-1252, whose ingest names the line.
        let bytes = Array("case_id,info_source\nC1,".utf8) + [0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x81] + Array("\n".utf8)
        #expect(try _TextSniffer.sniff(bytes, fileName: "cases.csv").encoding == .windows1252)
        // Only undefined bytes in 0x80-0x9F, no Windows-1252 punctuation: ISO 8859-1.
        let latin = Array("case_id,info_source\nC1,".utf8) + [0x81, 0xE9] + Array("\n".utf8)
        #expect(try _TextSniffer.sniff(latin, fileName: "cases.csv").encoding == .latin1)
    }

    @Test func aTableLackingContractTakesTheProvidersOneContract() {
        let file = sample("cases.csv", ["case_id", "provider_id", "referral_received"], [["C1", "P001", "2024-04-29"]])
        let (d, e) = DatasetDescription.infer([providers, file])
        #expect(d.tables[.cases]?.columns == ["contract": ColumnDescription(constant: "atw-ha")])
        #expect(e.columns[.cases]?["contract"] == ["no contract column; every sampled provider row has contract atw-ha"])
        #expect(e.unresolved == [])
    }

    // MARK: Dates

    @Test func dayFirstFromADayAbove12() {
        let (d, e) = DatasetDescription.infer([providers, cases("acknowledged", ["29/04/2024", "03/05/2024 09:15", ""])])
        #expect(d.tables[.cases]?.columns == ["acknowledged": ColumnDescription(format: .dayMonthYear)])
        #expect(e.columns[.cases]?["acknowledged"] == ["a day above 12 in 1 row (e.g. \"29/04/2024\"): dd/mm/yyyy"])
    }

    @Test func monthFirstFromASecondPartAbove12() {
        let (d, _) = DatasetDescription.infer([providers, cases("acknowledged", ["04/29/2024", "05-03-2024"])])
        #expect(d.tables[.cases]?.columns == ["acknowledged": ColumnDescription(format: .monthDayYear)])
    }

    @Test func anAmbiguousDateColumnIsLeftOutAndNamed() {
        let (d, e) = DatasetDescription.infer([providers, cases("acknowledged", ["01/02/2024", "12/11/2024", "3.4.2024"])])
        #expect(d.tables[.cases]?.columns == [:])
        #expect(e.unresolved == ["cases.acknowledged: every day is 12 or less in 3 rows, so dd/mm/yyyy and mm/dd/yyyy cannot be told apart: set its format in dataset.json"])
    }

    @Test func ambiguousColumnsFollowADecidedColumnOfTheSameFileWrittenAlike() {
        let file = sample("cases.csv", ["case_id", "provider_id", "contract", "referral_received", "acknowledged", "withdrawn"],
                          [["C1", "P001", "atw-ha", "01/02/2024", "29/04/2024", "01.02.2024"]])
        let (d, e) = DatasetDescription.infer([providers, file])
        #expect(d.tables[.cases]?.columns == ["referral_received": ColumnDescription(format: .dayMonthYear),
                                              "acknowledged": ColumnDescription(format: .dayMonthYear)])
        #expect(e.columns[.cases]?["referral_received"] == ["every day and month is 12 or less in 1 row; dd/mm/yyyy as acknowledged, written the same way, which has a day above 12"])
        #expect(e.unresolved == ["cases.withdrawn: every day is 12 or less in 1 row, so dd/mm/yyyy and mm/dd/yyyy cannot be told apart: set its format in dataset.json"])
    }

    @Test func dayAbove12InBothPartsIsNotOneFormat() {
        let (d, e) = DatasetDescription.infer([providers, cases("acknowledged", ["29/04/2024", "04/29/2024"])])
        #expect(d.tables[.cases]?.columns == [:])
        #expect(e.unresolved == ["cases.acknowledged: the first part is above 12 in 1 row (e.g. \"29/04/2024\") and the second in 1 (e.g. \"04/29/2024\"): not one date format; set its format in dataset.json"])
    }

    @Test func monthNamesAndISODates() {
        let (d, e) = DatasetDescription.infer([providers, cases("acknowledged", ["02-Apr-2026", "2 April 2026", "15 sept 2025 10:00"]),
                                               ])
        #expect(d.tables[.cases]?.columns == ["acknowledged": ColumnDescription(format: .dayMonthNameYear)])
        #expect(e.columns[.cases]?["acknowledged"] == ["a month name in 3 rows (e.g. \"02-Apr-2026\"): dd-mmm-yyyy"])
        let iso = DatasetDescription.infer([providers, cases("acknowledged", ["2026-04-02", "2026-04-02T09:30:00", "2026-4-2 09:30"])])
        #expect(iso.description.tables[.cases]?.columns == [:])
        #expect(iso.evidence.unresolved == [])
    }

    @Test func valuesThatAreNotDatesAreNamed() {
        let (d, e) = DatasetDescription.infer([providers, cases("acknowledged", ["2026-04-02", "tbc", "N/A"])])
        #expect(d.tables[.cases]?.columns == ["acknowledged": ColumnDescription(values: ["N/A": ""])])
        #expect(e.unresolved == ["cases.acknowledged: values that do not fit the column's date shape in 1 row of 2 (e.g. \"tbc\")"])
    }

    // MARK: Codes

    @Test func codeValuesMatchByNormalisedTextAndSynonyms() {
        let (d, e) = DatasetDescription.infer([providers, cases("Assessment Type", ["Virtual Standard", "virtual standard", "Face to face",
                                                                                    "ENHANCED", "enhanced", "Telephone", "N/A"])])
        #expect(d.tables[.cases]?.columns == ["assessment_type": ColumnDescription(
            from: "Assessment Type", values: ["Virtual Standard": "virtual_standard", "Face to face": "f2f_standard", "N/A": ""])])
        #expect(e.columns[.cases]?["assessment_type"] == [
            "header \"Assessment Type\": assessment_type ignoring case and punctuation",
            "\"Face to face\" in 1 row → f2f_standard (a synonym)",
            "\"N/A\" in 1 row read as missing",
            "\"Virtual Standard\" in 2 rows → virtual_standard (same ignoring case and punctuation)",
        ])
        #expect(e.unresolved == ["cases.assessment_type: \"Telephone\" (1 row) matches none of virtual_standard, f2f_standard, enhanced: add it to its values in dataset.json"])
    }

    @Test func yesNoLettersBecomeBooleans() {
        let (d, e) = DatasetDescription.infer([providers, cases("apprentice", ["Y", "N", "y", "", "yes", "-"])])
        #expect(d.tables[.cases]?.columns == ["apprentice": ColumnDescription(values: ["Y": "true", "N": "false", "-": ""])])
        #expect(e.unresolved == [])
    }

    // MARK: Text files

    @Test func semicolonsAndWindows1252() throws {
        var bytes = Array("Case ID;Provider;Contract;Referral received;Withdrawal reason\r\n".utf8)
        for i in 1...3 { bytes += Array("C\(i);P001;atw-ha;2024-04-29;Caf".utf8) + [0xE9] + Array(", \u{22}ok\u{22}\r\n".utf8) }
        bytes += Array("C4;P001;atw-ha;2024-04-29;".utf8) + [0x80, 0x93, 0x94] + [0x0D, 0x0A]
        let s = try _TextSniffer.sniff(bytes, fileName: "x.csv")
        #expect(s.encoding == .windows1252 && s.delimiter == 59 && s.headerRow == 1)
        #expect(s.header == ["Case ID", "Provider", "Contract", "Referral received", "Withdrawal reason"])
        #expect(s.rows.map(\.last) == ["Café, \"ok\"", "Café, \"ok\"", "Café, \"ok\"", "€\u{201C}\u{201D}"])
        #expect(s.notes == ["bytes not valid as UTF-8 on 4 lines (e.g. 0xE9 on line 2), all defined in Windows-1252: Windows-1252",
                            "';' gives 5 fields on all 5 sampled lines; ',' gives 2, tab gives 1, '|' gives 1"])
        let latin = try _TextSniffer.sniff(Array("a,b\n".utf8) + [0x81, 0x2C, 0xE9, 0x0A], fileName: "x.csv")
        #expect(latin.encoding == .latin1 && latin.rows == [["\u{81}", "é"]])
    }

    @Test func quotedFieldsBOMAndACutLastLine() throws {
        let text = "\u{FEFF}case_id,reason\n\"C1\",\"a, \"\"b\"\"\nc\"\nC2,  plain  \nC3"
        let s = try _TextSniffer.sniff(Array(text.utf8), fileName: "x.csv")
        #expect(s.encoding == .utf8 && s.notes.first == "UTF-8: a UTF-8 byte-order mark")
        #expect(s.rows == [["C1", "a, \"b\"\nc"], ["C2", "plain"]])
        // A cut multi-byte character at the end is not taken as Windows-1252.
        let cut = try _TextSniffer.sniff(Array("a,b\nx,é\ny,é".utf8).dropLast(), fileName: "x.csv")
        #expect(cut.encoding == .utf8 && cut.rows.first == ["x", "é"])
    }

    @Test func titleLinesAboveTheHeaderAreSkipped() throws {
        let text = "Cases extract,,\nRun 30 April 2026\n\ncase_id,provider_id,contract\nC1,P001,atw-ha\nC2,P001,\n"
        let s = try _TextSniffer.sniff(Array(text.utf8), fileName: "x.csv")
        #expect(s.headerRow == 4 && s.header == ["case_id", "provider_id", "contract"])
        #expect(s.rows == [["C1", "P001", "atw-ha"], ["C2", "P001", ""]])
        #expect(s.notes.last == "header on line 4: the 3 lines above it have fewer fields or empty cells (e.g. \"Cases extract\")")
    }

    @Test func aHeaderWithATrailingEmptyCellBelowATitleLine() throws {
        let text = "Cases extract|||\ncase_id|provider_id|contract|\nC1|P001|atw-ha|\n"
        let s = try _TextSniffer.sniff(Array(text.utf8), fileName: "x.csv")
        #expect(s.delimiter == 124 && s.headerRow == 2 && s.header == ["case_id", "provider_id", "contract", ""])
        #expect(s.rows == [["C1", "P001", "atw-ha", ""]])
    }

    @Test func utf16IsRefused() {
        #expect(throws: DatasetError(path: "x.csv", reason: "UTF-16 text is not read: save the file as CSV UTF-8 (or Windows-1252)")) {
            try _TextSniffer.sniff([0xFF, 0xFE, 0x61, 0x00], fileName: "x.csv")
        }
    }

    // MARK: The written description

    @Test func theCanonicalSampleNeedsNothingButItsFiles() throws {
        let samples = try DatasetFile.allCases.map { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: sampleDatasetFolder).appendingPathComponent(file.fileName))
            return try _TextSniffer.sniff(Array(data.prefix(3 << 20)), fileName: file.fileName)
        }
        let (d, e) = DatasetDescription.infer(samples)
        #expect(d.tables == Dictionary(uniqueKeysWithValues: DatasetFile.allCases.map { ($0, TableDescription(file: $0.fileName)) }))
        #expect(e.unresolved == [] && e.columns == [:])
        #expect(e.tables[.cases] == ["UTF-8: the sample is valid UTF-8", "',' gives 15 fields on all 2,020 sampled lines; ';' gives 1, tab gives 1, '|' gives 1",
                                     "\"cases.csv\" matches 15 of 15 columns, 4 of 4 required; its name is the table's"])
        #expect(samples[1].rows.count == 2_000)
    }

    @Test func theInferredDescriptionSurvivesItsJSON() throws {
        var bytes = Array("Cases extract;;;;;\r\nCase Ref;Provider;Date referral received;Type;Apprentice;Acknowledged\r\n".utf8)
        bytes += Array("C1;P001;29/04/2024;Virtual;Y;01/05/2024\r\nC2;P001;02/05/2024;F2F;N;N/A\r\n".utf8)
        let cases = try _TextSniffer.sniff(bytes, fileName: "Cases extract.csv")
        let book = FileSample(fileName: "Providers.xlsx", sheet: "Providers", isWorkbook: true, headerRow: 2,
                              header: ["Provider", "Contract", "Service start"], rows: [["P001", "atw-ha", "2024-04-01"]])
        let (d, e) = DatasetDescription.infer([cases, book])
        #expect(d.tables[.cases] == TableDescription(file: "Cases extract.csv", delimiter: 59, headerRow: 2, columns: [
            "case_id": ColumnDescription(from: "Case Ref"),
            "provider_id": ColumnDescription(from: "Provider"),
            "contract": ColumnDescription(constant: "atw-ha"),
            "referral_received": ColumnDescription(from: "Date referral received", format: .dayMonthYear),
            "assessment_type": ColumnDescription(from: "Type", values: ["Virtual": "virtual_standard", "F2F": "f2f_standard"]),
            "apprentice": ColumnDescription(from: "Apprentice", values: ["Y": "true", "N": "false"]),
            "acknowledged": ColumnDescription(from: "Acknowledged", format: .dayMonthYear, values: ["N/A": ""]),
        ]))
        #expect(d.tables[.providers] == TableDescription(file: "Providers.xlsx", sheet: "Providers", headerRow: 2, columns: [
            "provider_id": ColumnDescription(from: "Provider"), "contract": ColumnDescription(from: "Contract"),
            "service_start": ColumnDescription(from: "Service start"),
        ]))
        let json = d.json(evidence: e)
        #expect(try DatasetDescription(json: Data(json.utf8), file: "dataset.json") == d)
        let canonical = DatasetDescription(tables: [.providers: TableDescription(file: "providers.csv")])
        #expect(canonical.json().contains("\"header_row\": 1,\n      \"columns\": {}\n"))
        #expect(try DatasetDescription(json: Data(canonical.json().utf8), file: "dataset.json") == canonical)
    }
}
