# telemetry-collector (rpm): the service's user, before its files arrive. Nothing is enabled.
getent group telemetry-collector >/dev/null || groupadd -r telemetry-collector
getent passwd telemetry-collector >/dev/null || \
    useradd -r -g telemetry-collector -d /var/lib/telemetry-collector -s /sbin/nologin \
        -c "Telemetry Desk collector" telemetry-collector
exit 0
