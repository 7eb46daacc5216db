using Leercultuur.Data;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Leercultuur.Testing;

/// <summary>
/// A fresh, empty database of one engine that belongs to one test and is dropped afterwards, so tests
/// own their data and never depend on each other's.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<Task> drop;

    private TestDatabase(DatabaseOptions options, Func<Task> drop)
    {
        Options = options;
        this.drop = drop;
    }

    public DatabaseOptions Options { get; }

    public DatabaseProvider Provider => Options.Provider;

    /// <summary>The engines every shared repository test runs on: SQLite and PostgreSQL, and SQL Server when configured.</summary>
    public static IEnumerable<object[]> Engines()
    {
        yield return [DatabaseProvider.Sqlite];
        yield return [DatabaseProvider.PostgreSql];
        if (TestEnvironment.SqlServerConnectionString is not null)
        {
            yield return [DatabaseProvider.SqlServer];
        }
    }

    /// <summary>A database of one engine that is created for the test.</summary>
    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider) => CreateAsync(provider, create: true);

    /// <summary>A PostgreSQL database of one test on another server (the fault scenarios' own cluster).</summary>
    public static async Task<TestDatabase> CreateOnServerAsync(string adminConnectionString)
    {
        var name = $"lc_test_{Guid.NewGuid():N}";
        await ExecuteAsync(new NpgsqlConnection(adminConnectionString), $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
        return new TestDatabase(
            new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString },
            async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await DropPostgreSqlAsync(adminConnectionString, name);
            });
    }

    /// <summary>The name and connection of a database that does not exist yet (for tests of what creates it), dropped afterwards.</summary>
    public static Task<TestDatabase> ReserveAsync(DatabaseProvider provider) => CreateAsync(provider, create: false);

    private static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool create)
    {
        var name = $"lc_test_{Guid.NewGuid():N}";
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var folder = Path.Combine(Path.GetTempPath(), "leercultuur-tests");
                Directory.CreateDirectory(folder);
                var file = Path.Combine(folder, name + ".db");
                return new TestDatabase(
                    new DatabaseOptions { Provider = provider, ConnectionString = $"Data Source={file}" },
                    () =>
                    {
                        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                        foreach (var suffix in new[] { "", "-wal", "-shm", ".migrate-lock" })
                        {
                            File.Delete(file + suffix);
                        }

                        return Task.CompletedTask;
                    });

            case DatabaseProvider.PostgreSql:
                var admin = TestEnvironment.PostgresAdminConnectionString;
                if (create)
                {
                    await ExecuteAsync(new NpgsqlConnection(admin), $"CREATE DATABASE {name}");
                }

                var pg = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
                return new TestDatabase(
                    new DatabaseOptions { Provider = provider, ConnectionString = pg },
                    async () =>
                    {
                        NpgsqlConnection.ClearAllPools();
                        await DropPostgreSqlAsync(admin, name);
                    });

            case DatabaseProvider.SqlServer:
                var master = TestEnvironment.SqlServerConnectionString ?? throw new InvalidOperationException("SQLSERVER_CONNECTION_STRING is not set.");
                if (create)
                {
                    await ExecuteAsync(new SqlConnection(master), $"CREATE DATABASE {name}");
                }

                var ss = new SqlConnectionStringBuilder(master) { InitialCatalog = name }.ConnectionString;
                return new TestDatabase(
                    new DatabaseOptions { Provider = provider, ConnectionString = ss },
                    async () =>
                    {
                        SqlConnection.ClearAllPools();
                        await ExecuteAsync(new SqlConnection(master), $"IF DB_ID('{name}') IS NOT NULL BEGIN ALTER DATABASE {name} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE {name}; END");
                    });

            default:
                throw new ArgumentOutOfRangeException(nameof(provider));
        }
    }

    /// <summary>Configuration keys that point a service's database section at this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(string section) =>
    [
        new($"{section}:Provider", Options.Provider.ToString()),
        new($"{section}:ConnectionString", Options.ConnectionString),
    ];

    /// <summary>
    /// A proxy in front of this PostgreSQL database's server, and the settings that point a service's
    /// database section through it: a test can then take the database away from that service alone.
    /// </summary>
    public (TcpProxy Proxy, IEnumerable<KeyValuePair<string, string?>> Settings) ThroughProxy(string section)
    {
        if (Provider != DatabaseProvider.PostgreSql)
        {
            throw new NotSupportedException("Only a server database can be reached through a proxy.");
        }

        var direct = new NpgsqlConnectionStringBuilder(Options.ConnectionString);
        var proxy = TcpProxy.Create(direct.Host ?? "localhost", direct.Port);
        var proxied = new NpgsqlConnectionStringBuilder(Options.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 };
        return (proxy, [new($"{section}:Provider", Provider.ToString()), new($"{section}:ConnectionString", proxied.ConnectionString)]);
    }

    public async ValueTask DisposeAsync() => await drop();

    // FORCE terminates the database's sessions, which the test role may not do to a server process (an
    // autovacuum worker) that happens to be in it: that one ends on its own, so a moment later the drop goes through.
    private static async Task DropPostgreSqlAsync(string adminConnectionString, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(new NpgsqlConnection(adminConnectionString), $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                return;
            }
            catch (PostgresException busy) when (busy.SqlState is "42501" or "55006" && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
