using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Leercultuur.Data;

/// <summary>
/// One service's database: the provider, its dialect and open connections. Services depend on the
/// generic <see cref="Database{TOwner}"/> so that, in the standalone host, three databases live in one
/// container without colliding.
/// </summary>
public class Database
{
    public Database(DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException($"A connection string is required for the {options.Provider} database.");
        }

        Options = options;
        Dialect = SqlDialects.For(options.Provider);
        DapperConfiguration.EnsureConfigured();
    }

    public DatabaseOptions Options { get; }

    public ISqlDialect Dialect { get; }

    public DatabaseProvider Provider => Options.Provider;

    /// <summary>The service that owns this database (its module's type name), for logs.</summary>
    public virtual string Owner => "database";

    /// <summary>Where the data lives, for the start-up log: the SQLite file, or only the engine (a server's connection string holds secrets).</summary>
    public string Describe() => Provider == DatabaseProvider.Sqlite
        ? $"SQLite file {new SqliteConnectionStringBuilder(Options.ConnectionString).DataSource}"
        : Provider.ToString();

    public DbConnection CreateConnection() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnection(Options.ConnectionString),
        DatabaseProvider.PostgreSql => new NpgsqlConnection(Options.ConnectionString),
        DatabaseProvider.SqlServer => new SqlConnection(Options.ConnectionString),
        _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
    };

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Provider == DatabaseProvider.Sqlite)
            {
                // Per connection: WAL (set at migration) with NORMAL sync is durable across process crashes,
                // and the busy timeout lets concurrent writers queue instead of failing.
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Locks <paramref name="resource"/> (a name such as an organisation's id) until the transaction
    /// ends, whether or not any row for it exists: a read-then-write on that name cannot interleave
    /// with another transaction's. See <see cref="ISqlDialect.TransactionLock"/>.
    /// </summary>
    public Task LockAsync(DbConnection connection, DbTransaction transaction, string resource, CancellationToken cancellationToken) =>
        Dialect.TransactionLock is { } sql
            ? connection.ExecuteAsync(new CommandDefinition(sql, new { resource }, transaction, cancellationToken: cancellationToken))
            : Task.CompletedTask;

    /// <summary>
    /// Locks every name of <paramref name="resources"/>, in the order given, until the transaction ends
    /// (as <see cref="LockAsync"/>): in one round trip where the engine can. Callers that may run at once
    /// give their names in one order, so they never wait on each other in a cycle.
    /// </summary>
    public async Task LockAllAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> resources, CancellationToken cancellationToken)
    {
        if (Dialect.TransactionLocks is { } many)
        {
            await connection.ExecuteAsync(new CommandDefinition(many, new { resources = resources.ToArray() }, transaction, cancellationToken: cancellationToken));
            return;
        }

        foreach (var resource in resources)
        {
            await LockAsync(connection, transaction, resource, cancellationToken);
        }
    }

    /// <summary>
    /// Run <paramref name="work"/> in one transaction; commit when it returns, roll back when it throws.
    /// On SQLite the transaction begins IMMEDIATE (Microsoft.Data.Sqlite treats read committed as
    /// serializable), so it holds the single write lock from its first statement.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(
        Func<DbConnection, DbTransaction, Task<T>> work,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}

/// <summary>The database owned by the service identified by <typeparamref name="TOwner"/>.</summary>
public sealed class Database<TOwner>(DatabaseOptions options) : Database(options)
{
    public override string Owner => typeof(TOwner).Name;
}
