// Read connections belong to their thread and go with it: a pool thread that expires leaves no
// open connection behind (the read pools would otherwise gather one per thread ever started).

#include "storage/readconnection.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrentRun>

using namespace tdesk;

class TestReadConnection : public QObject
{
    Q_OBJECT

private slots:
    void closedWhenItsThreadEnds()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("read.db"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("create"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("CREATE TABLE t(x)")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("create"));

        QThreadPool pool;
        pool.setExpiryTimeout(50);
        QString name;
        bool open = false;
        QtConcurrent::run(&pool, [&] {
            const QSqlDatabase db = sqliteReadConnection(path);
            name = db.connectionName();
            open = db.isOpen() && QSqlQuery(db).exec(QStringLiteral("SELECT count(*) FROM t"));
        }).waitForFinished();
        QVERIFY(open);
        QVERIFY(QSqlDatabase::contains(name));
        QTRY_VERIFY(!QSqlDatabase::contains(name)); // the idle thread expired, its connection with it
    }
};

QTEST_GUILESS_MAIN(TestReadConnection)
#include "tst_readconnection.moc"
