<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <source>Telemetry Desk: a desktop dashboard for application telemetry, with its own collector.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep settings and the database in DIR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded collector listens on HOST:PORT (default 127.0.0.1:8088).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database file or URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MaxMind GeoIP2/GeoLite2 City database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telemetry Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database %1 cannot be opened:

%2

Choose another one with --db or --data-dir.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tdesk::AppContext</name>
    <message>
        <source>Only SQLite databases can be opened by the app in this version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an address and port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tdesk::CollectorView</name>
    <message>
        <source>Collector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen on this port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingest rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted since start:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GeoIP database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected events by reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fills the store with 30 days of realistic traffic, then sends a few events a second for ten minutes, so that every view has something to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telemetry Desk cannot listen on %1: %2

Another program probably uses this port. Listen on %3 instead? Your apps must then send to that port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collector not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The collector could not start:

%1

The views still show what is stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GeoIP database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MaxMind databases (*.mmdb);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending demo data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent %1 events of the last 30 days; a few more arrive every second for ten minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 events/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 events waiting for the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 events in %2 requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (no countries or cities for new events)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Running, but the database fails: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tdesk::KeyDialog</name>
    <message>
        <source>New key for “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the key now: Telemetry Desk keeps only a hash of it and cannot show it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a test event with it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tdesk::MainWindow</name>
    <message>
        <source>Telemetry Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This view has nothing to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send &amp;demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This view has no search field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Telemetry Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collector listening on %1 · %2 events/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collector stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telemetry Desk: %1 events/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telemetry Desk: collector stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Telemetry Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Telemetry Desk %1&lt;/h3&gt;&lt;p&gt;A desktop dashboard for application telemetry, with its own collector.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;SQLite %4&lt;/p&gt;&lt;p&gt;Database: %5&lt;br&gt;Settings: %6&lt;br&gt;Collector: %7&lt;/p&gt;&lt;p&gt;Map data: Natural Earth (public domain).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No events yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has been stored yet. Point your apps at %1, or fill the store with demo data to see every view at work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don’t ask again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tdesk::ProjectsView</name>
    <message>
        <source>Projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the collector enforces for this project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>collector default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> requests per window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keep forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> % of users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>* (any), or origins like https://app.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse events sent without a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed origins (CORS):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For apps that send events: safe to ship inside them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For reading the data remotely: keep it secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name (letters, digits, . _ -):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the project “%1” with all its events and keys? Apps that send with its keys will get “invalid key”. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the key %1? Apps that send with it get “invalid key” from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The projects cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public (ingest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private (read)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projects &amp; keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” cannot be a project name: use 1 to 64 letters, digits, dots, dashes or underscores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot rename “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the settings of “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot revoke %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tdesk::WorldMapWidget</name>
    <message>
        <source>World map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The world map could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
