#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (Fuzz/Corpus/<target>/) from the tests' own inputs.

The importer and query tests keep their inputs as Swift string literals, so this extracts the
literals (multi-line, raw and plain), decodes Swift's escapes, and sorts them by what they hold:
CSV (Remnant, HXL, ACLED), GeoJSON, KML, or a URL query. Fragments that the tests wrap in a
helper (a KML body, a GeoJSON feature, a query passed to parse("...")) are wrapped the same way.
GeoData/incidents.csv adds the shipped header with a few real rows. Seeds are named by content
hash, so re-running is idempotent; the corpora are committed.
usage: Fuzz/seed-corpus.py   (from anywhere)
"""
import hashlib, pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "Fuzz" / "Corpus"
tests = root / "Tests"

def unescape(s):
    def rep(m):
        e = m.group(1)
        if e.startswith("u{"): return chr(int(e[2:-1], 16))
        return {"n": "\n", "r": "\r", "t": "\t", "0": "\0", '"': '"', "\\": "\\", "'": "'"}.get(e, "\\" + e)
    return re.sub(r'\\(u\{[0-9a-fA-F]+\}|[nrt0"\\\'])', rep, s)

def literals(text):
    # Multi-line literals: the closing delimiter's indentation is removed from every line.
    for m in re.finditer(r'(#*)"""\n(.*?)\n([ \t]*)"""\1', text, re.S):
        body = "\n".join(l[len(m.group(3)):] for l in m.group(2).split("\n"))
        yield body if m.group(1) else unescape(body)
    text = re.sub(r'#*""".*?"""#*', "", text, flags=re.S)
    for m in re.finditer(r'#"(.*?)"#', text):
        yield m.group(1)
    text = re.sub(r'#".*?"#', "", text)
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
        yield unescape(m.group(1))

KML_DOC = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n{}\n</Document>\n</kml>'

def classify(s):
    if "\\(" in s:  # an interpolated template: drop the interpolations
        s = re.sub(r"\\\([^)]*\)", "", s)
    if "<kml" in s or "<?xml" in s:
        return "FuzzKMLImport", s
    if "<Placemark" in s or "<Folder" in s:
        return "FuzzKMLImport", KML_DOC.format(s)
    if '"FeatureCollection"' in s or '"Feature"' in s:
        return "FuzzGeoJSONImport", s
    if s.startswith("{") and '"type"' in s and '"coordinates"' in s:
        return "FuzzGeoJSONImport", s
    if "\n" in s and "," in s and not s.lstrip().startswith(("{", "<")):
        return "FuzzCSVImport", s
    if re.fullmatch(r"(bbox|datetime|limit|offset|f|country|admin1|munition|delivery|evidence|status|site_type|class|colour|a)=[^\s]*", s):
        return "FuzzServerQuery", s
    return None

seeds = {t: set() for t in ("FuzzCSVImport", "FuzzGeoJSONImport", "FuzzKMLImport", "FuzzServerQuery")}
for path in sorted(tests.rglob("*.swift")):
    text = path.read_text()
    for lit in literals(text):
        c = classify(lit)
        if c: seeds[c[0]].add(c[1])
    # Server requests: the query part of every items URL.
    for m in re.finditer(r'"(/collections/[^"?]*\?([^"]*))"', text):
        seeds["FuzzServerQuery"].add(m.group(2))

# Remnant's own CSV: the test header with a valid row, and the shipped data (header + 3 rows).
support = (tests / "RemnantStoreTests" / "TestSupport.swift").read_text()
header = re.search(r'static let header = "([^"]*)"', support).group(1)
row = ("T-1,2008-08-12,day,GE,Shida Kartli,,Ruisi,43.956937,42.037872,1,,strike,rbk-250-ptab-2.5m,1,air-dropped,Russia,high,"
       "direct,true,3,5,true,verified,test row,HRW,Georgia: Russian Cluster Bombs Kill Civilians,2008-08-15,"
       "https://www.hrw.org/news/2008/08/15/georgia-russian-cluster-bombs-kill-civilians")
seeds["FuzzCSVImport"].add(header + "\n" + row + "\n")
shipped = (root / "GeoData" / "incidents.csv").read_text().splitlines(keepends=True)
for start in (1, 40, 80):
    seeds["FuzzCSVImport"].add(shipped[0] + "".join(shipped[start:start + 3]))
seeds["FuzzServerQuery"].add("")

for target, items in seeds.items():
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    for s in items:
        b = s.encode("utf-8", "surrogatepass")
        if len(b) > 4096: continue  # libFuzzer's default -max_len
        (d / hashlib.sha1(b).hexdigest()[:16]).write_bytes(b)
    print(f"{target}: {len(list(d.iterdir()))} seeds")
