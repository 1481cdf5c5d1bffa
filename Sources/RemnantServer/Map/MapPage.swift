/// The live map at `/map`: Leaflet (Debian's libjs-leaflet, served by Remnant under
/// `/static/leaflet/`), the shipped country boundaries as an offline base layer, and the
/// incidents, hazard areas and hex bins read from the API. A date-range slider sets the
/// `datetime` of the incident and hazard-area requests; popups show attributes and sources.
enum MapPage {
    static func html() -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Remnant map</title>
        <link rel="stylesheet" href="/static/leaflet/leaflet.css">
        <script src="/static/leaflet/leaflet.js"></script>
        <style>
        html,body{margin:0;height:100%;font:13px/1.4 system-ui,sans-serif}
        #map{position:absolute;top:0;bottom:64px;left:0;right:0;background:#b9d3e6}
        #bar{position:absolute;bottom:0;left:0;right:0;height:64px;padding:6px 12px;box-sizing:border-box;background:#fff;border-top:1px solid #ccc}
        #bar input[type=range]{width:38%}
        #dates{font-weight:600}
        .legend{background:#fff;padding:6px 8px;border-radius:4px;box-shadow:0 0 4px #0004}
        .legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
        .leaflet-popup-content table{border-collapse:collapse}.leaflet-popup-content th{text-align:left;padding-right:6px;color:#555}
        </style></head>
        <body>
        <div id="map"></div>
        <div id="bar">
          <div>Date range: <span id="dates">…</span> · <span id="status">loading…</span> · <a href="/">API</a></div>
          <label>from <input id="from" type="range" min="0" max="0" value="0"></label>
          <label>to <input id="to" type="range" min="0" max="0" value="0"></label>
        </div>
        <script>
        \(script)
        </script>
        </body></html>

        """
    }

    static let script = #"""
    const map = L.map('map', {preferCanvas: true, worldCopyJump: true, fadeAnimation: false}).setView([40, 40], 4);
    map.createPane('base').style.zIndex = 150;
    map.createPane('hexes').style.zIndex = 380;
    map.createPane('zones').style.zIndex = 400;
    map.attributionControl.addAttribution('Boundaries: Natural Earth · Data: Remnant (allegations as reported by the cited sources)');
    const esc = s => String(s).replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
    function popup(p) {
      let h = '<b>' + esc(p.place || p.nearest_place || p.id) + '</b>' + (p.date ? ' · ' + esc(p.date) : '');
      h += sources(p) + '<table>';
      for (const [k, v] of Object.entries(p)) {
        if (k === 'sources' || v === null || v === '' || typeof v === 'object') continue;
        h += '<tr><th>' + esc(k) + '</th><td>' + esc(v) + '</td></tr>';
      }
      return h + '</table>';
    }
    function sources(p) {
      let h = '';
      if (Array.isArray(p.sources) && p.sources.length) {
        h += '<div><b>Sources</b></div><ul style="margin:2px 0 6px;padding-left:18px">';
        for (const s of p.sources) {
          const label = esc(s.organisation || 'source') + (s.title ? ': ' + esc(s.title) : '') + (s.date ? ' (' + esc(s.date) + ')' : '');
          h += '<li>' + (s.url && /^https?:\/\//.test(s.url) ? '<a target="_blank" rel="noopener noreferrer" href="' + esc(s.url) + '">' + label + '</a>' : label) + '</li>';
        }
        h += '</ul>';
      }
      return h;
    }
    async function fetchAll(url) {
      const features = [];
      for (let page = 0; url && page < 20; page++) {
        const r = await fetch(url, {headers: {Accept: 'application/geo+json'}});
        if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
        const fc = await r.json();
        features.push(...fc.features);
        const next = (fc.links || []).find(l => l.rel === 'next');
        url = next ? next.href : null;
      }
      return {type: 'FeatureCollection', features};
    }
    const colours = {direct: '#c0392b', indirect: '#e67e22'};
    const incidents = L.geoJSON(null, {
      pointToLayer: (f, ll) => L.circleMarker(ll, {radius: 5, weight: 1, color: '#333', fillColor: colours[f.properties.evidence] || '#888', fillOpacity: 0.9}),
      onEachFeature: (f, l) => l.bindPopup(() => popup(f.properties), {maxWidth: 420, maxHeight: 380})
    }).addTo(map);
    const zones = L.geoJSON(null, {pane: 'zones',
      style: f => ({color: f.properties.class === 'CHA' ? '#b03a2e' : '#d4ac0d', weight: 1.5, fillOpacity: 0.25}),
      onEachFeature: (f, l) => l.bindPopup(() => popup(f.properties), {maxWidth: 420, maxHeight: 380})
    }).addTo(map);
    const hexes = L.geoJSON(null, {pane: 'hexes',
      style: f => ({color: '#5b2c6f', weight: 0.5, fillColor: '#8e44ad', fillOpacity: Math.min(0.8, 0.15 + 0.1 * Math.log2(1 + f.properties.count))}),
      onEachFeature: (f, l) => l.bindPopup(() => popup(f.properties))
    }).addTo(map);
    L.control.layers(null, {'Incidents': incidents, 'Hazard areas (CHA/SHA)': zones, 'Hex bins (10 km)': hexes}, {collapsed: false}).addTo(map);
    const legend = L.control({position: 'bottomright'});
    legend.onAdd = () => { const d = L.DomUtil.create('div', 'legend');
      d.innerHTML = '<i style="background:#c0392b;border-radius:6px"></i>incident, direct evidence<br><i style="background:#e67e22;border-radius:6px"></i>incident, indirect<br>' +
        '<i style="background:#b03a2e55;border:1px solid #b03a2e"></i>CHA <i style="background:#d4ac0d55;border:1px solid #d4ac0d"></i>SHA<br><i style="background:#8e44ad88"></i>hex bin (count)';
      return d; };
    legend.addTo(map);
    fetch('/static/countries.geojson').then(r => r.json()).then(g => {
      L.geoJSON(g, {pane: 'base', interactive: false, style: {color: '#777', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1}}).addTo(map);
    });
    const status = document.getElementById('status');
    const from = document.getElementById('from'), to = document.getElementById('to'), dates = document.getElementById('dates');
    let months = [];
    function month(i) { return months[Math.max(0, Math.min(months.length - 1, i))]; }
    function lastDay(m) { const [y, mo] = m.split('-').map(Number); return m + '-' + String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, '0'); }
    function range() {
      const a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
      return [month(a) + '-01', lastDay(month(b))];
    }
    // #zoom/lat/lon sets the view (links to a place); #…/from/to (YYYY-MM) sets the date range;
    // #…/from/to/ID opens an incident's popup.
    const hash = location.hash.slice(1).split('/');
    const view = hash.length >= 3 && hash.slice(0, 3).every(x => x !== '' && isFinite(+x)) ? hash.slice(0, 3).map(Number) : null;
    let generation = 0;
    async function load(fit) {
      const g = ++generation;
      const [a, b] = range();
      dates.textContent = a + ' – ' + b;
      status.textContent = 'loading…';
      const dt = encodeURIComponent(a + 'T00:00:00Z/' + b + 'T23:59:59Z');
      try {
        const [inc, zon] = await Promise.all([
          fetchAll('/collections/incidents/items?limit=10000&datetime=' + dt),
          fetchAll('/collections/zones/items?limit=10000&datetime=' + dt)]);
        if (g !== generation) return;
        incidents.clearLayers().addData(inc);
        zones.clearLayers().addData(zon);
        status.textContent = inc.features.length + ' incidents, ' + zon.features.length + ' hazard areas';
        if (fit && view) map.setView([view[1], view[2]], view[0]);
        else if (fit && inc.features.length) map.fitBounds(incidents.getBounds().pad(0.1));
      } catch (e) { status.textContent = String(e); }
    }
    let timer = null;
    for (const el of [from, to]) el.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => load(false), 250); });
    (async () => {
      const c = await (await fetch('/collections/incidents', {headers: {Accept: 'application/json'}})).json();
      const interval = (((c.extent || {}).temporal || {}).interval || [[null, null]])[0];
      if (interval[0] && interval[1]) {
        let [y, m] = interval[0].slice(0, 7).split('-').map(Number);
        const end = interval[1].slice(0, 7);
        for (;;) { const s = y + '-' + String(m).padStart(2, '0'); months.push(s); if (s >= end || months.length > 2400) break; if (++m > 12) { m = 1; y++; } }
      } else { months = ['1900-01', '2099-12']; }
      from.max = to.max = months.length - 1; from.value = 0; to.value = months.length - 1;
      if (hash.length >= 5) {
        const a = months.indexOf(hash[3]), b = months.indexOf(hash[4]);
        if (a >= 0) from.value = a;
        if (b >= 0) to.value = b;
      }
      fetchAll('/collections/hexes/items?limit=10000').then(h => hexes.addData(h)).catch(e => { status.textContent = String(e); });
      await load(true);
      // #…/from/to/ID opens that incident's popup (a link to one incident).
      if (hash.length >= 6) incidents.eachLayer(l => { if (l.feature && l.feature.id === decodeURIComponent(hash[5])) l.openPopup(); });
      document.body.dataset.ready = 'true';
    })();
    """#
}
