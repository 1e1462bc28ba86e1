<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>tdesk::AppContext</name>
        <message numerus="yes">
            <source>Connected: the collector listening on %1 stores into %2; this key reads %n project(s).</source>
            <translation>
                <numerusform>Connected: the collector listening on %1 stores into %2; this key reads %n project.</numerusform>
                <numerusform>Connected: the collector listening on %1 stores into %2; this key reads %n projects.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>tdesk::CollectorView</name>
        <message numerus="yes">
            <source>%Ln event(s) waiting for the database</source>
            <translation>
                <numerusform>%Ln event waiting for the database</numerusform>
                <numerusform>%Ln events waiting for the database</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln event(s) kept in the local spool until the database is back, the oldest for %1 s</source>
            <translation>
                <numerusform>%Ln event kept in the local spool until the database is back, the oldest for %1 s</numerusform>
                <numerusform>%Ln events kept in the local spool until the database is back, the oldest for %1 s</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln event(s)</source>
            <translation>
                <numerusform>%Ln event</numerusform>
                <numerusform>%Ln events</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln request(s)</source>
            <translation>
                <numerusform>%Ln request</numerusform>
                <numerusform>%Ln requests</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln event(s), %1–%2</source>
            <translation>
                <numerusform>%Ln event, %1–%2</numerusform>
                <numerusform>%Ln events, %1–%2</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Sending live demo events for %n more minute(s).</source>
            <translation>
                <numerusform>Sending live demo events for %n more minute.</numerusform>
                <numerusform>Sending live demo events for %n more minutes.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Sent %Ln demo event(s) into %1 since the collector started.</source>
            <translation>
                <numerusform>Sent %Ln demo event into %1 since the collector started.</numerusform>
                <numerusform>Sent %Ln demo events into %1 since the collector started.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>tdesk::EventsView</name>
        <message numerus="yes">
            <source>Exporting events… %Ln written</source>
            <translation>
                <numerusform>Exporting events… %Ln written</numerusform>
                <numerusform>Exporting events… %Ln written</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Exported %Ln event(s) to %1</source>
            <translation>
                <numerusform>Exported %Ln event to %1</numerusform>
                <numerusform>Exported %Ln events to %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 event(s) match</source>
            <translation>
                <numerusform>%1 event matches</numerusform>
                <numerusform>%1 events match</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>At least %1 event(s) match (counting…)</source>
            <translation>
                <numerusform>At least %1 event matches (counting…)</numerusform>
                <numerusform>At least %1 events match (counting…)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>tdesk::MainWindow</name>
        <message numerus="yes">
            <source>%Ln event(s) in the last minute</source>
            <translation>
                <numerusform>%Ln event in the last minute</numerusform>
                <numerusform>%Ln events in the last minute</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln rejected</source>
            <translation>
                <numerusform>%Ln rejected</numerusform>
                <numerusform>%Ln rejected</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>tdesk::MapView</name>
        <message numerus="yes">
            <source>%1 event(s)</source>
            <translation>
                <numerusform>%1 event</numerusform>
                <numerusform>%1 events</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln country(s)</source>
            <translation>
                <numerusform>%Ln country</numerusform>
                <numerusform>%Ln countries</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>tdesk::ProjectsView</name>
        <message numerus="yes">
            <source>%Ln day(s)</source>
            <translation>
                <numerusform>%Ln day</numerusform>
                <numerusform>%Ln days</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln hour(s)</source>
            <translation>
                <numerusform>%Ln hour</numerusform>
                <numerusform>%Ln hours</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln minute(s)</source>
            <translation>
                <numerusform>%Ln minute</numerusform>
                <numerusform>%Ln minutes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln second(s)</source>
            <translation>
                <numerusform>%Ln second</numerusform>
                <numerusform>%Ln seconds</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln ms</source>
            <translation>
                <numerusform>%Ln ms</numerusform>
                <numerusform>%Ln ms</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n minute(s) ago</source>
            <translation>
                <numerusform>%n minute ago</numerusform>
                <numerusform>%n minutes ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n hour(s) ago</source>
            <translation>
                <numerusform>%n hour ago</numerusform>
                <numerusform>%n hours ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) ago</source>
            <translation>
                <numerusform>%n day ago</numerusform>
                <numerusform>%n days ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln request(s) per %1 per client</source>
            <translation>
                <numerusform>%Ln request per %1 per client</numerusform>
                <numerusform>%Ln requests per %1 per client</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln request(s) per rate window per client</source>
            <translation>
                <numerusform>%Ln request per rate window per client</numerusform>
                <numerusform>%Ln requests per rate window per client</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>tdesk::WorldMapWidget</name>
        <message numerus="yes">
            <source>%n place(s)</source>
            <translation>
                <numerusform>%n place</numerusform>
                <numerusform>%n places</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>and %n more</source>
            <translation>
                <numerusform>and %n more</numerusform>
                <numerusform>and %n more</numerusform>
            </translation>
        </message>
    </context>
</TS>
