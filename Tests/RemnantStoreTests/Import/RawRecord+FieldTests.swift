import Foundation
import Testing
@testable import RemnantStore

/// CSV rows find fields by slot (``RawRecord/Field``); records from GeoJSON, KML and ACLED by
/// name. Both paths must give the same values, incidents and messages.
@Suite struct RawRecordFieldTests {
    static let catalog = try! MunitionCatalog(url: TestSupport.geoData.munitions)

    /// The rows of a CSV text as the CSV importer builds them (slotted column index).
    func csvRecords(_ text: String) throws -> [RawRecord] {
        let reader = try CSVIncidentReader(reader: CSVReader(data: Data(text.utf8), name: "in.csv"))
        var records: [RawRecord] = []
        while let r = try reader.next() { records.append(r) }
        return records
    }

    /// The same record held by name, as the other formats build it.
    func named(_ r: RawRecord) -> RawRecord {
        RawRecord(file: r.file, location: r.location, fields: r.fields)
    }

    func parse(_ r: RawRecord) -> Result<Incident, StoreError> {
        var p = IncidentRecordParser(catalog: Self.catalog, gazetteer: nil, boundaries: nil)
        do throws(StoreError) { return .success(try p.parse(r)) } catch { return .failure(error) }
    }

    @Test func everySlottedFieldReadsTheSameAsByName() throws {
        let names = RawRecord.Field.all
        let values = names.indices.map { " v\($0) " }
        let r = try csvRecords(names.joined(separator: ",") + "\n" + values.joined(separator: ",") + "\n")[0]
        let fields: [RawRecord.Field] = [.id, .date, .datePrecision, .country, .admin1, .admin2, .place, .lon, .lat, .geoPrecision,
                                         .uncertainty, .siteType, .munition, .carriers, .delivery, .actorAlleged,
                                         .attributionConfidence, .evidence, .unexplodedObserved, .killed, .injured, .civilian,
                                         .status, .notes]
        #expect(fields.map(\.name) == RawRecord.Field.incidentColumns)
        for f in fields { #expect(r[f] == "v\(names.firstIndex(of: f.name)!)" && r[f] == r[f.name]) }
        for n in 1...RawRecord.Field.slottedSources + 2 {
            let s = RawRecord.Field.source(n)
            for f in [s.org, s.title, s.date, s.url] {
                #expect(r[f] == r[f.name])
                #expect(r[f] == named(r)[f])
            }
        }
        // Columns in another order, and a file without most of them.
        let few = try csvRecords("notes,country,id,date\n x ,GE,A-1,\n")[0]
        #expect(few[.notes] == "x" && few[.country] == "GE" && few[.id] == "A-1")
        #expect(few[.date] == nil && few[.lon] == nil && few[RawRecord.Field.source(1).org] == nil)
    }

    @Test func sourcesWithAGapAndBeyondTheSlottedOnesParseAlike() throws {
        let sources = (1...11).map { n in ["source\(n)_org", "source\(n)_title", "source\(n)_date", "source\(n)_url"] }
        let header = RawRecord.Field.incidentColumns + sources.flatMap { $0 }
        func row(present: Set<Int>) -> String {
            let base = ["S-1", "2016-02-01", "day", "SY", "", "", "", "36.2", "37.1", "1", "", "strike", "", "", "", "", "", "",
                        "", "", "", "", "", ""]
            let src = (1...11).flatMap { n in present.contains(n) ? ["Org \(n)", "", "", "https://example.org/\(n)"] : ["", "", "", ""] }
            return (base + src).joined(separator: ",")
        }
        for present: Set<Int> in [[1], [1, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1, 2, 3, 4, 5, 6, 7, 8, 9, 11], [2]] {
            let r = try csvRecords(header.joined(separator: ",") + "\n" + row(present: present) + "\n")[0]
            let bySlot = try parse(r).get(), byName = try parse(named(r)).get()
            #expect(bySlot == byName)
            #expect(bySlot.sources.map(\.organisation) == present.sorted().map { "Org \($0)" })
        }
        // A gap of two ends the list: sources after it are not read.
        let r = try csvRecords(header.joined(separator: ",") + "\n" + row(present: [1, 4]) + "\n")[0]
        #expect(try parse(r).get().sources.map(\.organisation) == ["Org 1"])
        #expect(try parse(named(r)).get().sources.map(\.organisation) == ["Org 1"])
    }

    @Test func badValuesGiveTheSameMessagesBySlotAndByName() throws {
        let rows = [TestSupport.row(killed: "three"), TestSupport.row(lon: "1e400"), TestSupport.row(id: ""),
                    TestSupport.row(precision: "fortnight"), TestSupport.row(url: "ftp://x"), TestSupport.row(date: "2008-13-01")]
        for row in rows {
            let r = try csvRecords(TestSupport.header + "\n" + row + "\n")[0]
            guard case let .failure(bySlot) = parse(r), case let .failure(byName) = parse(named(r)) else {
                Issue.record("\(row) parsed")
                continue
            }
            #expect("\(bySlot)" == "\(byName)")
        }
    }

    @Test func idMustBeOneLineOfAtMost128Characters() {
        #expect(IncidentRecordParser.isOneShortLine(String(repeating: "a", count: 128)))
        #expect(!IncidentRecordParser.isOneShortLine(String(repeating: "a", count: 129)))
        // Characters, not bytes: 128 two-byte letters pass, and a combining mark is part of its letter.
        #expect(IncidentRecordParser.isOneShortLine(String(repeating: "é", count: 128)))
        #expect(IncidentRecordParser.isOneShortLine(String(repeating: "e\u{301}", count: 128)))
        #expect(!IncidentRecordParser.isOneShortLine(String(repeating: "é", count: 129)))
        for brk in ["\n", "\r", "\u{0B}", "\u{0C}", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"] {
            #expect(!IncidentRecordParser.isOneShortLine("A\(brk)B"), "line break U+\(String(brk.unicodeScalars.first!.value, radix: 16))")
        }
        #expect(IncidentRecordParser.isOneShortLine("SY-2016-0001\tx"))
    }
}
