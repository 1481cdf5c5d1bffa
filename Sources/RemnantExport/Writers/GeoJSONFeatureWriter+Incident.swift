import RemnantStore

extension GeoJSONFeatureWriter {
    /// The object of `incident.feature()` (``Incident/feature(distanceMeters:)`` without a
    /// distance), written from the incident's fields in the same member order with the same
    /// number and string forms, so the bytes equal those of ``appendObject(_:)-(Feature)``; a
    /// server page renders 1,000 of these, and building the 27 properties first cost more than
    /// writing them.
    func appendObject(_ incident: Incident) {
        sink.append("{\"type\":\"Feature\",\"id\":" as StaticString)
        sink.append(jsonString: incident.id)
        sink.append(",\"geometry\":{\"type\":\"Point\",\"coordinates\":" as StaticString)
        position(incident.location)
        sink.append("},\"properties\":{\"id\":" as StaticString)
        sink.append(jsonString: incident.id)
        sink.append(",\"date\":" as StaticString)
        sink.append(jsonString: incident.date.iso)
        sink.append(",\"date_precision\":" as StaticString)
        sink.append(jsonString: incident.date.precision.rawValue)
        sink.append(",\"date_start\":" as StaticString)
        sink.append(jsonString: incident.date.firstDay)
        sink.append(",\"date_end\":" as StaticString)
        sink.append(jsonString: incident.date.lastDay)
        sink.append(",\"country\":" as StaticString)
        sink.append(jsonString: incident.country)
        sink.append(",\"admin1\":" as StaticString)
        append(optional: incident.admin1)
        sink.append(",\"admin2\":" as StaticString)
        append(optional: incident.admin2)
        sink.append(",\"place\":" as StaticString)
        append(optional: incident.place)
        sink.append(",\"lon\":" as StaticString)
        sink.append(number: incident.location.lon)
        sink.append(",\"lat\":" as StaticString)
        sink.append(number: incident.location.lat)
        sink.append(",\"geo_precision\":" as StaticString)
        sink.append(int: incident.geoPrecision.rawValue)
        sink.append(",\"uncertainty_m\":" as StaticString)
        sink.append(number: incident.effectiveUncertaintyMeters)
        sink.append(",\"site_type\":" as StaticString)
        sink.append(jsonString: incident.siteType.rawValue)
        sink.append(",\"munition\":" as StaticString)
        append(optional: incident.munition)
        sink.append(",\"carriers\":" as StaticString)
        append(optional: incident.carriers)
        sink.append(",\"delivery\":" as StaticString)
        sink.append(jsonString: incident.delivery.rawValue)
        sink.append(",\"actor_alleged\":" as StaticString)
        append(optional: incident.actorAlleged)
        sink.append(",\"attribution_confidence\":" as StaticString)
        append(optional: incident.attributionConfidence?.rawValue)
        sink.append(",\"evidence\":" as StaticString)
        sink.append(jsonString: incident.evidence.rawValue)
        sink.append(",\"unexploded_observed\":" as StaticString)
        append(optional: incident.unexplodedObserved)
        sink.append(",\"killed\":" as StaticString)
        append(optional: incident.killed)
        sink.append(",\"injured\":" as StaticString)
        append(optional: incident.injured)
        sink.append(",\"civilian\":" as StaticString)
        append(optional: incident.civilian)
        sink.append(",\"status\":" as StaticString)
        sink.append(jsonString: incident.status.rawValue)
        sink.append(",\"notes\":" as StaticString)
        append(optional: incident.notes)
        sink.append(",\"sources\":[" as StaticString)
        for (k, s) in incident.sources.enumerated() {
            if k > 0 { sink.append(byte: 44) }
            sink.append("{\"organisation\":" as StaticString)
            sink.append(jsonString: s.organisation)
            sink.append(",\"title\":" as StaticString)
            append(optional: s.title)
            sink.append(",\"date\":" as StaticString)
            append(optional: s.date)
            sink.append(",\"url\":" as StaticString)
            append(optional: s.url)
            sink.append(byte: 125)
        }
        sink.append("]}}" as StaticString)
    }

    private func append(optional s: String?) {
        if let s { sink.append(jsonString: s) } else { sink.append("null" as StaticString) }
    }

    private func append(optional i: Int?) {
        if let i { sink.append(int: i) } else { sink.append("null" as StaticString) }
    }

    private func append(optional b: Bool?) {
        guard let b else { sink.append("null" as StaticString); return }
        sink.append(b ? "true" as StaticString : "false")
    }
}
