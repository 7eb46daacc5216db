using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Leercultuur.Data;

/// <summary>
/// Makes replicas that start together on one database migrate one at a time. On the servers it is a
/// session lock (PostgreSQL advisory lock, SQL Server application lock) taken on the maintenance
/// database, because the service's own database may not exist yet; on SQLite a lock file beside the
/// database file. Disposing releases it.
/// </summary>
internal sealed class MigrationLock : IDisposable
{
    private readonly IDisposable held;

    private MigrationLock(IDisposable held) => this.held = held;

    public static MigrationLock Acquire(Database database) => database.Provider switch
    {
        DatabaseProvider.Sqlite => new MigrationLock(LockFile(database.Options.ConnectionString)),
        DatabaseProvider.PostgreSql => new MigrationLock(ServerLock(
            database,
            new NpgsqlConnectionStringBuilder(database.Options.ConnectionString).Database ?? "",
            new NpgsqlConnectionStringBuilder(database.Options.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString,
            cs => new NpgsqlConnection(cs))),
        DatabaseProvider.SqlServer => new MigrationLock(ServerLock(
            database,
            new SqlConnectionStringBuilder(database.Options.ConnectionString).InitialCatalog,
            new SqlConnectionStringBuilder(database.Options.ConnectionString) { InitialCatalog = "master", Pooling = false }.ConnectionString,
            cs => new SqlConnection(cs))),
        _ => throw new InvalidOperationException($"Unknown provider {database.Provider}."),
    };

    public void Dispose() => held.Dispose();

    private static DbConnection ServerLock(Database database, string databaseName, string maintenanceConnectionString, Func<string, DbConnection> connect)
    {
        var connection = connect(maintenanceConnectionString);
        try
        {
            connection.Open();

            // Per database, so services that share a server do not wait for each other.
            connection.Execute(database.Dialect.SessionLock!, new { resource = $"leercultuur:migrate:{databaseName}" }, commandTimeout: 0);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static FileStream LockFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = Path.GetFullPath(builder.DataSource);
        var folder = Path.GetDirectoryName(file);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                // Never deleted: removing a lock file while another process waits on it would let two in.
                return new FileStream(file + ".migrate-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another process migrates this file now; it holds the lock for seconds at most.
                Thread.Sleep(100);
            }
        }
    }
}
