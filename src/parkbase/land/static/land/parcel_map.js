/* The parcel page's small map: the parcel's outline in its status's colour, fitted to
   the map, and the parcels around it faintly, each naming its code on hover and
   opening its page on a click. Base-map tiles only when the land map has them. */
(function () {
  "use strict";
  var element = document.getElementById("parcel-map");
  var configElement = document.getElementById("parcel-map-config");
  if (!element || !configElement || typeof L === "undefined") return;
  var config = JSON.parse(configElement.textContent);

  var map = L.map(element, {
    attributionControl: !!config.tiles,
    scrollWheelZoom: false, // the page scrolls past it
    zoomSnap: 0.1,
    zoomDelta: 0.5,
  });
  if (config.tiles) L.tileLayer(config.tiles, { maxZoom: 20 }).addTo(map);

  // Leaflet puts a string into the tooltip as HTML: what users typed goes in as text.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  L.geoJSON(config.neighbours, {
    style: {
      className: "parcel-neighbour",
      color: "#868e96",
      weight: 1,
      fillColor: "#adb5bd",
      fillOpacity: 0.15,
    },
    onEachFeature: function (feature, shape) {
      shape.bindTooltip(text(feature.properties.code), { sticky: true });
      shape.on("click", function () { window.location.href = feature.properties.url; });
    },
  }).addTo(map);

  var own = L.geoJSON(config.parcel, {
    style: {
      className: "parcel-outline",
      color: "#1d273b",
      weight: 2.5,
      fillColor: config.parcel.properties.colour || "#adb5bd",
      fillOpacity: 0.7,
    },
    interactive: false,
  }).addTo(map);

  // a margin around the parcel shows what lies next to it
  map.fitBounds(own.getBounds().pad(0.3), { padding: [8, 8] });
  element.setAttribute("data-ready", "1");
})();
