import Foundation
import Testing
import RemnantGeometry
@testable import RemnantStore

/// Import → query round trips for the field formats, through the real store.
@Suite struct ImportFormatRoundTripTests {
    func importing(_ text: String, name: String) throws -> (IncidentStore, ImportReport, URL) {
        let dir = try TestSupport.scratchDirectory()
        let store = try TestSupport.emptyStore(in: dir)
        let url = try TestSupport.write(text, to: dir, name: name)
        let report = try IncidentImporter(store: store, gazetteer: TestSupport.geoData.places, boundaries: TestSupport.geoData.countries)
            .importFiles([url])
        return (store, report, dir)
    }

    @Test func hxlTaggedCSV() throws {
        let csv = """
            Event,Date,Country,Region,Place,Lat,Lon,Precision,Munition,Evidence,Killed,Source,URL
            #event+id,#date,#country+code,#adm1+name,#loc+name,#geo+lat,#geo+lon,#geo+precision,#item+munition,#meta+evidence,#affected+killed,#meta+source,#meta+url
            HXL-1,2014-10-02,UA,Donetsk,Donetsk,48.02300,37.80224,2,uragan-9m27k,direct,1,HRW,https://www.hrw.org/news/2014/10/20/ukraine-widespread-use-cluster-munitions
            HXL-2,2015-02,UA,Donetsk,Kramatorsk,48.73106,37.56779,2,smerch-9m55k,indirect,,OSCE,https://www.osce.org/
            """
        let (store, report, dir) = try importing(csv, name: "hxl.csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(report.files.first?.layout == "CSV (hxl)")
        #expect(report.summary.inserted == 2)
        let first = try #require(try store.incident(id: "HXL-1"))
        #expect(first.location == Coordinate(lon: 37.80224, lat: 48.023) && first.munition == "uragan-9m27k" && first.killed == 1)
        #expect(first.geoPrecision == .nearPlace && first.evidence == .direct && first.sources.first?.organisation == "HRW")
        let second = try #require(try store.incident(id: "HXL-2"))
        #expect(second.date.precision == .month && second.delivery == .rocket && second.killed == nil)
    }

    @Test func acledExportBothDateForms() throws {
        let csv = """
            event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,iso,country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities
            SYR1234,04 October 2015,2015,1,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),760,Syria,Aleppo,Jebel Saman,Kafr Halab,36.0644,36.8708,2,SOHR,"Cluster munitions reported, ""SPBE"".",0
            UKR55,2015-01-26,2015,2,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Ukraine (2014-2019),804,Ukraine,Luhansk,Luhanska,Luhansk,48.56814,39.30553,1,OSCE SMM,,2
            """
        let (store, report, dir) = try importing(csv, name: "acled.csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(report.files.first?.layout == "CSV (acled)")
        let syria = try #require(try store.incident(id: "SYR1234"))
        #expect(syria.date.iso == "2015-10-04" && syria.date.precision == .day && syria.country == "SY")
        #expect(syria.delivery == .airDropped && syria.evidence == .indirect && syria.status == .reported && syria.killed == 0)
        #expect(syria.notes == "Cluster munitions reported, \"SPBE\".")
        #expect(syria.sources.first?.organisation == "SOHR")
        let luhansk = try #require(try store.incident(id: "UKR55"))
        #expect(luhansk.date.precision == .week && luhansk.date.lastDay == "2015-02-01" && luhansk.geoPrecision == .place)
        var f = IncidentFilter()
        f.countries = ["SY"]
        #expect(try store.incidents(matching: f).map(\.incident.id) == ["SYR1234"])
    }

    @Test func geoJSONFeatureCollection() throws {
        let json = """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","id":"GJ-1","geometry":{"type":"Point","coordinates":[43.956937,42.037872]},
              "properties":{"date":"2008-08-12","country":"GE","place":"Ruisi","geo_precision":1,"munition":"rbk-250-275-ptab-2.5m",
                            "killed":3,"injured":5,"civilian":true,"evidence":"direct","status":"verified",
                            "sources":[{"organisation":"HRW","title":"Georgia: Russian Cluster Bombs Kill Civilians","date":"2008-08-15",
                                        "url":"https://www.hrw.org/news/2008/08/15/georgia-russian-cluster-bombs-kill-civilians"},
                                       {"organisation":"AP","url":"https://example.org/ap"}]}}]}
            """
        let (store, report, dir) = try importing(json, name: "in.geojson")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(report.summary.inserted == 1)
        let i = try #require(try store.incident(id: "GJ-1"))
        #expect(i.location == Coordinate(lon: 43.956937, lat: 42.037872) && i.killed == 3 && i.civilian == true)
        #expect(i.sources.map(\.organisation) == ["HRW", "AP"] && i.delivery == .airDropped)
        var near = IncidentFilter()
        near.near = (Coordinate(lon: 43.95, lat: 42.03), 2_000)
        #expect(try store.incidents(matching: near).map(\.incident.id) == ["GJ-1"])
    }

    @Test func kmlPlacemarks() throws {
        let kml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>Georgia</name>
              <Placemark id="KML-1"><name>Variani</name><TimeStamp><when>2008-08</when></TimeStamp>
                <ExtendedData><Data name="country"><value>GE</value></Data><Data name="geo_precision"><value>1</value></Data>
                  <Data name="evidence"><value>direct</value></Data><Data name="source1_org"><value>HRW</value></Data>
                  <Data name="source1_url"><value>http://www.hrw.org/node/82157/section/6</value></Data></ExtendedData>
                <Point><coordinates>44.03167,42.075,0</coordinates></Point></Placemark>
            </Folder></Document></kml>
            """
        let (store, report, dir) = try importing(kml, name: "in.kml")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(report.files.first?.layout == "KML")
        let i = try #require(try store.incident(id: "KML-1"))
        #expect(i.place == "Variani" && i.date.iso == "2008-08" && i.date.precision == .month)
        #expect(i.location == Coordinate(lon: 44.03167, lat: 42.075))
    }

    @Test func badFileInAMultiFileImportLandsNothing() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        let good = try TestSupport.write(TestSupport.header + "\n" + TestSupport.row() + "\n", to: dir, name: "good.csv")
        let bad = try TestSupport.write(#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}}]}"#,
                                        to: dir, name: "bad.geojson")
        let importer = IncidentImporter(store: store, gazetteer: nil, boundaries: nil)
        #expect { _ = try importer.importFiles([good, bad]) } throws: { "\($0)".hasPrefix("bad.geojson:feature 1: geometry: missing") }
        #expect(try store.count() == 0)
        #expect { _ = try importer.importFiles([dir.appendingPathComponent("x.shp")]) } throws: { "\($0)".contains("unknown extension '.shp'") }
    }
}
