<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>tdesk::CollectorView</name>
    <message numerus="yes">
        <source>Sent %Ln event(s) of the last 30 days; a few more arrive every second for ten minutes.</source>
        <translation>
            <numerusform>Sent %Ln event of the last 30 days; a few more arrive every second for ten minutes.</numerusform>
            <numerusform>Sent %Ln events of the last 30 days; a few more arrive every second for ten minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) per second</source>
        <translation>
            <numerusform>%Ln event per second</numerusform>
            <numerusform>%Ln events per second</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) waiting for the database</source>
        <translation>
            <numerusform>%Ln event waiting for the database</numerusform>
            <numerusform>%Ln events waiting for the database</numerusform>
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
</context>
<context>
    <name>tdesk::EventsView</name>
    <message numerus="yes">
        <source>Searching… %Ln event(s) found, back to %1</source>
        <translation>
            <numerusform>Searching… %Ln event found, back to %1</numerusform>
            <numerusform>Searching… %Ln events found, back to %1</numerusform>
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
        <source>%Ln event(s) loaded; scroll for more</source>
        <translation>
            <numerusform>%Ln event loaded; scroll for more</numerusform>
            <numerusform>%Ln events loaded; scroll for more</numerusform>
        </translation>
    </message>
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
</context>
<context>
    <name>tdesk::MapView</name>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln event</numerusform>
            <numerusform>%Ln events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln country(s). Click a country to see its events.</source>
        <translation>
            <numerusform>%Ln country. Click a country to see its events.</numerusform>
            <numerusform>%Ln countries. Click a country to see its events.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tdesk::OverviewView</name>
    <message numerus="yes">
        <source>on the %n whole day(s) of the range</source>
        <translation>
            <numerusform>on the %n whole day of the range</numerusform>
            <numerusform>on the %n whole days of the range</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Events per %n hour(s)</source>
        <translation>
            <numerusform>Events per %n hour</numerusform>
            <numerusform>Events per %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Events per %n minute(s)</source>
        <translation>
            <numerusform>Events per %n minute</numerusform>
            <numerusform>Events per %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in the %n whole hour(s) of the range</source>
        <translation>
            <numerusform>in the %n whole hour of the range</numerusform>
            <numerusform>in the %n whole hours of the range</numerusform>
        </translation>
    </message>
</context>
</TS>
