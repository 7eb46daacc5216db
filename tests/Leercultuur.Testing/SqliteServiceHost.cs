using Leercultuur.Data;
using Xunit;

namespace Leercultuur.Testing;

/// <summary>
/// One service host per test on a fresh SQLite file with the in-memory bus: the set-up every API test
/// class of a single service shares.
/// </summary>
public abstract class SqliteServiceHost<TEntryPoint>(string databaseSection) : IAsyncLifetime
    where TEntryPoint : class
{
    private TestDatabase database = null!;

    /// <summary>The host's database, for tests that need to break or inspect it.</summary>
    protected DatabaseOptions DatabaseOptions => database.Options;

    protected ServiceFactory<TEntryPoint> Factory { get; private set; } = null!;

    /// <summary>A client with an admin's token: everything is allowed, so tests of behaviour are not tests of access.</summary>
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>A client of this host with a token of the given role, or none.</summary>
    protected HttpClient ClientAs(string? role, Guid? programme = null)
    {
        var client = Factory.CreateCheckedClient();
        return role is null ? client : client.As(role, programme);
    }

    /// <summary>A test class's own settings, after the defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        Factory = new ServiceFactory<TEntryPoint>(database.Settings(databaseSection).Append(new("Messaging:Transport", "InMemory")).Concat(Settings));
        Client = (await Factory.CreateReadyClientAsync()).As(ServiceDefaults.Security.Roles.Admin);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await database.DisposeAsync();
    }
}
