using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Leercultuur.Data;

/// <summary>
/// Tells a passing infrastructure fault (a database that refuses connections, restarts, times out or
/// picks a deadlock victim) from a fault that will happen again on retry (a bug, a constraint, bad
/// data). The first must wait and retry, in consumers, and answer 503 to HTTP clients; the second is a
/// poison message or a 500.
/// </summary>
public static class TransientFaults
{
    // Connection-level and resource errors that a retry can outlive: timeouts (-2), network errors,
    // deadlock victim (1205), lock timeout (1222), database unavailable or starting (4060, 40613, 40197,
    // 40501, 49918, 49919, 49920), login failed while the server starts up (18456 with state 1 is not
    // included: a wrong password is not transient).
    private static readonly HashSet<int> SqlServerTransientNumbers =
    [
        -2, 2, 53, 64, 121, 233, 258, 1205, 1222, 51000, 4060, 4221, 10053, 10054, 10060, 10928, 10929,
        40143, 40197, 40501, 40540, 40613, 49918, 49919, 49920,
    ];

    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN: another writer or the file system, for now.
    private static readonly HashSet<int> SqliteTransientCodes = [5, 6, 10, 14];

    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal):
                    // Connection exceptions and operator intervention (shutdown, restart, cannot connect now).
                    return true;
                case SqlException sql when sql.Errors.Cast<SqlError>().Any(e => SqlServerTransientNumbers.Contains(e.Number)):
                    return true;
                case SqliteException sqlite when SqliteTransientCodes.Contains(sqlite.SqliteErrorCode):
                    return true;
                case TimeoutException or SocketException:
                    return true;
            }
        }

        return false;
    }
}
