// Metric names shared across capabilities: each capability registers its own on deps.metrics (prom-client), and
// the sync agent reads them by name to build the hourly telemetry aggregates it sends to the hub.
export const METRICS = {
  /** counter, labels {location, lang}: portal pages served (probe redirects excluded) */
  portalViews: 'peron_portal_views_total',
  /** counter, labels {location}: Connects recorded (terms accepted) */
  portalConnects: 'peron_portal_connects_total',
  /** counter, labels {nas, outcome}: outcome = accept | reject | duplicate | drop_<reason> */
  radiusRequests: 'peron_radius_requests_total',
  /** counter, labels {nas, status}: status = start | interim | stop | on | off */
  radiusAccounting: 'peron_radius_accounting_requests_total',
  /** counter, labels {direction}: direction = in | out; octets reported by accounting (gigawords included) */
  radiusAcctOctets: 'peron_radius_accounting_octets_total',
  /** gauge, labels {display}: 1 while the display's heartbeat is fresh, else 0 */
  kioskDisplayUp: 'peron_kiosk_display_up',
  /** counter, labels {dataset, distribution}: open-data files downloaded from the site (a 200 to a GET) */
  opendataDownloads: 'peron_opendata_downloads_total',
  /** counter, labels {page}: page = list | dataset; Open data pages served */
  opendataViews: 'peron_opendata_views_total',
  /** counter: Open data page parts computed (list, charts, plan); once per dataset build and language, never per request */
  opendataPageBuilds: 'peron_opendata_page_builds_total',
  /** counter, labels {kind}: kind = page | api | csv; departures page and API responses served */
  departuresViews: 'peron_departures_views_total',
  /** counter, labels {location, link}: signpost links followed (/go/<id> redirected to the configured URL) */
  signpostClicks: 'peron_signpost_clicks_total',
} as const;
