using Leercultuur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leercultuur.Data.Tests;

public sealed class MigrationTests
{
    public static TheoryData<DatabaseProvider, string> EnginesAndServices()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var engine in TestDatabase.Engines().Select(e => (DatabaseProvider)e[0]))
        {
            foreach (var service in ServiceAssemblies.ByName.Keys)
            {
                data.Add(engine, service);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnginesAndServices))]
    public async Task Every_service_migrates_an_empty_database_once_and_a_second_run_applies_nothing(DatabaseProvider provider, string service)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = new Database(test.Options);
        var assemblies = new[] { ServiceAssemblies.ByName[service], ServiceAssemblies.Messaging };

        var first = DatabaseMigrator.Migrate(database, assemblies, NullLogger.Instance);
        var second = DatabaseMigrator.Migrate(database, assemblies, NullLogger.Instance);

        Assert.Equal(ServiceAssemblies.ScriptCount(provider, assemblies), first.Count);
        Assert.Contains(first, s => s.Contains("outbox_and_inbox", StringComparison.Ordinal));
        Assert.Empty(second);
    }

    [Fact]
    public void Every_engine_has_the_same_migration_scripts_per_service()
    {
        foreach (var assembly in ServiceAssemblies.All)
        {
            var names = Enum.GetValues<DatabaseProvider>()
                .Select(p => DatabaseMigrator.EmbeddedScripts(assembly, p).Select(s => s.Name.Split('.')[^2]).ToList())
                .ToList();
            Assert.NotEmpty(names[0]);
            Assert.All(names, n => Assert.Equal(names[0], n));
        }
    }
}
