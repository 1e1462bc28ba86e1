#pragma once

#include "core/result.h"
#include "query/readtypes.h"
#include "server/accesstable.h"
#include "server/httpcompat.h"

#include <QFuture>
#include <QHostAddress>
#include <QObject>

#include <functional>

class QHttpServerRequest;

namespace tdesk {

class ApiParams;
class InProcessReader;

// The Query API (`/api/v1/…`, docs/API.md): the in-process reader served as JSON to scripts and to
// a remote telemetry-desk, with the administration of projects and keys. Authenticates every
// request by its private or admin key, checks every parameter, and answers from the reader's
// threads, never blocking the HTTP thread. Lives in the collector server's thread.
class QueryApi : public QObject
{
    Q_OBJECT

public:
    struct Hooks
    {
        std::function<const KeyInfo *(const QByteArray &keyHash)> findKey;
        std::function<const AccessTable &()> access;
        std::function<CollectorStatus()> status;
        std::function<void()> accessChanged; // an administration call changed projects or keys
    };
    using Finish = std::function<void(ReplyTo &reply, const HttpResponse &response)>;

    QueryApi(InProcessReader *reader, Hooks hooks, bool allowInsecureKeys, QObject *parent = nullptr);

    static bool handles(const QString &path);
    // Before the reader ends: exports in flight stop (they may be waiting for a client), so that
    // every read the reader runs can end. Qt 6.4 asserts that a continuation's context outlives its
    // future, so the reader must end before this object does.
    void cancelStreams();
    // The answer, or (with *deferred set) nothing now and the answer through `finish` later.
    // `secure`: the request came over TLS (or through a trusted proxy that says it did).
    HttpResponse handle(const QHttpServerRequest &request, const QHostAddress &client, bool secure, ReplyTo &reply,
                        const Finish &finish, bool *deferred);

private:
    struct Caller
    {
        KeyKind kind = KeyKind::Private;
        qint64 projectId = 0; // of a private key; 0 for an admin key
    };
    struct Call
    {
        const QHttpServerRequest &request;
        ApiParams &params;
        Caller caller;
        ReplyTo &reply;
        const Finish &finish;
        bool *deferred;
    };

    HttpResponse route(Call &call, const QString &path);
    HttpResponse projectScoped(Call &call, const QString &endpoint);
    HttpResponse insight(Call &call, qint64 projectId, const QString &endpoint);
    HttpResponse funnels(Call &call, bool usersOfStep);
    HttpResponse administration(Call &call, const QStringList &parts);
    HttpResponse exportCsv(Call &call, const EventFilter &filter, bool byteOrderMark);
    // The project a call reads: `project=NAME` (an admin key: any, default every project; a private
    // key: its own only). Sets an error answer when it may not.
    std::optional<qint64> readableProject(Call &call, HttpResponse *refusal);

    template<typename T, typename ToJson>
    HttpResponse later(Call &call, QFuture<Result<T>> future, ToJson toJson);

    InProcessReader *m_reader;
    Hooks m_hooks;
    bool m_allowInsecureKeys;
};

// Whether a private or admin key may be taken from `client`: over TLS (`secure`), from this machine,
// or anywhere when the operator allowed it (--allow-insecure-keys). A key sent in clear over a
// network can be read on the way.
bool keysMayTravel(bool secure, const QHostAddress &client, bool allowInsecureKeys);

// {"api":1,"ok":false,"error":CODE[,"param":NAME],"message":TEXT}
HttpResponse apiError(int status, const char *code, const QString &message, const QString &param = {});

} // namespace tdesk
