import Testing
import _ATWFuzzing

/// How a fuzz input becomes the files of a folder.
struct FuzzFolderTests {
    @Test func sectionsSplitAtEveryRecordSeparatorKeepingEmptyOnes() {
        #expect(FuzzFolder.sections(Array("a\u{1E}\u{1E}b".utf8)) == [[0x61], [], [0x62]])
        #expect(FuzzFolder.sections([]) == [[]])
    }

    @Test func namedFilesKeepSafeNamesOnlyAndTheFirstOfARepeatedName() {
        let input = Array("dataset.json\n{}\u{1E}../escape.csv\nx\u{1E}.hidden\nx\u{1E}Case extract.csv\na,b\n\u{1E}dataset.json\nsecond\u{1E}no newline".utf8)
        let files = FuzzFolder.files(input)
        #expect(files.map(\.name) == ["dataset.json", "Case extract.csv"])
        #expect(files.map(\.bytes) == [Array("{}".utf8), Array("a,b\n".utf8)])
    }

    @Test func packedFilesReadBackAsTheSameFiles() {
        let files: [(name: String, bytes: [UInt8])] = [("providers.csv", Array("provider_id\nP1\n".utf8)), ("cases.csv", [])]
        let read = FuzzFolder.files(FuzzFolder.pack(files))
        #expect(read.map(\.name) == files.map(\.name))
        #expect(read.map(\.bytes) == files.map(\.bytes))
    }
}
