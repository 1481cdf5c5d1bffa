import Foundation
import Testing
@testable import RemnantStore

/// Plain records read in place (``CSVReader/readsPlainRecordsInPlace``) give exactly the records,
/// lines and error messages of the general path, on files whose rows cross the 64 KiB read
/// chunks at every kind of byte (inside a field, at a comma, between CR and LF).
@Suite struct CSVReaderPlainRecordTests {
    /// Every record of `data` and the message of the error that ended the read, if any, read
    /// from a file (so in 64 KiB chunks) with the in-place path on or off.
    static func read(_ data: Data, inPlace: Bool, maxFieldBytes: Int = 1 << 20, maxFields: Int = 1024,
                     maxRecordBytes: Int = 8 << 20) throws -> (records: [CSVRecord], error: String?) {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.csv")
        try data.write(to: url)
        let reader = try CSVReader(url: url, maxFieldBytes: maxFieldBytes, maxFields: maxFields, maxRecordBytes: maxRecordBytes)
        reader.readsPlainRecordsInPlace = inPlace
        var records: [CSVRecord] = []
        do {
            while let r = try reader.next() { records.append(r) }
        } catch {
            return (records, "\(error)")
        }
        return (records, nil)
    }

    /// Rows of every shape the reader accepts, in a seeded random mix, until `bytes` long.
    static func mixedCSV(bytes: Int, seed: UInt64) -> Data {
        var random = TestSupport.SeededRandom(seed: seed)
        func pick(_ n: Int) -> Int { min(n - 1, Int(random.unit() * Double(n))) }
        let endings = ["\n", "\r\n", "\r"]
        let values = ["", "a", "12.5", "Ruisi", "Дніпро", "حلب", "x y", "e\u{301}", String(repeating: "w", count: 300), "https://example.org/a?b=c"]
        let quoted = ["\"a, b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\"cr\r\nlf\"", "\"\"", "\"Дн \"\"і\"\"\"",
                      "\"\"\"\"", "\"SYNTHETIC benchmark record, not a real incident\"", "\"a\rb\""]
        var out = Data("\u{FEFF}id,a,b,c\n".utf8)
        var row = 0
        while out.count < bytes {
            row += 1
            let kind = pick(20)
            if kind == 0 { out.append(contentsOf: Array(endings[pick(3)].utf8)); continue }  // a blank line
            var fields = ["R\(row)"]
            for _ in 0..<3 { fields.append(kind < 8 ? quoted[pick(quoted.count)] : values[pick(values.count)]) }
            out.append(contentsOf: Array((fields.joined(separator: ",") + endings[pick(3)]).utf8))
        }
        out.append(contentsOf: Array("last,row,without,break".utf8))
        return out
    }

    @Test(arguments: [1, 2, 3])
    func mixedFilesReadTheSameEitherWay(seed: UInt64) throws {
        let data = Self.mixedCSV(bytes: 300_000, seed: seed)
        let inPlace = try Self.read(data, inPlace: true), general = try Self.read(data, inPlace: false)
        #expect(inPlace.error == nil && general.error == nil)
        #expect(inPlace.records.count > 2_500)
        #expect(inPlace.records == general.records)
        #expect(inPlace.records.first?.fields == ["id", "a", "b", "c"])
        #expect(inPlace.records.last?.fields == ["last", "row", "without", "break"])
    }

    /// A bad row after enough good ones that it sits past the first chunk, read both ways.
    @Test(arguments: [
        (Data([0x31, 0x2C, 0xC3, 0x28, 0x2C, 0x32, 0x2C, 0x33, 0x0A]), "invalid UTF-8 in field 2"),
        (Data("1,x\u{0}y,2,3\n".utf8), "NUL byte"),
        (Data("1,x\"y,2,3\n".utf8), "a quote inside an unquoted field 2"),
        (Data("1,\"x\"y,2,3\n".utf8), "text after the closing quote of field 2"),
        (Data("1,\"x\" ,2,3\n".utf8), "text after the closing quote of field 2"),
        (Data([0x31, 0x2C, 0x22, 0xC3, 0x28, 0x22, 0x22, 0x22, 0x2C, 0x32, 0x2C, 0x33, 0x0A]), "invalid UTF-8 in field 2"),
        (Data("1,2,3\n".utf8), nil),  // the short row is the CSVIncidentReader's to refuse
    ] as [(Data, String?)])
    func badRowsFailWithTheSameMessage(row: Data, message: String?) throws {
        var data = Data("id,a,b,c\n".utf8)
        for i in 0..<5_000 { data.append(contentsOf: Array("\(i),alpha,beta,gamma\n".utf8)) }
        data.append(row)
        data.append(contentsOf: Array("9,a,b,c\n".utf8))
        let inPlace = try Self.read(data, inPlace: true), general = try Self.read(data, inPlace: false)
        #expect(inPlace.records == general.records)
        #expect(inPlace.error == general.error)
        if let message {
            #expect(inPlace.error?.hasPrefix("t.csv:5002: \(message)") == true, "\(inPlace.error ?? "no error")")
        } else {
            #expect(inPlace.error == nil)
            #expect(inPlace.records.count == 5_003)
        }
    }

    @Test(arguments: [
        (4, 1 << 20, 8 << 20, "more than 4 fields in one record"),
        (1024, 5, 8 << 20, "field 2 is longer than 5 bytes"),
        (1024, 1 << 20, 20, "the record is longer than 20 bytes"),
    ])
    func limitsFailWithTheSameMessage(maxFields: Int, maxFieldBytes: Int, maxRecordBytes: Int, message: String) throws {
        let data = Data("id,a,b,c\n1,2,3,\"4\"\n2,\"ab\"\"def\",b,c\n3,a,b,c,d\n4,aaaaaaaaaaa,\"bbbbbbbbbb\",c\n".utf8)
        // Each limit is first broken on its own line: a 6-byte field (its quote undoubled) on 3,
        // five fields on 4, 22 bytes on 5.
        let line = maxFields == 4 ? 4 : maxFieldBytes == 5 ? 3 : 5
        let inPlace = try Self.read(data, inPlace: true, maxFieldBytes: maxFieldBytes, maxFields: maxFields, maxRecordBytes: maxRecordBytes)
        let general = try Self.read(data, inPlace: false, maxFieldBytes: maxFieldBytes, maxFields: maxFields, maxRecordBytes: maxRecordBytes)
        #expect(inPlace.records == general.records)
        #expect(inPlace.error == general.error)
        #expect(inPlace.error?.hasPrefix("t.csv:\(line): \(message)") == true, "\(inPlace.error ?? "no error")")
    }
}
