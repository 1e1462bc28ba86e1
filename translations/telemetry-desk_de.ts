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
        <source>Open or create another…</source>
        <translation>Andere öffnen oder erstellen…</translation>
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
        <source>Only SQLite databases can be opened by the app in this version.</source>
        <translation>Diese Version der App kann nur SQLite-Datenbanken öffnen.</translation>
    </message>
    <message>
        <source>Cannot create the folder of %1.</source>
        <translation>Der Ordner für %1 kann nicht erstellt werden.</translation>
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
</context>
<context>
    <name>tdesk::CollectorView</name>
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
        <source>Ingest rate:</source>
        <translation>Eingangsrate:</translation>
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
        <source>Rejected events by reason</source>
        <translation>Abgelehnte Ereignisse nach Grund</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Demodaten</translation>
    </message>
    <message>
        <source>Fills the store with 30 days of realistic traffic, then sends a few events a second for ten minutes, so that every view has something to show.</source>
        <translation>Füllt die Datenbank mit realistischem Datenverkehr aus 30 Tagen und sendet danach zehn Minuten lang einige Ereignisse pro Sekunde, damit jede Ansicht etwas zu zeigen hat.</translation>
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
        <source>Sending demo data…</source>
        <translation>Demodaten werden gesendet…</translation>
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
        <source>none (no countries or cities for new events)</source>
        <translation>keine (neue Ereignisse ohne Land und Stadt)</translation>
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
        <source>Sent %Ln event(s) of the last 30 days; a few more arrive every second for ten minutes.</source>
        <translation>
            <numerusform>%Ln Ereignis der letzten 30 Tage gesendet; zehn Minuten lang kommen jede Sekunde einige weitere hinzu.</numerusform>
            <numerusform>%Ln Ereignisse der letzten 30 Tage gesendet; zehn Minuten lang kommen jede Sekunde einige weitere hinzu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) per second</source>
        <translation>
            <numerusform>%Ln Ereignis pro Sekunde</numerusform>
            <numerusform>%Ln Ereignisse pro Sekunde</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) waiting for the database</source>
        <translation>
            <numerusform>%Ln Ereignis wartet auf die Datenbank</numerusform>
            <numerusform>%Ln Ereignisse warten auf die Datenbank</numerusform>
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
        <source>Event time in local time; hover a cell for UTC</source>
        <translation>Ereigniszeit in Ortszeit; für UTC mit der Maus auf eine Zelle zeigen</translation>
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
        <source>Event</source>
        <translation>Ereignis</translation>
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
        <source>Version</source>
        <translation>Version</translation>
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
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>No events match this filter in the selected range.</source>
        <translation>Im gewählten Zeitraum passen keine Ereignisse zu diesem Filter.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln Ereignis</numerusform>
            <numerusform>%Ln Ereignisse</numerusform>
        </translation>
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
        <source>Searching… %Ln event(s) found, back to %1</source>
        <translation>
            <numerusform>Suche läuft… %Ln Ereignis gefunden, zurück bis %1</numerusform>
            <numerusform>Suche läuft… %Ln Ereignisse gefunden, zurück bis %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) loaded; scroll for more</source>
        <translation>
            <numerusform>%Ln Ereignis geladen; zum Nachladen scrollen</numerusform>
            <numerusform>%Ln Ereignisse geladen; zum Nachladen scrollen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exporting events… %Ln written</source>
        <translation>
            <numerusform>Ereignisse werden exportiert… %Ln geschrieben</numerusform>
            <numerusform>Ereignisse werden exportiert… %Ln geschrieben</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tdesk::KeyDialog</name>
    <message>
        <source>New key for “%1”</source>
        <translation>Neuer Schlüssel für „%1“</translation>
    </message>
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
</context>
<context>
    <name>tdesk::MainWindow</name>
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
        <source>Collector listening on %1 · %2 events/s</source>
        <translation>Collector lauscht auf %1 · %2 Ereignisse/s</translation>
    </message>
    <message>
        <source>Collector stopped</source>
        <translation>Collector gestoppt</translation>
    </message>
    <message>
        <source>Telemetry Desk: %1 events/s</source>
        <translation>Telemetry Desk: %1 Ereignisse/s</translation>
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
        <source>&lt;h3&gt;Telemetry Desk %1&lt;/h3&gt;&lt;p&gt;A desktop dashboard for application telemetry, with its own collector.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;SQLite %4&lt;/p&gt;&lt;p&gt;Database: %5&lt;br&gt;Settings: %6&lt;br&gt;Collector: %7&lt;/p&gt;&lt;p&gt;Map data: Natural Earth (public domain).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Telemetry Desk %1&lt;/h3&gt;&lt;p&gt;Ein Desktop-Dashboard für Anwendungstelemetrie, mit eigenem Collector.&lt;/p&gt;&lt;p&gt;Qt %2 (erstellt mit %3)&lt;br&gt;SQLite %4&lt;/p&gt;&lt;p&gt;Datenbank: %5&lt;br&gt;Einstellungen: %6&lt;br&gt;Collector: %7&lt;/p&gt;&lt;p&gt;Kartendaten: Natural Earth (gemeinfrei).&lt;/p&gt;</translation>
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
        <source>Nothing has been stored yet. Point your apps at %1, or fill the store with demo data to see every view at work.</source>
        <translation>Es wurde noch nichts gespeichert. Lassen Sie Ihre Apps an %1 senden oder füllen Sie die Datenbank mit Demodaten, um jede Ansicht in Aktion zu sehen.</translation>
    </message>
    <message>
        <source>Send demo data</source>
        <translation>Demodaten senden</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Jetzt nicht</translation>
    </message>
    <message>
        <source>Don’t ask again</source>
        <translation>Nicht mehr fragen</translation>
    </message>
    <message>
        <source>The project you were looking at was deleted: every view now shows all projects.</source>
        <translation>Das angezeigte Projekt wurde gelöscht: Alle Ansichten zeigen jetzt alle Projekte.</translation>
    </message>
</context>
<context>
    <name>tdesk::MapView</name>
    <message>
        <source>Events per country</source>
        <translation>Ereignisse pro Land</translation>
    </message>
    <message>
        <source>Users per country</source>
        <translation>Nutzer pro Land</translation>
    </message>
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
        <source>Cannot read the map&apos;s data: %1</source>
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
        <source>No events in this range.</source>
        <translation>Keine Ereignisse in diesem Zeitraum.</translation>
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
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln Ereignis</numerusform>
            <numerusform>%Ln Ereignisse</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln country(s). Click a country to see its events.</source>
        <translation>
            <numerusform>%Ln Land. Ein Klick auf ein Land zeigt seine Ereignisse.</numerusform>
            <numerusform>%Ln Länder. Ein Klick auf ein Land zeigt seine Ereignisse.</numerusform>
        </translation>
    </message>
    <message>
        <source>Users (estimated)</source>
        <translation>Nutzer (geschätzt)</translation>
    </message>
</context>
<context>
    <name>tdesk::OverviewView</name>
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
        <source>Events in range</source>
        <translation>Ereignisse im Zeitraum</translation>
    </message>
    <message>
        <source>Users in range</source>
        <translation>Nutzer im Zeitraum</translation>
    </message>
    <message>
        <source>Events per minute now</source>
        <translation>Aktuelle Ereignisse pro Minute</translation>
    </message>
    <message>
        <source>Rejected events</source>
        <translation>Abgelehnte Ereignisse</translation>
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
        <source>Click a value to see its events</source>
        <translation>Klicken Sie auf einen Wert, um seine Ereignisse zu sehen</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>nicht lesbar: %1</translation>
    </message>
    <message numerus="yes">
        <source>on the %n whole day(s) of the range</source>
        <translation>
            <numerusform>an einem vollen Tag des Zeitraums</numerusform>
            <numerusform>an den %n vollen Tagen des Zeitraums</numerusform>
        </translation>
    </message>
    <message>
        <source>distinct users</source>
        <translation>verschiedene Nutzer</translation>
    </message>
    <message>
        <source>in the last full minute</source>
        <translation>in der letzten vollen Minute</translation>
    </message>
    <message>
        <source>since the collector started</source>
        <translation>seit dem Start des Collectors</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Events per day</source>
        <translation>Ereignisse pro Tag</translation>
    </message>
    <message numerus="yes">
        <source>Events per %n hour(s)</source>
        <translation>
            <numerusform>Ereignisse pro Stunde</numerusform>
            <numerusform>Ereignisse pro %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Events per %n minute(s)</source>
        <translation>
            <numerusform>Ereignisse pro Minute</numerusform>
            <numerusform>Ereignisse pro %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in the %n whole hour(s) of the range</source>
        <translation>
            <numerusform>in einer vollen Stunde des Zeitraums</numerusform>
            <numerusform>in den %n vollen Stunden des Zeitraums</numerusform>
        </translation>
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
        <source>What the collector enforces for this project</source>
        <translation>Regeln des Collectors für dieses Projekt</translation>
    </message>
    <message>
        <source>collector default</source>
        <translation>Collector-Standard</translation>
    </message>
    <message>
        <source> requests per window</source>
        <translation> Anfragen pro Zeitfenster</translation>
    </message>
    <message>
        <source>keep forever</source>
        <translation>unbegrenzt aufbewahren</translation>
    </message>
    <message>
        <source> % of users</source>
        <translation> % der Nutzer</translation>
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
        <source>Allowed origins (CORS):</source>
        <translation>Erlaubte Origins (CORS):</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Key</source>
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
        <source>New public key</source>
        <translation>Neuer öffentlicher Schlüssel</translation>
    </message>
    <message>
        <source>For apps that send events: safe to ship inside them.</source>
        <translation>Für Apps, die Ereignisse senden: darf unbedenklich mit ihnen ausgeliefert werden.</translation>
    </message>
    <message>
        <source>New private key</source>
        <translation>Neuer privater Schlüssel</translation>
    </message>
    <message>
        <source>For reading the data remotely: keep it secret.</source>
        <translation>Zum Lesen der Daten aus der Ferne: geheim halten.</translation>
    </message>
    <message>
        <source>Copy prefix</source>
        <translation>Präfix kopieren</translation>
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
        <source>public (ingest)</source>
        <translation>öffentlich</translation>
    </message>
    <message>
        <source>private (read)</source>
        <translation>privat</translation>
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
        <source>Retention (days):</source>
        <translation>Aufbewahrung (Tage):</translation>
    </message>
    <message>
        <source>Delete the project “%1” with all its events and keys? Apps that send with its keys will get “invalid_key”. This cannot be undone.</source>
        <translation>Das Projekt „%1“ mit allen Ereignissen und Schlüsseln löschen? Apps, die mit seinen Schlüsseln senden, erhalten dann „invalid_key“. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Revoke the key %1? Apps that send with it get “invalid_key” from now on.</source>
        <translation>Den Schlüssel %1 widerrufen? Apps, die mit ihm senden, erhalten ab sofort „invalid_key“.</translation>
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
</context>
</TS>
