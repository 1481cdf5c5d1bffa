import Foundation
import RemnantAnalysis
import RemnantGeometry
import RemnantStore

/// The data a map draws: reference layers from `GeoData/` and the incidents and hazard areas of
/// the run. Plain values, so it can be built once and drawn into several documents.
public struct MapData: Sendable {
    /// Natural Earth admin-0 (countries) and admin-1 polygons.
    public var countries: [BoundaryFeature]
    public var admin1: [BoundaryFeature]
    /// GeoNames populated places.
    public var places: [Place]
    public var incidents: [Incident]
    /// Hazard areas ranked by priority (``HazardAreaBuilder``).
    public var areas: [HazardArea]
    /// Munition catalog, for the names on the sheets.
    public var catalog: MunitionCatalog

    public init(countries: [BoundaryFeature], admin1: [BoundaryFeature], places: [Place], incidents: [Incident],
                areas: [HazardArea], catalog: MunitionCatalog) {
        self.countries = countries
        self.admin1 = admin1
        self.places = places
        self.incidents = incidents
        self.areas = areas
        self.catalog = catalog
    }

    /// Reads the boundary layers and the gazetteer from `geoData` and builds the hazard areas of
    /// `incidents` with `builder` (the same areas `remnant zones` reports).
    public static func load(geoData: GeoData, incidents: [Incident], catalog: MunitionCatalog,
                            builder: HazardAreaBuilder = HazardAreaBuilder()) throws(MapError) -> MapData {
        do {
            let gazetteer = Gazetteer(deferredURL: geoData.places)
            let areas = try builder.build(incidents, catalog: catalog, gazetteer: gazetteer)
            return MapData(countries: try BoundaryLayer.read(url: geoData.countries), admin1: try BoundaryLayer.read(url: geoData.admin1),
                           places: try gazetteer.places(), incidents: incidents, areas: areas, catalog: catalog)
        } catch let error as MapError {
            throw error
        } catch {
            throw .data(what: "map data from \(geoData.directory.path)", message: "\(error)")
        }
    }

    /// The incidents of one hazard area, in the area's order (by id).
    func incidents(of area: HazardArea) -> [Incident] {
        let ids = Set(area.incidentIDs)
        return incidents.filter { ids.contains($0.id) }.sorted { $0.id < $1.id }
    }

    /// Distinct source organisations of `incidents`, most cited first, for the footer.
    func sourceOrganisations(of incidents: [Incident]) -> [String] {
        var counts: [String: Int] = [:]
        for i in incidents { for s in Set(i.sources.map(\.organisation)) { counts[s, default: 0] += 1 } }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }
}
