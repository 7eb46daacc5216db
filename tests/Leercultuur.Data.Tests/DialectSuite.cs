using System.Data.Common;
using Dapper;
using Leercultuur.Data;
using Leercultuur.Testing;

namespace Leercultuur.Data.Tests;

/// <summary>
/// What differs per engine, run as one suite on SQLite and PostgreSQL (and SQL Server when
/// SQLSERVER_CONNECTION_STRING is set): the same assertions must hold on each.
/// </summary>
public sealed class DialectSuite
{
    private const string CountersTable =
        "CREATE TABLE counters (name VARCHAR(50) NOT NULL PRIMARY KEY, total BIGINT NOT NULL, label VARCHAR(50) NOT NULL)";

    private static readonly UpsertSpec AddToCounter = new("counters", ["name"], ["total", "label"], [ColumnUpdate.Add("total"), ColumnUpdate.Replace("label")]);

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Upsert_inserts_then_adds_and_replaces(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, connection) = await OpenWithCountersAsync(test);
        await using var _ = connection;
        var sql = database.Dialect.Upsert(AddToCounter);

        await connection.ExecuteAsync(sql, new { name = "a", total = 5, label = "first" });
        await connection.ExecuteAsync(sql, new { name = "a", total = -2, label = "second" });
        await connection.ExecuteAsync(sql, new { name = "b", total = 1, label = "other" });

        var rows = (await connection.QueryAsync<(string Name, long Total, string Label)>("SELECT name, total, label FROM counters ORDER BY name")).ToList();
        Assert.Equal([("a", 3L, "second"), ("b", 1L, "other")], rows);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Upsert_without_updates_inserts_once_and_reports_whether_it_did(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, connection) = await OpenWithCountersAsync(test);
        await using var _ = connection;
        var sql = database.Dialect.Upsert(new UpsertSpec("counters", ["name"], ["total", "label"], []));

        Assert.Equal(1, await connection.ExecuteAsync(sql, new { name = "a", total = 1, label = "kept" }));
        Assert.Equal(0, await connection.ExecuteAsync(sql, new { name = "a", total = 9, label = "ignored" }));

        Assert.Equal("kept", await connection.ExecuteScalarAsync<string>("SELECT label FROM counters WHERE name = 'a'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Unique_violations_are_recognised_and_other_errors_are_not(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, connection) = await OpenWithCountersAsync(test);
        await using var _ = connection;
        await connection.ExecuteAsync("INSERT INTO counters (name, total, label) VALUES ('a', 1, 'x')");

        var duplicate = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("INSERT INTO counters (name, total, label) VALUES ('a', 2, 'y')"));
        var notNull = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("INSERT INTO counters (name, total, label) VALUES ('b', 2, NULL)"));
        var missingTable = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("SELECT * FROM no_such_table"));

        Assert.True(database.Dialect.IsUniqueViolation(duplicate));
        Assert.False(database.Dialect.IsUniqueViolation(notNull));
        Assert.False(database.Dialect.IsUniqueViolation(missingTable));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Paging_skips_and_takes_in_order(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, connection) = await OpenWithCountersAsync(test);
        await using var _ = connection;
        for (var i = 1; i <= 25; i++)
        {
            await connection.ExecuteAsync("INSERT INTO counters (name, total, label) VALUES (@name, @total, 'x')", new { name = $"n{i:D2}", total = i });
        }

        var sql = database.Dialect.Page("SELECT total FROM counters ORDER BY total");
        var second = (await connection.QueryAsync<long>(sql, new { offset = 10L, limit = 10 })).ToList();
        var last = (await connection.QueryAsync<long>(sql, new { offset = 20L, limit = 10 })).ToList();

        Assert.Equal(Enumerable.Range(11, 10).Select(i => (long)i), second);
        Assert.Equal(Enumerable.Range(21, 5).Select(i => (long)i), last);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Guids_and_instants_round_trip_and_instants_are_stored_in_UTC(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = new Database(test.Options);
        await using var connection = await database.OpenAsync();
        var (guidType, instantType) = provider switch
        {
            DatabaseProvider.Sqlite => ("TEXT", "TEXT"),
            DatabaseProvider.PostgreSql => ("UUID", "TIMESTAMPTZ"),
            _ => ("UNIQUEIDENTIFIER", "DATETIMEOFFSET"),
        };
        await connection.ExecuteAsync($"CREATE TABLE moments (id {guidType} NOT NULL PRIMARY KEY, at {instantType} NOT NULL, maybe {instantType} NULL)");
        var id = Guid.NewGuid();
        var amsterdam = new DateTimeOffset(2026, 3, 29, 3, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);

        await connection.ExecuteAsync("INSERT INTO moments (id, at, maybe) VALUES (@id, @at, @maybe)", new { id, at = amsterdam, maybe = (DateTimeOffset?)null });
        var row = await connection.QuerySingleAsync<Moment>("SELECT id, at, maybe FROM moments WHERE id = @id", new { id });

        Assert.Equal(id, row.Id);
        Assert.Equal(amsterdam.UtcTicks / 10 * 10, row.At.UtcTicks / 10 * 10);
        Assert.Equal(TimeSpan.Zero, row.At.Offset);
        Assert.Null(row.Maybe);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM moments WHERE at > @before", new { before = amsterdam.AddSeconds(-1) }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM moments WHERE at > @after", new { after = amsterdam.AddSeconds(1) }));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_claimers_never_get_the_same_row(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = new Database(test.Options);
        await using (var setup = await database.OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE jobs (id INT NOT NULL PRIMARY KEY, owner VARCHAR(20) NULL)");
            for (var i = 1; i <= 200; i++)
            {
                await setup.ExecuteAsync("INSERT INTO jobs (id, owner) VALUES (@i, NULL)", new { i });
            }
        }

        var claim = database.Dialect.ClaimRows(new ClaimSpec("jobs", "id", "owner IS NULL", "id", "owner = @owner", ["id"]));
        var claimers = Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            var mine = new List<int>();
            while (true)
            {
                await using var connection = await database.OpenAsync();
                var batch = (await connection.QueryAsync<int>(claim, new { batchSize = 7, owner = $"w{n}" })).ToList();
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch);
            }
        })).ToList();
        var claimed = (await Task.WhenAll(claimers)).SelectMany(x => x).ToList();

        Assert.Equal(200, claimed.Count);
        Assert.Equal(200, claimed.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_guarded_upsert_updates_only_with_a_greater_version(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = new Database(test.Options);
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE copies (name VARCHAR(50) NOT NULL PRIMARY KEY, label VARCHAR(50) NOT NULL, version BIGINT NOT NULL)");
        var sql = database.Dialect.Upsert(new UpsertSpec("copies", ["name"], ["label", "version"], [ColumnUpdate.Replace("label"), ColumnUpdate.Replace("version")]) { OnlyWhenGreater = "version" });

        Assert.Equal(1, await connection.ExecuteAsync(sql, new { name = "a", label = "v2", version = 2L }));
        Assert.Equal(0, await connection.ExecuteAsync(sql, new { name = "a", label = "v1, late", version = 1L }));
        Assert.Equal(0, await connection.ExecuteAsync(sql, new { name = "a", label = "v2 again", version = 2L }));
        Assert.Equal("v2", await connection.ExecuteScalarAsync<string>("SELECT label FROM copies WHERE name = 'a'"));
        Assert.Equal(1, await connection.ExecuteAsync(sql, new { name = "a", label = "v3", version = 3L }));

        Assert.Equal(("v3", 3L), await connection.QuerySingleAsync<(string, long)>("SELECT label, version FROM copies WHERE name = 'a'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_transaction_lock_on_a_name_makes_a_read_then_write_on_a_missing_row_wait_for_the_first(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = new Database(test.Options);
        await using (var setup = await database.OpenAsync())
        {
            await setup.ExecuteAsync(CountersTable);
        }

        // Each writer reads whether the row exists and inserts it when absent, after locking the name.
        // Without the lock, writers that start together all read "absent" under read committed.
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() => database.InTransactionAsync(async (connection, transaction) =>
        {
            await database.LockAsync(connection, transaction, "counter:a", CancellationToken.None);
            var exists = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM counters WHERE name = 'a'", transaction: transaction);
            await Task.Delay(50);
            if (exists == 0)
            {
                await connection.ExecuteAsync("INSERT INTO counters (name, total, label) VALUES ('a', 1, @label)", new { label = $"w{i}" }, transaction);
                return true;
            }

            return false;
        })));

        var inserted = await Task.WhenAll(attempts);

        Assert.Equal(1, inserted.Count(x => x));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Locking_several_names_at_once_makes_a_read_then_write_on_any_of_them_wait_for_the_first(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = new Database(test.Options);
        await using (var setup = await database.OpenAsync())
        {
            await setup.ExecuteAsync(CountersTable);
        }

        // Writers lock overlapping sets of names (in one order, as batches do) and insert the middle name's
        // row when absent: without the locks, writers that start together all read "absent".
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() => database.InTransactionAsync(async (connection, transaction) =>
        {
            await database.LockAllAsync(connection, transaction, [$"counter:{i % 3}", "counter:m", $"counter:z{i}"], CancellationToken.None);
            var exists = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM counters WHERE name = 'm'", transaction: transaction);
            await Task.Delay(50);
            if (exists == 0)
            {
                await connection.ExecuteAsync("INSERT INTO counters (name, total, label) VALUES ('m', 1, @label)", new { label = $"w{i}" }, transaction);
                return true;
            }

            return false;
        })));

        var inserted = await Task.WhenAll(attempts);

        Assert.Equal(1, inserted.Count(x => x));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_batch_delete_removes_at_most_its_batch_of_matching_rows(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, connection) = await OpenWithCountersAsync(test);
        await using var _ = connection;
        for (var i = 1; i <= 12; i++)
        {
            await connection.ExecuteAsync("INSERT INTO counters (name, total, label) VALUES (@name, @total, 'x')", new { name = $"n{i:D2}", total = i });
        }

        var sql = database.Dialect.DeleteBatch("counters", "total <= @upTo");

        Assert.Equal(5, await connection.ExecuteAsync(sql, new { upTo = 8, batchSize = 5 }));
        Assert.Equal(3, await connection.ExecuteAsync(sql, new { upTo = 8, batchSize = 5 }));
        Assert.Equal(0, await connection.ExecuteAsync(sql, new { upTo = 8, batchSize = 5 }));
        Assert.Equal(Enumerable.Range(9, 4).Select(i => (long)i), await connection.QueryAsync<long>("SELECT total FROM counters ORDER BY total"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A_key_list_selects_exactly_its_keys(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, connection) = await OpenWithCountersAsync(test);
        await using var _ = connection;
        for (var i = 1; i <= 2000; i++)
        {
            await connection.ExecuteAsync("INSERT INTO counters (name, total, label) VALUES (@name, @total, 'x')", new { name = $"n{i:D4}", total = i });
        }

        var sql = $"SELECT total FROM counters WHERE {database.Dialect.InKeyList("total", "keys")} ORDER BY total";
        long[] wanted = [.. Enumerable.Range(500, 1500).Select(i => (long)i), 3, 1, 99999];

        Assert.Equal(wanted.Where(k => k <= 2000).Order(), await connection.QueryAsync<long>(sql, new { keys = database.Dialect.KeyList(wanted) }));
        Assert.Empty(await connection.QueryAsync<long>(sql, new { keys = database.Dialect.KeyList([]) }));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Rows_bound_by_row_values_upsert_insert_absent_and_keep_guids_and_UTC_instants(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (database, connection) = await OpenWithCountersAsync(test);
        await using var _ = connection;
        var dialect = database.Dialect;
        var counters = new RowValues<(string Name, long Total, string Label)>()
            .Column("name", r => r.Name)
            .Column("total", r => r.Total)
            .Column("label", r => r.Label);
        (string Name, long Total, string Label)[] first = [("a", 5, "first"), ("b", 1, "first"), ("c", 7, "first")];
        (string Name, long Total, string Label)[] second = [("c", -2, "second"), ("d", 4, "second"), ("a", 1, "second")];

        Assert.Equal(3, await connection.ExecuteAsync(dialect.UpsertRows(AddToCounter, first.Length), counters.Parameters(dialect, first)));
        await connection.ExecuteAsync(dialect.UpsertRows(AddToCounter, second.Length), counters.Parameters(dialect, second));

        var rows = (await connection.QueryAsync<(string Name, long Total, string Label)>("SELECT name, total, label FROM counters ORDER BY name")).ToList();
        Assert.Equal([("a", 6L, "second"), ("b", 1L, "first"), ("c", 5L, "second"), ("d", 4L, "second")], rows);

        // Insert-if-absent returns exactly the keys it inserted.
        (string Name, long Total, string Label)[] mixed = [("b", 100, "ignored"), ("e", 2, "new"), ("f", 3, "new")];
        var inserted = await connection.QueryAsync<string>(
            dialect.InsertAbsentRows(new UpsertSpec("counters", ["name"], ["total", "label"], []), mixed.Length, "name"), counters.Parameters(dialect, mixed));
        Assert.Equal(["e", "f"], inserted.Order(StringComparer.Ordinal));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT total FROM counters WHERE name = 'b'"));

        // Guids and instants as row values: an instant with an offset is stored as the same moment in UTC.
        var (guidType, instantType) = provider switch
        {
            DatabaseProvider.Sqlite => ("TEXT", "TEXT"),
            DatabaseProvider.PostgreSql => ("UUID", "TIMESTAMPTZ"),
            _ => ("UNIQUEIDENTIFIER", "DATETIMEOFFSET"),
        };
        await connection.ExecuteAsync($"CREATE TABLE moments (id {guidType} NOT NULL PRIMARY KEY, at {instantType} NOT NULL)");
        var moments = new RowValues<(Guid Id, DateTimeOffset At)>().Column("id", m => m.Id).Column("at", m => m.At);
        var amsterdam = new DateTimeOffset(2026, 3, 29, 3, 30, 15, 123, TimeSpan.FromHours(2));
        (Guid Id, DateTimeOffset At)[] written = [(Guid.NewGuid(), amsterdam), (Guid.NewGuid(), amsterdam.AddDays(1))];
        await connection.ExecuteAsync(dialect.UpsertRows(new UpsertSpec("moments", ["id"], ["at"], [ColumnUpdate.Replace("at")]), written.Length), moments.Parameters(dialect, written));
        var read = (await connection.QueryAsync<Moment>("SELECT id, at FROM moments")).ToDictionary(m => m.Id);
        Assert.All(written, w => Assert.Equal(w.At.UtcDateTime, read[w.Id].At.UtcDateTime));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM moments WHERE at < @between", new { between = amsterdam.AddHours(12) }));
    }

    private static async Task<(Database Database, DbConnection Connection)> OpenWithCountersAsync(TestDatabase test)
    {
        var database = new Database(test.Options);
        var connection = await database.OpenAsync();
        await connection.ExecuteAsync(CountersTable);
        return (database, connection);
    }

    private sealed class Moment
    {
        public Guid Id { get; init; }

        public DateTimeOffset At { get; init; }

        public DateTimeOffset? Maybe { get; init; }
    }
}
