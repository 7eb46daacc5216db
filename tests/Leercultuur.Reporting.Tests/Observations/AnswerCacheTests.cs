using Dapper;
using Leercultuur.Data;
using Leercultuur.Reporting.Observations;
using Leercultuur.Testing;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Tests.Observations;

/// <summary>How long a replica trusts the state of an instrument's releases that keys its kept answers.</summary>
public sealed class AnswerCacheTests
{
    [Fact]
    public async Task Another_replicas_release_shows_once_the_state_lifetime_has_passed_and_this_replicas_own_pass_shows_at_once()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (database, _, _) = AggregateTestDatabase.Setup(test);
        var clock = new SteppedClock();
        using var cache = new AnswerCache(database, Options.Create(new AnswerCacheOptions { StateLifetime = TimeSpan.FromSeconds(1) }), clock);
        Assert.Equal("0:0:0", await cache.StateAsync("team-psychological-safety", CancellationToken.None));

        // Released by another replica (straight into the database): not seen within the lifetime, seen after it.
        await ReleaseAsync(database, "2025-Q1");
        clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal("0:0:0", await cache.StateAsync("team-psychological-safety", CancellationToken.None));
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal("1:1:0", await cache.StateAsync("team-psychological-safety", CancellationToken.None));

        // This replica's own release pass forgets the state at once.
        await ReleaseAsync(database, "2025-Q2");
        Assert.Equal("1:1:0", await cache.StateAsync("team-psychological-safety", CancellationToken.None));
        cache.ForgetStates();
        Assert.Equal("2:2:0", await cache.StateAsync("team-psychological-safety", CancellationToken.None));
    }

    [Fact]
    public async Task A_lifetime_of_zero_reads_the_state_for_every_request()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (database, _, _) = AggregateTestDatabase.Setup(test);
        using var cache = new AnswerCache(database, Options.Create(new AnswerCacheOptions { StateLifetime = TimeSpan.Zero }), new SteppedClock());
        Assert.Equal("0:0:0", await cache.StateAsync("team-psychological-safety", CancellationToken.None));
        await ReleaseAsync(database, "2025-Q1");
        Assert.Equal("1:1:0", await cache.StateAsync("team-psychological-safety", CancellationToken.None));
    }

    private static async Task ReleaseAsync(Database database, string period)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "INSERT INTO releases (instrument_key, instrument_version, period, revision, released_at) VALUES ('team-psychological-safety', 1, @period, 1, '2026-01-01T00:00:00Z')",
            new { period });
    }

    /// <summary>A clock whose timestamps move only when told.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
    }
}
