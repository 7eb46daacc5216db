using Dapper;
using Leercultuur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leercultuur.Data.Tests;

/// <summary>Replicas that start together on an empty database migrate one after the other, and quietly.</summary>
public sealed class MigrationLockTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Replicas_migrating_one_empty_database_at_once_all_succeed_and_apply_each_script_once(DatabaseProvider provider)
    {
        // The database does not exist yet: each replica would create it and its schema version table.
        await using var test = await TestDatabase.ReserveAsync(provider);
        var assemblies = new[] { ServiceAssemblies.ByName["reporting"], ServiceAssemblies.Messaging };

        var replicas = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => DatabaseMigrator.Migrate(new Database(test.Options), assemblies, NullLogger.Instance)))
            .ToList();
        var applied = await Task.WhenAll(replicas);

        Assert.Equal(ServiceAssemblies.ScriptCount(provider, assemblies), applied.Sum(a => a.Count));
        await using var connection = await new Database(test.Options).OpenAsync();
        Assert.Equal(ServiceAssemblies.ScriptCount(provider, assemblies), await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schemaversions"));
    }

    [Fact]
    public async Task Migrating_writes_nothing_to_standard_output()
    {
        await using var test = await TestDatabase.ReserveAsync(DatabaseProvider.PostgreSql);
        var original = Console.Out;
        var captured = new StringWriter();
        try
        {
            Console.SetOut(captured);
            DatabaseMigrator.Migrate(new Database(test.Options), [ServiceAssemblies.Messaging], NullLogger.Instance);
        }
        finally
        {
            Console.SetOut(original);
        }

        // Other tests may write to the console meanwhile; DbUp's lines would name the connection string.
        Assert.DoesNotContain("ConnectionString", captured.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Password", captured.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Beginning database upgrade", captured.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
