import RemnantGeometry

/// One cluster-munition incident: a strike, a remnant find or a stockpile site, as alleged by its
/// sources. Coordinates are WGS84 lon/lat; distances are metres.
public struct Incident: Hashable, Sendable, Identifiable {
    /// Stable identifier, e.g. `GE-2008-ruisi`. Re-importing the same id updates the record.
    public var id: String
    public var date: IncidentDate
    /// ISO 3166-1 alpha-2, upper case.
    public var country: String
    public var admin1: String?
    public var admin2: String?
    public var place: String?
    /// WGS84 longitude/latitude in degrees.
    public var location: Coordinate
    public var geoPrecision: GeoPrecision
    /// Radius in metres within which the site is believed to lie; nil means "derive from
    /// `geoPrecision`" (see ``effectiveUncertaintyMeters``).
    public var uncertaintyMeters: Double?
    public var siteType: SiteType
    /// Key into the munition catalog (`GeoData/munitions.csv`), nil when unknown.
    public var munition: String?
    /// Number of bombs, rockets or shells, if known.
    public var carriers: Int?
    public var delivery: Delivery
    public var actorAlleged: String?
    public var attributionConfidence: AttributionConfidence?
    public var evidence: Evidence
    public var unexplodedObserved: Bool?
    public var killed: Int?
    public var injured: Int?
    /// True when the reported casualties are civilians, false when military, nil when unknown.
    public var civilian: Bool?
    public var status: ReviewStatus
    public var notes: String?
    public var sources: [IncidentSource]

    public init(id: String, date: IncidentDate, country: String, admin1: String? = nil, admin2: String? = nil,
                place: String? = nil, location: Coordinate, geoPrecision: GeoPrecision, uncertaintyMeters: Double? = nil,
                siteType: SiteType = .strike, munition: String? = nil, carriers: Int? = nil, delivery: Delivery = .unknown,
                actorAlleged: String? = nil, attributionConfidence: AttributionConfidence? = nil, evidence: Evidence = .indirect,
                unexplodedObserved: Bool? = nil, killed: Int? = nil, injured: Int? = nil, civilian: Bool? = nil,
                status: ReviewStatus = .reported, notes: String? = nil, sources: [IncidentSource] = []) {
        self.id = id
        self.date = date
        self.country = country
        self.admin1 = admin1
        self.admin2 = admin2
        self.place = place
        self.location = location
        self.geoPrecision = geoPrecision
        self.uncertaintyMeters = uncertaintyMeters
        self.siteType = siteType
        self.munition = munition
        self.carriers = carriers
        self.delivery = delivery
        self.actorAlleged = actorAlleged
        self.attributionConfidence = attributionConfidence
        self.evidence = evidence
        self.unexplodedObserved = unexplodedObserved
        self.killed = killed
        self.injured = injured
        self.civilian = civilian
        self.status = status
        self.notes = notes
        self.sources = sources
    }

    /// The location uncertainty in metres: as given, or the default for the geo precision.
    public var effectiveUncertaintyMeters: Double {
        uncertaintyMeters ?? geoPrecision.defaultUncertaintyMeters
    }
}
