#!/usr/bin/env python3
"""Generate SYNTHETIC incident rows for benchmarks. Not real incidents; never copy into GeoData/.

Points are GeoNames places from GeoData/places.csv (SY, UA, GE, AZ) jittered by up to ±0.02°,
so nearly all fall inside their declared country, like real data. Deterministic (seeded).

usage: generate_synthetic.py N OUT.csv
"""
import csv, random, sys, os

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    places = []
    with open(os.path.join(here, "..", "GeoData", "places.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["country_code"] in ("SY", "UA", "GE", "AZ"):
                places.append((row["country_code"], row["admin1"], float(row["lon"]), float(row["lat"])))
    munitions = ["rbk-500-ao-2.5rt", "uragan-9m27k", "smerch-9m55k", "lar160-m85", "unknown-rocket", ""]
    deliveries = {"rbk-500-ao-2.5rt": "air-dropped", "uragan-9m27k": "rocket", "smerch-9m55k": "rocket",
                  "lar160-m85": "rocket", "unknown-rocket": "rocket", "": "unknown"}
    rnd = random.Random(20261122)
    header = ["id", "date", "date_precision", "country", "admin1", "admin2", "place", "lon", "lat", "geo_precision",
              "uncertainty_m", "site_type", "munition", "carriers", "delivery", "actor_alleged", "attribution_confidence",
              "evidence", "unexploded_observed", "killed", "injured", "civilian", "status", "notes",
              "source1_org", "source1_title", "source1_date", "source1_url"]
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i in range(n):
            cc, adm1, lon, lat = places[rnd.randrange(len(places))]
            m = munitions[rnd.randrange(len(munitions))]
            y, mo, d = rnd.choice((2008, 2014, 2015, 2016, 2020)), rnd.randint(1, 12), rnd.randint(1, 28)
            w.writerow([f"SYN-{i:07d}", f"{y:04d}-{mo:02d}-{d:02d}", "day", cc, adm1, "", "synthetic",
                        f"{lon + rnd.uniform(-0.02, 0.02):.6f}", f"{lat + rnd.uniform(-0.02, 0.02):.6f}", rnd.randint(1, 3),
                        "", "strike", m, rnd.choice(("", "1", "4")), deliveries[m], "synthetic", "low",
                        rnd.choice(("direct", "indirect")), "", rnd.choice(("", "0", "2")), "", "", "reported",
                        "SYNTHETIC benchmark record, not a real incident",
                        "Remnant benchmark generator", "synthetic data", "2026-11-22", "https://example.org/synthetic"])

if __name__ == "__main__":
    main()
