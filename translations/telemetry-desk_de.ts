<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
    <context>
        <name>QObject</name>
        <message>
            <source>Cannot write %1.</source>
            <translation>%1 kann nicht geschrieben werden.</translation>
        </message>
        <message>
            <source>Cannot write %1: %2</source>
            <translation>%1 kann nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>Export chart</source>
            <translation>Diagramm exportieren</translation>
        </message>
        <message>
            <source>Data as CSV (*.csv);;Picture as PNG (*.png);;Picture as SVG (*.svg)</source>
            <translation>Daten als CSV (*.csv);;Bild als PNG (*.png);;Bild als SVG (*.svg)</translation>
        </message>
    </context>
    <context>
        <name>main</name>
        <message>
            <source>Cannot watch the collector at %1:

%2</source>
            <translation>Der Collector unter %1 kann nicht beobachtet werden:

%2</translation>
        </message>
        <message>
            <source>Watch the collector at URL (https://host:port) instead of running one; the key comes from TDESK_KEY.</source>
            <translation>Den Collector unter URL (https://host:port) beobachten, statt einen eigenen zu betreiben; der Schlüssel kommt aus TDESK_KEY.</translation>
        </message>
        <message>
            <source>Trust this CA or self-signed certificate (PEM) for --connect (or TDESK_CA_FILE).</source>
            <translation>Dieser CA oder diesem selbst signierten Zertifikat (PEM) für --connect vertrauen (oder TDESK_CA_FILE).</translation>
        </message>
        <message>
            <source>Telemetry Desk: a desktop dashboard for application telemetry, with its own collector.</source>
            <translation>Telemetry Desk: ein Desktop-Dashboard für Anwendungstelemetrie, mit eigenem Collector.</translation>
        </message>
        <message>
            <source>Keep settings and the database in DIR.</source>
            <translation>Einstellungen und Datenbank in DIR ablegen.</translation>
        </message>
        <message>
            <source>The embedded collector listens on HOST:PORT (default 127.0.0.1:8088).</source>
            <translation>Der eingebettete Collector lauscht auf HOST:PORT (Standard: 127.0.0.1:8088).</translation>
        </message>
        <message>
            <source>Database file or URL.</source>
            <translation>Datenbankdatei oder URL.</translation>
        </message>
        <message>
            <source>Read from this PostgreSQL replica of the database.</source>
            <translation>Aus diesem PostgreSQL-Replikat der Datenbank lesen.</translation>
        </message>
        <message>
            <source>MaxMind GeoIP2/GeoLite2 City database.</source>
            <translation>MaxMind-Datenbank GeoIP2/GeoLite2 City.</translation>
        </message>
        <message>
            <source>Send demo data at start, without asking.</source>
            <translation>Beim Start ohne Nachfrage Demodaten senden.</translation>
        </message>
        <message>
            <source>Send demo data, write a PNG of each view to DIR, and quit.</source>
            <translation>Demodaten senden, von jeder Ansicht ein PNG in DIR speichern und beenden.</translation>
        </message>
        <message>
            <source>system (default), light or dark.</source>
            <translation>system (Standard), light oder dark.</translation>
        </message>
        <message>
            <source>Write the events matching the filter options to FILE as CSV, without a window.</source>
            <translation>Die zu den Filteroptionen passenden Ereignisse ohne Fenster als CSV in FILE schreiben.</translation>
        </message>
        <message>
            <source>Telemetry Desk</source>
            <translation>Telemetry Desk</translation>
        </message>
        <message>
            <source>The database %1 cannot be opened:

%2</source>
            <translation>Die Datenbank %1 kann nicht geöffnet werden:

%2</translation>
        </message>
        <message>
            <source>Choose another…</source>
            <translation>Andere wählen…</translation>
        </message>
        <message>
            <source>Database</source>
            <translation>Datenbank</translation>
        </message>
        <message>
            <source>SQLite databases (*.db);;All files (*)</source>
            <translation>SQLite-Datenbanken (*.db);;Alle Dateien (*)</translation>
        </message>
        <message>
            <source>Export only this project.</source>
            <translation>Nur Ereignisse dieses Projekts exportieren.</translation>
        </message>
        <message>
            <source>Export events at or after this time (ISO 8601 or epoch ms).</source>
            <translation>Ereignisse ab diesem Zeitpunkt exportieren (ISO 8601 oder Unix-Zeit in ms).</translation>
        </message>
        <message>
            <source>Export events before this time.</source>
            <translation>Ereignisse vor diesem Zeitpunkt exportieren.</translation>
        </message>
        <message>
            <source>Export only this event name.</source>
            <translation>Nur Ereignisse mit diesem Namen exportieren.</translation>
        </message>
        <message>
            <source>Export only this user (id or stored hash).</source>
            <translation>Nur Ereignisse dieses Nutzers exportieren (ID oder gespeicherter Hash).</translation>
        </message>
        <message>
            <source>Export only this operating system.</source>
            <translation>Nur Ereignisse dieses Betriebssystems exportieren.</translation>
        </message>
        <message>
            <source>Export only this app version.</source>
            <translation>Nur Ereignisse dieser App-Version exportieren.</translation>
        </message>
        <message>
            <source>Export only this country (ISO code).</source>
            <translation>Nur Ereignisse aus diesem Land exportieren (ISO-Code).</translation>
        </message>
        <message>
            <source>Export only events with this text in their properties.</source>
            <translation>Nur Ereignisse mit diesem Text in ihren Eigenschaften exportieren.</translation>
        </message>
    </context>
    <context>
        <name>tdesk::AppContext</name>
        <message>
            <source>Write the address as https://host:port.</source>
            <translation>Schreiben Sie die Adresse als https://host:port.</translation>
        </message>
        <message>
            <source>Paste a private key (tds_…) or an admin key (tda_…).</source>
            <translation>Fügen Sie einen privaten Schlüssel (tds_…) oder einen Admin-Schlüssel (tda_…) ein.</translation>
        </message>
        <message numerus="yes">
            <source>Connected: the collector listening on %1 stores into %2; this key reads %n project(s).</source>
            <translation>
                <numerusform>Verbunden: Der Collector lauscht auf %1 und speichert in %2; dieser Schlüssel liest %n Projekt.</numerusform>
                <numerusform>Verbunden: Der Collector lauscht auf %1 und speichert in %2; dieser Schlüssel liest %n Projekte.</numerusform>
            </translation>
        </message>
        <message>
            <source>“%1” is not a collector's address: write it as https://host:port.</source>
            <translation>„%1“ ist keine Collector-Adresse: Schreiben Sie sie als https://host:port.</translation>
        </message>
        <message>
            <source>Connecting to a collector needs its private or admin key: set TDESK_KEY.</source>
            <translation>Die Verbindung zu einem Collector braucht seinen privaten oder Admin-Schlüssel: Setzen Sie TDESK_KEY.</translation>
        </message>
        <message>
            <source>%1 holds no PEM certificate to trust.</source>
            <translation>%1 enthält kein PEM-Zertifikat, dem vertraut werden kann.</translation>
        </message>
        <message>
            <source>This window watches the collector at %1; it runs none of its own.</source>
            <translation>Dieses Fenster beobachtet den Collector unter %1 und betreibt keinen eigenen.</translation>
        </message>
        <message>
            <source>The folder %1 cannot be written to.</source>
            <translation>In den Ordner %1 kann nicht geschrieben werden.</translation>
        </message>
        <message>
            <source>Cannot create the folder of %1.</source>
            <translation>Der Ordner für %1 kann nicht erstellt werden.</translation>
        </message>
        <message>
            <source>A database to read from (--read-db) must be a PostgreSQL replica of a PostgreSQL database.</source>
            <translation>Eine Datenbank zum Lesen (--read-db) muss ein PostgreSQL-Replikat einer PostgreSQL-Datenbank sein.</translation>
        </message>
        <message>
            <source>“%1” is not an address and port.</source>
            <translation>„%1“ ist keine Angabe aus Adresse und Port.</translation>
        </message>
        <message>
            <source>Last 15 minutes</source>
            <translation>Letzte 15 Minuten</translation>
        </message>
        <message>
            <source>Last hour</source>
            <translation>Letzte Stunde</translation>
        </message>
        <message>
            <source>Last 24 hours</source>
            <translation>Letzte 24 Stunden</translation>
        </message>
        <message>
            <source>Last 7 days</source>
            <translation>Letzte 7 Tage</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>Letzte 30 Tage</translation>
        </message>
        <message>
            <source>Custom…</source>
            <translation>Benutzerdefiniert…</translation>
        </message>
    </context>
    <context>
        <name>tdesk::BreakdownList</name>
        <message>
            <source>No events in this range</source>
            <translation>Keine Ereignisse in diesem Zeitraum</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(keine)</translation>
        </message>
        <message>
            <source>&lt;1 %</source>
            <translation>&lt;1 %</translation>
        </message>
        <message>
            <source>%1 %</source>
            <translation>%1 %</translation>
        </message>
        <message>
            <source>Events: %L1 (%2 of all events in the range)</source>
            <translation>Ereignisse: %L1 (%2 aller Ereignisse im Zeitraum)</translation>
        </message>
    </context>
    <context>
        <name>tdesk::CollectorView</name>
        <message>
            <source>Collector at %1</source>
            <translation>Collector unter %1</translation>
        </message>
        <message>
            <source>… Connecting</source>
            <translation>… Verbindung wird aufgebaut</translation>
        </message>
        <message>
            <source>%1 (listening on %2)</source>
            <translation>%1 (lauscht auf %2)</translation>
        </message>
        <message>
            <source>Collector</source>
            <translation>Collector</translation>
        </message>
        <message>
            <source>State:</source>
            <translation>Status:</translation>
        </message>
        <message>
            <source>Address:</source>
            <translation>Adresse:</translation>
        </message>
        <message>
            <source>any free port</source>
            <translation>beliebiger freier Port</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>Port</translation>
        </message>
        <message>
            <source>Listen on this port</source>
            <translation>Auf diesem Port lauschen</translation>
        </message>
        <message>
            <source>Port:</source>
            <translation>Port:</translation>
        </message>
        <message>
            <source>Queue:</source>
            <translation>Warteschlange:</translation>
        </message>
        <message>
            <source>Accepted since start:</source>
            <translation>Angenommen seit Start:</translation>
        </message>
        <message>
            <source>Storage</source>
            <translation>Speicher</translation>
        </message>
        <message>
            <source>Database:</source>
            <translation>Datenbank:</translation>
        </message>
        <message>
            <source>Size:</source>
            <translation>Größe:</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>Auswählen…</translation>
        </message>
        <message>
            <source>GeoIP database:</source>
            <translation>GeoIP-Datenbank:</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Grund</translation>
        </message>
        <message>
            <source>Demo data</source>
            <translation>Demodaten</translation>
        </message>
        <message>
            <source>Send demo data</source>
            <translation>Demodaten senden</translation>
        </message>
        <message>
            <source>Port in use</source>
            <translation>Port belegt</translation>
        </message>
        <message>
            <source>GeoIP database unusable</source>
            <translation>GeoIP-Datenbank unbrauchbar</translation>
        </message>
        <message>
            <source>%1

Start the collector without GeoIP? New events then have no country or city until you choose a working database.</source>
            <translation>%1

Den Collector ohne GeoIP starten? Neue Ereignisse haben dann kein Land und keine Stadt, bis Sie eine funktionierende Datenbank auswählen.</translation>
        </message>
        <message>
            <source>Collector not started</source>
            <translation>Collector nicht gestartet</translation>
        </message>
        <message>
            <source>The collector could not start:

%1

The views still show what is stored.</source>
            <translation>Der Collector konnte nicht starten:

%1

Die Ansichten zeigen weiterhin die gespeicherten Daten.</translation>
        </message>
        <message>
            <source>GeoIP database</source>
            <translation>GeoIP-Datenbank</translation>
        </message>
        <message>
            <source>MaxMind databases (*.mmdb);;All files (*)</source>
            <translation>MaxMind-Datenbanken (*.mmdb);;Alle Dateien (*)</translation>
        </message>
        <message>
            <source>● Running</source>
            <translation>● Läuft</translation>
        </message>
        <message>
            <source>○ Stopped</source>
            <translation>○ Gestoppt</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Stoppen</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Starten</translation>
        </message>
        <message>
            <source>● Running, but the database fails: %1</source>
            <translation>● Läuft, aber die Datenbank meldet Fehler: %1</translation>
        </message>
        <message>
            <source>Listen on port %1 instead? Your apps must then send to that port.</source>
            <translation>Stattdessen auf Port %1 lauschen? Ihre Apps müssen dann an diesen Port senden.</translation>
        </message>
        <message>
            <source>Listen on any free port instead? Your apps must then send to that port.</source>
            <translation>Stattdessen auf einem beliebigen freien Port lauschen? Ihre Apps müssen dann an diesen Port senden.</translation>
        </message>
        <message>
            <source>Telemetry Desk cannot listen on %1: %2

Another program probably uses this port.</source>
            <translation>Telemetry Desk kann nicht auf %1 lauschen: %2

Wahrscheinlich verwendet ein anderes Programm diesen Port.</translation>
        </message>
        <message numerus="yes">
            <source>%Ln event(s) waiting for the database</source>
            <translation>
                <numerusform>%Ln Ereignis wartet auf die Datenbank</numerusform>
                <numerusform>%Ln Ereignisse warten auf die Datenbank</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln event(s) kept in the local spool until the database is back, the oldest for %1 s</source>
            <translation>
                <numerusform>%Ln Ereignis im lokalen Spool, bis die Datenbank zurück ist, das älteste seit %1 s</numerusform>
                <numerusform>%Ln Ereignisse im lokalen Spool, bis die Datenbank zurück ist, das älteste seit %1 s</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln event(s)</source>
            <translation>
                <numerusform>%Ln Ereignis</numerusform>
                <numerusform>%Ln Ereignisse</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln request(s)</source>
            <translation>
                <numerusform>%Ln Anfrage</numerusform>
                <numerusform>%Ln Anfragen</numerusform>
            </translation>
        </message>
        <message>
            <source>Event without a user id</source>
            <translation>Ereignis ohne Benutzer-ID</translation>
        </message>
        <message>
            <source>Event without a name</source>
            <translation>Ereignis ohne Namen</translation>
        </message>
        <message>
            <source>Event without a time</source>
            <translation>Ereignis ohne Zeit</translation>
        </message>
        <message>
            <source>Field of the wrong type</source>
            <translation>Feld mit falschem Typ</translation>
        </message>
        <message>
            <source>Field too long</source>
            <translation>Feld zu lang</translation>
        </message>
        <message>
            <source>Event name with characters not allowed</source>
            <translation>Ereignisname mit unerlaubten Zeichen</translation>
        </message>
        <message>
            <source>Time too far in the past or future</source>
            <translation>Zeit zu weit in der Vergangenheit oder Zukunft</translation>
        </message>
        <message>
            <source>Properties too large</source>
            <translation>Eigenschaften zu groß</translation>
        </message>
        <message>
            <source>Properties nested too deeply</source>
            <translation>Eigenschaften zu tief verschachtelt</translation>
        </message>
        <message>
            <source>Left out by the project’s sampling</source>
            <translation>Durch die Stichprobe des Projekts ausgelassen</translation>
        </message>
        <message>
            <source>Requests over the rate limit</source>
            <translation>Anfragen über dem Ratenlimit</translation>
        </message>
        <message>
            <source>Requests refused while storage was busy</source>
            <translation>Anfragen abgelehnt, während der Speicher ausgelastet war</translation>
        </message>
        <message>
            <source>Events stored in the last full minute, all projects: the figure the status bar and the Overview’s live chart show for “now”.</source>
            <translation>In der letzten vollen Minute gespeicherte Ereignisse, alle Projekte: die Zahl, die Statusleiste und Live-Diagramm der Übersicht für „jetzt“ zeigen.</translation>
        </message>
        <message>
            <source>Last full minute:</source>
            <translation>Letzte volle Minute:</translation>
        </message>
        <message>
            <source>Rejected since start, by reason</source>
            <translation>Abgelehnt seit Start, nach Grund</translation>
        </message>
        <message>
            <source>Nothing rejected since the collector started.</source>
            <translation>Seit dem Start des Collectors wurde nichts abgelehnt.</translation>
        </message>
        <message>
            <source>Count</source>
            <translation>Anzahl</translation>
        </message>
        <message>
            <source>Stop live demo</source>
            <translation>Live-Demo beenden</translation>
        </message>
        <message>
            <source>No demo data</source>
            <translation>Keine Demodaten</translation>
        </message>
        <message>
            <source>Demo data could not be sent:

%1</source>
            <translation>Demodaten konnten nicht gesendet werden:

%1</translation>
        </message>
        <message>
            <source>(%L1 demo)</source>
            <translation>(%L1 Demo)</translation>
        </message>
        <message>
            <source>none — events from your apps get no country or city (demo data carries its own)</source>
            <translation>keine – Ereignisse Ihrer Apps erhalten kein Land und keine Stadt (Demodaten bringen eigene mit)</translation>
        </message>
        <message>
            <source>not read yet</source>
            <translation>noch nicht gelesen</translation>
        </message>
        <message numerus="yes">
            <source>%Ln event(s), %1–%2</source>
            <translation>
                <numerusform>%Ln Ereignis, %1–%2</numerusform>
                <numerusform>%Ln Ereignisse, %1–%2</numerusform>
            </translation>
        </message>
        <message>
            <source>Reason code: %1</source>
            <translation>Grundcode: %1</translation>
        </message>
        <message>
            <source>desk-demo, web-demo and cli-demo</source>
            <translation>desk-demo, web-demo und cli-demo</translation>
        </message>
        <message>
            <source>Sending…</source>
            <translation>Wird gesendet…</translation>
        </message>
        <message>
            <source>Storing 30 days of demo traffic in %1… %L2 events so far.</source>
            <translation>30 Tage Demo-Verkehr werden in %1 gespeichert… bisher %L2 Ereignisse.</translation>
        </message>
        <message numerus="yes">
            <source>Sending live demo events for %n more minute(s).</source>
            <translation>
                <numerusform>Live-Demoereignisse werden noch %n Minute gesendet.</numerusform>
                <numerusform>Live-Demoereignisse werden noch %n Minuten gesendet.</numerusform>
            </translation>
        </message>
        <message>
            <source>Sending live demo events until you stop them.</source>
            <translation>Live-Demoereignisse werden gesendet, bis Sie sie beenden.</translation>
        </message>
        <message numerus="yes">
            <source>Sent %Ln demo event(s) into %1 since the collector started.</source>
            <translation>
                <numerusform>Seit dem Start des Collectors %Ln Demoereignis in %1 gesendet.</numerusform>
                <numerusform>Seit dem Start des Collectors %Ln Demoereignisse in %1 gesendet.</numerusform>
            </translation>
        </message>
        <message>
            <source>Fills three projects (%1: a desktop app, a web app and a command-line tool) with 30 days of realistic traffic, then sends a few events a second for ten minutes, so that every view has something to show.</source>
            <translation>Füllt drei Projekte (%1: eine Desktop-App, eine Web-App und ein Kommandozeilenwerkzeug) mit 30 Tagen realistischem Verkehr und sendet dann zehn Minuten lang einige Ereignisse pro Sekunde, damit jede Ansicht etwas zu zeigen hat.</translation>
        </message>
    </context>
    <context>
        <name>tdesk::CsvExport</name>
        <message>
            <source>Cannot open the event database: %1</source>
            <translation>Die Ereignisdatenbank kann nicht geöffnet werden: %1</translation>
        </message>
        <message>
            <source>The event database is not open.</source>
            <translation>Die Ereignisdatenbank ist nicht geöffnet.</translation>
        </message>
        <message>
            <source>Cannot write %1: %2</source>
            <translation>%1 kann nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>The export was cancelled.</source>
            <translation>Der Export wurde abgebrochen.</translation>
        </message>
    </context>
    <context>
        <name>tdesk::EmbeddedCollector</name>
        <message>
            <source>The collector is not running.</source>
            <translation>Der Collector läuft nicht.</translation>
        </message>
    </context>
    <context>
        <name>tdesk::EventQuery</name>
        <message>
            <source>Reading events failed: %1</source>
            <translation>Das Lesen der Ereignisse ist fehlgeschlagen: %1</translation>
        </message>
        <message>
            <source>The event database is not open.</source>
            <translation>Die Ereignisdatenbank ist nicht geöffnet.</translation>
        </message>
    </context>
    <context>
        <name>tdesk::EventTableModel</name>
        <message>
            <source>unknown</source>
            <translation>unbekannt</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Zeit</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>Ereignis</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Nutzer</translation>
        </message>
        <message>
            <source>Session</source>
            <translation>Sitzung</translation>
        </message>
        <message>
            <source>OS</source>
            <translation>OS</translation>
        </message>
        <message>
            <source>App version</source>
            <translation>App-Version</translation>
        </message>
        <message>
            <source>Host version</source>
            <translation>Host-Version</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>Land</translation>
        </message>
        <message>
            <source>City</source>
            <translation>Stadt</translation>
        </message>
        <message>
            <source>Properties</source>
            <translation>Eigenschaften</translation>
        </message>
        <message>
            <source>none</source>
            <translation>keine</translation>
        </message>
        <message>
            <source>Time in UTC</source>
            <translation>Zeit in UTC</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Empfangen</translation>
        </message>
        <message>
            <source>Project</source>
            <translation>Projekt</translation>
        </message>
        <message>
            <source>Event id</source>
            <translation>Ereignis-ID</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>Region</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>Koordinaten</translation>
        </message>
        <message>
            <source>Received %1</source>
            <translation>Empfangen %1</translation>
        </message>
        <message>
            <source>Event time in %1 (this computer's time zone); hover a cell for UTC and when it was received</source>
            <translation>Ereigniszeit in %1 (Zeitzone dieses Computers); Zelle überfahren für UTC und Empfangszeit</translation>
        </message>
        <message>
            <source>Time (%1)</source>
            <translation>Zeit (%1)</translation>
        </message>
    </context>
    <context>
        <name>tdesk::EventsView</name>
        <message>
            <source>Text in properties</source>
            <translation>Text in Eigenschaften</translation>
        </message>
        <message>
            <source>Search properties…</source>
            <translation>Eigenschaften durchsuchen…</translation>
        </message>
        <message>
            <source>Event name</source>
            <translation>Ereignisname</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Nutzer</translation>
        </message>
        <message>
            <source>User id or hash</source>
            <translation>Nutzer-ID/Hash</translation>
        </message>
        <message>
            <source>Operating system</source>
            <translation>Betriebssystem</translation>
        </message>
        <message>
            <source>OS</source>
            <translation>OS</translation>
        </message>
        <message>
            <source>App version</source>
            <translation>App-Version</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>Land</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Leeren</translation>
        </message>
        <message>
            <source>Live tail</source>
            <translation>Live-Ansicht</translation>
        </message>
        <message>
            <source>Show new events as they arrive</source>
            <translation>Neue Ereignisse beim Eintreffen anzeigen</translation>
        </message>
        <message>
            <source>Export CSV…</source>
            <translation>CSV exportieren…</translation>
        </message>
        <message>
            <source>Select an event to see all of it.</source>
            <translation>Wählen Sie ein Ereignis aus, um es vollständig zu sehen.</translation>
        </message>
        <message>
            <source>Event details</source>
            <translation>Ereignisdetails</translation>
        </message>
        <message>
            <source>Copy JSON</source>
            <translation>JSON kopieren</translation>
        </message>
        <message>
            <source>Cannot read the events: %1</source>
            <translation>Die Ereignisse können nicht gelesen werden: %1</translation>
        </message>
        <message>
            <source>No events match this filter in the selected range.</source>
            <translation>Im gewählten Zeitraum passen keine Ereignisse zu diesem Filter.</translation>
        </message>
        <message>
            <source>Export events as CSV</source>
            <translation>Ereignisse als CSV exportieren</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV-Dateien (*.csv)</translation>
        </message>
        <message>
            <source>Exporting events…</source>
            <translation>Ereignisse werden exportiert…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Abbrechen</translation>
        </message>
        <message>
            <source>Export events</source>
            <translation>Ereignisse exportieren</translation>
        </message>
        <message>
            <source>The export failed, and no file was written:

%1</source>
            <translation>Der Export ist fehlgeschlagen, es wurde keine Datei geschrieben:

%1</translation>
        </message>
        <message numerus="yes">
            <source>Exported %Ln event(s) to %1</source>
            <translation>
                <numerusform>%Ln Ereignis nach %1 exportiert</numerusform>
                <numerusform>%Ln Ereignisse nach %1 exportiert</numerusform>
            </translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Ereignisse</translation>
        </message>
        <message numerus="yes">
            <source>Exporting events… %Ln written</source>
            <translation>
                <numerusform>Ereignisse werden exportiert… %Ln geschrieben</numerusform>
                <numerusform>Ereignisse werden exportiert… %Ln geschrieben</numerusform>
            </translation>
        </message>
        <message>
            <source>Copy the selected event as JSON</source>
            <translation>Das ausgewählte Ereignis als JSON kopieren</translation>
        </message>
        <message>
            <source>Events matching</source>
            <translation>Passende Ereignisse</translation>
        </message>
        <message>
            <source>The matching events could not be counted</source>
            <translation>Die passenden Ereignisse konnten nicht gezählt werden</translation>
        </message>
        <message numerus="yes">
            <source>%1 event(s) match</source>
            <translation>
                <numerusform>%1 Ereignis passt</numerusform>
                <numerusform>%1 Ereignisse passen</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>At least %1 event(s) match (counting…)</source>
            <translation>
                <numerusform>Mindestens %1 Ereignis passt (wird gezählt …)</numerusform>
                <numerusform>Mindestens %1 Ereignisse passen (wird gezählt …)</numerusform>
            </translation>
        </message>
        <message>
            <source>Counting…</source>
            <translation>Wird gezählt …</translation>
        </message>
        <message>
            <source>%1 shown, searching back to %2</source>
            <translation>%1 angezeigt, Suche zurück bis %2</translation>
        </message>
        <message>
            <source>%1 shown, searching…</source>
            <translation>%1 angezeigt, Suche läuft …</translation>
        </message>
        <message>
            <source>%1 shown</source>
            <translation>%1 angezeigt</translation>
        </message>
    </context>
    <context>
        <name>tdesk::DatabaseDialog</name>
        <message>
            <source>Database</source>
            <translation>Datenbank</translation>
        </message>
        <message>
            <source>A file on this computer (SQLite)</source>
            <translation>Eine Datei auf diesem Computer (SQLite)</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Durchsuchen…</translation>
        </message>
        <message>
            <source>SQLite databases (*.db);;All files (*)</source>
            <translation>SQLite-Datenbanken (*.db);;Alle Dateien (*)</translation>
        </message>
        <message>
            <source>A PostgreSQL server</source>
            <translation>Ein PostgreSQL-Server</translation>
        </message>
        <message>
            <source>from PGPASSWORD or ~/.pgpass when empty</source>
            <translation>aus PGPASSWORD oder ~/.pgpass, wenn leer</translation>
        </message>
        <message>
            <source>URL:</source>
            <translation>URL:</translation>
        </message>
        <message>
            <source>Password:</source>
            <translation>Passwort:</translation>
        </message>
        <message>
            <source>The password is used for this session only and is never written to the settings.</source>
            <translation>Das Passwort gilt nur für diese Sitzung und wird nie in die Einstellungen geschrieben.</translation>
        </message>
        <message>
            <source>Test connection</source>
            <translation>Verbindung testen</translation>
        </message>
        <message>
            <source>Connected: this database can be opened.</source>
            <translation>Verbunden: Diese Datenbank lässt sich öffnen.</translation>
        </message>
    </context>
    <context>
        <name>tdesk::KeyDialog</name>
        <message>
            <source>Copy the key now: Telemetry Desk keeps only a hash of it and cannot show it again.</source>
            <translation>Kopieren Sie den Schlüssel jetzt: Telemetry Desk speichert nur einen Hash davon und kann ihn nicht erneut anzeigen.</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>Schlüssel</translation>
        </message>
        <message>
            <source>Copy key</source>
            <translation>Schlüssel kopieren</translation>
        </message>
        <message>
            <source>Send a test event with it:</source>
            <translation>Damit ein Testereignis senden:</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>Kopieren</translation>
        </message>
        <message>
            <source>New public key for “%1”</source>
            <translation>Neuer öffentlicher Schlüssel für „%1“</translation>
        </message>
        <message>
            <source>New admin key</source>
            <translation>Neuer Admin-Schlüssel</translation>
        </message>
        <message>
            <source>New private key for “%1”</source>
            <translation>Neuer privater Schlüssel für „%1“</translation>
        </message>
        <message>
            <source>It manages every project and its keys and reads all data: keep it secret. It cannot send events.</source>
            <translation>Er verwaltet alle Projekte und deren Schlüssel und liest alle Daten: Halten Sie ihn geheim. Er kann keine Ereignisse senden.</translation>
        </message>
        <message>
            <source>It reads this project's data from another computer: keep it secret. It cannot send events.</source>
            <translation>Er liest die Daten dieses Projekts von einem anderen Rechner aus: Halten Sie ihn geheim. Er kann keine Ereignisse senden.</translation>
        </message>
    </context>
    <context>
        <name>tdesk::MainWindow</name>
        <message>
            <source>Waiting for the collector</source>
            <translation>Warten auf den Collector</translation>
        </message>
        <message>
            <source>&amp;Connect to collector…</source>
            <translation>Mit &amp;Collector verbinden …</translation>
        </message>
        <message>
            <source>&amp;Watch</source>
            <translation>&amp;Beobachten</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>Dieser Rechner</translation>
        </message>
        <message>
            <source>⚠ %1 Retrying; the figures shown are the last ones read.</source>
            <translation>⚠ %1 Neuer Versuch läuft; die angezeigten Zahlen sind die zuletzt gelesenen.</translation>
        </message>
        <message>
            <source>Watching %1</source>
            <translation>Beobachtet %1</translation>
        </message>
        <message>
            <source>Watching %1 · %2</source>
            <translation>Beobachtet %1 · %2</translation>
        </message>
        <message>
            <source>&amp;Database…</source>
            <translation>&amp;Datenbank…</translation>
        </message>
        <message>
            <source>Database</source>
            <translation>Datenbank</translation>
        </message>
        <message>
            <source>Telemetry Desk could not start again; it opens the new choice next time.</source>
            <translation>Telemetry Desk konnte nicht neu starten; beim nächsten Start öffnet es die neue Auswahl.</translation>
        </message>
        <message>
            <source>Telemetry Desk</source>
            <translation>Telemetry Desk</translation>
        </message>
        <message>
            <source>Views</source>
            <translation>Ansichten</translation>
        </message>
        <message>
            <source>Selection</source>
            <translation>Auswahl</translation>
        </message>
        <message>
            <source>Project: </source>
            <translation>Projekt: </translation>
        </message>
        <message>
            <source>Project</source>
            <translation>Projekt</translation>
        </message>
        <message>
            <source>Range: </source>
            <translation>Zeitraum: </translation>
        </message>
        <message>
            <source>Time range</source>
            <translation>Zeitraum</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Datei</translation>
        </message>
        <message>
            <source>&amp;Export…</source>
            <translation>&amp;Exportieren…</translation>
        </message>
        <message>
            <source>This view has nothing to export.</source>
            <translation>Diese Ansicht hat nichts zu exportieren.</translation>
        </message>
        <message>
            <source>Send &amp;demo data</source>
            <translation>&amp;Demodaten senden</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Beenden</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Ansicht</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Aktualisieren</translation>
        </message>
        <message>
            <source>&amp;Find</source>
            <translation>&amp;Suchen</translation>
        </message>
        <message>
            <source>This view has no search field.</source>
            <translation>Diese Ansicht hat kein Suchfeld.</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Hilfe</translation>
        </message>
        <message>
            <source>&amp;About Telemetry Desk</source>
            <translation>&amp;Über Telemetry Desk</translation>
        </message>
        <message>
            <source>About &amp;Qt</source>
            <translation>Über &amp;Qt</translation>
        </message>
        <message>
            <source>All projects</source>
            <translation>Alle Projekte</translation>
        </message>
        <message>
            <source>Custom range</source>
            <translation>Benutzerdefinierter Zeitraum</translation>
        </message>
        <message>
            <source>From:</source>
            <translation>Von:</translation>
        </message>
        <message>
            <source>To:</source>
            <translation>Bis:</translation>
        </message>
        <message>
            <source>Collector stopped</source>
            <translation>Collector gestoppt</translation>
        </message>
        <message>
            <source>Telemetry Desk: collector stopped</source>
            <translation>Telemetry Desk: Collector gestoppt</translation>
        </message>
        <message>
            <source>About Telemetry Desk</source>
            <translation>Über Telemetry Desk</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Telemetry Desk %1&lt;/h3&gt;&lt;p&gt;A desktop dashboard for application telemetry, with its own collector.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;%4&lt;/p&gt;&lt;p&gt;Database: %5&lt;br&gt;Settings: %6&lt;br&gt;Collector: %7&lt;/p&gt;&lt;p&gt;Map data: Natural Earth (public domain).&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Telemetry Desk %1&lt;/h3&gt;&lt;p&gt;Ein Desktop-Dashboard für Anwendungstelemetrie, mit eigenem Collector.&lt;/p&gt;&lt;p&gt;Qt %2 (erstellt mit %3)&lt;br&gt;%4&lt;/p&gt;&lt;p&gt;Datenbank: %5&lt;br&gt;Einstellungen: %6&lt;br&gt;Collector: %7&lt;/p&gt;&lt;p&gt;Kartendaten: Natural Earth (gemeinfrei).&lt;/p&gt;</translation>
        </message>
        <message>
            <source>stopped</source>
            <translation>gestoppt</translation>
        </message>
        <message>
            <source>No events yet</source>
            <translation>Noch keine Ereignisse</translation>
        </message>
        <message>
            <source>Send demo data</source>
            <translation>Demodaten senden</translation>
        </message>
        <message>
            <source>Don’t ask again</source>
            <translation>Nicht mehr fragen</translation>
        </message>
        <message>
            <source>The project you were looking at was deleted: every view now shows all projects.</source>
            <translation>Das angezeigte Projekt wurde gelöscht: Alle Ansichten zeigen jetzt alle Projekte.</translation>
        </message>
        <message>
            <source>Demo data is on its way already: the Collector view shows how far it is.</source>
            <translation>Demodaten sind schon unterwegs: Die Collector-Ansicht zeigt, wie weit.</translation>
        </message>
        <message>
            <source>The projects cannot be read: %1</source>
            <translation>Die Projekte können nicht gelesen werden: %1</translation>
        </message>
        <message numerus="yes">
            <source>%Ln event(s) in the last minute</source>
            <translation>
                <numerusform>%Ln Ereignis in der letzten Minute</numerusform>
                <numerusform>%Ln Ereignisse in der letzten Minute</numerusform>
            </translation>
        </message>
        <message>
            <source>Collector listening on %1</source>
            <translation>Collector lauscht auf %1</translation>
        </message>
        <message>
            <source>Collector listening on %1 · %2</source>
            <translation>Collector lauscht auf %1 · %2</translation>
        </message>
        <message numerus="yes">
            <source>%Ln rejected</source>
            <translation>
                <numerusform>%Ln abgelehnt</numerusform>
                <numerusform>%Ln abgelehnt</numerusform>
            </translation>
        </message>
        <message>
            <source>Telemetry Desk: collector listening</source>
            <translation>Telemetry Desk: Collector lauscht</translation>
        </message>
        <message>
            <source>Telemetry Desk: %1</source>
            <translation>Telemetry Desk: %1</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Schließen</translation>
        </message>
        <message>
            <source>&lt;b&gt;No events yet.&lt;/b&gt; Point your apps at %1, or fill the store with demo data to see every view at work.</source>
            <translation>&lt;b&gt;Noch keine Ereignisse.&lt;/b&gt; Richten Sie Ihre Apps auf %1 aus oder füllen Sie den Speicher mit Demodaten, um jede Ansicht in Aktion zu sehen.</translation>
        </message>
    </context>
    <context>
        <name>tdesk::MapView</name>
        <message>
            <source>Shade countries by</source>
            <translation>Länder einfärben nach</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>Vergrößern</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>Verkleinern</translation>
        </message>
        <message>
            <source>Whole world</source>
            <translation>Ganze Welt</translation>
        </message>
        <message>
            <source>Export picture…</source>
            <translation>Bild exportieren…</translation>
        </message>
        <message>
            <source>Cannot read the map's data: %1</source>
            <translation>Die Kartendaten können nicht gelesen werden: %1</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>Nutzer</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Ereignisse</translation>
        </message>
        <message>
            <source>Export map</source>
            <translation>Karte exportieren</translation>
        </message>
        <message>
            <source>PNG picture (*.png);;SVG drawing (*.svg)</source>
            <translation>PNG-Bild (*.png);;SVG-Grafik (*.svg)</translation>
        </message>
        <message>
            <source>Cannot write %1: %2</source>
            <translation>%1 kann nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>Map</source>
            <translation>Karte</translation>
        </message>
        <message>
            <source>Users (estimated)</source>
            <translation>Nutzer (geschätzt)</translation>
        </message>
        <message>
            <source>Zoom out (−)</source>
            <translation>Verkleinern (−)</translation>
        </message>
        <message>
            <source>Zoom in (+)</source>
            <translation>Vergrößern (+)</translation>
        </message>
        <message>
            <source>Show the whole world (Home)</source>
            <translation>Die ganze Welt zeigen (Pos1)</translation>
        </message>
        <message>
            <source>Save the map with its legend as a PNG picture or an SVG drawing</source>
            <translation>Die Karte mit Legende als PNG-Bild oder SVG-Zeichnung speichern</translation>
        </message>
        <message>
            <source>Click a country, on the map or in the list, to see its events.</source>
            <translation>Klicken Sie auf ein Land, auf der Karte oder in der Liste, um seine Ereignisse zu sehen.</translation>
        </message>
        <message>
            <source>Cities by events</source>
            <translation>Städte nach Ereignissen</translation>
        </message>
        <message>
            <source>City</source>
            <translation>Stadt</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>Land</translation>
        </message>
        <message>
            <source>Share</source>
            <translation>Anteil</translation>
        </message>
        <message>
            <source>Share of all events in the range</source>
            <translation>Anteil an allen Ereignissen im Zeitraum</translation>
        </message>
        <message>
            <source>Countries by events</source>
            <translation>Länder nach Ereignissen</translation>
        </message>
        <message>
            <source>Click a country to see its events</source>
            <translation>Klicken Sie auf ein Land, um seine Ereignisse zu sehen</translation>
        </message>
        <message>
            <source>%1 – %2</source>
            <translation>%1 – %2</translation>
        </message>
        <message>
            <source>%1, %2</source>
            <translation>%1, %2</translation>
        </message>
        <message>
            <source>No events · %1</source>
            <translation>Keine Ereignisse · %1</translation>
        </message>
        <message>
            <source>%1, none from a known country · %2</source>
            <translation>%1, keines aus einem bekannten Land · %2</translation>
        </message>
        <message numerus="yes">
            <source>%1 event(s)</source>
            <translation>
                <numerusform>%1 Ereignis</numerusform>
                <numerusform>%1 Ereignisse</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 from %2 · %3</source>
            <translation>%1 aus %2 · %3</translation>
        </message>
        <message numerus="yes">
            <source>%Ln country(s)</source>
            <translation>
                <numerusform>%Ln Land</numerusform>
                <numerusform>%Ln Ländern</numerusform>
            </translation>
        </message>
        <message>
            <source>&lt;%1%</source>
            <translation>&lt;%1 %</translation>
        </message>
        <message>
            <source>%1%</source>
            <translation>%1 %</translation>
        </message>
        <message>
            <source>Events whose country the collector could not tell</source>
            <translation>Ereignisse, deren Land der Collector nicht bestimmen konnte</translation>
        </message>
        <message>
            <source>%1 (%2): click to see its events</source>
            <translation>%1 (%2): Klicken zeigt seine Ereignisse</translation>
        </message>
        <message>
            <source>Distinct users, estimated from a sample</source>
            <translation>Verschiedene Nutzer, aus einer Stichprobe geschätzt</translation>
        </message>
        <message>
            <source>Distinct users</source>
            <translation>Verschiedene Nutzer</translation>
        </message>
        <message>
            <source>(no name: %1, %2)</source>
            <translation>(ohne Namen: %1, %2)</translation>
        </message>
    </context>
    <context>
        <name>tdesk::OverviewView</name>
        <message>
            <source>⚠ Not updated since %1: %2</source>
            <translation>⚠ Nicht aktualisiert seit %1: %2</translation>
        </message>
        <message>
            <source>⚠ Cannot read: %1</source>
            <translation>⚠ Nicht lesbar: %1</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>unbekannt</translation>
        </message>
        <message>
            <source>other</source>
            <translation>Sonstige</translation>
        </message>
        <message>
            <source>Export data or picture…</source>
            <translation>Daten oder Bild exportieren…</translation>
        </message>
        <message>
            <source>Live: events per minute, last hour</source>
            <translation>Live: Ereignisse pro Minute, letzte Stunde</translation>
        </message>
        <message>
            <source>Top events</source>
            <translation>Häufigste Ereignisse</translation>
        </message>
        <message>
            <source>Operating systems</source>
            <translation>Betriebssysteme</translation>
        </message>
        <message>
            <source>App versions</source>
            <translation>App-Versionen</translation>
        </message>
        <message>
            <source>Host versions</source>
            <translation>Host-Versionen</translation>
        </message>
        <message>
            <source>Countries</source>
            <translation>Länder</translation>
        </message>
        <message>
            <source>–</source>
            <translation>–</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>Übersicht</translation>
        </message>
        <message>
            <source>Events per day</source>
            <translation>Ereignisse pro Tag</translation>
        </message>
        <message>
            <source>Last 15 minutes</source>
            <translation>Letzte 15 Minuten</translation>
        </message>
        <message>
            <source>Previous 15 minutes</source>
            <translation>Vorherige 15 Minuten</translation>
        </message>
        <message>
            <source>vs previous 15 minutes</source>
            <translation>ggü. vorherigen 15 Minuten</translation>
        </message>
        <message>
            <source>No events in the last 15 minutes</source>
            <translation>Keine Ereignisse in den letzten 15 Minuten</translation>
        </message>
        <message>
            <source>Last hour</source>
            <translation>Letzte Stunde</translation>
        </message>
        <message>
            <source>Previous hour</source>
            <translation>Vorherige Stunde</translation>
        </message>
        <message>
            <source>vs previous hour</source>
            <translation>ggü. vorheriger Stunde</translation>
        </message>
        <message>
            <source>No events in the last hour</source>
            <translation>Keine Ereignisse in der letzten Stunde</translation>
        </message>
        <message>
            <source>Last 24 hours</source>
            <translation>Letzte 24 Stunden</translation>
        </message>
        <message>
            <source>Previous 24 hours</source>
            <translation>Vorherige 24 Stunden</translation>
        </message>
        <message>
            <source>vs previous 24 hours</source>
            <translation>ggü. vorherigen 24 Stunden</translation>
        </message>
        <message>
            <source>No events in the last 24 hours</source>
            <translation>Keine Ereignisse in den letzten 24 Stunden</translation>
        </message>
        <message>
            <source>Last 7 days</source>
            <translation>Letzte 7 Tage</translation>
        </message>
        <message>
            <source>Previous 7 days</source>
            <translation>Vorherige 7 Tage</translation>
        </message>
        <message>
            <source>vs previous 7 days</source>
            <translation>ggü. vorherigen 7 Tagen</translation>
        </message>
        <message>
            <source>No events in the last 7 days</source>
            <translation>Keine Ereignisse in den letzten 7 Tagen</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>Letzte 30 Tage</translation>
        </message>
        <message>
            <source>Previous 30 days</source>
            <translation>Vorherige 30 Tage</translation>
        </message>
        <message>
            <source>vs previous 30 days</source>
            <translation>ggü. vorherigen 30 Tagen</translation>
        </message>
        <message>
            <source>No events in the last 30 days</source>
            <translation>Keine Ereignisse in den letzten 30 Tagen</translation>
        </message>
        <message>
            <source>Selected period</source>
            <translation>Gewählter Zeitraum</translation>
        </message>
        <message>
            <source>Previous period</source>
            <translation>Vorheriger Zeitraum</translation>
        </message>
        <message>
            <source>vs previous period</source>
            <translation>ggü. vorherigem Zeitraum</translation>
        </message>
        <message>
            <source>No events in the selected period</source>
            <translation>Keine Ereignisse im gewählten Zeitraum</translation>
        </message>
        <message>
            <source>no change %1</source>
            <translation>unverändert %1</translation>
        </message>
        <message>
            <source>new (none in the previous period)</source>
            <translation>neu (keine im vorherigen Zeitraum)</translation>
        </message>
        <message>
            <source>&lt;1 %</source>
            <translation>&lt;1 %</translation>
        </message>
        <message>
            <source>%1 %</source>
            <translation>%1 %</translation>
        </message>
        <message>
            <source>Events per %L1 days</source>
            <translation>Ereignisse pro %L1 Tage</translation>
        </message>
        <message>
            <source>Events per hour</source>
            <translation>Ereignisse pro Stunde</translation>
        </message>
        <message>
            <source>Events per %L1 hours</source>
            <translation>Ereignisse pro %L1 Stunden</translation>
        </message>
        <message>
            <source>Events per minute</source>
            <translation>Ereignisse pro Minute</translation>
        </message>
        <message>
            <source>Events per %L1 minutes</source>
            <translation>Ereignisse pro %L1 Minuten</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Ereignisse</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>Nutzer</translation>
        </message>
        <message>
            <source>Events per user</source>
            <translation>Ereignisse pro Nutzer</translation>
        </message>
        <message>
            <source>Events over time</source>
            <translation>Ereignisse im Zeitverlauf</translation>
        </message>
        <message>
            <source>Click to see its events</source>
            <translation>Klicken, um die Ereignisse zu sehen</translation>
        </message>
        <message>
            <source>Every value not listed above</source>
            <translation>Alle oben nicht aufgeführten Werte</translation>
        </message>
        <message>
            <source>Now: %L1 in the last full minute</source>
            <translation>Jetzt: %L1 in der letzten vollen Minute</translation>
        </message>
        <message>
            <source> · replica not answering</source>
            <translation> · Replikat antwortet nicht</translation>
        </message>
        <message>
            <source> · replica up to date</source>
            <translation> · Replikat aktuell</translation>
        </message>
        <message>
            <source> · replica %L1 s behind</source>
            <translation> · Replikat %L1 s im Rückstand</translation>
        </message>
        <message>
            <source>Cannot read the store</source>
            <translation>Der Speicher ist nicht lesbar</translation>
        </message>
        <message>
            <source>Country code: %1</source>
            <translation>Ländercode: %1</translation>
        </message>
        <message>
            <source>%1: %2
%3 (%4): %5</source>
            <translation>%1: %2
%3 (%4): %5</translation>
        </message>
        <message>
            <source>≈: estimated from a sample of users, within a few percent</source>
            <translation>≈: aus einer Stichprobe von Nutzern geschätzt, auf wenige Prozent genau</translation>
        </message>
        <message>
            <source>Distinct users who sent events</source>
            <translation>Verschiedene Nutzer, die Ereignisse gesendet haben</translation>
        </message>
        <message>
            <source>no users in the range</source>
            <translation>keine Nutzer im Zeitraum</translation>
        </message>
        <message>
            <source>Events divided by distinct users</source>
            <translation>Ereignisse geteilt durch verschiedene Nutzer</translation>
        </message>
        <message>
            <source>Known countries with events</source>
            <translation>Bekannte Länder mit Ereignissen</translation>
        </message>
    </context>
    <context>
        <name>tdesk::ProjectsView</name>
        <message>
            <source>Projects</source>
            <translation>Projekte</translation>
        </message>
        <message>
            <source>New…</source>
            <translation>Neu…</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>Umbenennen…</translation>
        </message>
        <message>
            <source>Delete…</source>
            <translation>Löschen…</translation>
        </message>
        <message>
            <source>* (any), or origins like https://app.example.com</source>
            <translation>* (alle) oder Origins wie https://app.example.com</translation>
        </message>
        <message>
            <source>Refuse events sent without a key</source>
            <translation>Ereignisse ohne Schlüssel ablehnen</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Speichern</translation>
        </message>
        <message>
            <source>Rate limit:</source>
            <translation>Ratenlimit:</translation>
        </message>
        <message>
            <source>Sampling:</source>
            <translation>Stichprobe:</translation>
        </message>
        <message>
            <source>Keys</source>
            <translation>Schlüssel</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Art</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>Erstellt</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Revoke…</source>
            <translation>Widerrufen…</translation>
        </message>
        <message>
            <source>New project</source>
            <translation>Neues Projekt</translation>
        </message>
        <message>
            <source>Name (letters, digits, . _ -):</source>
            <translation>Name (Buchstaben, Ziffern, . _ -):</translation>
        </message>
        <message>
            <source>Rename project</source>
            <translation>Projekt umbenennen</translation>
        </message>
        <message>
            <source>New name:</source>
            <translation>Neuer Name:</translation>
        </message>
        <message>
            <source>Delete project</source>
            <translation>Projekt löschen</translation>
        </message>
        <message>
            <source>Revoke key</source>
            <translation>Schlüssel widerrufen</translation>
        </message>
        <message>
            <source>The projects cannot be read: %1</source>
            <translation>Die Projekte können nicht gelesen werden: %1</translation>
        </message>
        <message>
            <source>admin</source>
            <translation>Admin</translation>
        </message>
        <message>
            <source>revoked %1</source>
            <translation>widerrufen am %1</translation>
        </message>
        <message>
            <source>active</source>
            <translation>aktiv</translation>
        </message>
        <message>
            <source>Projects &amp; keys</source>
            <translation>Projekte &amp; Schlüssel</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>“%1” cannot be a project name: use 1 to 64 letters, digits, dots, dashes or underscores.</source>
            <translation>„%1“ ist kein gültiger Projektname: Verwenden Sie 1 bis 64 Buchstaben, Ziffern, Punkte, Bindestriche oder Unterstriche.</translation>
        </message>
        <message>
            <source>Cannot create “%1”</source>
            <translation>„%1“ kann nicht erstellt werden</translation>
        </message>
        <message>
            <source>Cannot rename “%1”</source>
            <translation>„%1“ kann nicht umbenannt werden</translation>
        </message>
        <message>
            <source>Cannot delete “%1”</source>
            <translation>„%1“ kann nicht gelöscht werden</translation>
        </message>
        <message>
            <source>Cannot save the settings of “%1”</source>
            <translation>Die Einstellungen von „%1“ können nicht gespeichert werden</translation>
        </message>
        <message>
            <source>Cannot create a key</source>
            <translation>Der Schlüssel kann nicht erstellt werden</translation>
        </message>
        <message>
            <source>Cannot revoke %1</source>
            <translation>%1 kann nicht widerrufen werden</translation>
        </message>
        <message>
            <source>Delete the project “%1” with all its events and keys? Apps that send with its keys will get “invalid_key”. This cannot be undone.</source>
            <translation>Das Projekt „%1“ mit allen Ereignissen und Schlüsseln löschen? Apps, die mit seinen Schlüsseln senden, erhalten dann „invalid_key“. Dies kann nicht rückgängig gemacht werden.</translation>
        </message>
        <message>
            <source>day</source>
            <translation>Tag</translation>
        </message>
        <message numerus="yes">
            <source>%Ln day(s)</source>
            <translation>
                <numerusform>%Ln Tag</numerusform>
                <numerusform>%Ln Tage</numerusform>
            </translation>
        </message>
        <message>
            <source>hour</source>
            <translation>Stunde</translation>
        </message>
        <message numerus="yes">
            <source>%Ln hour(s)</source>
            <translation>
                <numerusform>%Ln Stunde</numerusform>
                <numerusform>%Ln Stunden</numerusform>
            </translation>
        </message>
        <message>
            <source>minute</source>
            <translation>Minute</translation>
        </message>
        <message numerus="yes">
            <source>%Ln minute(s)</source>
            <translation>
                <numerusform>%Ln Minute</numerusform>
                <numerusform>%Ln Minuten</numerusform>
            </translation>
        </message>
        <message>
            <source>second</source>
            <translation>Sekunde</translation>
        </message>
        <message numerus="yes">
            <source>%Ln second(s)</source>
            <translation>
                <numerusform>%Ln Sekunde</numerusform>
                <numerusform>%Ln Sekunden</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln ms</source>
            <translation>
                <numerusform>%Ln ms</numerusform>
                <numerusform>%Ln ms</numerusform>
            </translation>
        </message>
        <message>
            <source>never</source>
            <translation>nie</translation>
        </message>
        <message>
            <source>less than a minute ago</source>
            <translation>vor weniger als einer Minute</translation>
        </message>
        <message numerus="yes">
            <source>%n minute(s) ago</source>
            <translation>
                <numerusform>vor %n Minute</numerusform>
                <numerusform>vor %n Minuten</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n hour(s) ago</source>
            <translation>
                <numerusform>vor %n Stunde</numerusform>
                <numerusform>vor %n Stunden</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) ago</source>
            <translation>
                <numerusform>vor %n Tag</numerusform>
                <numerusform>vor %n Tagen</numerusform>
            </translation>
        </message>
        <message>
            <source>public</source>
            <translation>öffentlich</translation>
        </message>
        <message>
            <source>private</source>
            <translation>privat</translation>
        </message>
        <message>
            <source>Public keys go inside your apps: they can only send events to this project, so they are safe to ship.</source>
            <translation>Öffentliche Schlüssel gehören in Ihre Apps: Sie können nur Ereignisse an dieses Projekt senden und dürfen daher mit ausgeliefert werden.</translation>
        </message>
        <message>
            <source>Private keys read this project's data from another computer: keep them secret.</source>
            <translation>Private Schlüssel lesen die Daten dieses Projekts von einem anderen Rechner aus: Halten Sie sie geheim.</translation>
        </message>
        <message>
            <source>Admin keys belong to no project: they manage every project and its keys and read all data. Keep them safest of all.</source>
            <translation>Admin-Schlüssel gehören zu keinem Projekt: Sie verwalten alle Projekte und deren Schlüssel und lesen alle Daten. Bewahren Sie sie am sichersten auf.</translation>
        </message>
        <message>
            <source>New public key…</source>
            <translation>Neuer öffentlicher Schlüssel…</translation>
        </message>
        <message>
            <source>New private key…</source>
            <translation>Neuer privater Schlüssel…</translation>
        </message>
        <message>
            <source>New admin key…</source>
            <translation>Neuer Admin-Schlüssel…</translation>
        </message>
        <message>
            <source>What the collector enforces</source>
            <translation>Was der Collector durchsetzt</translation>
        </message>
        <message numerus="yes">
            <source>%Ln request(s) per %1 per client</source>
            <translation>
                <numerusform>%Ln Anfrage pro %1 je Client</numerusform>
                <numerusform>%Ln Anfragen pro %1 je Client</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln request(s) per rate window per client</source>
            <translation>
                <numerusform>%Ln Anfrage pro Zeitfenster je Client</numerusform>
                <numerusform>%Ln Anfragen pro Zeitfenster je Client</numerusform>
            </translation>
        </message>
        <message>
            <source>the collector's default</source>
            <translation>Vorgabe des Collectors</translation>
        </message>
        <message>
            <source>%1 (collector default)</source>
            <translation>%1 (Vorgabe des Collectors)</translation>
        </message>
        <message>
            <source>no limit (collector default)</source>
            <translation>keine Begrenzung (Vorgabe des Collectors)</translation>
        </message>
        <message>
            <source>Counted per client address and, separately, per key. Requests over the limit are answered 429 (rate_limited). 0 follows the collector's default.</source>
            <translation>Gezählt je Client-Adresse und getrennt davon je Schlüssel. Anfragen über der Grenze werden mit 429 (rate_limited) beantwortet. 0 folgt der Vorgabe des Collectors.</translation>
        </message>
        <message>
            <source>forever</source>
            <translation>für immer</translation>
        </message>
        <message>
            <source>Events older than this are deleted, within a minute. 0 keeps them forever.</source>
            <translation>Ältere Ereignisse werden innerhalb einer Minute gelöscht. 0 behält sie für immer.</translation>
        </message>
        <message>
            <source>%1 % of users</source>
            <translation>%1 % der Nutzer</translation>
        </message>
        <message>
            <source>The share of users whose events are kept; the others' events are answered “sampled_out” and not stored. A user is either always kept or never.</source>
            <translation>Der Anteil der Nutzer, deren Ereignisse behalten werden; die Ereignisse der übrigen werden mit „sampled_out“ beantwortet und nicht gespeichert. Ein Nutzer wird entweder immer oder nie behalten.</translation>
        </message>
        <message>
            <source>Web pages on these origins may send events from a browser (CORS).</source>
            <translation>Webseiten dieser Origins dürfen Ereignisse aus dem Browser senden (CORS).</translation>
        </message>
        <message>
            <source>Revert</source>
            <translation>Verwerfen</translation>
        </message>
        <message>
            <source>Retention:</source>
            <translation>Aufbewahrung:</translation>
        </message>
        <message>
            <source>Allowed origins:</source>
            <translation>Erlaubte Origins:</translation>
        </message>
        <message>
            <source>Label</source>
            <translation>Bezeichnung</translation>
        </message>
        <message>
            <source>Key ID</source>
            <translation>Schlüssel-ID</translation>
        </message>
        <message>
            <source>Last used</source>
            <translation>Zuletzt benutzt</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Ereignisse</translation>
        </message>
        <message>
            <source>The key's first characters: enough to name it, never enough to use it.</source>
            <translation>Die ersten Zeichen des Schlüssels: genug, um ihn zu benennen, nie genug, um ihn zu benutzen.</translation>
        </message>
        <message>
            <source>Events stored from requests with the key.</source>
            <translation>Gespeicherte Ereignisse aus Anfragen mit dem Schlüssel.</translation>
        </message>
        <message>
            <source>Edit label…</source>
            <translation>Bezeichnung ändern…</translation>
        </message>
        <message>
            <source>Copy key ID</source>
            <translation>Schlüssel-ID kopieren</translation>
        </message>
        <message>
            <source>Copies the key's ID, its first 12 characters. It is not a secret: it names the key in lists and is what “telemetry-collector keys revoke” and “keys label” take. The full key was shown only when it was made.</source>
            <translation>Kopiert die ID des Schlüssels, seine ersten 12 Zeichen. Sie ist kein Geheimnis: Sie benennt den Schlüssel in Listen und ist das, was „telemetry-collector keys revoke“ und „keys label“ erwarten. Der vollständige Schlüssel wurde nur beim Erstellen angezeigt.</translation>
        </message>
        <message>
            <source>Key label</source>
            <translation>Bezeichnung des Schlüssels</translation>
        </message>
        <message>
            <source>What uses the key %1:</source>
            <translation>Wofür der Schlüssel %1 benutzt wird:</translation>
        </message>
        <message>
            <source>Apps that send with it get “invalid_key” from now on.</source>
            <translation>Apps, die damit senden, erhalten ab jetzt „invalid_key“.</translation>
        </message>
        <message>
            <source>Whoever reads or administers with it is refused from now on.</source>
            <translation>Wer damit liest oder verwaltet, wird ab jetzt abgewiesen.</translation>
        </message>
        <message>
            <source>Revoke the key %1? %2</source>
            <translation>Den Schlüssel %1 widerrufen? %2</translation>
        </message>
        <message>
            <source>The default project cannot be renamed: events sent without a key go to it.</source>
            <translation>Das Standardprojekt kann nicht umbenannt werden: Ereignisse ohne Schlüssel gehen dorthin.</translation>
        </message>
        <message>
            <source>The default project cannot be deleted: events sent without a key go to it.</source>
            <translation>Das Standardprojekt kann nicht gelöscht werden: Ereignisse ohne Schlüssel gehen dorthin.</translation>
        </message>
        <message>
            <source>Created %1.</source>
            <translation>Erstellt am %1.</translation>
        </message>
        <message>
            <source>Events sent without a key go here.</source>
            <translation>Ereignisse ohne Schlüssel gehen hierher.</translation>
        </message>
        <message>
            <source>The other views show all projects; the settings and keys here are those of “%1”.</source>
            <translation>Die anderen Ansichten zeigen alle Projekte; die Einstellungen und Schlüssel hier sind die von „%1“.</translation>
        </message>
        <message>
            <source>Apps can send events to this project without a key.</source>
            <translation>Apps können Ereignisse ohne Schlüssel an dieses Projekt senden.</translation>
        </message>
        <message>
            <source>Apps need a public key to send events to “%1”.</source>
            <translation>Apps brauchen einen öffentlichen Schlüssel, um Ereignisse an „%1“ zu senden.</translation>
        </message>
        <message>
            <source>No keys yet.</source>
            <translation>Noch keine Schlüssel.</translation>
        </message>
        <message>
            <source>no label</source>
            <translation>keine Bezeichnung</translation>
        </message>
        <message>
            <source>No request has come with this key.</source>
            <translation>Mit diesem Schlüssel kam noch keine Anfrage.</translation>
        </message>
        <message>
            <source>Keys of “%1”</source>
            <translation>Schlüssel von „%1“</translation>
        </message>
        <message>
            <source>Public keys send events to this project; private keys read its data.</source>
            <translation>Öffentliche Schlüssel senden Ereignisse an dieses Projekt; private Schlüssel lesen seine Daten.</translation>
        </message>
        <message>
            <source>None yet. %1</source>
            <translation>Noch keine. %1</translation>
        </message>
        <message>
            <source>Admin keys · manage every project</source>
            <translation>Admin-Schlüssel · verwalten alle Projekte</translation>
        </message>
        <message>
            <source>None. %1</source>
            <translation>Keine. %1</translation>
        </message>
        <message>
            <source>New public key for “%1”</source>
            <translation>Neuer öffentlicher Schlüssel für „%1“</translation>
        </message>
        <message>
            <source>New private key for “%1”</source>
            <translation>Neuer privater Schlüssel für „%1“</translation>
        </message>
        <message>
            <source>New admin key</source>
            <translation>Neuer Admin-Schlüssel</translation>
        </message>
        <message>
            <source>Label (what will use it, such as “iOS app” or “nightly export”):</source>
            <translation>Bezeichnung (wofür er benutzt wird, etwa „iOS-App“ oder „nächtlicher Export“):</translation>
        </message>
        <message>
            <source>Create key</source>
            <translation>Schlüssel erstellen</translation>
        </message>
        <message>
            <source>Cannot label %1</source>
            <translation>%1 kann nicht bezeichnet werden</translation>
        </message>
    </context>
    <context>
        <name>tdesk::TimeSeriesChart</name>
        <message>
            <source>Time (%1)</source>
            <translation>Zeit (%1)</translation>
        </message>
        <message>
            <source>Events so far: %L1 (still in progress)</source>
            <translation>Ereignisse bisher: %L1 (läuft noch)</translation>
        </message>
        <message>
            <source>Events: %L1 (the range starts within this time)</source>
            <translation>Ereignisse: %L1 (der Zeitraum beginnt in diesem Abschnitt)</translation>
        </message>
        <message>
            <source>Events: %L1</source>
            <translation>Ereignisse: %L1</translation>
        </message>
        <message>
            <source>%1: %L2</source>
            <translation>%1: %L2</translation>
        </message>
    </context>
    <context>
        <name>tdesk::WorldMapWidget</name>
        <message>
            <source>World map</source>
            <translation>Weltkarte</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>No data</source>
            <translation>Keine Daten</translation>
        </message>
        <message>
            <source>The world map could not be loaded.</source>
            <translation>Die Weltkarte konnte nicht geladen werden.</translation>
        </message>
        <message numerus="yes">
            <source>%n place(s)</source>
            <translation>
                <numerusform>%n Ort</numerusform>
                <numerusform>%n Orte</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>and %n more</source>
            <translation>
                <numerusform>und %n weiterer</numerusform>
                <numerusform>und %n weitere</numerusform>
            </translation>
        </message>
        <message>
            <source>Click to zoom in</source>
            <translation>Klicken zum Vergrößern</translation>
        </message>
        <message>
            <source>Dot size: %1</source>
            <translation>Punktgröße: %1</translation>
        </message>
    </context>
    <context>
        <name>tdesk::countryName</name>
        <message>
            <source>unknown</source>
            <translation>unbekannt</translation>
        </message>
    </context>
    <context>
        <name>tdesk::Remote</name>
        <message>
            <source>%1 closed the connection.</source>
            <translation>%1 hat die Verbindung geschlossen.</translation>
        </message>
        <message>
            <source>%1 closed the connection: if the collector uses HTTPS, connect with https://.</source>
            <translation>%1 hat die Verbindung geschlossen: Wenn der Collector HTTPS spricht, verbinden Sie mit https://.</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 hat nicht rechtzeitig geantwortet.</translation>
        </message>
        <message>
            <source>%1 has no Query API (/api/v1/): is it a Telemetry Desk collector of version 0.2 or later?</source>
            <translation>%1 hat keine Query-API (/api/v1/): Ist es ein Telemetry-Desk-Collector ab Version 0.2?</translation>
        </message>
        <message>
            <source>%1 refused the connection on port %2: is the collector running and listening there?</source>
            <translation>%1 hat die Verbindung auf Port %2 abgelehnt: Läuft der Collector und lauscht er dort?</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(keines)</translation>
        </message>
        <message>
            <source>Cannot find %1: check the name (DNS).</source>
            <translation>%1 wurde nicht gefunden: Prüfen Sie den Namen (DNS).</translation>
        </message>
        <message>
            <source>Cannot reach %1: %2</source>
            <translation>%1 ist nicht erreichbar: %2</translation>
        </message>
        <message>
            <source>Cannot write %1: %2</source>
            <translation>%1 kann nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>The TLS handshake with %1 failed (%2): does the collector speak HTTPS on that port?</source>
            <translation>Der TLS-Handshake mit %1 ist fehlgeschlagen (%2): Spricht der Collector auf diesem Port HTTPS?</translation>
        </message>
        <message>
            <source>The certificate of %1 is not trusted: %2. Its SHA-256 fingerprint is %3.</source>
            <translation>Dem Zertifikat von %1 wird nicht vertraut: %2. Sein SHA-256-Fingerabdruck ist %3.</translation>
        </message>
        <message>
            <source>The collector answered %1 %2.</source>
            <translation>Der Collector hat mit %1 %2 geantwortet.</translation>
        </message>
        <message>
            <source>The collector does not allow this with this key.</source>
            <translation>Der Collector erlaubt das mit diesem Schlüssel nicht.</translation>
        </message>
        <message>
            <source>The collector refused the key: it is unknown or has been revoked.</source>
            <translation>Der Collector hat den Schlüssel abgelehnt: Er ist unbekannt oder widerrufen.</translation>
        </message>
        <message>
            <source>The collector speaks a newer API (version %1) than this app (version %2): update Telemetry Desk.</source>
            <translation>Der Collector spricht eine neuere API (Version %1) als diese App (Version %2): Aktualisieren Sie Telemetry Desk.</translation>
        </message>
        <message>
            <source>The collector's answer holds no key.</source>
            <translation>Die Antwort des Collectors enthält keinen Schlüssel.</translation>
        </message>
        <message>
            <source>The collector's answer is not JSON: is %1 a Telemetry Desk collector?</source>
            <translation>Die Antwort des Collectors ist kein JSON: Ist %1 ein Telemetry-Desk-Collector?</translation>
        </message>
        <message>
            <source>The export stopped before its end, and no file was written: %1</source>
            <translation>Der Export brach vor seinem Ende ab, es wurde keine Datei geschrieben: %1</translation>
        </message>
        <message>
            <source>The export was cancelled.</source>
            <translation>Der Export wurde abgebrochen.</translation>
        </message>
    </context>
    <context>
        <name>tdesk::ConnectDialog</name>
        <message>
            <source>Connect to a collector</source>
            <translation>Mit einem Collector verbinden</translation>
        </message>
        <message>
            <source>Watch a collector that runs on another machine: its address, and a private key (one project) or an admin key (every project, and their keys).</source>
            <translation>Einen Collector beobachten, der auf einem anderen Rechner läuft: seine Adresse und ein privater Schlüssel (ein Projekt) oder ein Admin-Schlüssel (alle Projekte und ihre Schlüssel).</translation>
        </message>
        <message>
            <source>Address:</source>
            <translation>Adresse:</translation>
        </message>
        <message>
            <source>Key:</source>
            <translation>Schlüssel:</translation>
        </message>
        <message>
            <source>The key is kept in the system's keychain, never in a settings file.</source>
            <translation>Der Schlüssel wird im Schlüsselbund des Systems aufbewahrt, nie in einer Einstellungsdatei.</translation>
        </message>
        <message>
            <source>No keychain is available: the key lasts until Telemetry Desk closes.</source>
            <translation>Kein Schlüsselbund verfügbar: Der Schlüssel gilt, bis Telemetry Desk geschlossen wird.</translation>
        </message>
        <message>
            <source>Test connection</source>
            <translation>Verbindung testen</translation>
        </message>
        <message>
            <source>Connect</source>
            <translation>Verbinden</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>Verbindung wird aufgebaut …</translation>
        </message>
        <message>
            <source>I compared the fingerprint %1 with the collector's certificate, and trust it.</source>
            <translation>Ich habe den Fingerabdruck %1 mit dem Zertifikat des Collectors verglichen und vertraue ihm.</translation>
        </message>
    </context>
    <context>
        <name>InsightSpec</name>
        <message>
            <source>per minute</source>
            <translation>pro Minute</translation>
        </message>
        <message>
            <source>per hour</source>
            <translation>pro Stunde</translation>
        </message>
        <message>
            <source>per day</source>
            <translation>pro Tag</translation>
        </message>
        <message>
            <source>per week</source>
            <translation>pro Woche</translation>
        </message>
        <message>
            <source>per month</source>
            <translation>pro Monat</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Ereignisse</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>Nutzer</translation>
        </message>
        <message>
            <source>Sum of</source>
            <translation>Summe von</translation>
        </message>
        <message>
            <source>Average of</source>
            <translation>Mittelwert von</translation>
        </message>
        <message>
            <source>Median of</source>
            <translation>Median von</translation>
        </message>
        <message>
            <source>95th percentile of</source>
            <translation>95. Perzentil von</translation>
        </message>
        <message>
            <source>OS</source>
            <translation>Betriebssystem</translation>
        </message>
        <message>
            <source>App version</source>
            <translation>App-Version</translation>
        </message>
        <message>
            <source>Host version</source>
            <translation>Host-Version</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>Land</translation>
        </message>
        <message>
            <source>all events</source>
            <translation>allen Ereignissen</translation>
        </message>
        <message>
            <source>Events of %1 %2</source>
            <translation>Ereignisse von %1 %2</translation>
        </message>
        <message>
            <source>Users of %1 %2</source>
            <translation>Nutzer von %1 %2</translation>
        </message>
        <message>
            <source>%1 m.%2 of %3 %4</source>
            <translation>%1 m.%2 von %3 %4</translation>
        </message>
        <message>
            <source>, by %1</source>
            <translation>, nach %1</translation>
        </message>
        <message>
            <source>Daily, weekly and monthly active users</source>
            <translation>Täglich, wöchentlich und monatlich aktive Nutzer</translation>
        </message>
        <message>
            <source>Sessions %1</source>
            <translation>Sitzungen %1</translation>
        </message>
        <message>
            <source>Retention of %1, back for %2, %3 %4</source>
            <translation>Bindung nach %1, zurück mit %2, %3 %4</translation>
        </message>
        <message>
            <source>any event</source>
            <translation>beliebiges Ereignis</translation>
        </message>
        <message>
            <source>weeks</source>
            <translation>Wochen</translation>
        </message>
        <message>
            <source>days</source>
            <translation>Tage</translation>
        </message>
        <message>
            <source>Funnel %1%2</source>
            <translation>Funnel %1%2</translation>
        </message>
        <message>
            <source> (strict)</source>
            <translation> (streng)</translation>
        </message>
        <message>
            <source> where %1</source>
            <translation> mit %1</translation>
        </message>
    </context>
    <context>
        <name>tdesk::FunnelChart</name>
        <message>
            <source>Step %1: %2
%L3 users, %4 of step 1</source>
            <translation>Schritt %1: %2
%L3 Nutzer, %4 von Schritt 1</translation>
        </message>
        <message>
            <source>
%L1 dropped off after step %2 (%3)</source>
            <translation>
%L1 nach Schritt %2 abgesprungen (%3)</translation>
        </message>
        <message>
            <source>
median time from step 1: %1</source>
            <translation>
Median der Zeit ab Schritt 1: %1</translation>
        </message>
        <message>
            <source>%L1 users</source>
            <translation>%L1 Nutzer</translation>
        </message>
        <message>
            <source>median %1</source>
            <translation>Median %1</translation>
        </message>
        <message>
            <source>
Click to see its events</source>
            <translation>
Klicken, um die Ereignisse zu sehen</translation>
        </message>
    </context>
    <context>
        <name>tdesk::InsightPanel</name>
    <message>
        <source>The events of %1 of the %2 users who reached “%3” (a filter names at most %1).</source>
        <translation>Die Ereignisse von %1 der %2 Nutzer, die „%3“ erreicht haben (ein Filter nennt höchstens %1).</translation>
    </message>
    <message>
        <source>The events of the one user who reached “%1”.</source>
        <translation>Die Ereignisse des einen Nutzers, der „%1“ erreicht hat.</translation>
    </message>
    <message>
        <source>The events of the %1 users who reached “%2”.</source>
        <translation>Die Ereignisse der %1 Nutzer, die „%2“ erreicht haben.</translation>
    </message>
        <message>
            <source>“%1” is not a filter. Filters are words like os=linux, ext=1.2.0, vscode=1.95.0, country=DE or m.KEY=value.</source>
            <translation>„%1“ ist kein Filter. Filter sind Wörter wie os=linux, ext=1.2.0, vscode=1.95.0, country=DE oder m.KEY=Wert.</translation>
        </message>
        <message>
            <source>Choose the numeric property (m.KEY) to take the %1 of.</source>
            <translation>Wählen Sie die numerische Eigenschaft (m.KEY), von der „%1“ gebildet wird.</translation>
        </message>
        <message>
            <source>A funnel needs at least two steps: add the events users go through, in order.</source>
            <translation>Ein Funnel braucht mindestens zwei Schritte: Fügen Sie die Ereignisse, die Nutzer durchlaufen, der Reihe nach hinzu.</translation>
        </message>
        <message>
            <source>Cannot read this insight: %1</source>
            <translation>Diese Auswertung kann nicht gelesen werden: %1</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Andere</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(keiner)</translation>
        </message>
        <message>
            <source>All events</source>
            <translation>Alle Ereignisse</translation>
        </message>
        <message>
            <source>No events match in this range</source>
            <translation>Keine passenden Ereignisse in diesem Zeitraum</translation>
        </message>
        <message>
            <source>%L1 events in the range</source>
            <translation>%L1 Ereignisse im Zeitraum</translation>
        </message>
        <message>
            <source>Total %1</source>
            <translation>Summe %1</translation>
        </message>
        <message>
            <source> · %1%2 against the previous period (%L3), dashed</source>
            <translation> · %1%2 gegenüber dem vorigen Zeitraum (%L3), gestrichelt</translation>
        </message>
        <message>
            <source> · nothing in the previous period</source>
            <translation> · nichts im vorigen Zeitraum</translation>
        </message>
        <message>
            <source>Daily active</source>
            <translation>Täglich aktiv</translation>
        </message>
        <message>
            <source>Weekly active (7 days)</source>
            <translation>Wöchentlich aktiv (7 Tage)</translation>
        </message>
        <message>
            <source>Monthly active (30 days)</source>
            <translation>Monatlich aktiv (30 Tage)</translation>
        </message>
        <message>
            <source>Active users per day</source>
            <translation>Aktive Nutzer pro Tag</translation>
        </message>
        <message>
            <source>No days in this range</source>
            <translation>Keine Tage in diesem Zeitraum</translation>
        </message>
        <message>
            <source>Today %L1 · last 7 days %L2 · last 30 days %L3 · stickiness (DAU ÷ MAU) %4</source>
            <translation>Heute %L1 · letzte 7 Tage %L2 · letzte 30 Tage %L3 · Stickiness (DAU ÷ MAU) %4</translation>
        </message>
        <message>
            <source>Sessions</source>
            <translation>Sitzungen</translation>
        </message>
        <message>
            <source>Sessions %1, by when they start</source>
            <translation>Sitzungen %1, nach ihrem Beginn</translation>
        </message>
        <message>
            <source>No sessions in this range</source>
            <translation>Keine Sitzungen in diesem Zeitraum</translation>
        </message>
        <message>
            <source>%L1 sessions · median %2 · 90 % under %3 · %4 events per session</source>
            <translation>%L1 Sitzungen · Median %2 · 90 % unter %3 · %4 Ereignisse pro Sitzung</translation>
        </message>
        <message>
            <source>Share of each cohort back in the %1 after</source>
            <translation>Anteil jeder Kohorte, der in den folgenden %1 zurückkam</translation>
        </message>
        <message>
            <source>weeks</source>
            <translation>Wochen</translation>
        </message>
        <message>
            <source>days</source>
            <translation>Tage</translation>
        </message>
        <message>
            <source>Week</source>
            <translation>Woche</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Tag</translation>
        </message>
        <message>
            <source>%L1 new users in %2 cohorts; a cohort is the users whose first %3 fell in that %4</source>
            <translation>%L1 neue Nutzer in %2 Kohorten; eine Kohorte sind die Nutzer, deren erstes %3 in diesen Zeitraum (%4) fiel</translation>
        </message>
        <message>
            <source>event</source>
            <translation>Ereignis</translation>
        </message>
        <message>
            <source>week</source>
            <translation>Woche</translation>
        </message>
        <message>
            <source>day</source>
            <translation>Tag</translation>
        </message>
        <message>
            <source>Users who went on to each step within %1%2</source>
            <translation>Nutzer, die jeden Schritt innerhalb von %1 erreichten%2</translation>
        </message>
        <message>
            <source>, with no other event between</source>
            <translation>, ohne anderes Ereignis dazwischen</translation>
        </message>
        <message>
            <source>%1 converted: %L2 of %L3 users</source>
            <translation>%1 konvertiert: %L2 von %L3 Nutzern</translation>
        </message>
        <message>
            <source>No user did “%1” in this range</source>
            <translation>Kein Nutzer hat in diesem Zeitraum „%1“ ausgelöst</translation>
        </message>
        <message>
            <source>Conversion</source>
            <translation>Konversion</translation>
        </message>
    </context>
    <context>
        <name>tdesk::InsightsView</name>
        <message>
            <source>Trends</source>
            <translation>Trends</translation>
        </message>
        <message>
            <source>Active users</source>
            <translation>Aktive Nutzer</translation>
        </message>
        <message>
            <source>Sessions</source>
            <translation>Sitzungen</translation>
        </message>
        <message>
            <source>Retention</source>
            <translation>Bindung</translation>
        </message>
        <message>
            <source>Funnels</source>
            <translation>Funnels</translation>
        </message>
        <message>
            <source>Dashboard</source>
            <translation>Dashboard</translation>
        </message>
        <message>
            <source>per hour</source>
            <translation>pro Stunde</translation>
        </message>
        <message>
            <source>per day</source>
            <translation>pro Tag</translation>
        </message>
        <message>
            <source>per week</source>
            <translation>pro Woche</translation>
        </message>
        <message>
            <source>Sessions per</source>
            <translation>Sitzungen pro</translation>
        </message>
        <message>
            <source>Filters</source>
            <translation>Filter</translation>
        </message>
        <message>
            <source>Filters, e.g. os=linux country=DE m.plan=pro</source>
            <translation>Filter, z. B. os=linux country=DE m.plan=pro</translation>
        </message>
        <message>
            <source>Save…</source>
            <translation>Speichern…</translation>
        </message>
        <message>
            <source>Keep this insight under a name, for this project</source>
            <translation>Diese Auswertung unter einem Namen für dieses Projekt aufbewahren</translation>
        </message>
        <message>
            <source>Pin to dashboard</source>
            <translation>An Dashboard anheften</translation>
        </message>
        <message>
            <source>Saved insights</source>
            <translation>Gespeicherte Auswertungen</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Löschen</translation>
        </message>
        <message>
            <source>Delete the saved insight chosen beside</source>
            <translation>Die daneben gewählte gespeicherte Auswertung löschen</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Exportieren…</translation>
        </message>
        <message>
            <source>Save the data as CSV, or the chart as PNG or SVG (Ctrl+E)</source>
            <translation>Die Daten als CSV oder das Diagramm als PNG oder SVG speichern (Strg+E)</translation>
        </message>
        <message>
            <source>Saved:</source>
            <translation>Gespeichert:</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Ereignisse</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>Nutzer</translation>
        </message>
        <message>
            <source>Sum of</source>
            <translation>Summe von</translation>
        </message>
        <message>
            <source>Average of</source>
            <translation>Mittelwert von</translation>
        </message>
        <message>
            <source>Median of</source>
            <translation>Median von</translation>
        </message>
        <message>
            <source>95th percentile of</source>
            <translation>95. Perzentil von</translation>
        </message>
        <message>
            <source>Metric</source>
            <translation>Kennzahl</translation>
        </message>
        <message>
            <source>Numeric property</source>
            <translation>Numerische Eigenschaft</translation>
        </message>
        <message>
            <source>m.durationMs</source>
            <translation>m.durationMs</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>Ereignis</translation>
        </message>
        <message>
            <source>All events</source>
            <translation>Alle Ereignisse</translation>
        </message>
        <message>
            <source>per minute</source>
            <translation>pro Minute</translation>
        </message>
        <message>
            <source>per month</source>
            <translation>pro Monat</translation>
        </message>
        <message>
            <source>Interval</source>
            <translation>Intervall</translation>
        </message>
        <message>
            <source>No breakdown</source>
            <translation>Keine Aufschlüsselung</translation>
        </message>
        <message>
            <source>by OS</source>
            <translation>nach Betriebssystem</translation>
        </message>
        <message>
            <source>by app version</source>
            <translation>nach App-Version</translation>
        </message>
        <message>
            <source>by host version</source>
            <translation>nach Host-Version</translation>
        </message>
        <message>
            <source>by country</source>
            <translation>nach Land</translation>
        </message>
        <message>
            <source>Breakdown</source>
            <translation>Aufschlüsselung</translation>
        </message>
        <message>
            <source>Line</source>
            <translation>Linie</translation>
        </message>
        <message>
            <source>Bar</source>
            <translation>Balken</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>Fläche</translation>
        </message>
        <message>
            <source>Table</source>
            <translation>Tabelle</translation>
        </message>
        <message>
            <source>Chart type</source>
            <translation>Diagrammart</translation>
        </message>
        <message>
            <source>Compare with the previous period</source>
            <translation>Mit dem vorigen Zeitraum vergleichen</translation>
        </message>
        <message>
            <source>of</source>
            <translation>von</translation>
        </message>
        <message>
            <source>First event</source>
            <translation>Erstes Ereignis</translation>
        </message>
        <message>
            <source>any event</source>
            <translation>beliebiges Ereignis</translation>
        </message>
        <message>
            <source>Return event</source>
            <translation>Rückkehr-Ereignis</translation>
        </message>
        <message>
            <source>days</source>
            <translation>Tage</translation>
        </message>
        <message>
            <source>weeks</source>
            <translation>Wochen</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Fenster</translation>
        </message>
        <message>
            <source>Windows</source>
            <translation>Fenster</translation>
        </message>
        <message>
            <source>Users who first did</source>
            <translation>Nutzer, die zuerst</translation>
        </message>
        <message>
            <source>coming back to</source>
            <translation>auslösten, zurück mit</translation>
        </message>
        <message>
            <source>over the last</source>
            <translation>über die letzten</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>Schritte</translation>
        </message>
        <message>
            <source>Steps in order, e.g. app.open, search, buy</source>
            <translation>Schritte der Reihe nach, z. B. app.open, search, buy</translation>
        </message>
        <message>
            <source>Conversion window</source>
            <translation>Konversionsfenster</translation>
        </message>
        <message>
            <source>minutes</source>
            <translation>Minuten</translation>
        </message>
        <message>
            <source>hours</source>
            <translation>Stunden</translation>
        </message>
        <message>
            <source>Window unit</source>
            <translation>Einheit des Fensters</translation>
        </message>
        <message>
            <source>Strict order</source>
            <translation>Strenge Reihenfolge</translation>
        </message>
        <message>
            <source>No other event of the user between two steps</source>
            <translation>Kein anderes Ereignis des Nutzers zwischen zwei Schritten</translation>
        </message>
        <message>
            <source>Funnel breakdown</source>
            <translation>Aufschlüsselung des Funnels</translation>
        </message>
        <message>
            <source>within</source>
            <translation>innerhalb von</translation>
        </message>
        <message>
            <source>by %1</source>
            <translation>nach %1</translation>
        </message>
        <message>
            <source>Save insight</source>
            <translation>Auswertung speichern</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>Name:</translation>
        </message>
        <message>
            <source>(choose)</source>
            <translation>(auswählen)</translation>
        </message>
        <message>
            <source>Pin insights here: build one, then press “Pin to dashboard”. Pinned insights refresh every %1 seconds.</source>
            <translation>Heften Sie Auswertungen hier an: Erstellen Sie eine und drücken Sie „An Dashboard anheften“. Angeheftete Auswertungen werden alle %1 Sekunden aktualisiert.</translation>
        </message>
        <message>
            <source>Add examples from this project’s events</source>
            <translation>Beispiele aus den Ereignissen dieses Projekts hinzufügen</translation>
        </message>
        <message>
            <source>Open in the builder</source>
            <translation>Im Editor öffnen</translation>
        </message>
        <message>
            <source>Export data or picture…</source>
            <translation>Daten oder Bild exportieren…</translation>
        </message>
        <message>
            <source>Unpin</source>
            <translation>Lösen</translation>
        </message>
        <message>
            <source>Events per day by OS</source>
            <translation>Ereignisse pro Tag nach Betriebssystem</translation>
        </message>
        <message>
            <source>%1 per day, against the period before</source>
            <translation>%1 pro Tag, gegenüber dem Zeitraum davor</translation>
        </message>
        <message>
            <source>From %1 to %2</source>
            <translation>Von %1 bis %2</translation>
        </message>
        <message>
            <source>Sessions per day</source>
            <translation>Sitzungen pro Tag</translation>
        </message>
        <message>
            <source>Daily retention</source>
            <translation>Tägliche Bindung</translation>
        </message>
        <message>
            <source>Insights</source>
            <translation>Auswertungen</translation>
        </message>
    </context>
    <context>
        <name>tdesk::MultiSeriesChart</name>
        <message>
            <source>%1 ms</source>
            <translation>%1 ms</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>%1 min %2 s</source>
            <translation>%1 min %2 s</translation>
        </message>
        <message>
            <source>%1 min</source>
            <translation>%1 min</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 h %2 min</translation>
        </message>
        <message>
            <source>%1 h</source>
            <translation>%1 h</translation>
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation>%1 T %2 h</translation>
        </message>
        <message>
            <source>%1 d</source>
            <translation>%1 T</translation>
        </message>
        <message>
            <source>Nothing to show yet</source>
            <translation>Noch nichts anzuzeigen</translation>
        </message>
        <message>
            <source>
previous period (%1): %2</source>
            <translation>
voriger Zeitraum (%1): %2</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Zeit</translation>
        </message>
        <message>
            <source>%1 (previous)</source>
            <translation>%1 (vorher)</translation>
        </message>
    </context>
    <context>
        <name>tdesk::RetentionGrid</name>
        <message>
            <source>Cohort</source>
            <translation>Kohorte</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>Nutzer</translation>
        </message>
        <message>
            <source>%L1 of %L2 users came back in %3 %4</source>
            <translation>%L1 von %L2 Nutzern kamen zurück in %3 %4</translation>
        </message>
    </context>
</TS>
