/* The land map: the parcels' GeoJSON (same filters as the page) drawn with Leaflet,
   coloured by status or by the evaluation class of the enterprise holding the parcel.
   No base-map tiles unless the server names a tile URL (PARKBASE_TILE_URL): the page
   works on an intranet with no internet. */
(function () {
  "use strict";
  var element = document.getElementById("land-map");
  var configElement = document.getElementById("land-map-config");
  if (!element || !configElement || typeof L === "undefined") return;
  var config = JSON.parse(configElement.textContent);
  var colour = config.colour;

  // fractional zoom: fitting the parcels fills the map, not half of it
  var map = L.map(element, {
    zoomControl: true,
    attributionControl: !!config.tiles,
    zoomSnap: 0.1,
    zoomDelta: 0.5,
  });
  if (config.tiles) L.tileLayer(config.tiles, { maxZoom: 20 }).addTo(map);
  map.setView([0, 0], 2);

  function fill(properties) {
    if (colour === "class") {
      return config.classes[properties["class"]] || config.noClass;
    }
    var status = config.statuses[properties.status];
    return status ? status.colour : config.noClass;
  }

  function style(feature) {
    return { color: "#343a40", weight: 1, fillColor: fill(feature.properties), fillOpacity: 0.7 };
  }

  function row(table, label, value) {
    var tr = document.createElement("tr");
    var th = document.createElement("th");
    var td = document.createElement("td");
    th.className = "pe-2 fw-normal text-secondary";
    th.textContent = label;
    if (value instanceof Node) td.appendChild(value);
    else td.textContent = value;
    tr.appendChild(th);
    tr.appendChild(td);
    table.appendChild(tr);
  }

  // Leaflet puts a string into the tooltip as HTML: what users typed goes in as text.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  // a status or class as the pages' badges show it: its map colour, the text colour
  // the server chose for it
  function badge(label, colour, textColour, testid) {
    var span = document.createElement("span");
    span.className = "badge";
    span.style.backgroundColor = colour;
    span.style.color = textColour;
    span.setAttribute("data-testid", testid);
    span.textContent = label;
    return span;
  }

  function number(value, digits) {
    return Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
  }

  function popup(properties) {
    var box = document.createElement("div");
    box.setAttribute("data-testid", "parcel-popup");
    var title = document.createElement("div");
    title.className = "fw-bold mb-1";
    title.textContent = properties.code + " " + properties.name;
    box.appendChild(title);
    var table = document.createElement("table");
    table.className = "small mb-2";
    if (properties.area !== null && properties.area !== undefined) {
      row(table, config.text.area,
        number(properties.area, 0) + " m² (" + number(properties.area * 3 / 2000, 2) + " " + config.text.mu + ")");
    }
    var status = config.statuses[properties.status];
    row(table, config.text.status,
      status ? badge(status.label, status.colour, status.text, "popup-status") : properties.status);
    if (properties.use) row(table, config.text.use, config.uses[properties.use] || properties.use);
    var klass = properties["class"];
    row(table, config.text["class"], klass && config.classes[klass]
      ? badge(klass, config.classes[klass], config.classText[klass], "popup-class")
      : klass || config.text.none);
    // need-to-know: the code name of the confidential project the parcel is reserved for
    if (properties.confidential) row(table, config.text.confidential, properties.confidential);
    box.appendChild(table);
    if (properties.url) {
      var link = document.createElement("a");
      link.href = properties.url;
      link.textContent = config.text.open;
      link.setAttribute("data-testid", "parcel-link");
      box.appendChild(link);
    }
    return box;
  }

  var layer = L.geoJSON(null, {
    style: style,
    onEachFeature: function (feature, shape) {
      shape.bindPopup(function () { return popup(feature.properties); });
      shape.bindTooltip(text(feature.properties.code), { sticky: true });
    },
  }).addTo(map);

  // Each parcel's code written on it, without a hover: the largest parcels first, as
  // long as the parcel is big enough on screen and its label covers no other label;
  // zooming in makes room for more.
  var labels = L.layerGroup().addTo(map);
  var LABEL_MIN_SIZE = 14; // px of the parcel on screen, either way

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  // a label taken off goes at once, not after Leaflet's fade: one being placed must
  // not be measured against one on its way out
  function drop(label) {
    var box = label.getElement();
    labels.removeLayer(label);
    if (box) L.DomUtil.remove(box);
  }

  function placeLabels() {
    labels.getLayers().forEach(drop);
    var view = map.getBounds();
    var shapes = [];
    layer.eachLayer(function (shape) {
      var bounds = shape.getBounds();
      if (!view.intersects(bounds)) return;
      var corner = map.latLngToContainerPoint(bounds.getNorthWest());
      var other = map.latLngToContainerPoint(bounds.getSouthEast());
      var width = other.x - corner.x;
      var height = other.y - corner.y;
      if (width < LABEL_MIN_SIZE || height < LABEL_MIN_SIZE) return;
      shapes.push({ shape: shape, size: width * height });
    });
    shapes.sort(function (a, b) { return b.size - a.size; });
    var placed = [];
    shapes.forEach(function (item) {
      var label = L.tooltip({
        permanent: true,
        direction: "center",
        className: "parcel-label",
        interactive: false,
      })
        .setLatLng(item.shape.getCenter())
        .setContent(text(item.shape.feature.properties.code));
      labels.addLayer(label);
      var box = label.getElement().getBoundingClientRect();
      if (placed.some(function (other) { return overlaps(box, other); })) {
        drop(label);
      } else {
        placed.push(box);
      }
    });
    element.setAttribute("data-labels", String(placed.length));
  }

  map.on("zoomend moveend", function () {
    if (element.getAttribute("data-ready") === "1") placeLabels();
  });

  function showLegend() {
    document.querySelectorAll("[data-testid=legend-status]").forEach(function (e) { e.hidden = colour !== "status"; });
    document.querySelectorAll("[data-testid=legend-class]").forEach(function (e) { e.hidden = colour !== "class"; });
  }

  document.querySelectorAll("input[name=colour]").forEach(function (input) {
    input.addEventListener("change", function () {
      colour = input.value;
      layer.setStyle(style);
      showLegend();
      var url = new URL(window.location.href);
      url.searchParams.set("colour", colour);
      window.history.replaceState(null, "", url);
    });
  });

  fetch(config.geojson, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (collection) {
      layer.addData(collection);
      element.setAttribute("data-features", String(collection.features.length));
      var bounds = layer.getBounds();
      if (bounds.isValid()) {
        map.invalidateSize();
        map.fitBounds(bounds, { padding: [20, 20] });
      } else {
        var note = document.createElement("div");
        note.className = "text-secondary p-3";
        note.textContent = config.text.empty;
        element.parentNode.appendChild(note);
      }
      element.setAttribute("data-ready", "1");
      placeLabels();
    })
    .catch(function () { element.setAttribute("data-ready", "error"); });
})();
