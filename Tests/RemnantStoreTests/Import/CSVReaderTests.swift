import Foundation
import Testing
@testable import RemnantStore

@Suite struct CSVReaderTests {
    func records(_ text: String) throws -> [CSVRecord] {
        let reader = CSVReader(data: Data(text.utf8), name: "t.csv")
        var out: [CSVRecord] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let r = try records("a,b,c\n1,\"x, y\",\"he said \"\"hi\"\"\"\n2,\"two\nlines\",z\n3,,\n")
        #expect(r.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "he said \"hi\""], ["2", "two\nlines", "z"], ["3", "", ""]])
        // A record starting after a multi-line field reports its own first line.
        #expect(r.map(\.line) == [1, 2, 3, 5])
    }

    @Test func byteOrderMarkAndMixedLineEndingsSimplyWork() throws {
        let r = try records("\u{FEFF}id,name\r\n1,a\n2,b\r3,c\r\n\r\n4,d")
        #expect(r.map(\.fields) == [["id", "name"], ["1", "a"], ["2", "b"], ["3", "c"], ["4", "d"]])
        #expect(r.map(\.line) == [1, 2, 3, 4, 6])
    }

    @Test(arguments: [
        ("a,b\n1,\"open\n", "t.csv:2: unterminated quoted field"),
        ("a,b\n1,x\"y\n", "t.csv:2: a quote inside an unquoted field 2"),
        ("a,b\n1,\"x\"y\n", "t.csv:2: text after the closing quote of field 2"),
        ("a,b\n1,x\u{0}y\n", "t.csv:2: NUL byte"),
    ])
    func malformedInputNamesTheLine(text: String, message: String) {
        #expect {
            _ = try records(text)
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test func invalidUTF8AndOversizedFieldsAreRefused() throws {
        var bytes = Data("a\n".utf8)
        bytes.append(contentsOf: [0xC3, 0x28, 0x0A])
        let reader = CSVReader(data: bytes, name: "bad.csv")
        _ = try reader.next()
        #expect(throws: StoreError.self) { _ = try reader.next() }

        let big = CSVReader(data: Data(("x\n" + String(repeating: "a", count: 2000)).utf8), name: "big.csv", maxFieldBytes: 1000)
        _ = try big.next()
        #expect { _ = try big.next() } throws: { "\($0)".contains("longer than 1000 bytes") }
    }

    @Test func streamsFromFileAcrossChunkBoundaries() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 200k rows cross many 64 KiB chunk boundaries, including inside quoted fields.
        var text = "id,note\r\n"
        for i in 0..<20_000 { text += "\(i),\"row \(i), with \"\"quotes\"\"\nand a break\"\r\n" }
        let url = try TestSupport.write(text, to: dir, name: "big.csv")
        let reader = try CSVReader(url: url)
        var n = 0
        _ = try reader.next()
        while let r = try reader.next() {
            #expect(r.fields == ["\(n)", "row \(n), with \"quotes\"\nand a break"])
            #expect(r.line == 2 + 2 * n)
            n += 1
        }
        #expect(n == 20_000)
    }
}
